import { Pool } from 'pg';
import { RoomError, type LiveRoom, type RoomWrite } from './live-room';

/** Changes wait this long to share a write with others (a group commit): their senders' acks wait for it, nobody's screen does. */
const WRITE_DELAY_MS = 25;

interface Waiter {
  resolve: () => void;
  reject: (err: Error) => void;
}

/**
 * Stores the changes of the live rooms an instance hosts, after they were sent: every WRITE_DELAY_MS at most
 * one statement for all rooms with changes, one write after the other, so each room's changes reach the
 * database in order. A room is written only under its host's epoch. If the statement fails, each room is
 * written on its own, so that one room's bad write costs no other room anything; a room whose write fails
 * (or whose epoch has passed) is reported to its host, and its waiting senders get a RoomError. Only the room's
 * own columns are written, and a cancellation (made over HTTP meanwhile) stays.
 */
export class RoomWriter {
  private readonly waiting = new Map<LiveRoom, Waiter[]>();
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> | null = null;

  /** One connection of its own: writes go one after the other anyway, and its statement is prepared once. */
  private readonly pool: Pool;

  constructor(
    databaseUrl: string,
    private readonly failed: (room: LiveRoom, err: Error) => void,
    onError: (err: Error) => void,
  ) {
    this.pool = new Pool({ connectionString: databaseUrl, max: 1, application_name: 'roundtable-room-writer' });
    this.pool.on('error', onError);
  }

  /** Stores what is waiting, then closes the connection. */
  async close(): Promise<void> {
    for (;;) {
      if (this.writing) {
        await this.writing;
        continue;
      }
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      if (!this.waiting.size) break;
      this.writing = this.writeBatch().finally(() => (this.writing = null));
    }
    await this.pool.end().catch(() => undefined);
  }

  /** Resolves when everything `room` changed so far is stored; rejects if it cannot be. */
  stored(room: LiveRoom): Promise<void> {
    return new Promise((resolve, reject) => {
      const waiters = this.waiting.get(room) ?? [];
      waiters.push({ resolve, reject });
      this.waiting.set(room, waiters);
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.timer || this.writing) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.writing = this.writeBatch().finally(() => {
        this.writing = null;
        if (this.waiting.size) this.schedule();
      });
    }, WRITE_DELAY_MS);
  }

  private async writeBatch(): Promise<void> {
    const all = [...this.waiting].map(([room, waiters]) => ({ room, waiters, write: room.takeWrite() }));
    this.waiting.clear();
    // A room with nothing new to store has nothing to wait for once the writes before this one are done.
    for (const b of all) if (!b.write) b.waiters.forEach((w) => w.resolve());
    const batch = all.filter((b): b is typeof b & { write: RoomWrite } => b.write !== null);
    if (!batch.length) return;
    let stored: Set<string>;
    try {
      stored = await this.store(batch.map((b) => b.write));
    } catch {
      stored = new Set();
      for (const b of batch) {
        try {
          if ((await this.store([b.write])).size) stored.add(b.room.id);
        } catch (err) {
          this.fail(b, err as Error);
        }
      }
    }
    for (const b of batch) {
      if (stored.has(b.room.id)) b.waiters.forEach((w) => w.resolve());
      else if (b.waiters.length) this.fail(b, new Error('another instance hosts the room now'));
    }
  }

  private fail(b: { room: LiveRoom; waiters: Waiter[] }, err: Error): void {
    const refusal = new RoomError('failed', 'The change could not be stored; the room shows what is stored.');
    b.waiters.splice(0).forEach((w) => w.reject(refusal));
    this.failed(b.room, err);
  }

  /** One statement: each conference's row (only under its writer's epoch) and the entries that changed. Returns the rooms stored. */
  private async store(writes: RoomWrite[]): Promise<Set<string>> {
    const conferences = writes.map(({ conference: c }) => ({
      id: c.conferenceId, epoch: c.epoch, revision: c.revision, state: c.state, current_item_id: c.currentItemId,
      started_at: c.startedAt?.toISOString() ?? null, ended_at: c.endedAt?.toISOString() ?? null, speaking_seconds: c.speakingSeconds,
    }));
    const entries = writes.flatMap(({ conference, entries }) =>
      entries.map((e) => ({
        id: e.id, conference_id: conference.conferenceId, item_id: e.itemId, member_id: e.memberId, organisation_id: e.organisationId, kind: e.kind,
        position: e.position, state: e.state, requested_at: e.requestedAt.toISOString(), started_at: e.startedAt?.toISOString() ?? null, ended_at: e.endedAt?.toISOString() ?? null,
      })),
    );
    const { rows } = await this.pool.query<{ id: string }>({
      name: 'room-write',
      text: `WITH x AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS x(id uuid, epoch integer, revision integer, state text, current_item_id uuid,
                                                         started_at timestamptz, ended_at timestamptz, speaking_seconds jsonb)),
       c AS (
         UPDATE conference SET revision = x.revision, state = CASE WHEN conference.state = 'cancelled' THEN conference.state ELSE x.state END, current_item_id = x.current_item_id, started_at = x.started_at,
                ended_at = x.ended_at, speaking_seconds = x.speaking_seconds
           FROM x WHERE conference.id = x.id AND conference.room_epoch = x.epoch
         RETURNING conference.id),
       e AS (
         INSERT INTO speaker_entry (id, conference_id, item_id, member_id, organisation_id, kind, position, state, requested_at, started_at, ended_at)
         SELECT s.id, s.conference_id, s.item_id, s.member_id, s.organisation_id, s.kind, s.position, s.state, s.requested_at, s.started_at, s.ended_at
           FROM jsonb_to_recordset($2::jsonb) AS s(id uuid, conference_id uuid, item_id uuid, member_id uuid, organisation_id uuid, kind text,
                                                   position double precision, state text, requested_at timestamptz, started_at timestamptz, ended_at timestamptz)
          WHERE s.conference_id IN (SELECT id FROM c)
         ON CONFLICT (id) DO UPDATE SET position = excluded.position, state = excluded.state, started_at = excluded.started_at, ended_at = excluded.ended_at)
       SELECT id FROM c`,
      values: [JSON.stringify(conferences), JSON.stringify(entries)],
    });
    return new Set(rows.map((r) => r.id));
  }
}
