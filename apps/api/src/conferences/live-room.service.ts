import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { AuthUser } from '@roundtable/auth';
import type { ConferencePresence, ConferenceRoomState, ConferenceState, MinutesAction, ModeratorAction } from '@roundtable/contracts';
import { ActionItem, ConferenceDecision } from '@roundtable/database';

/** A refused room request: the socket gets it as `conference.error`, and nothing changes. */
export class RoomError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

interface Room {
  id: string;
  state: ConferenceState;
  current_item_id: string | null;
  moderator_member_id: string;
  convenor_member_id: string;
  revision: number;
}

export interface PresentMember {
  memberId: string;
  displayName: string;
  organisationId: string | null;
}

/**
 * The live room's rules and state, kept in PostgreSQL so that every api instance serving the room sees the
 * same: who may do what, the conference's state and current item, and the list of speakers. Every change runs
 * in one transaction that first raises the conference's revision: its row lock puts concurrent changes to one
 * room in order, and the revision lets clients keep the newest state.
 */
@Injectable()
export class LiveRoomService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Runs a change to the room; a RoomError (or any failure) rolls it back. Returns the revision it produced. */
  private change(conferenceId: string, work: (tx: EntityManager, room: Room) => Promise<void>): Promise<number> {
    return this.db.transaction(async (tx) => {
      const [rows]: [Room[], number] = await tx.query(
        `UPDATE conference SET revision = revision + 1 WHERE id = $1
         RETURNING id, state, current_item_id, moderator_member_id, convenor_member_id, revision`,
        [conferenceId],
      );
      if (!rows.length) throw new RoomError('conference_not_found', `No conference with id ${conferenceId}.`);
      await work(tx, rows[0]);
      return rows[0].revision;
    });
  }

  /** A moderator's action; returns the room's new revision. */
  moderate(user: AuthUser, request: ModeratorAction): Promise<number> {
    return this.change(request.conferenceId, async (tx, c) => {
      if (c.moderator_member_id !== user.memberId) throw new RoomError('not_moderator', 'Only the moderator can do this.');
      const live = () => {
        if (c.state !== 'live') throw new RoomError('not_live', `The conference is ${c.state}.`);
      };
      // Ends the speech going on (on any item), if any.
      const endSpeech = () => tx.query(`UPDATE speaker_entry SET state = 'done', ended_at = now() WHERE conference_id = $1 AND state = 'speaking'`, [c.id]);
      switch (request.action) {
        case 'start': {
          if (c.state !== 'scheduled') throw new RoomError('state', `The conference is ${c.state}; only a scheduled one starts.`);
          await tx.query(
            `UPDATE conference SET state = 'live', started_at = now(),
                    current_item_id = (SELECT id FROM agenda_item WHERE conference_id = $1 ORDER BY position LIMIT 1)
              WHERE id = $1`,
            [c.id],
          );
          return;
        }
        case 'end':
          live();
          await endSpeech();
          await tx.query(`UPDATE conference SET state = 'ended', ended_at = now() WHERE id = $1`, [c.id]);
          return;
        case 'item': {
          live();
          const [item] = await tx.query('SELECT id FROM agenda_item WHERE id = $1 AND conference_id = $2', [uuidOrNull(request.itemId), c.id]);
          if (!item) throw new RoomError('item_not_found', 'No such item on this agenda.');
          await endSpeech();
          await tx.query('UPDATE conference SET current_item_id = $2 WHERE id = $1', [c.id, item.id]);
          return;
        }
        case 'next-speaker':
          live();
          await endSpeech();
          await tx.query(
            `UPDATE speaker_entry SET state = 'speaking', started_at = now()
              WHERE id = (SELECT id FROM speaker_entry WHERE item_id = $1 AND state = 'waiting' ORDER BY position LIMIT 1)`,
            [c.current_item_id],
          );
          return;
        case 'remove-speaker': {
          live();
          const [, removed]: [unknown, number] = await tx.query(
            `UPDATE speaker_entry SET state = 'removed', ended_at = CASE WHEN state = 'speaking' THEN now() END
              WHERE id = $1 AND conference_id = $2 AND state IN ('waiting','speaking')`,
            [uuidOrNull(request.entryId), c.id],
          );
          if (!removed) throw new RoomError('speaker_not_found', 'Nobody with that entry is on the list.');
          return;
        }
        case 'move-speaker': {
          live();
          const waiting = await this.waiting(tx, c);
          const entry = waiting.find((w) => w.id === request.entryId);
          if (!entry) throw new RoomError('speaker_not_found', 'Nobody with that entry is waiting.');
          if (!Number.isInteger(request.index) || request.index < 0 || request.index >= waiting.length) {
            throw new RoomError('bad_index', `index must be between 0 and ${waiting.length - 1}.`);
          }
          const others = waiting.filter((w) => w.id !== entry.id);
          const before = others[request.index - 1]?.position;
          const after = others[request.index]?.position;
          const position = before === undefined ? (after ?? 1) - 1 : after === undefined ? before + 1 : (before + after) / 2;
          await tx.query('UPDATE speaker_entry SET position = $2 WHERE id = $1', [entry.id, position]);
          return;
        }
        default:
          throw new RoomError('unknown_action', 'Unknown moderator action.');
      }
    });
  }

  /**
   * Minutes, decisions and action items, by the moderator or the convenor, while the conference is live (or
   * just ended, to finish the minutes). A minutes save based on an older version is refused. They change the
   * agenda, not the room's state.
   */
  async record(user: AuthUser, request: MinutesAction, participatingOrganisations: string[]): Promise<void> {
    const [c]: Room[] = await this.db.query('SELECT id, state, moderator_member_id, convenor_member_id FROM conference WHERE id = $1', [request.conferenceId]);
    if (!c) throw new RoomError('conference_not_found', `No conference with id ${request.conferenceId}.`);
    if (c.moderator_member_id !== user.memberId && c.convenor_member_id !== user.memberId) throw new RoomError('not_moderator', 'Only the moderator and the convenor keep the minutes.');
    if (c.state !== 'live' && c.state !== 'ended') throw new RoomError('not_live', `The conference is ${c.state}.`);
    const [item] = await this.db.query('SELECT id FROM agenda_item WHERE id = $1 AND conference_id = $2', [uuidOrNull(request.itemId), c.id]);
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

  private waiting(tx: EntityManager, c: Room): Promise<Array<{ id: string; member_id: string; kind: string; position: number }>> {
    if (!c.current_item_id) return Promise.resolve([]);
    return tx.query(`SELECT id, member_id, kind, position FROM speaker_entry WHERE item_id = $1 AND state = 'waiting' ORDER BY position`, [c.current_item_id]);
  }

  /** A participant asks to speak on the current item; a point of order goes after earlier points of order, before every hand. */
  raise(user: AuthUser, conferenceId: string, pointOfOrder: boolean): Promise<number> {
    return this.change(conferenceId, async (tx, c) => {
      if (c.state !== 'live' || !c.current_item_id) throw new RoomError('not_live', 'Hands go up while the conference is live, on its current item.');
      const waiting = await this.waiting(tx, c);
      if (waiting.some((w) => w.member_id === user.memberId)) throw new RoomError('already_waiting', 'You are on the list already.');
      let position: number;
      if (!pointOfOrder) position = (waiting.at(-1)?.position ?? 0) + 1;
      else {
        const lastPoint = waiting.filter((w) => w.kind === 'point_of_order').at(-1);
        const firstHand = waiting.find((w) => w.kind === 'hand' && (!lastPoint || w.position > lastPoint.position));
        position = lastPoint && firstHand ? (lastPoint.position + firstHand.position) / 2 : lastPoint ? lastPoint.position + 1 : firstHand ? firstHand.position - 1 : 1;
      }
      await tx.query(
        `INSERT INTO speaker_entry (conference_id, item_id, member_id, organisation_id, kind, position) VALUES ($1, $2, $3, $4, $5, $6)`,
        [c.id, c.current_item_id, user.memberId, user.organisationId, pointOfOrder ? 'point_of_order' : 'hand', position],
      );
    });
  }

  withdraw(user: AuthUser, conferenceId: string): Promise<number> {
    return this.change(conferenceId, async (tx, c) => {
      const [, removed]: [unknown, number] = await tx.query(
        `UPDATE speaker_entry SET state = 'removed' WHERE conference_id = $1 AND member_id = $2 AND state = 'waiting'`,
        [c.id, user.memberId],
      );
      if (!removed) throw new RoomError('not_waiting', 'You are not on the list.');
    });
  }

  /** The room as everyone in it sees it, read in one statement (one snapshot, one round trip). */
  async state(conferenceId: string): Promise<ConferenceRoomState> {
    const [row] = await this.db.query(
      `SELECT c.id, c.state, c.current_item_id, c.revision, m.id AS moderator_id, m.display_name AS moderator_name,
              coalesce((SELECT json_agg(json_build_object('id', s.id, 'memberId', s.member_id, 'displayName', sm.display_name,
                                                          'organisationId', s.organisation_id, 'organisationName', o.name,
                                                          'kind', s.kind, 'state', s.state, 'startedAt', s.started_at)
                                        ORDER BY s.state = 'speaking' DESC, s.position)
                          FROM speaker_entry s JOIN member sm ON sm.id = s.member_id LEFT JOIN organisation o ON o.id = s.organisation_id
                         WHERE s.conference_id = c.id AND (s.state = 'speaking' OR (s.state = 'waiting' AND s.item_id = c.current_item_id))), '[]') AS speakers,
              coalesce((SELECT json_agg(json_build_object('organisationId', t.organisation_id, 'organisationName', t.name, 'seconds', t.seconds) ORDER BY t.seconds DESC)
                          FROM (SELECT s.organisation_id, o.name, round(sum(extract(epoch FROM coalesce(s.ended_at, now()) - s.started_at)))::int AS seconds
                                  FROM speaker_entry s LEFT JOIN organisation o ON o.id = s.organisation_id
                                 WHERE s.conference_id = c.id AND s.state IN ('speaking','done','removed') AND s.started_at IS NOT NULL
                                 GROUP BY s.organisation_id, o.name) t), '[]') AS speaking_time
         FROM conference c JOIN member m ON m.id = c.moderator_member_id
        WHERE c.id = $1`,
      [conferenceId],
    );
    if (!row) throw new RoomError('conference_not_found', `No conference with id ${conferenceId}.`);
    const org = (id: string | null, name: string | null) => (id ? { id, name: name ?? '' } : null);
    type SpeakerRow = { id: string; memberId: string; displayName: string; organisationId: string | null; organisationName: string | null; kind: 'hand' | 'point_of_order'; state: 'waiting' | 'speaking'; startedAt: string | null };
    return {
      conferenceId: row.id,
      revision: row.revision,
      state: row.state,
      currentItemId: row.current_item_id,
      moderator: { id: row.moderator_id, displayName: row.moderator_name },
      speakers: (row.speakers as SpeakerRow[]).map((s) => ({
        id: s.id,
        member: { id: s.memberId, displayName: s.displayName },
        organisation: org(s.organisationId, s.organisationName),
        kind: s.kind,
        state: s.state,
        startedAt: s.startedAt ? new Date(s.startedAt).toISOString() : null,
      })),
      speakingTime: (row.speaking_time as Array<{ organisationId: string | null; organisationName: string | null; seconds: number }>).map((t) => ({
        organisation: org(t.organisationId, t.organisationName),
        seconds: t.seconds,
      })),
    };
  }

  /** Who is in the room, with their organisations' names, in name order. */
  async presence(conferenceId: string, present: PresentMember[]): Promise<ConferencePresence> {
    const orgIds = [...new Set(present.map((p) => p.organisationId).filter((id): id is string => !!id))];
    const names = new Map<string, string>(
      (orgIds.length ? await this.db.query('SELECT id, name FROM organisation WHERE id = ANY($1)', [orgIds]) : []).map((o: { id: string; name: string }) => [o.id, o.name]),
    );
    return {
      conferenceId,
      present: present
        .map((p) => ({ member: { id: p.memberId, displayName: p.displayName }, organisation: p.organisationId ? { id: p.organisationId, name: names.get(p.organisationId) ?? '' } : null }))
        .sort((a, b) => a.member.displayName.localeCompare(b.member.displayName)),
    };
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Ids from a socket are untrusted: anything but a uuid matches nothing (instead of failing the statement). */
function uuidOrNull(value: unknown): string | null {
  return typeof value === 'string' && UUID.test(value) ? value : null;
}
