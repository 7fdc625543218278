import { isUUID } from 'class-validator';
import type { ConferenceRoomState, ConferenceState } from '@roundtable/contracts';

/** A refused room request: the socket gets it as `conference.error`, and nothing changes. */
export class RoomError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Who asks: a member as the socket's token names them. Plain values, so that it can travel to another instance. */
export interface RoomActor {
  memberId: string;
  displayName: string;
  organisationId: string | null;
}

/** A request to the room, its values checked for type (ids are uuids or null): see moderatorRequest. */
export type RoomRequest =
  | { action: 'raise'; pointOfOrder: boolean }
  | { action: 'withdraw' }
  | { action: 'start' | 'end' | 'next-speaker' | 'unknown' }
  | { action: 'item'; itemId: string | null }
  | { action: 'remove-speaker'; entryId: string | null }
  | { action: 'move-speaker'; entryId: string | null; index: number | null };

const MODERATOR_ACTIONS = ['start', 'end', 'next-speaker', 'item', 'remove-speaker', 'move-speaker'];

/** A moderator's action as a socket sent it (untrusted): anything malformed becomes a value the rules refuse. */
export function moderatorRequest(body: Partial<Record<'action' | 'itemId' | 'entryId' | 'index', unknown>>): RoomRequest {
  const action = typeof body.action === 'string' && MODERATOR_ACTIONS.includes(body.action) ? body.action : 'unknown';
  return {
    action,
    itemId: uuidOrNull(body.itemId),
    entryId: uuidOrNull(body.entryId),
    index: Number.isInteger(body.index) && Math.abs(body.index as number) < 1e6 ? (body.index as number) : null,
  } as RoomRequest;
}

/** Ids from a socket are untrusted: anything but a uuid matches nothing. */
export function uuidOrNull(value: unknown): string | null {
  return typeof value === 'string' && isUUID(value) ? value : null;
}

/**
 * What a request needs from outside the room, looked up before it is applied: the agenda's first item (start),
 * whether an item is on the agenda (item), the name of the asking member's organisation (raise).
 */
export interface RoomFacts {
  firstItemId?: string | null;
  itemOnAgenda?: boolean;
  organisationName?: string;
}

export interface SpeakerEntryRow {
  id: string;
  itemId: string;
  memberId: string;
  displayName: string;
  organisationId: string | null;
  kind: 'hand' | 'point_of_order';
  position: number;
  state: 'waiting' | 'speaking' | 'done' | 'removed';
  requestedAt: Date;
  startedAt: Date | null;
  endedAt: Date | null;
}

/** The conference's part of the room, as stored in its row. */
export interface RoomConference {
  conferenceId: string;
  epoch: number;
  revision: number;
  state: ConferenceState;
  currentItemId: string | null;
  startedAt: Date | null;
  endedAt: Date | null;
  moderator: { id: string; displayName: string };
  /** Seconds of finished speeches per organisation id ('' for none). */
  speakingSeconds: Record<string, number>;
}

/** What changed since the last write: the conference's row and the entries that changed. */
export interface RoomWrite {
  conference: RoomConference;
  entries: SpeakerEntryRow[];
}

/**
 * The live room's rules over its state in memory: the conference's state and current item, the list of speakers
 * (the entries waiting or speaking) and the speaking time per organisation. No I/O: the room's host
 * (RoomHostService) looks up the facts a request needs, applies it here, sends the new state and stores what
 * changed. A refused request throws a RoomError and changes nothing, not even the revision.
 */
export class LiveRoom {
  private readonly entries: SpeakerEntryRow[];
  private readonly changed = new Map<string, SpeakerEntryRow>();
  /** Whether a change was applied since the last takeWrite. */
  private unwritten = false;

  constructor(
    readonly conference: RoomConference,
    entries: SpeakerEntryRow[],
    /** Names of the organisations that appear in the room, by id. */
    private readonly organisationNames: Map<string, string>,
    private readonly newId: () => string,
  ) {
    this.entries = entries.filter((e) => e.state === 'waiting' || e.state === 'speaking');
  }

  get id(): string {
    return this.conference.conferenceId;
  }

  knowsOrganisation(id: string): boolean {
    return this.organisationNames.has(id);
  }

  /** Applies a request by `actor` at time `now`; returns the new state. */
  apply(actor: RoomActor, request: RoomRequest, facts: RoomFacts, now: Date): ConferenceRoomState {
    const c = this.conference;
    switch (request.action) {
      case 'raise': {
        if (c.state !== 'live' || !c.currentItemId) throw new RoomError('not_live', 'Hands go up while the conference is live, on its current item.');
        const waiting = this.waiting();
        if (waiting.some((w) => w.memberId === actor.memberId)) throw new RoomError('already_waiting', 'You are on the list already.');
        let position: number;
        if (!request.pointOfOrder) position = (waiting.at(-1)?.position ?? 0) + 1;
        else {
          // A point of order goes after earlier points of order, before every waiting hand.
          const lastPoint = waiting.filter((w) => w.kind === 'point_of_order').at(-1);
          const firstHand = waiting.find((w) => w.kind === 'hand' && (!lastPoint || w.position > lastPoint.position));
          position = lastPoint && firstHand ? (lastPoint.position + firstHand.position) / 2 : lastPoint ? lastPoint.position + 1 : firstHand ? firstHand.position - 1 : 1;
        }
        if (actor.organisationId && facts.organisationName !== undefined) this.organisationNames.set(actor.organisationId, facts.organisationName);
        this.touch({
          id: this.newId(), itemId: c.currentItemId, memberId: actor.memberId, displayName: actor.displayName, organisationId: actor.organisationId,
          kind: request.pointOfOrder ? 'point_of_order' : 'hand', position, state: 'waiting', requestedAt: now, startedAt: null, endedAt: null,
        });
        break;
      }
      case 'withdraw': {
        const mine = this.entries.filter((e) => e.state === 'waiting' && e.memberId === actor.memberId);
        if (!mine.length) throw new RoomError('not_waiting', 'You are not on the list.');
        for (const e of mine) this.touch({ ...e, state: 'removed' });
        break;
      }
      default:
        this.moderate(actor, request, facts, now);
    }
    c.revision++;
    this.unwritten = true;
    return this.view(now);
  }

  private moderate(actor: RoomActor, request: RoomRequest, facts: RoomFacts, now: Date): void {
    const c = this.conference;
    if (c.moderator.id !== actor.memberId) throw new RoomError('not_moderator', 'Only the moderator can do this.');
    if (request.action === 'start') {
      if (c.state !== 'scheduled') throw new RoomError('state', `The conference is ${c.state}; only a scheduled one starts.`);
      Object.assign(c, { state: 'live', startedAt: now, currentItemId: facts.firstItemId ?? null });
      return;
    }
    if (request.action === 'unknown' || request.action === 'raise' || request.action === 'withdraw') throw new RoomError('unknown_action', 'Unknown moderator action.');
    if (c.state !== 'live') throw new RoomError('not_live', `The conference is ${c.state}.`);
    switch (request.action) {
      case 'remove-speaker': {
        const entry = this.entries.find((e) => e.id === request.entryId);
        if (!entry) throw new RoomError('speaker_not_found', 'Nobody with that entry is on the list.');
        this.stop(entry, 'removed', now);
        return;
      }
      case 'move-speaker': {
        const waiting = this.waiting();
        const entry = waiting.find((w) => w.id === request.entryId);
        if (!entry) throw new RoomError('speaker_not_found', 'Nobody with that entry is waiting.');
        if (request.index === null || request.index < 0 || request.index >= waiting.length) throw new RoomError('bad_index', `index must be between 0 and ${waiting.length - 1}.`);
        // Between the neighbours it gets among the others.
        const others = waiting.filter((w) => w !== entry);
        const before = others[request.index - 1]?.position;
        const after = others[request.index]?.position;
        this.touch({ ...entry, position: before === undefined ? (after ?? 1) - 1 : after === undefined ? before + 1 : (before + after) / 2 });
        return;
      }
      case 'item':
        if (!request.itemId || !facts.itemOnAgenda) throw new RoomError('item_not_found', 'No such item on this agenda.');
        this.stopSpeech(now);
        c.currentItemId = request.itemId;
        return;
      case 'end':
        this.stopSpeech(now);
        Object.assign(c, { state: 'ended', endedAt: now });
        return;
      case 'next-speaker': {
        this.stopSpeech(now);
        const next = this.waiting()[0];
        if (next) this.touch({ ...next, state: 'speaking', startedAt: now });
        return;
      }
    }
  }

  /** The room as everyone in it sees it: the current speaker first, then the waiting list. */
  view(now: Date): ConferenceRoomState {
    const c = this.conference;
    const organisation = (id: string | null) => (id ? { id, name: this.organisationNames.get(id) ?? '' } : null);
    const speaking = this.entries.filter((e) => e.state === 'speaking');
    const seconds = new Map(Object.entries(c.speakingSeconds));
    for (const s of speaking) seconds.set(s.organisationId ?? '', (seconds.get(s.organisationId ?? '') ?? 0) + elapsed(s, now));
    return {
      conferenceId: c.conferenceId,
      epoch: c.epoch,
      revision: c.revision,
      state: c.state,
      currentItemId: c.currentItemId,
      moderator: c.moderator,
      speakers: [...speaking, ...this.waiting()].map((s) => ({
        id: s.id,
        member: { id: s.memberId, displayName: s.displayName },
        organisation: organisation(s.organisationId),
        kind: s.kind,
        state: s.state as 'waiting' | 'speaking',
        startedAt: s.startedAt?.toISOString() ?? null,
      })),
      speakingTime: [...seconds]
        .map(([id, s]) => ({ organisation: organisation(id || null), seconds: Math.round(s) }))
        .sort((a, b) => b.seconds - a.seconds || (a.organisation?.name ?? '').localeCompare(b.organisation?.name ?? '')),
    };
  }

  /** The conference and the entries changed since the last call, for the host to store; null if nothing changed. */
  takeWrite(): RoomWrite | null {
    if (!this.unwritten) return null;
    const entries = [...this.changed.values()];
    this.changed.clear();
    this.unwritten = false;
    return { conference: { ...this.conference, speakingSeconds: { ...this.conference.speakingSeconds } }, entries };
  }

  /** The entries waiting on the current item, in order. */
  private waiting(): SpeakerEntryRow[] {
    return this.entries.filter((e) => e.state === 'waiting' && e.itemId === this.conference.currentItemId).sort((a, b) => a.position - b.position);
  }

  /** Ends the speech going on, if any. */
  private stopSpeech(now: Date): void {
    for (const e of this.entries.filter((x) => x.state === 'speaking')) this.stop(e, 'done', now);
  }

  /** Takes an entry off the list; a speech that ends adds its length to its organisation's speaking time. */
  private stop(entry: SpeakerEntryRow, state: 'done' | 'removed', now: Date): void {
    if (entry.state === 'speaking') {
      const key = entry.organisationId ?? '';
      this.conference.speakingSeconds[key] = (this.conference.speakingSeconds[key] ?? 0) + elapsed(entry, now);
      this.touch({ ...entry, state, endedAt: now });
    } else this.touch({ ...entry, state });
  }

  /** Puts a new or changed entry in place (entries that leave the list leave memory) and marks it for storing. */
  private touch(entry: SpeakerEntryRow): void {
    const at = this.entries.findIndex((e) => e.id === entry.id);
    const stays = entry.state === 'waiting' || entry.state === 'speaking';
    if (at >= 0) this.entries.splice(at, 1, ...(stays ? [entry] : []));
    else if (stays) this.entries.push(entry);
    this.changed.set(entry.id, entry);
  }
}

function elapsed(entry: SpeakerEntryRow, now: Date): number {
  return entry.startedAt ? Math.max(0, (now.getTime() - entry.startedAt.getTime()) / 1000) : 0;
}
