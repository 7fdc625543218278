import { BadRequestException, ConflictException, ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '@roundtable/auth';
import type { ApiConfig } from '@roundtable/config';
import { berlinLocalToUtc, berlinToday, CONVENOR_ROLES, type ConferenceState, type ConferenceView, type Recurrence, type RsvpAnswer } from '@roundtable/contracts';
import { Conference, ConferenceInvitee, ConferenceSeries, JobQueue, QUEUES } from '@roundtable/database';
import { API_CONFIG } from '../api-config';
import { invitationMail, conferenceCalendar, type InvitationKind } from './conference-invitations';
import { ConferenceQueryDto, CreateConferenceDto, UpdateConferenceDto } from './conference.dto';
import { uuidOrNull } from './live-room';

export interface ParticipantRow {
  id: string;
  display_name: string;
  email: string | null;
  language: string;
  organisation_id: string | null;
  organisation_name: string | null;
  invited_as: 'member' | 'organisation';
  answer: RsvpAnswer | null;
}

/** What taking part in a conference depends on, and what the live room and the agenda need of it. */
export type ConferenceCore = Pick<Conference, 'id' | 'title' | 'state' | 'seriesId' | 'startsAt' | 'convenorMemberId' | 'convenorOrganisationId' | 'moderatorMemberId'>;

/** A conference's core, everyone invited (by name or through their organisation) and the participating organisations. */
export interface Roster {
  conference: ConferenceCore;
  participants: ParticipantRow[];
  organisationIds: string[];
}

/** Whether the member convenes, moderates or is invited. */
export function takesPart({ conference, participants }: Pick<Roster, 'conference' | 'participants'>, memberId: string): boolean {
  return conference.convenorMemberId === memberId || conference.moderatorMemberId === memberId || participants.some((p) => p.id === memberId);
}

const notFound = (id: string) => new NotFoundException({ code: 'conference_not_found', message: `No conference with id ${id}.` });

/** The Berlin wall-clock times of a series: the same time of day, n weeks or months apart. */
function occurrences(local: string, recurrence: { frequency: Recurrence; count: number } | undefined): string[] {
  if (!recurrence) return [local];
  const [date, time] = local.split('T');
  const [y, m, d] = date.split('-').map(Number);
  return Array.from({ length: recurrence.count }, (_, i) => {
    const day =
      recurrence.frequency === 'monthly'
        ? new Date(Date.UTC(y, m - 1 + i, Math.min(d, new Date(Date.UTC(y, m + i, 0)).getUTCDate())))
        : new Date(Date.UTC(y, m - 1, d + i * (recurrence.frequency === 'weekly' ? 7 : 14)));
    return `${day.toISOString().slice(0, 10)}T${time}`;
  });
}

/**
 * Case conferences: scheduling, invitations with iCalendar parts (request, update, cancel), answers. Convened by
 * abh-liaison or integration-manager; seen by the convenor, the moderator and everyone invited - by name or as a
 * member of an invited organisation.
 */
@Injectable()
export class ConferencesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queue: JobQueue,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  /** Every id must name a member (moderator, invitees) or organisation that exists; the moderator must be allowed to. */
  private async checkPeople(dto: { moderatorMemberId?: string; invitedMemberIds?: string[]; invitedOrganisationIds?: string[] }): Promise<void> {
    const problems: string[] = [];
    const memberIds = [...new Set([...(dto.invitedMemberIds ?? []), ...(dto.moderatorMemberId ? [dto.moderatorMemberId] : [])])];
    if (memberIds.length) {
      const found: Array<{ id: string; roles: string[] }> = await this.db.query('SELECT id, roles FROM member WHERE id = ANY($1)', [memberIds]);
      for (const id of memberIds) if (!found.some((f) => f.id === id)) problems.push(`unknown participant: no member with id ${id}`);
      const moderator = found.find((f) => f.id === dto.moderatorMemberId);
      if (moderator && !moderator.roles.some((r) => (CONVENOR_ROLES as readonly string[]).includes(r))) {
        problems.push('the moderator must be an ABH liaison or an integration manager');
      }
    }
    if (dto.invitedOrganisationIds?.length) {
      const found: Array<{ id: string }> = await this.db.query('SELECT id FROM organisation WHERE id = ANY($1)', [dto.invitedOrganisationIds]);
      for (const id of dto.invitedOrganisationIds) if (!found.some((f) => f.id === id)) problems.push(`unknown participant: no organisation with id ${id}`);
    }
    if (problems.length) throw new BadRequestException({ message: problems, error: 'Bad Request', statusCode: 400 });
  }

  private startsAt(local: string): Date {
    const at = berlinLocalToUtc(local);
    if (Number.isNaN(at.getTime())) throw new BadRequestException({ message: ['startsAt must be a Berlin time like 2026-12-03T10:00'] });
    if (at.getTime() < Date.now()) throw new BadRequestException({ message: ['startsAt must be in the future'] });
    return at;
  }

  async create(user: AuthUser, dto: CreateConferenceDto): Promise<ConferenceView> {
    if (!user.organisationId) throw new ForbiddenException({ code: 'no_organisation', message: 'Only members of an organisation convene conferences.' });
    if (!dto.onlineUrl && !dto.room) throw new BadRequestException({ message: ['give an onlineUrl or a room (or both)'] });
    await this.checkPeople(dto);
    const times = occurrences(dto.startsAt, dto.recurrence).map((local) => this.startsAt(local));
    const ids = await this.db.transaction(async (tx) => {
      const series = dto.recurrence
        ? await tx.getRepository(ConferenceSeries).save({ title: dto.title, recurrence: dto.recurrence.frequency, convenorMemberId: user.memberId })
        : null;
      const created: string[] = [];
      for (const startsAt of times) {
        const conference = await tx.getRepository(Conference).save({
          seriesId: series?.id ?? null,
          title: dto.title,
          startsAt,
          durationMinutes: dto.durationMinutes,
          onlineUrl: dto.onlineUrl ?? null,
          room: dto.room ?? null,
          convenorMemberId: user.memberId,
          convenorOrganisationId: user.organisationId!,
          moderatorMemberId: dto.moderatorMemberId,
        });
        await this.invite(tx, conference.id, dto.invitedMemberIds ?? [], dto.invitedOrganisationIds ?? []);
        created.push(conference.id);
      }
      return created;
    });
    for (const id of ids) await this.notify(id, 'request');
    return this.get(user, ids[0]);
  }

  private async invite(tx: EntityManager, conferenceId: string, memberIds: string[], organisationIds: string[]): Promise<void> {
    await tx.getRepository(ConferenceInvitee).delete({ conferenceId });
    const rows = [...memberIds.map((memberId) => ({ conferenceId, memberId })), ...organisationIds.map((organisationId) => ({ conferenceId, organisationId }))];
    if (rows.length) await tx.getRepository(ConferenceInvitee).insert(rows);
  }

  /** Everyone invited (by name or through their organisation), once each, with their answer. */
  private participants(conferenceId: string, db: DataSource | EntityManager = this.db): Promise<ParticipantRow[]> {
    return db.query(
      `SELECT DISTINCT ON (m.id) m.id, m.display_name, m.email, m.language, m.organisation_id, o.name AS organisation_name,
              CASE WHEN i.member_id IS NOT NULL THEN 'member' ELSE 'organisation' END AS invited_as, r.answer
         FROM conference_invitee i
         JOIN member m ON m.id = i.member_id OR (i.organisation_id IS NOT NULL AND m.organisation_id = i.organisation_id)
         LEFT JOIN organisation o ON o.id = m.organisation_id
         LEFT JOIN conference_response r ON r.conference_id = i.conference_id AND r.member_id = m.id
        WHERE i.conference_id = $1
        ORDER BY m.id, (i.member_id IS NULL)`,
      [conferenceId],
    );
  }

  /** Queues the invitation (or its update or cancellation) for every participant with an address. */
  private async notify(conferenceId: string, kind: InvitationKind, to?: ParticipantRow[]): Promise<void> {
    const c = await this.db.getRepository(Conference).findOne({ where: { id: conferenceId }, relations: { convenor: true } });
    if (!c) return;
    for (const p of to ?? (await this.participants(conferenceId))) {
      if (!p.email) continue;
      await this.queue.send(
        QUEUES.mail,
        invitationMail(c, { displayName: p.display_name, email: p.email, language: p.language }, kind, this.fromAddress(), this.config.PUBLIC_URL),
      );
    }
  }

  private fromAddress(): string {
    return /<([^>]+)>/.exec(this.config.MAIL_FROM)?.[1] ?? this.config.MAIL_FROM;
  }

  /**
   * The conference, if the member convenes, moderates or is invited (404 otherwise), with its participants and
   * the participating organisations: the convenor's, the invited ones, and those of members invited by name.
   */
  async participation(user: AuthUser, id: string): Promise<Roster> {
    const roster = await this.roster(id);
    if (!roster || !takesPart(roster, user.memberId)) throw notFound(id);
    return roster;
  }

  /**
   * Who takes part in a conference and what they may do, for anyone (null if there is no such conference). Two
   * plain queries: asked on every join of a live room and for every agenda sent to one, where the entity
   * manager's query building would cost more than the queries.
   */
  async roster(id: string): Promise<Roster | null> {
    const [row]: Array<{
      id: string; title: string; state: ConferenceState; series_id: string | null; starts_at: Date;
      convenor_member_id: string; convenor_organisation_id: string; moderator_member_id: string; invited: string[];
    }> = await this.db.query(
      `SELECT id, title, state, series_id, starts_at, convenor_member_id, convenor_organisation_id, moderator_member_id,
              array(SELECT organisation_id::text FROM conference_invitee WHERE conference_id = c.id AND organisation_id IS NOT NULL) AS invited
         FROM conference c WHERE id = $1`,
      [uuidOrNull(id)],
    );
    if (!row) return null;
    const participants = await this.participants(row.id);
    const organisationIds = new Set([row.convenor_organisation_id, ...row.invited]);
    for (const p of participants) if (p.organisation_id) organisationIds.add(p.organisation_id);
    const conference: ConferenceCore = {
      id: row.id, title: row.title, state: row.state, seriesId: row.series_id, startsAt: row.starts_at,
      convenorMemberId: row.convenor_member_id, convenorOrganisationId: row.convenor_organisation_id, moderatorMemberId: row.moderator_member_id,
    };
    return { conference, participants, organisationIds: [...organisationIds] };
  }

  /** The conference with its convenor, their organisation, the moderator and the series, if the member takes part in it. */
  private async load(user: AuthUser, id: string): Promise<{ conference: Conference; participants: ParticipantRow[] }> {
    const conference = await this.db.getRepository(Conference).findOne({
      where: { id },
      relations: { convenor: true, convenorOrganisation: true, moderator: true, series: true },
    });
    if (!conference) throw notFound(id);
    const participants = await this.participants(id);
    if (!takesPart({ conference, participants }, user.memberId)) throw notFound(id);
    return { conference, participants };
  }

  async get(user: AuthUser, id: string): Promise<ConferenceView> {
    const { conference: c, participants } = await this.load(user, id);
    const organisations: Array<{ id: string; name: string }> = await this.db.query(
      `SELECT o.id, o.name FROM conference_invitee i JOIN organisation o ON o.id = i.organisation_id WHERE i.conference_id = $1 ORDER BY o.name`,
      [id],
    );
    return {
      id: c.id,
      seriesId: c.seriesId,
      recurrence: c.series?.recurrence ?? null,
      title: c.title,
      startsAt: c.startsAt.toISOString(),
      endsAt: new Date(c.startsAt.getTime() + c.durationMinutes * 60_000).toISOString(),
      durationMinutes: c.durationMinutes,
      onlineUrl: c.onlineUrl,
      room: c.room,
      state: c.state,
      sequence: c.sequence,
      convenor: { id: c.convenor.id, displayName: c.convenor.displayName },
      convenorOrganisation: { id: c.convenorOrganisation.id, name: c.convenorOrganisation.name },
      moderator: { id: c.moderator.id, displayName: c.moderator.displayName },
      invitedOrganisations: organisations,
      participants: participants
        .map((p) => ({
          member: { id: p.id, displayName: p.display_name },
          organisation: p.organisation_id ? { id: p.organisation_id, name: p.organisation_name! } : null,
          invitedAs: p.invited_as,
          answer: p.answer,
        }))
        .sort((a, b) => a.member.displayName.localeCompare(b.member.displayName)),
      myAnswer: participants.find((p) => p.id === user.memberId)?.answer ?? null,
      canManage: c.convenorMemberId === user.memberId,
      isModerator: c.moderatorMemberId === user.memberId,
    };
  }

  /** The member's conferences (convened, moderated or invited to) between two Berlin dates, soonest first. */
  async list(user: AuthUser, query: ConferenceQueryDto): Promise<ConferenceView[]> {
    const from = berlinLocalToUtc(`${query.from ?? berlinToday()}T00:00`);
    const to = query.to ? berlinLocalToUtc(`${query.to}T00:00`) : new Date(from.getTime() + 90 * 86_400_000);
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()) || to <= from) throw new BadRequestException({ message: ['to must be a date after from'] });
    const rows: Array<{ id: string }> = await this.db.query(
      `SELECT c.id FROM conference c
        WHERE c.starts_at >= $2 AND c.starts_at < $3
          AND (c.convenor_member_id = $1 OR c.moderator_member_id = $1
               OR EXISTS (SELECT 1 FROM conference_invitee i WHERE i.conference_id = c.id AND (i.member_id = $1 OR i.organisation_id = $4)))
        ORDER BY c.starts_at LIMIT 200`,
      [user.memberId, from, to, user.organisationId],
    );
    return Promise.all(rows.map((r) => this.get(user, r.id)));
  }

  private async manageable(user: AuthUser, id: string): Promise<{ conference: Conference; participants: ParticipantRow[] }> {
    const loaded = await this.load(user, id);
    if (loaded.conference.convenorMemberId !== user.memberId) throw new ForbiddenException({ code: 'not_convenor', message: 'Only the convenor changes or cancels a conference.' });
    if (loaded.conference.state !== 'scheduled') throw new ConflictException({ code: 'state', message: `The conference is ${loaded.conference.state}; only a scheduled one can be changed.` });
    return loaded;
  }

  /** Changes what invitees were told: the SEQUENCE goes up, everybody gets the update, whoever was dropped a cancellation. */
  async update(user: AuthUser, id: string, dto: UpdateConferenceDto): Promise<ConferenceView> {
    const { conference, participants: before } = await this.manageable(user, id);
    await this.checkPeople(dto);
    const onlineUrl = dto.onlineUrl !== undefined ? dto.onlineUrl : conference.onlineUrl;
    const room = dto.room !== undefined ? dto.room : conference.room;
    if (!onlineUrl && !room) throw new BadRequestException({ message: ['give an onlineUrl or a room (or both)'] });
    await this.db.transaction(async (tx) => {
      await tx.getRepository(Conference).update(
        { id },
        {
          title: dto.title ?? conference.title,
          startsAt: dto.startsAt ? this.startsAt(dto.startsAt) : conference.startsAt,
          durationMinutes: dto.durationMinutes ?? conference.durationMinutes,
          onlineUrl,
          room,
          moderatorMemberId: dto.moderatorMemberId ?? conference.moderatorMemberId,
          sequence: conference.sequence + 1,
        },
      );
      if (dto.invitedMemberIds || dto.invitedOrganisationIds) {
        const current: ConferenceInvitee[] = await tx.getRepository(ConferenceInvitee).findBy({ conferenceId: id });
        await this.invite(
          tx,
          id,
          dto.invitedMemberIds ?? current.filter((i) => i.memberId).map((i) => i.memberId!),
          dto.invitedOrganisationIds ?? current.filter((i) => i.organisationId).map((i) => i.organisationId!),
        );
      }
    });
    const after = await this.participants(id);
    await this.notify(id, 'update', after);
    await this.notify(id, 'cancel', before.filter((b) => !after.some((a) => a.id === b.id)));
    return this.get(user, id);
  }

  async cancel(user: AuthUser, id: string): Promise<ConferenceView> {
    const { conference } = await this.manageable(user, id);
    await this.db.getRepository(Conference).update({ id }, { state: 'cancelled', sequence: conference.sequence + 1 });
    await this.notify(id, 'cancel');
    return this.get(user, id);
  }

  async respond(user: AuthUser, id: string, answer: RsvpAnswer): Promise<ConferenceView> {
    const { conference, participants } = await this.load(user, id);
    if (!participants.some((p) => p.id === user.memberId)) throw new ForbiddenException({ code: 'not_invited', message: 'Only invitees answer an invitation.' });
    if (conference.state === 'cancelled' || conference.state === 'ended') throw new ConflictException({ code: 'state', message: `The conference is ${conference.state}.` });
    await this.db.query(
      `INSERT INTO conference_response (conference_id, member_id, answer) VALUES ($1, $2, $3)
       ON CONFLICT (conference_id, member_id) DO UPDATE SET answer = EXCLUDED.answer, answered_at = now()`,
      [id, user.memberId, answer],
    );
    return this.get(user, id);
  }

  /** The conference as an .ics file for the viewer's calendar. */
  async calendar(user: AuthUser, id: string): Promise<string> {
    const { conference } = await this.load(user, id); // with its convenor, the calendar's organizer
    const kind = conference.state === 'cancelled' ? 'cancel' : 'request';
    return conferenceCalendar(conference, { displayName: user.displayName, email: user.email ?? this.fromAddress() }, kind, this.fromAddress(), `${this.config.PUBLIC_URL}/conferences/${id}`);
  }
}
