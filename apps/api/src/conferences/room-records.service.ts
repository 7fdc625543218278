import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '@roundtable/auth';
import type { ConferencePresence, MinutesAction } from '@roundtable/contracts';
import { ActionItem, ConferenceDecision } from '@roundtable/database';
import type { ConferenceCore } from './conferences.service';
import { RoomError, uuidOrNull, type RoomActor } from './live-room';

/**
 * What the live room records straight in the database (`conference.record`): minutes, decisions and action
 * items - they change the agenda, not the room's state, which RoomHostService keeps - and the names of who is
 * present.
 */
@Injectable()
export class RoomRecordsService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Minutes, decisions and action items, by the moderator or the convenor, while the conference is live (or
   * just ended, to finish the minutes). A minutes save based on an older version is refused. They change the
   * agenda, not the room's state. `c` and `participatingOrganisations` are the caller's participation.
   */
  async record(user: AuthUser, request: MinutesAction, c: ConferenceCore, participatingOrganisations: string[]): Promise<void> {
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
  async presence(conferenceId: string, present: RoomActor[]): Promise<ConferencePresence> {
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
