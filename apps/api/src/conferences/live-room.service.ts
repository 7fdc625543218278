import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '@roundtable/auth';
import { isUUID } from 'class-validator';
import type { ConferencePresence, ConferenceRoomState, MinutesAction, ModeratorAction } from '@roundtable/contracts';
import { ActionItem, Conference, ConferenceDecision } from '@roundtable/database';

/** A refused room request: the socket gets it as `conference.error`, and nothing changes. */
export class RoomError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export interface PresentMember {
  memberId: string;
  displayName: string;
  organisationId: string | null;
}

/**
 * The live room's rules and state, kept in PostgreSQL so that every api instance serving the room sees the
 * same: who may do what, the conference's state and current item, and the list of speakers. A request is one
 * statement - `conference_room_change` (migration ConferenceRevision) checks it against the rules, applies it
 * and returns the new state - so a change costs one round trip on any instance, its row lock keeps concurrent
 * changes to a room in order, and its revision lets clients keep the newest state.
 */
@Injectable()
export class LiveRoomService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Applies a request; a refusal becomes a RoomError (and the statement changed nothing). */
  private async change(user: AuthUser, conferenceId: string, request: Record<string, unknown>): Promise<ConferenceRoomState> {
    try {
      const [{ state }] = await this.db.query('SELECT conference_room_change($1, $2, $3, $4) AS state', [uuidOrNull(conferenceId), user.memberId, user.organisationId, request]);
      return state;
    } catch (err) {
      const e = err as { code?: string; detail?: string; message: string };
      if (e.code === 'P0001' && e.detail) throw new RoomError(e.detail, e.message);
      throw err;
    }
  }

  /** A moderator's action (the statement refuses anyone else); returns the room's new state. */
  moderate(user: AuthUser, request: ModeratorAction): Promise<ConferenceRoomState> {
    const r = request as Partial<{ action: unknown; itemId: unknown; entryId: unknown; index: unknown }>;
    return this.change(user, request.conferenceId, {
      action: typeof r.action === 'string' ? r.action : null,
      itemId: uuidOrNull(r.itemId),
      entryId: uuidOrNull(r.entryId),
      index: Number.isInteger(r.index) && Math.abs(r.index as number) < 1e6 ? r.index : null,
    });
  }

  /** A participant asks to speak on the current item; a point of order goes after earlier points of order, before every hand. */
  raise(user: AuthUser, conferenceId: string, pointOfOrder: boolean): Promise<ConferenceRoomState> {
    return this.change(user, conferenceId, { action: 'raise', pointOfOrder });
  }

  withdraw(user: AuthUser, conferenceId: string): Promise<ConferenceRoomState> {
    return this.change(user, conferenceId, { action: 'withdraw' });
  }

  /** The room as everyone in it sees it. */
  async state(conferenceId: string): Promise<ConferenceRoomState> {
    const [row] = await this.db.query('SELECT conference_room_state($1) AS state', [uuidOrNull(conferenceId)]);
    if (!row?.state) throw new RoomError('conference_not_found', `No conference with id ${conferenceId}.`);
    return row.state;
  }

  /**
   * Minutes, decisions and action items, by the moderator or the convenor, while the conference is live (or
   * just ended, to finish the minutes). A minutes save based on an older version is refused. They change the
   * agenda, not the room's state. `c` and `participatingOrganisations` are the caller's participation.
   */
  async record(user: AuthUser, request: MinutesAction, c: Conference, participatingOrganisations: string[]): Promise<void> {
    if (c.moderatorMemberId !== user.memberId && c.convenorMemberId !== user.memberId) throw new RoomError('not_moderator', 'Only the moderator and the convenor keep the minutes.');
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

/** Ids from a socket are untrusted: anything but a uuid matches nothing (instead of failing the statement). */
function uuidOrNull(value: unknown): string | null {
  return typeof value === 'string' && isUUID(value) ? value : null;
}
