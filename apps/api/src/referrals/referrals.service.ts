import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '@roundtable/auth';
import {
  berlinToday,
  type Page,
  type ReferralEventView,
  type ReferralMessageView,
  type ReferralSide,
  type ReferralState,
  type ReferralView,
} from '@roundtable/contracts';
import { Client, Organisation, PartnerService, Referral, ReferralEvent, ReferralMessage } from '@roundtable/database';
import { allowedActions, FINAL_STATES, ReferralNotifications, transition } from '@roundtable/referrals';
import { ClientsService } from '../clients/clients.service';
import { noOrganisation } from '../clients/clients.errors';
import { CreateReferralDto, ReferralActionDto, ReferralQueryDto } from './dto/referral.dto';
import { badReferral, referralNotFound, transitionNotAllowed } from './referrals.errors';

/** Overdue: the deadline has passed, or the receiving organisation has not reacted within its response time. */
const OVERDUE_SQL = `(r.state NOT IN (${FINAL_STATES.map((s) => `'${s}'`).join(',')}) AND (
    (r.deadline IS NOT NULL AND r.deadline < (now() AT TIME ZONE 'Europe/Berlin')::date)
    OR (r.state = 'sent' AND r.sent_at + make_interval(days => t.response_time_days) < now())))`;

const CLIENT_ROLES = ['integration-manager', 'caseworker', 'abh-liaison', 'volunteer'] as const;

/**
 * Referrals between organisations, tracked until an outcome. Only the two organisations see a referral;
 * the client's personal data reaches the recipient only through the consent decision (purpose `referral`),
 * and each such view is in the disclosure ledger.
 */
@Injectable()
export class ReferralsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly clients: ClientsService,
    private readonly notifier: ReferralNotifications,
  ) {}

  async create(user: AuthUser, dto: CreateReferralDto): Promise<ReferralView> {
    if (!user.organisationId) throw noOrganisation();
    if (dto.toOrganisationId === user.organisationId) throw badReferral('same_organisation', 'A referral goes to another organisation than your own.');
    if (!(await this.db.getRepository(Organisation).existsBy({ id: dto.toOrganisationId }))) {
      throw badReferral('unknown_organisation', 'toOrganisationId names no organisation in the directory.');
    }
    if (dto.toServiceId && !(await this.db.getRepository(PartnerService).existsBy({ id: dto.toServiceId, organisationId: dto.toOrganisationId }))) {
      throw badReferral('unknown_service', 'toServiceId names no service of the receiving organisation.');
    }
    if (dto.urgency === 'emergency' && !dto.deadline) throw badReferral('deadline_required', 'An emergency needs a deadline.');
    if (dto.deadline && dto.deadline < berlinToday()) throw badReferral('deadline_past', `The deadline ${dto.deadline} has passed already.`);
    if (dto.clientId) {
      const client = await this.db.getRepository(Client).findOneBy({ id: dto.clientId });
      if (!client || client.ownerOrganisationId !== user.organisationId) {
        throw badReferral('unknown_client', 'clientId names no client of your organisation.');
      }
    }
    const id = await this.db.transaction(async (tx) => {
      const referral = await tx.getRepository(Referral).save({
        fromOrganisationId: user.organisationId!,
        fromMemberId: user.memberId,
        toOrganisationId: dto.toOrganisationId,
        toServiceId: dto.toServiceId ?? null,
        serviceCategory: dto.serviceCategory,
        reason: dto.reason,
        urgency: dto.urgency,
        deadline: dto.deadline ?? null,
        clientId: dto.clientId ?? null,
        state: dto.send ? 'sent' : 'draft',
        sentAt: dto.send ? new Date() : null,
      });
      await tx.getRepository(ReferralEvent).save(this.event(user, referral.id, null, 'draft'));
      const sent = dto.send ? await tx.getRepository(ReferralEvent).save(this.event(user, referral.id, 'draft', 'sent')) : null;
      return { id: referral.id, sentEvent: sent?.id };
    });
    if (id.sentEvent) await this.notifier.changed(id.id, `event/${id.sentEvent}`, 'sender');
    return this.get(user, id.id);
  }

  private event(user: AuthUser | null, referralId: string, from: ReferralState | null, to: ReferralState, note?: string) {
    return {
      referralId,
      actorMemberId: user?.memberId ?? null,
      actorOrganisationId: user?.organisationId ?? null,
      fromState: from,
      toState: to,
      note: note ?? null,
    };
  }

  /** The referral and the caller's side of it; another organisation's referral does not exist for the caller. */
  private async load(user: AuthUser, id: string): Promise<{ referral: Referral; side: Exclude<ReferralSide, 'system'> }> {
    if (!user.organisationId) throw noOrganisation();
    const referral = await this.db.getRepository(Referral).findOne({
      where: { id },
      relations: { fromOrganisation: true, toOrganisation: true, toService: true, fromMember: true, client: true },
    });
    if (!referral) throw referralNotFound(id);
    if (referral.fromOrganisationId === user.organisationId) return { referral, side: 'sender' };
    if (referral.toOrganisationId === user.organisationId) return { referral, side: 'recipient' };
    throw referralNotFound(id);
  }

  async get(user: AuthUser, id: string): Promise<ReferralView> {
    const { referral, side } = await this.load(user, id);
    if (side === 'recipient' && referral.state === 'draft') throw referralNotFound(id); // drafts stay with the sender
    const [{ overdue }] = await this.db.query(
      `SELECT ${OVERDUE_SQL} AS overdue FROM referral r JOIN organisation t ON t.id = r.to_organisation_id WHERE r.id = $1`,
      [id],
    );
    let client: ReferralView['client'] = null;
    if (referral.client) {
      const mayReadClients = user.roles.some((r) => (CLIENT_ROLES as readonly string[]).includes(r));
      const view = mayReadClients ? await this.clients.get(user, referral.client.id, 'referral') : null;
      client = { id: referral.client.id, pseudonym: referral.client.pseudonym, data: view?.data ?? {}, access: view?.access ?? {} };
    }
    return {
      id: referral.id,
      state: referral.state,
      urgency: referral.urgency,
      deadline: referral.deadline,
      serviceCategory: referral.serviceCategory,
      reason: referral.reason,
      from: { organisation: { id: referral.fromOrganisation.id, name: referral.fromOrganisation.name }, member: referral.fromMember.displayName },
      to: {
        organisation: { id: referral.toOrganisation.id, name: referral.toOrganisation.name },
        service: referral.toService ? { id: referral.toService.id, name: referral.toService.name } : null,
      },
      client,
      outcome: referral.outcome,
      declineReason: referral.declineReason,
      createdAt: referral.createdAt.toISOString(),
      sentAt: referral.sentAt?.toISOString() ?? null,
      acceptedAt: referral.acceptedAt?.toISOString() ?? null,
      closedAt: referral.closedAt?.toISOString() ?? null,
      lastActivityAt: referral.lastActivityAt.toISOString(),
      overdue,
      side,
      allowedActions: allowedActions(referral.state, side),
    };
  }

  /**
   * Moves the referral if the caller's side may, from the state it is in now. The UPDATE names the state it
   * moves from, so of two concurrent actions (say accept and withdraw) exactly one wins; the other gets 409.
   */
  async act(user: AuthUser, id: string, dto: ReferralActionDto): Promise<ReferralView> {
    const { referral, side } = await this.load(user, id);
    if (side === 'recipient' && referral.state === 'draft') throw referralNotFound(id);
    const result = transition(referral.state, dto.action, side, { reason: dto.reason, outcome: dto.outcome });
    if (!result.ok) {
      if (result.problem === 'not_allowed') throw transitionNotAllowed(referral.state, dto.action, result.allowed);
      if (result.problem === 'reason_required') throw badReferral('reason_required', 'Declining needs a reason the sender can act on.');
      if (result.problem === 'outcome_required') throw badReferral('outcome_required', 'Closing needs an outcome.');
      throw badReferral('outcome_does_not_fit', `The outcome "${dto.outcome}" does not fit "${dto.action}": completed means got_help or referred_elsewhere, failed the others.`);
    }
    const moved = await this.db.transaction(async (tx) => {
      const [rows] = await tx.query(
        `UPDATE referral SET state = $3, last_activity_at = now(),
                sent_at = CASE WHEN $3 = 'sent' THEN now() ELSE sent_at END,
                accepted_at = CASE WHEN $3 = 'accepted' THEN now() ELSE accepted_at END,
                closed_at = CASE WHEN $3 = ANY ($4::text[]) THEN now() ELSE closed_at END,
                outcome = coalesce($5, outcome),
                decline_reason = CASE WHEN $3 = 'declined' THEN $6 ELSE decline_reason END
          WHERE id = $1 AND state = $2
          RETURNING id`,
        [id, referral.state, result.to, FINAL_STATES, dto.outcome ?? null, dto.reason?.trim() ?? null],
      );
      if (!rows.length) return null;
      const event = await tx.getRepository(ReferralEvent).save(
        this.event(user, id, referral.state, result.to, dto.action === 'decline' ? dto.reason : (dto.note ?? dto.outcome)),
      );
      return event.id;
    });
    if (moved) await this.notifier.changed(id, `event/${moved}`, side);
    if (!moved) {
      const current = await this.db.getRepository(Referral).findOneByOrFail({ id });
      throw transitionNotAllowed(current.state, dto.action, allowedActions(current.state, side));
    }
    return this.get(user, id);
  }

  /**
   * Inbox (received) or outbox (sent) of the caller's organisation, deadline first, in one query. Lists carry
   * the client's pseudonym only; opening a referral reads the shared data (through the consent decision).
   */
  async list(user: AuthUser, query: ReferralQueryDto): Promise<Page<ReferralView>> {
    if (!user.organisationId) throw noOrganisation();
    const side = query.box === 'inbox' ? 'recipient' : 'sender';
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `WITH page AS (
         SELECT r.id, count(*) OVER ()::int AS total, r.deadline, r.urgency, r.created_at
           FROM referral r JOIN organisation t ON t.id = r.to_organisation_id
          WHERE ${query.box === 'inbox' ? `r.to_organisation_id = $1 AND r.state <> 'draft'` : 'r.from_organisation_id = $1'}
            AND ($2::text IS NULL OR r.state = $2)
            AND ($3::text IS NULL OR r.urgency = $3)
            AND ($4::boolean IS NULL OR ${OVERDUE_SQL} = $4)
            AND ($5::uuid IS NULL OR r.to_service_id = $5)
          ORDER BY r.deadline ASC NULLS LAST, CASE r.urgency WHEN 'emergency' THEN 0 WHEN 'urgent' THEN 1 ELSE 2 END, r.created_at DESC, r.id
          LIMIT $6 OFFSET $7
       )
       SELECT r.id, r.state, r.urgency, to_char(r.deadline, 'YYYY-MM-DD') AS deadline, r.service_category, r.reason, r.outcome,
              r.decline_reason, r.created_at, r.sent_at, r.accepted_at, r.closed_at, r.last_activity_at,
              f.id AS from_id, f.name AS from_name, m.display_name AS from_member, t.id AS to_id, t.name AS to_name,
              s.id AS service_id, s.name AS service_name, c.id AS client_id, c.pseudonym,
              ${OVERDUE_SQL} AS overdue, page.total
         FROM page
         JOIN referral r ON r.id = page.id
         JOIN organisation t ON t.id = r.to_organisation_id
         JOIN organisation f ON f.id = r.from_organisation_id
         JOIN member m ON m.id = r.from_member_id
         LEFT JOIN partner_service s ON s.id = r.to_service_id
         LEFT JOIN client c ON c.id = r.client_id
        ORDER BY page.deadline ASC NULLS LAST, CASE page.urgency WHEN 'emergency' THEN 0 WHEN 'urgent' THEN 1 ELSE 2 END, page.created_at DESC, page.id`,
      [
        user.organisationId,
        query.state ?? null,
        query.urgency ?? null,
        query.overdue === undefined ? null : query.overdue === 'true',
        query.serviceId ?? null,
        query.limit,
        query.offset,
      ],
    );
    const iso = (v: unknown) => (v ? (v as Date).toISOString() : null);
    const items: ReferralView[] = rows.map((r) => ({
      id: r.id as string,
      state: r.state as ReferralState,
      urgency: r.urgency as ReferralView['urgency'],
      deadline: (r.deadline as string | null) ?? null,
      serviceCategory: r.service_category as string,
      reason: r.reason as string,
      from: { organisation: { id: r.from_id as string, name: r.from_name as string }, member: r.from_member as string },
      to: {
        organisation: { id: r.to_id as string, name: r.to_name as string },
        service: r.service_id ? { id: r.service_id as string, name: r.service_name as string } : null,
      },
      client: r.client_id ? { id: r.client_id as string, pseudonym: r.pseudonym as string, data: {}, access: {} } : null,
      outcome: (r.outcome as ReferralView['outcome']) ?? null,
      declineReason: (r.decline_reason as string | null) ?? null,
      createdAt: iso(r.created_at)!,
      sentAt: iso(r.sent_at),
      acceptedAt: iso(r.accepted_at),
      closedAt: iso(r.closed_at),
      lastActivityAt: iso(r.last_activity_at)!,
      overdue: r.overdue as boolean,
      side,
      allowedActions: allowedActions(r.state as ReferralState, side),
    }));
    return { items, total: (rows[0]?.total as number) ?? 0, limit: query.limit, offset: query.offset };
  }

  async history(user: AuthUser, id: string): Promise<ReferralEventView[]> {
    await this.load(user, id);
    const rows: Array<Record<string, unknown>> = await this.db.query(
      `SELECT e.at, m.display_name AS actor, o.name AS organisation, e.from_state, e.to_state, e.note
         FROM referral_event e
         LEFT JOIN member m ON m.id = e.actor_member_id
         LEFT JOIN organisation o ON o.id = e.actor_organisation_id
        WHERE e.referral_id = $1 ORDER BY e.at, e.id`,
      [id],
    );
    return rows.map((r) => ({
      at: (r.at as Date).toISOString(),
      actor: (r.actor as string | null) ?? null,
      organisation: (r.organisation as string | null) ?? null,
      from: r.from_state as ReferralState | null,
      to: r.to_state as ReferralState,
      note: (r.note as string | null) ?? null,
    }));
  }

  async messages(user: AuthUser, id: string): Promise<ReferralMessageView[]> {
    await this.load(user, id);
    const messages = await this.db.getRepository(ReferralMessage).find({ where: { referralId: id }, relations: { author: true }, order: { createdAt: 'ASC' } });
    const orgs = new Map<string, string>(
      (await this.db.query('SELECT id, name FROM organisation WHERE id = ANY ($1)', [[...new Set(messages.map((m) => m.authorOrganisationId))]])).map(
        (o: { id: string; name: string }) => [o.id, o.name],
      ),
    );
    return messages.map((m) => ({
      id: m.id,
      author: m.author.displayName,
      organisation: { id: m.authorOrganisationId, name: orgs.get(m.authorOrganisationId) ?? '' },
      body: m.body,
      createdAt: m.createdAt.toISOString(),
    }));
  }

  async postMessage(user: AuthUser, id: string, body: string): Promise<ReferralMessageView> {
    const { referral, side } = await this.load(user, id);
    if (side === 'recipient' && referral.state === 'draft') throw referralNotFound(id);
    const saved = await this.db.getRepository(ReferralMessage).save({ referralId: id, authorMemberId: user.memberId, authorOrganisationId: user.organisationId!, body });
    await this.db.query('UPDATE referral SET last_activity_at = now() WHERE id = $1', [id]);
    this.notifier.live(referral);
    return (await this.messages(user, id)).find((m) => m.id === saved.id)!;
  }
}
