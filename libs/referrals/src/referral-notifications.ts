import type { DataSource } from 'typeorm';
import { v5 as uuidv5 } from 'uuid';
import type { ReferralChangedEvent } from '@roundtable/contracts';
import { JobQueue, QUEUES } from '@roundtable/database';
import type { MailMessage } from '@roundtable/mail';
import { ReferralLinks } from './referral-links';

export interface ReferralNotificationsOptions {
  db: DataSource;
  queue: JobQueue;
  /** Sends the socket.io event to the members of both organisations (the api's gateway, or the worker's emitter). */
  emit(event: ReferralChangedEvent): void;
  /** The workspace's public URL, for links in mail. */
  publicUrl: string;
  /** Signs accept/decline links; without it (the worker) mail about received referrals has none. */
  links?: ReferralLinks;
  linkDays?: number;
}

/** Namespace of referral mail job ids: one mail per (event, member), however often a step is retried. */
const MAIL_NAMESPACE = '9b1e7f0a-4c3d-4e8b-a5f2-6d7c8e9f0a1b';

const STATE_NAMES = {
  de: { draft: 'Entwurf', sent: 'gesendet', accepted: 'angenommen', declined: 'abgelehnt', in_progress: 'in Bearbeitung', on_hold: 'pausiert', completed: 'abgeschlossen', failed: 'ohne Erfolg beendet', withdrawn: 'zurückgezogen', expired: 'abgelaufen' },
  en: { draft: 'draft', sent: 'sent', accepted: 'accepted', declined: 'declined', in_progress: 'in progress', on_hold: 'on hold', completed: 'completed', failed: 'closed without success', withdrawn: 'withdrawn', expired: 'expired' },
} as const;
const URGENCY = { de: { routine: 'Routine', urgent: 'dringend', emergency: 'Notfall' }, en: { routine: 'routine', urgent: 'urgent', emergency: 'emergency' } } as const;

interface ReferralFacts {
  id: string;
  state: keyof (typeof STATE_NAMES)['de'];
  urgency: keyof (typeof URGENCY)['de'];
  deadline: string | null;
  service_category: string;
  from_organisation_id: string;
  to_organisation_id: string;
  from_member_id: string;
  from_name: string;
  to_name: string;
  pseudonym: string | null;
}

interface Recipient {
  id: string;
  email: string;
  language: string;
}

/**
 * Tells people about referrals: in the app (socket.io, to the members of both organisations) and by mail
 * in each member's language. Mails carry no personal data of the client (only the pseudonym); the
 * receiving organisation's mail has single-use links to accept or decline.
 */
export class ReferralNotifications {
  private readonly db: DataSource;
  private readonly queue: JobQueue;
  private readonly publicUrl: string;

  constructor(private readonly options: ReferralNotificationsOptions) {
    this.db = options.db;
    this.queue = options.queue;
    this.publicUrl = options.publicUrl;
  }

  private async facts(referralId: string): Promise<ReferralFacts> {
    const [row] = await this.db.query(
      `SELECT r.id, r.state, r.urgency, to_char(r.deadline, 'YYYY-MM-DD') AS deadline, r.service_category, r.from_organisation_id,
              r.to_organisation_id, r.from_member_id, f.name AS from_name, t.name AS to_name, c.pseudonym
         FROM referral r JOIN organisation f ON f.id = r.from_organisation_id JOIN organisation t ON t.id = r.to_organisation_id
         LEFT JOIN client c ON c.id = r.client_id WHERE r.id = $1`,
      [referralId],
    );
    return row;
  }

  private staffOf(organisationId: string): Promise<Recipient[]> {
    return this.db.query(
      `SELECT id, email, language FROM member WHERE organisation_id = $1 AND email IS NOT NULL
          AND roles && ARRAY['integration-manager','caseworker','abh-liaison']::text[] ORDER BY id`,
      [organisationId],
    );
  }

  /** After a referral was sent, accepted, declined, … `eventKey` makes the mail jobs idempotent. */
  async changed(referralId: string, eventKey: string, actingSide: 'sender' | 'recipient' | 'system'): Promise<void> {
    const f = await this.facts(referralId);
    this.options.emit({ referralId, state: f.state, fromOrganisationId: f.from_organisation_id, toOrganisationId: f.to_organisation_id });
    if (f.state === 'sent') {
      for (const member of await this.staffOf(f.to_organisation_id)) await this.mail(eventKey, member, this.receivedMail(f, member));
      return;
    }
    // The other side hears about it: the sending member for the recipient's steps, the recipient's staff for the sender's.
    const recipients =
      actingSide === 'recipient'
        ? ((await this.db.query('SELECT id, email, language FROM member WHERE id = $1 AND email IS NOT NULL', [f.from_member_id])) as Recipient[])
        : await this.staffOf(f.to_organisation_id);
    if (actingSide === 'system') recipients.push(...((await this.db.query('SELECT id, email, language FROM member WHERE id = $1 AND email IS NOT NULL', [f.from_member_id])) as Recipient[]));
    for (const member of recipients) await this.mail(eventKey, member, this.changedMail(f, member));
  }

  /** Only in the app: e.g. a new message in the thread. */
  live(referral: { id: string; state: string; fromOrganisationId: string; toOrganisationId: string }): void {
    this.options.emit({
      referralId: referral.id,
      state: referral.state,
      fromOrganisationId: referral.fromOrganisationId,
      toOrganisationId: referral.toOrganisationId,
    });
  }

  /** The worker reports an overdue referral once to both sides. */
  async overdue(referralId: string): Promise<void> {
    const f = await this.facts(referralId);
    const members = [
      ...(await this.staffOf(f.to_organisation_id)),
      ...((await this.db.query('SELECT id, email, language FROM member WHERE id = $1 AND email IS NOT NULL', [f.from_member_id])) as Recipient[]),
    ];
    for (const member of members) {
      const de = member.language !== 'en';
      await this.mail(`overdue/${referralId}`, member, {
        to: member.email,
        subject: de ? `Roundtable: Überleitung überfällig (${f.from_name} → ${f.to_name})` : `Roundtable: referral overdue (${f.from_name} → ${f.to_name})`,
        text: `${de ? 'Die Überleitung ist überfällig.' : 'The referral is overdue.'}\n${this.summary(f, de)}\n${this.publicUrl}/referrals/${f.id}\n`,
      });
    }
  }

  private summary(f: ReferralFacts, de: boolean): string {
    const lang = de ? 'de' : 'en';
    return [
      `${de ? 'Von' : 'From'}: ${f.from_name}`,
      `${de ? 'An' : 'To'}: ${f.to_name}`,
      `${de ? 'Bereich' : 'Area'}: ${f.service_category}`,
      `${de ? 'Dringlichkeit' : 'Urgency'}: ${URGENCY[lang][f.urgency]}${f.deadline ? ` (${de ? 'bis' : 'by'} ${f.deadline})` : ''}`,
      f.pseudonym ? `${de ? 'Klient:in' : 'Client'}: ${f.pseudonym}` : de ? 'Bitte nehmen Sie Kontakt auf (keine Personendaten übermittelt).' : 'Please make contact (no personal data passed on).',
      `${de ? 'Status' : 'State'}: ${STATE_NAMES[lang][f.state]}`,
    ].join('\n');
  }

  private receivedMail(f: ReferralFacts, member: Recipient): MailMessage {
    const de = member.language !== 'en';
    const base = `${this.publicUrl}/api/referral-links`;
    return {
      to: member.email,
      subject: de ? `Roundtable: neue Überleitung von ${f.from_name} (${URGENCY.de[f.urgency]})` : `Roundtable: new referral from ${f.from_name} (${URGENCY.en[f.urgency]})`,
      text: [
        de ? `${f.from_name} hat Ihrer Organisation eine Überleitung gesendet.` : `${f.from_name} sent your organisation a referral.`,
        '',
        this.summary(f, de),
        '',
        ...(this.options.links
          ? [
              `${de ? 'Annehmen' : 'Accept'}: ${base}/${this.options.links.sign(f.id, member.id, 'accept')}`,
              `${de ? 'Ablehnen (mit Begründung)' : 'Decline (with a reason)'}: ${base}/${this.options.links.sign(f.id, member.id, 'decline')}`,
            ]
          : []),
        `${de ? 'In Roundtable öffnen' : 'Open in Roundtable'}: ${this.publicUrl}/referrals/${f.id}`,
        '',
        ...(this.options.links
          ? [de ? `Die Links gelten ${this.options.linkDays} Tage und nur einmal.` : `The links work once, for ${this.options.linkDays} days.`]
          : []),
      ].join('\n'),
    };
  }

  private changedMail(f: ReferralFacts, member: Recipient): MailMessage {
    const de = member.language !== 'en';
    const lang = de ? 'de' : 'en';
    return {
      to: member.email,
      subject: de ? `Roundtable: Überleitung ${STATE_NAMES.de[f.state]} (${f.from_name} → ${f.to_name})` : `Roundtable: referral ${STATE_NAMES.en[f.state]} (${f.from_name} → ${f.to_name})`,
      text: `${this.summary(f, de)}\n\n${lang === 'de' ? 'In Roundtable öffnen' : 'Open in Roundtable'}: ${this.publicUrl}/referrals/${f.id}\n`,
    };
  }

  private async mail(eventKey: string, member: Recipient, message: MailMessage): Promise<void> {
    await this.queue.send(QUEUES.mail, message, { id: uuidv5(`${eventKey}/${member.id}`, MAIL_NAMESPACE) });
  }
}
