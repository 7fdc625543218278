import { BadRequestException, ConflictException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '@roundtable/auth';
import type { ActionReview, AgendaItemView, AgendaPreview, DataCategory, Role } from '@roundtable/contracts';
import type { ApiConfig } from '@roundtable/config';
import { ActionItem, AgendaItem, JobQueue, QUEUES } from '@roundtable/database';
import { API_CONFIG } from '../api-config';
import { ClientsService } from '../clients/clients.service';
import { ReferralsService } from '../referrals/referrals.service';
import { ActionReferralDto, AgendaItemDto } from './agenda.dto';
import { minutesMail } from './conference-minutes';
import { ConferencesService } from './conferences.service';

/** An agenda item as stored, before it is redacted for a viewer: the client's id and categories instead of what the viewer sees of them. */
export type StoredItem = Omit<AgendaItemView, 'client'> & { clientId: string | null; pseudonym: string | null; categories: DataCategory[] };

/** A timestamptz as JSON's ISO string, in milliseconds as JavaScript dates have them. */
const ISO = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/** How an organisation is looked at in previews: as its staff (volunteers never see client data in conferences). */
const STAFF: Role[] = ['integration-manager'];

/**
 * The agenda of a case conference. Case items name a client and the data categories the discussion needs; each
 * viewer sees the client's data only as far as the consent decision covers their organisation for the purpose
 * case_conference (every disclosure goes into the ledger), otherwise the pseudonym and the non-personal title.
 */
@Injectable()
export class AgendaService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly conferences: ConferencesService,
    private readonly clients: ClientsService,
    private readonly referrals: ReferralsService,
    private readonly queue: JobQueue,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  private async actionItem(user: AuthUser, conferenceId: string, actionId: string) {
    const participation = await this.conferences.participation(user, conferenceId);
    const action = await this.db.getRepository(ActionItem).findOne({ where: { id: actionId, conferenceId }, relations: { item: { client: true } } });
    if (!action) throw new NotFoundException({ code: 'action_not_found', message: `No action item ${actionId} in this conference.` });
    return { ...participation, action };
  }

  /** The owner organisation (or the convenor or moderator) marks an action item done. */
  async complete(user: AuthUser, conferenceId: string, actionId: string): Promise<void> {
    const { conference, action } = await this.actionItem(user, conferenceId, actionId);
    const may = action.ownerOrganisationId === user.organisationId || conference.convenorMemberId === user.memberId || conference.moderatorMemberId === user.memberId;
    if (!may) throw new ForbiddenException({ code: 'not_owner', message: 'The owner organisation, the convenor or the moderator marks an action item done.' });
    await this.db.getRepository(ActionItem).update({ id: actionId }, { state: 'done', doneAt: new Date() });
  }

  /**
   * Hands an action item on as a referral from the caller's organisation to the item's owner - with the case's
   * client when the caller's organisation owns it (the referral's own consent rules then apply). The referral's
   * state and outcome show on the series' next agenda.
   */
  async toReferral(user: AuthUser, conferenceId: string, actionId: string, dto: ActionReferralDto) {
    const { action } = await this.actionItem(user, conferenceId, actionId);
    if (action.referralId) throw new ConflictException({ code: 'already_referred', message: 'This action item is a referral already.' });
    const client = action.item.client && action.item.client.ownerOrganisationId === user.organisationId ? action.item.client.id : undefined;
    const referral = await this.referrals.create(user, { ...dto, toOrganisationId: action.ownerOrganisationId, clientId: client });
    await this.db.getRepository(ActionItem).update({ id: actionId }, { referralId: referral.id });
    return referral;
  }

  /** Convenor and moderator prepare the agenda, while the conference has not ended. */
  private async editable(user: AuthUser, conferenceId: string) {
    const participation = await this.conferences.participation(user, conferenceId);
    const c = participation.conference;
    if (c.convenorMemberId !== user.memberId && c.moderatorMemberId !== user.memberId) {
      throw new ForbiddenException({ code: 'not_convenor', message: 'Only the convenor and the moderator edit the agenda.' });
    }
    if (c.state === 'ended' || c.state === 'cancelled') throw new BadRequestException({ message: [`the conference is ${c.state}`] });
    return participation;
  }

  async add(user: AuthUser, conferenceId: string, dto: AgendaItemDto): Promise<AgendaItemView[]> {
    const { organisationIds } = await this.editable(user, conferenceId);
    const problems: string[] = [];
    if (!organisationIds.includes(dto.presentingOrganisationId)) problems.push('presentingOrganisationId must be an organisation taking part in the conference');
    if (dto.kind === 'case') {
      if (!dto.clientId) problems.push('a case needs a clientId');
      if (!dto.categories?.length) problems.push('a case needs the data categories it discusses');
    } else if (dto.clientId || dto.categories?.length) {
      problems.push('a topic names no client; make it a case');
    }
    if (dto.bulletinId && !(await this.db.query('SELECT 1 FROM bulletin WHERE id = $1', [dto.bulletinId])).length) problems.push(`no bulletin with id ${dto.bulletinId}`);
    if (!problems.length && dto.kind === 'case') {
      // The presenting organisation must be allowed to bring the case: it owns the client, or a consent or
      // statutory basis for case_conference covers it for every category named.
      const access = await this.clients.coverage({ organisationId: dto.presentingOrganisationId, roles: STAFF }, dto.clientId!, 'case_conference', dto.categories!).catch(() => null);
      if (!access) problems.push(`no client with id ${dto.clientId}`);
      else {
        const missing = dto.categories!.filter((c) => !access[c]);
        if (missing.length) problems.push(`no consent or statutory basis for case_conference covers the presenting organisation for: ${missing.join(', ')}`);
      }
    }
    if (problems.length) throw new BadRequestException({ message: problems, error: 'Bad Request', statusCode: 400 });
    await this.db.query(
      `INSERT INTO agenda_item (conference_id, position, kind, title, client_id, categories, bulletin_id, time_box_minutes, presenting_organisation_id)
       VALUES ($1, (SELECT coalesce(max(position), 0) + 1 FROM agenda_item WHERE conference_id = $1), $2, $3, $4, $5, $6, $7, $8)`,
      [conferenceId, dto.kind, dto.title, dto.clientId ?? null, dto.categories ?? [], dto.bulletinId ?? null, dto.timeBoxMinutes, dto.presentingOrganisationId],
    );
    return this.list(user, conferenceId);
  }

  async remove(user: AuthUser, conferenceId: string, itemId: string): Promise<AgendaItemView[]> {
    await this.editable(user, conferenceId);
    const { affected } = await this.db.getRepository(AgendaItem).delete({ id: itemId, conferenceId });
    if (!affected) throw new NotFoundException({ code: 'item_not_found', message: `No agenda item ${itemId} in this conference.` });
    return this.list(user, conferenceId);
  }

  /** A new order: the ids of all items, first to last. */
  async reorder(user: AuthUser, conferenceId: string, itemIds: string[]): Promise<AgendaItemView[]> {
    await this.editable(user, conferenceId);
    const current = await this.db.getRepository(AgendaItem).findBy({ conferenceId });
    if (current.length !== itemIds.length || !current.every((i) => itemIds.includes(i.id))) {
      throw new BadRequestException({ message: ['itemIds must list every item of the agenda exactly once'] });
    }
    await this.db.transaction(async (tx) => {
      for (const [index, id] of itemIds.entries()) await tx.getRepository(AgendaItem).update({ id }, { position: index + 1 });
    });
    return this.list(user, conferenceId);
  }

  /**
   * The agenda as stored, first item first, with each item's decisions and action items: one plain query, made
   * once for all who are sent it (visibleTo redacts it per viewer).
   */
  async items(conferenceId: string): Promise<StoredItem[]> {
    return this.db.query(
      `SELECT a.id, a.position, a.kind, a.title, a.time_box_minutes AS "timeBoxMinutes", a.minutes, a.minutes_version AS "minutesVersion",
              json_build_object('id', o.id, 'name', o.name) AS "presentingOrganisation",
              CASE WHEN b.id IS NULL THEN NULL ELSE json_build_object('id', b.id, 'title', coalesce(b.variants->'de'->>'title', '')) END AS bulletin,
              a.client_id AS "clientId", cl.pseudonym, a.categories,
              (SELECT coalesce(json_agg(json_build_object('id', d.id, 'text', d.text, 'createdAt', ${ISO('d.created_at')}) ORDER BY d.created_at, d.id), '[]')
                 FROM conference_decision d WHERE d.item_id = a.id) AS decisions,
              (SELECT coalesce(json_agg(json_build_object(
                        'id', x.id, 'text', x.text, 'ownerOrganisation', json_build_object('id', ow.id, 'name', ow.name),
                        'dueDate', to_char(x.due_date, 'YYYY-MM-DD'), 'state', x.state,
                        'referral', CASE WHEN r.id IS NULL THEN NULL ELSE json_build_object('id', r.id, 'state', r.state, 'outcome', r.outcome) END
                      ) ORDER BY x.created_at, x.id), '[]')
                 FROM action_item x JOIN organisation ow ON ow.id = x.owner_organisation_id LEFT JOIN referral r ON r.id = x.referral_id
                WHERE x.conference_id = a.conference_id AND x.item_id = a.id) AS "actionItems"
         FROM agenda_item a
         JOIN organisation o ON o.id = a.presenting_organisation_id
         LEFT JOIN bulletin b ON b.id = a.bulletin_id
         LEFT JOIN client cl ON cl.id = a.client_id
        WHERE a.conference_id = $1
        ORDER BY a.position`,
      [conferenceId],
    );
  }

  /** Conferences not yet over whose agenda discusses the client (whose open screens a withdrawal must reach). */
  async openConferencesAbout(clientId: string): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.db.query(
      `SELECT DISTINCT c.id FROM agenda_item a JOIN conference c ON c.id = a.conference_id WHERE a.client_id = $1 AND c.state IN ('scheduled','live')`,
      [clientId],
    );
    return rows.map((r) => r.id);
  }

  /** The agenda as this member may see it. */
  async list(user: AuthUser, conferenceId: string): Promise<AgendaItemView[]> {
    await this.conferences.participation(user, conferenceId);
    return this.visibleTo(user, await this.items(conferenceId));
  }

  /** The items as this member may see them; whether the member takes part is for the caller to have checked. */
  visibleTo(user: AuthUser, items: StoredItem[]): Promise<AgendaItemView[]> {
    return Promise.all(items.map((item) => this.view(user, item)));
  }

  private async view(user: AuthUser, item: StoredItem): Promise<AgendaItemView> {
    const { clientId, pseudonym, categories, ...shown } = item;
    if (item.kind !== 'case' || !clientId) return { ...shown, client: null };
    // Volunteers see conference topics pseudonymised only (DESIGN); everybody else as far as the decision allows.
    const seen = user.roles.every((r) => r === 'volunteer') ? { access: {}, data: {} } : await this.clients.get(user, clientId, 'case_conference', 'read', categories);
    // What was said and agreed is about the client: only for viewers covered for every category of the item.
    const covered = categories.every((c) => c in seen.access);
    return {
      ...shown,
      minutes: covered ? item.minutes : null,
      decisions: covered ? item.decisions : item.decisions.map((d) => ({ ...d, text: null })),
      actionItems: covered ? item.actionItems : item.actionItems.map((a) => ({ ...a, text: null })),
      client: { pseudonym: pseudonym!, categories, access: seen.access, data: seen.data },
    };
  }

  /**
   * Review of previous actions, which comes first: the action items of the series' previous meeting that are
   * still open or became referrals (with their state and outcome), as this member may see them.
   */
  async review(user: AuthUser, conferenceId: string): Promise<ActionReview> {
    const { conference } = await this.conferences.participation(user, conferenceId);
    if (!conference.seriesId) return { previousConference: null, actionItems: [] };
    const [previous]: Array<{ id: string; title: string; starts_at: Date }> = await this.db.query(
      `SELECT id, title, starts_at FROM conference WHERE series_id = $1 AND starts_at < $2 AND state <> 'cancelled' ORDER BY starts_at DESC LIMIT 1`,
      [conference.seriesId, conference.startsAt],
    );
    if (!previous) return { previousConference: null, actionItems: [] };
    const actionItems: ActionReview['actionItems'] = [];
    for (const item of await this.items(previous.id)) {
      for (const a of (await this.view(user, item)).actionItems) if (a.state === 'open' || a.referral) actionItems.push({ ...a, itemTitle: item.title });
    }
    return { previousConference: { id: previous.id, title: previous.title, startsAt: new Date(previous.starts_at).toISOString() }, actionItems };
  }

  /**
   * Mails the minutes once, after the conference, to every participant with an address - each built from the
   * agenda as that participant may see it (their disclosures go into the ledger under their name).
   */
  async sendMinutes(user: AuthUser, conferenceId: string): Promise<{ sent: number }> {
    const { conference, participants } = await this.conferences.participation(user, conferenceId);
    if (conference.convenorMemberId !== user.memberId && conference.moderatorMemberId !== user.memberId) {
      throw new ForbiddenException({ code: 'not_convenor', message: 'The convenor or the moderator sends the minutes.' });
    }
    if (conference.state !== 'ended') throw new ConflictException({ code: 'state', message: 'Minutes go out after the conference has ended.' });
    const [claimed]: [Array<{ id: string }>, number] = await this.db.query(
      'UPDATE conference SET minutes_sent_at = now() WHERE id = $1 AND minutes_sent_at IS NULL RETURNING id',
      [conferenceId],
    );
    if (!claimed.length) throw new ConflictException({ code: 'minutes_sent', message: 'The minutes were sent already.' });
    const members: Array<{ id: string; subject: string; username: string; display_name: string; email: string | null; organisation_id: string | null; roles: Role[]; language: string }> =
      await this.db.query('SELECT id, subject, username, display_name, email, organisation_id, roles, language FROM member WHERE id = ANY($1)', [
        [...new Set([...participants.map((p) => p.id), conference.convenorMemberId, conference.moderatorMemberId])],
      ]);
    const moderator = members.find((m) => m.id === conference.moderatorMemberId)?.display_name ?? '';
    const stored = await this.items(conferenceId);
    let sent = 0;
    for (const m of members) {
      if (!m.email) continue;
      const recipient: AuthUser = {
        subject: m.subject, username: m.username, displayName: m.display_name, email: m.email, org: null, roles: m.roles, locale: m.language,
        sessionId: null, expiresAt: new Date(), memberId: m.id, organisationId: m.organisation_id,
      };
      const items = await this.visibleTo(recipient, stored);
      await this.queue.send(QUEUES.mail, minutesMail({ id: conference.id, title: conference.title, startsAt: conference.startsAt, moderator }, items, { email: m.email, language: m.language }, this.config.PUBLIC_URL));
      sent++;
    }
    return { sent };
  }

  /** For the convenor before the meeting: what each participating organisation will see of each item - decisions, no data. */
  async preview(user: AuthUser, conferenceId: string): Promise<AgendaPreview[]> {
    const { organisationIds } = await this.editable(user, conferenceId);
    const organisations: Array<{ id: string; name: string }> = await this.db.query('SELECT id, name FROM organisation WHERE id = ANY($1) ORDER BY name', [organisationIds]);
    const items = await this.items(conferenceId);
    return Promise.all(
      organisations.map(async (organisation) => ({
        organisation,
        items: await Promise.all(
          items.map(async (item) => {
            const access = item.clientId ? await this.clients.coverage({ organisationId: organisation.id, roles: STAFF }, item.clientId, 'case_conference', item.categories) : {};
            return { itemId: item.id, title: item.title, pseudonymOnly: item.kind === 'case' && !access.identity, categories: item.categories, access };
          }),
        ),
      })),
    );
  }
}

