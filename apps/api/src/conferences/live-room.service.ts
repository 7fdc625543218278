import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '@roundtable/auth';
import type { ConferenceRoomState, MinutesAction, ModeratorAction } from '@roundtable/contracts';
import { ActionItem, AgendaItem, Conference, ConferenceDecision, SpeakerEntry } from '@roundtable/database';

/** A refused room request: the socket gets it as `conference.error`, and nothing changes. */
export class RoomError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/**
 * The live room's rules and state, kept in PostgreSQL so that every api instance serving the room sees the
 * same: who may do what, the conference's state and current item, and the list of speakers.
 */
@Injectable()
export class LiveRoomService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  private async conference(id: string): Promise<Conference> {
    const c = await this.db.getRepository(Conference).findOne({ where: { id }, relations: { moderator: true } });
    if (!c) throw new RoomError('conference_not_found', `No conference with id ${id}.`);
    return c;
  }

  /** Ends the speech going on (on the current item), if any. */
  private async endSpeech(conferenceId: string): Promise<void> {
    await this.db.query(`UPDATE speaker_entry SET state = 'done', ended_at = now() WHERE conference_id = $1 AND state = 'speaking'`, [conferenceId]);
  }

  async moderate(user: AuthUser, request: ModeratorAction): Promise<void> {
    const c = await this.conference(request.conferenceId);
    if (c.moderatorMemberId !== user.memberId) throw new RoomError('not_moderator', 'Only the moderator can do this.');
    const live = () => {
      if (c.state !== 'live') throw new RoomError('not_live', `The conference is ${c.state}.`);
    };
    switch (request.action) {
      case 'start': {
        if (c.state !== 'scheduled') throw new RoomError('state', `The conference is ${c.state}; only a scheduled one starts.`);
        const [first] = await this.db.getRepository(AgendaItem).find({ where: { conferenceId: c.id }, order: { position: 'ASC' }, take: 1 });
        await this.db.getRepository(Conference).update({ id: c.id }, { state: 'live', startedAt: new Date(), currentItemId: first?.id ?? null });
        return;
      }
      case 'end':
        live();
        await this.endSpeech(c.id);
        await this.db.getRepository(Conference).update({ id: c.id }, { state: 'ended', endedAt: new Date() });
        return;
      case 'item': {
        live();
        const item = await this.db.getRepository(AgendaItem).findOneBy({ id: request.itemId, conferenceId: c.id });
        if (!item) throw new RoomError('item_not_found', 'No such item on this agenda.');
        await this.endSpeech(c.id);
        await this.db.getRepository(Conference).update({ id: c.id }, { currentItemId: item.id });
        return;
      }
      case 'next-speaker': {
        live();
        await this.db.transaction(async (tx) => {
          await tx.query(`UPDATE speaker_entry SET state = 'done', ended_at = now() WHERE conference_id = $1 AND state = 'speaking'`, [c.id]);
          await tx.query(
            `UPDATE speaker_entry SET state = 'speaking', started_at = now()
              WHERE id = (SELECT id FROM speaker_entry WHERE item_id = $1 AND state = 'waiting' ORDER BY position LIMIT 1)`,
            [c.currentItemId],
          );
        });
        return;
      }
      case 'remove-speaker': {
        live();
        const [, removed]: [unknown, number] = await this.db.query(
          `UPDATE speaker_entry SET state = 'removed', ended_at = CASE WHEN state = 'speaking' THEN now() END
            WHERE id = $1 AND conference_id = $2 AND state IN ('waiting','speaking')`,
          [request.entryId, c.id],
        );
        if (!removed) throw new RoomError('speaker_not_found', 'Nobody with that entry is on the list.');
        return;
      }
      case 'move-speaker': {
        live();
        const waiting = await this.waiting(c);
        const entry = waiting.find((w) => w.id === request.entryId);
        if (!entry) throw new RoomError('speaker_not_found', 'Nobody with that entry is waiting.');
        if (!Number.isInteger(request.index) || request.index < 0 || request.index >= waiting.length) {
          throw new RoomError('bad_index', `index must be between 0 and ${waiting.length - 1}.`);
        }
        const others = waiting.filter((w) => w.id !== entry.id);
        const before = others[request.index - 1]?.position;
        const after = others[request.index]?.position;
        const position = before === undefined ? (after ?? 1) - 1 : after === undefined ? before + 1 : (before + after) / 2;
        await this.db.getRepository(SpeakerEntry).update({ id: entry.id }, { position });
        return;
      }
      default:
        throw new RoomError('unknown_action', 'Unknown moderator action.');
    }
  }

  /**
   * Minutes, decisions and action items, by the moderator or the convenor, while the conference is live (or
   * just ended, to finish the minutes). A minutes save based on an older version is refused.
   */
  async record(user: AuthUser, request: MinutesAction, participatingOrganisations: string[]): Promise<void> {
    const c = await this.conference(request.conferenceId);
    if (c.moderatorMemberId !== user.memberId && c.convenorMemberId !== user.memberId) throw new RoomError('not_moderator', 'Only the moderator and the convenor keep the minutes.');
    if (c.state !== 'live' && c.state !== 'ended') throw new RoomError('not_live', `The conference is ${c.state}.`);
    const item = await this.db.getRepository(AgendaItem).findOneBy({ id: request.itemId, conferenceId: c.id });
    if (!item) throw new RoomError('item_not_found', 'No such item on this agenda.');
    const text = typeof request.text === 'string' ? request.text.trim() : '';
    switch (request.action) {
      case 'minutes': {
        if (text.length > 20_000) throw new RoomError('too_long', 'The minutes of one item are at most 20,000 characters.');
        const [, saved]: [unknown, number] = await this.db.query(
          `UPDATE agenda_item SET minutes = $2, minutes_version = minutes_version + 1 WHERE id = $1 AND minutes_version = $3`,
          [item.id, text, request.version],
        );
        if (!saved) throw new RoomError('stale', 'Somebody saved these minutes meanwhile; reload them and try again.');
        return;
      }
      case 'decision':
        if (text.length < 2 || text.length > 2000) throw new RoomError('bad_text', 'A decision is 2 to 2,000 characters.');
        await this.db.getRepository(ConferenceDecision).insert({ itemId: item.id, text, createdBy: user.memberId });
        return;
      case 'action-item': {
        if (text.length < 2 || text.length > 2000) throw new RoomError('bad_text', 'An action item is 2 to 2,000 characters.');
        if (!participatingOrganisations.includes(request.ownerOrganisationId)) throw new RoomError('bad_owner', 'The owner must be an organisation taking part.');
        if (typeof request.dueDate !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(request.dueDate) || Number.isNaN(Date.parse(request.dueDate))) {
          throw new RoomError('bad_date', 'dueDate must be a date like 2026-12-31.');
        }
        await this.db.getRepository(ActionItem).insert({ conferenceId: c.id, itemId: item.id, text, ownerOrganisationId: request.ownerOrganisationId, dueDate: request.dueDate, createdBy: user.memberId });
        return;
      }
      default:
        throw new RoomError('unknown_action', 'Unknown record.');
    }
  }

  private async waiting(c: Conference): Promise<SpeakerEntry[]> {
    if (!c.currentItemId) return [];
    return this.db.getRepository(SpeakerEntry).find({ where: { itemId: c.currentItemId, state: 'waiting' }, order: { position: 'ASC' } });
  }

  /** A participant asks to speak on the current item; a point of order goes after earlier points of order, before every hand. */
  async raise(user: AuthUser, conferenceId: string, pointOfOrder: boolean): Promise<void> {
    const c = await this.conference(conferenceId);
    if (c.state !== 'live' || !c.currentItemId) throw new RoomError('not_live', 'Hands go up while the conference is live, on its current item.');
    await this.db.transaction(async (tx) => {
      // One waiting request per member per item; the lock keeps concurrent raises in order.
      await tx.query('SELECT id FROM conference WHERE id = $1 FOR UPDATE', [c.id]);
      const waiting: Array<{ member_id: string; kind: string; position: number }> = await tx.query(
        `SELECT member_id, kind, position FROM speaker_entry WHERE item_id = $1 AND state = 'waiting' ORDER BY position`,
        [c.currentItemId],
      );
      if (waiting.some((w) => w.member_id === user.memberId)) throw new RoomError('already_waiting', 'You are on the list already.');
      let position: number;
      if (!pointOfOrder) position = (waiting.at(-1)?.position ?? 0) + 1;
      else {
        const lastPoint = waiting.filter((w) => w.kind === 'point_of_order').at(-1);
        const firstHand = waiting.find((w) => w.kind === 'hand' && (!lastPoint || w.position > lastPoint.position));
        position = lastPoint && firstHand ? (lastPoint.position + firstHand.position) / 2 : lastPoint ? lastPoint.position + 1 : firstHand ? firstHand.position - 1 : 1;
      }
      await tx.getRepository(SpeakerEntry).insert({
        conferenceId: c.id,
        itemId: c.currentItemId!,
        memberId: user.memberId,
        organisationId: user.organisationId,
        kind: pointOfOrder ? 'point_of_order' : 'hand',
        position,
      });
    });
  }

  async withdraw(user: AuthUser, conferenceId: string): Promise<void> {
    const [, removed]: [unknown, number] = await this.db.query(
      `UPDATE speaker_entry SET state = 'removed' WHERE conference_id = $1 AND member_id = $2 AND state = 'waiting'`,
      [conferenceId, user.memberId],
    );
    if (!removed) throw new RoomError('not_waiting', 'You are not on the list.');
  }

  /** The room as everyone in it sees it; `present` are the members whose sockets are in the room (any instance). */
  async state(conferenceId: string, present: Array<{ memberId: string; displayName: string; organisationId: string | null }>): Promise<ConferenceRoomState> {
    const c = await this.conference(conferenceId);
    const orgIds = [...new Set(present.map((p) => p.organisationId).filter((id): id is string => !!id))];
    const names = new Map<string, string>(
      (orgIds.length ? await this.db.query('SELECT id, name FROM organisation WHERE id = ANY($1)', [orgIds]) : []).map((o: { id: string; name: string }) => [o.id, o.name]),
    );
    const speakers: Array<{ id: string; member_id: string; display_name: string; organisation_id: string | null; organisation_name: string | null; kind: 'hand' | 'point_of_order'; state: 'waiting' | 'speaking'; started_at: Date | null }> =
      await this.db.query(
        `SELECT s.id, s.member_id, m.display_name, s.organisation_id, o.name AS organisation_name, s.kind, s.state, s.started_at
           FROM speaker_entry s JOIN member m ON m.id = s.member_id LEFT JOIN organisation o ON o.id = s.organisation_id
          WHERE s.conference_id = $1 AND (s.state = 'speaking' OR (s.state = 'waiting' AND s.item_id = $2))
          ORDER BY s.state = 'speaking' DESC, s.position`,
        [c.id, c.currentItemId],
      );
    const time: Array<{ organisation_id: string | null; organisation_name: string | null; seconds: number }> = await this.db.query(
      `SELECT s.organisation_id, o.name AS organisation_name, round(sum(extract(epoch FROM coalesce(s.ended_at, now()) - s.started_at)))::int AS seconds
         FROM speaker_entry s LEFT JOIN organisation o ON o.id = s.organisation_id
        WHERE s.conference_id = $1 AND s.started_at IS NOT NULL
        GROUP BY s.organisation_id, o.name ORDER BY seconds DESC`,
      [c.id],
    );
    const org = (id: string | null, name: string | null) => (id ? { id, name: name ?? '' } : null);
    return {
      conferenceId: c.id,
      state: c.state,
      currentItemId: c.currentItemId,
      moderator: { id: c.moderator.id, displayName: c.moderator.displayName },
      speakers: speakers.map((s) => ({
        id: s.id,
        member: { id: s.member_id, displayName: s.display_name },
        organisation: org(s.organisation_id, s.organisation_name),
        kind: s.kind,
        state: s.state,
        startedAt: s.started_at ? new Date(s.started_at).toISOString() : null,
      })),
      speakingTime: time.map((t) => ({ organisation: org(t.organisation_id, t.organisation_name), seconds: t.seconds })),
      present: present
        .map((p) => ({ member: { id: p.memberId, displayName: p.displayName }, organisation: org(p.organisationId, names.get(p.organisationId ?? '') ?? null) }))
        .sort((a, b) => a.member.displayName.localeCompare(b.member.displayName)),
    };
  }
}
