import { BadRequestException, ConflictException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '@roundtable/auth';
import type { ActionReview, AgendaItemView, AgendaPreview, Role } from '@roundtable/contracts';
import type { ApiConfig } from '@roundtable/config';
import { ActionItem, AgendaItem, JobQueue, QUEUES } from '@roundtable/database';
import { API_CONFIG } from '../api-config';
import { ClientsService } from '../clients/clients.service';
import { ReferralsService } from '../referrals/referrals.service';
import { ActionReferralDto, AgendaItemDto } from './agenda.dto';
import { minutesMail } from './conference-minutes';
import { ConferencesService } from './conferences.service';

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

  private items(conferenceId: string): Promise<AgendaItem[]> {
    return this.db.getRepository(AgendaItem).find({
      where: { conferenceId },
      relations: { presentingOrganisation: true, bulletin: true, client: true },
      order: { position: 'ASC' },
    });
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
    const items = await this.items(conferenceId);
    return Promise.all(items.map((item) => this.view(user, item)));
  }

  async view(user: AuthUser, item: AgendaItem): Promise<AgendaItemView> {
    let client: AgendaItemView['client'] = null;
    let covered = true;
    if (item.kind === 'case' && item.client) {
      // Volunteers see conference topics pseudonymised only (DESIGN); everybody else as far as the decision allows.
      const seen = user.roles.every((r) => r === 'volunteer')
        ? { access: {}, data: {} }
        : await this.clients.get(user, item.client.id, 'case_conference', 'read', item.categories);
      client = { pseudonym: item.client.pseudonym, categories: item.categories, access: seen.access, data: seen.data };
      covered = item.categories.every((c) => c in seen.access);
    }
    const decisions: Array<{ id: string; text: string; created_at: Date }> = await this.db.query(
      'SELECT id, text, created_at FROM conference_decision WHERE item_id = $1 ORDER BY created_at, id',
      [item.id],
    );
    const actions: Array<{ id: string; text: string; owner_id: string; owner_name: string; due_date: string; state: 'open' | 'done'; referral_id: string | null; referral_state: string | null; outcome: string | null }> =
      await this.db.query(
        `SELECT a.id, a.text, o.id AS owner_id, o.name AS owner_name, to_char(a.due_date, 'YYYY-MM-DD') AS due_date, a.state,
                r.id AS referral_id, r.state AS referral_state, r.outcome
           FROM action_item a JOIN organisation o ON o.id = a.owner_organisation_id LEFT JOIN referral r ON r.id = a.referral_id
          WHERE a.item_id = $1 ORDER BY a.created_at, a.id`,
        [item.id],
      );
    return {
      minutes: covered ? item.minutes : null,
      minutesVersion: item.minutesVersion,
      decisions: decisions.map((d) => ({ id: d.id, text: covered ? d.text : null, createdAt: new Date(d.created_at).toISOString() })),
      actionItems: actions.map((a) => ({
        id: a.id,
        text: covered ? a.text : null,
        ownerOrganisation: { id: a.owner_id, name: a.owner_name },
        dueDate: a.due_date,
        state: a.state,
        referral: a.referral_id ? { id: a.referral_id, state: a.referral_state!, outcome: a.outcome } : null,
      })),
      id: item.id,
      position: item.position,
      kind: item.kind,
      title: item.title,
      timeBoxMinutes: item.timeBoxMinutes,
      presentingOrganisation: { id: item.presentingOrganisation.id, name: item.presentingOrganisation.name },
      bulletin: item.bulletin ? { id: item.bulletin.id, title: item.bulletin.variants.de?.title ?? '' } : null,
      client,
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
    let sent = 0;
    for (const m of members) {
      if (!m.email) continue;
      const recipient: AuthUser = {
        subject: m.subject, username: m.username, displayName: m.display_name, email: m.email, org: null, roles: m.roles, locale: m.language,
        sessionId: null, expiresAt: new Date(), memberId: m.id, organisationId: m.organisation_id,
      };
      const items = await Promise.all((await this.items(conferenceId)).map((item) => this.view(recipient, item)));
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

