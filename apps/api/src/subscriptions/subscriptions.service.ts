import { BadRequestException, ConflictException, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import type { AuthUser } from '@roundtable/auth';
import { readableAudiences } from '@roundtable/bulletins';
import type { ApiConfig } from '@roundtable/config';
import type { Audience, MemberSubscriptionView, Role } from '@roundtable/contracts';
import { JobQueue, QUEUES, Subscriber } from '@roundtable/database';
import { API_CONFIG } from '../api-config';
import { MemberSubscriptionDto, PreferencesDto, SubscriptionDto } from './subscription.dto';

const CONFIRM_DAYS = 7;

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** A member receives by mail only what they may read in the app. */
function checkAudiences(roles: Role[], audiences: Audience[]): void {
  const allowed = readableAudiences(roles);
  const foreign = audiences.filter((a) => !allowed.includes(a));
  if (foreign.length) throw new BadRequestException({ code: 'audience', message: [`audiences must be some of: ${allowed.join(', ')}`] });
}

export type ConfirmResult = 'confirmed' | 'unknown' | 'expired';

/**
 * Mail subscriptions for people without an account (and members): double opt-in, preferences, export, delete,
 * one-click unsubscribe. The answer to a subscription never tells whether the address was known already.
 */
@Injectable()
export class SubscriptionsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queue: JobQueue,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  private url(path: string): string {
    return `${this.config.PUBLIC_URL}/api/public/${path}`;
  }

  async subscribe(dto: SubscriptionDto): Promise<void> {
    const email = dto.email.trim().toLowerCase();
    const existing = await this.db.getRepository(Subscriber).findOneBy({ email });
    const de = dto.language !== 'en';
    if (existing?.status === 'active') {
      // Already confirmed: a fresh link to the preferences, nothing else changes.
      const token = newToken();
      await this.db.getRepository(Subscriber).update({ id: existing.id }, { tokenHash: hashToken(token) });
      await this.queue.send(QUEUES.mail, {
        to: email,
        subject: de ? 'Roundtable: Ihr Abonnement' : 'Roundtable: your subscription',
        text: `${de ? 'Sie erhalten die Rechtsänderungen bereits. Einstellungen' : 'You receive the bulletins already. Preferences'}: ${this.url(`subscriptions/${token}`)}\n`,
      });
      return;
    }
    const confirm = newToken();
    const token = newToken();
    const values = {
      email,
      language: dto.language,
      audiences: dto.audiences,
      reminders: dto.reminders ?? false,
      status: 'pending' as const,
      tokenHash: hashToken(token),
      confirmTokenHash: hashToken(confirm),
      confirmExpiresAt: new Date(Date.now() + CONFIRM_DAYS * 86_400_000),
      unsubscribedAt: null,
    };
    if (existing) await this.db.getRepository(Subscriber).update({ id: existing.id }, values);
    else await this.db.getRepository(Subscriber).insert(values);
    await this.queue.send(QUEUES.mail, {
      to: email,
      subject: de ? 'Roundtable: Bitte bestätigen Sie Ihr Abonnement' : 'Roundtable: please confirm your subscription',
      text: [
        de
          ? 'Sie (oder jemand mit Ihrer Adresse) möchten die Rechtsänderungen der Ausländerbehörde per E-Mail erhalten.'
          : 'You (or someone using your address) asked to receive the immigration authority\'s legal-change bulletins by mail.',
        '',
        `${de ? 'Bestätigen' : 'Confirm'}: ${this.url(`subscriptions/confirm/${confirm}`)}`,
        '',
        de ? `Der Link gilt ${CONFIRM_DAYS} Tage. Ohne Bestätigung erhalten Sie nichts.` : `The link works for ${CONFIRM_DAYS} days. Without confirmation you receive nothing.`,
      ].join('\n'),
    });
  }

  /** The second step of the double opt-in; returns the preferences link's token on success. */
  async confirm(confirmToken: string): Promise<{ result: ConfirmResult; subscriber?: Subscriber; manageToken?: string }> {
    const subscriber = await this.db.getRepository(Subscriber).findOneBy({ confirmTokenHash: hashToken(confirmToken) });
    if (!subscriber) return { result: 'unknown' };
    if (!subscriber.confirmExpiresAt || subscriber.confirmExpiresAt < new Date()) return { result: 'expired', subscriber };
    const manageToken = newToken();
    await this.db.getRepository(Subscriber).update(
      { id: subscriber.id },
      { status: 'active', confirmedAt: new Date(), confirmTokenHash: null, confirmExpiresAt: null, tokenHash: hashToken(manageToken) },
    );
    return { result: 'confirmed', subscriber, manageToken };
  }

  /** By the preferences token, or by the unsubscribe token of one of the mails sent to the subscriber. */
  async byToken(token: string): Promise<Subscriber | null> {
    const hash = hashToken(token);
    const direct = await this.db.getRepository(Subscriber).findOneBy({ tokenHash: hash });
    if (direct) return direct;
    const [row] = await this.db.query('SELECT subscriber_id FROM bulletin_delivery WHERE unsubscribe_token_hash = $1', [hash]);
    return row?.subscriber_id ? this.db.getRepository(Subscriber).findOneBy({ id: row.subscriber_id }) : null;
  }

  async updatePreferences(subscriber: Subscriber, dto: PreferencesDto | MemberSubscriptionDto): Promise<void> {
    if (subscriber.memberId) {
      const [member] = await this.db.query('SELECT roles FROM member WHERE id = $1', [subscriber.memberId]);
      checkAudiences(member?.roles ?? [], dto.audiences);
    }
    await this.db.getRepository(Subscriber).update({ id: subscriber.id }, { language: dto.language, audiences: dto.audiences, reminders: dto.reminders ?? false });
  }

  /** The member's own subscription: linked to their account, or one made earlier with their address. */
  private async ofMember(user: AuthUser): Promise<Subscriber | null> {
    const repo = this.db.getRepository(Subscriber);
    return (await repo.findOneBy({ memberId: user.memberId })) ?? (user.email ? repo.findOneBy({ email: user.email.toLowerCase() }) : null);
  }

  async memberSubscription(user: AuthUser): Promise<MemberSubscriptionView> {
    const s = await this.ofMember(user);
    const allowedAudiences = readableAudiences(user.roles);
    const subscribed = s?.status === 'active';
    return {
      subscribed,
      email: user.email,
      language: s?.language ?? (user.locale === 'en' ? 'en' : 'de'),
      audiences: subscribed ? s!.audiences : allowedAudiences.filter((a) => a !== 'public'),
      reminders: s?.reminders ?? false,
      allowedAudiences,
    };
  }

  /**
   * A member subscribes (or changes the subscription) with their account's address. There is no confirmation
   * mail: the address is the one the realm holds for the signed-in member.
   */
  async subscribeMember(user: AuthUser, dto: MemberSubscriptionDto): Promise<MemberSubscriptionView> {
    if (!user.email) throw new ConflictException({ code: 'no_email', message: 'Your account has no e-mail address; ask your administrator to add one.' });
    checkAudiences(user.roles, dto.audiences);
    const values = {
      email: user.email.toLowerCase(),
      memberId: user.memberId,
      language: dto.language,
      audiences: dto.audiences,
      reminders: dto.reminders ?? false,
      status: 'active' as const,
      confirmTokenHash: null,
      confirmExpiresAt: null,
      unsubscribedAt: null,
    };
    const existing = await this.ofMember(user);
    if (existing) await this.db.getRepository(Subscriber).update({ id: existing.id }, { ...values, confirmedAt: existing.confirmedAt ?? new Date() });
    else await this.db.getRepository(Subscriber).insert({ ...values, tokenHash: hashToken(newToken()), confirmedAt: new Date() });
    return this.memberSubscription(user);
  }

  async unsubscribeMember(user: AuthUser): Promise<MemberSubscriptionView> {
    const s = await this.ofMember(user);
    if (s) await this.unsubscribe(s);
    return this.memberSubscription(user);
  }

  /** RFC 8058 one-click: no login, no confirmation page needed for the POST. */
  async unsubscribe(subscriber: Subscriber): Promise<void> {
    await this.db.getRepository(Subscriber).update({ id: subscriber.id }, { status: 'unsubscribed', unsubscribedAt: new Date() });
  }

  /** Everything stored about the subscriber (GDPR Art. 15/20). */
  export(subscriber: Subscriber) {
    return {
      email: subscriber.email,
      language: subscriber.language,
      audiences: subscriber.audiences,
      reminders: subscriber.reminders,
      linkedToAccount: !!subscriber.memberId,
      status: subscriber.status,
      subscribedAt: subscriber.createdAt.toISOString(),
      confirmedAt: subscriber.confirmedAt?.toISOString() ?? null,
      unsubscribedAt: subscriber.unsubscribedAt?.toISOString() ?? null,
    };
  }

  async delete(subscriber: Subscriber): Promise<void> {
    await this.db.getRepository(Subscriber).delete({ id: subscriber.id });
  }
}
