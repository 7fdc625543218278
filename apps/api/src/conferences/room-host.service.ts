import { Inject, Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import type { Server } from 'socket.io';
import { DataSource } from 'typeorm';
import type { ApiConfig } from '@roundtable/config';
import type { ConferenceRoomState } from '@roundtable/contracts';
import { API_CONFIG } from '../api-config';
import { LiveRoom, RoomError, type RoomActor, type RoomFacts, type RoomRequest, type SpeakerEntryRow } from './live-room';
import { RoomWriter } from './room-writer';

/** The socket.io room of a conference's live room. */
export const conferenceRoom = (conferenceId: string) => `conference:${conferenceId}`;

/** What one instance asks of a room's host: apply a request, tell the state, or take the room anew from the database. */
type RoomOp = { kind: 'change'; actor: RoomActor; request: RoomRequest } | { kind: 'state' } | { kind: 'reload' };
/** The answer to a RoomOp; as an object so that it survives the trip to another instance. */
type RoomAnswer = { epoch: number; revision: number } | { state: ConferenceRoomState } | { reloaded: true };
type Forwarded = { value: RoomAnswer } | { error: { code: string; message: string } } | null;

/** The server-side event that carries a request to the room's host on another instance. */
const FORWARD = 'conference.room-host';
/** A room nobody used for this long is given up (its state is stored; the next request hosts it anew). */
const IDLE_MS = 10 * 60_000;
/** How long a request waits for a room to get a host (another instance giving it up, or failing over). */
const HOSTING_TRIES = 40;
/** How often a forwarded request that has no answer yet checks whether the room's host has died. */
const PROBE_MS = 1000;
/** How many answers to forwarded requests are kept, to answer a request sent again. */
const ANSWERS_KEPT = 5000;

interface Hosted {
  live: LiveRoom;
  /** Requests are applied one after the other, in the order they arrived. */
  tail: Promise<unknown>;
  /** Given up (idle, or after a failed write): requests that still reach it go to the room's host anew. */
  closed: boolean;
  lastUsed: number;
}

/**
 * Hosts live rooms: one api instance per conference holds its room in memory - the authority for it - so that a
 * request is checked, applied and sent to everyone in the room without waiting for the database; the RoomWriter
 * stores it right after, and its sender's ack waits for that. A PostgreSQL advisory lock (on a connection of its
 * own) decides which instance hosts a room: the moderator's instance when the moderator joins, else the first
 * with a change; the others forward requests through the socket.io adapter. An instance that dies loses the
 * lock with its connection, and the next request, on any instance, hosts the room anew from what is stored -
 * under a higher epoch, which also fences off any late write of the old host. Clients keep the state with the
 * highest (epoch, revision). A change that was sent but could not be stored is withdrawn: its sender gets an
 * error, and the room gets the stored state under a new epoch.
 */
@Injectable()
export class RoomHostService implements OnModuleDestroy {
  private readonly logger = new Logger(RoomHostService.name);
  private server?: Server;
  private readonly rooms = new Map<string, Promise<Hosted | null>>();
  /** Rooms last found hosted on another instance: their requests are forwarded without trying the lock first. */
  private readonly elsewhere = new Set<string>();
  /** Answers to the latest forwarded requests, by request id. */
  private readonly answered = new Map<string, Promise<Forwarded>>();
  private locks?: Promise<Client>;
  private lockQueue: Promise<unknown> = Promise.resolve();
  /** Shutting down: no room is taken any more. */
  private closing = false;
  private readonly sweeper = setInterval(() => void this.giveUpIdle(), 60_000).unref();
  private readonly writer: RoomWriter;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {
    this.writer = new RoomWriter(config.DATABASE_URL, (live, err) => void this.writeFailed(live, err), (err) => this.logger.warn(`room writer: ${err.message}`));
  }

  /** Called by the gateway once socket.io runs: hosts send through it and answer the other instances. */
  attach(server: Server): void {
    this.server = server;
    server.on(FORWARD, (message: { conferenceId: string; requestId: string; op: RoomOp }, reply: (answer: Forwarded) => void) => {
      void this.answerForwarded(message.conferenceId, message.requestId, message.op).then(reply);
    });
  }

  /** Applies a request; resolves with the revision it produced once that is stored. A refusal is a RoomError. */
  async change(conferenceId: string, actor: RoomActor, request: RoomRequest): Promise<{ epoch: number; revision: number }> {
    return (await this.ask(conferenceId, { kind: 'change', actor, request })) as { epoch: number; revision: number };
  }

  /**
   * The room's state now, from its host (it includes changes sent but not yet stored). With `take`, this
   * instance hosts the room if nobody does; without, a room nobody hosts is read as stored.
   */
  async state(conferenceId: string, { take }: { take: boolean }): Promise<ConferenceRoomState> {
    if (take) return ((await this.ask(conferenceId, { kind: 'state' })) as { state: ConferenceRoomState }).state;
    const answer = (await this.askHost(conferenceId, { kind: 'state' })) as { state: ConferenceRoomState } | null;
    return answer?.state ?? (await this.load(conferenceId, false)).view(new Date());
  }

  /**
   * After a change to the conference outside the room (an agenda item removed, the moderator replaced): its
   * host takes the room anew from the database and sends it to everyone in it. A room nobody hosts is not
   * taken for that: its sockets get the state as stored.
   */
  async reload(conferenceId: string): Promise<void> {
    if (await this.askHost(conferenceId, { kind: 'reload' })) return;
    this.server?.to(conferenceRoom(conferenceId)).emit('conference.state', (await this.load(conferenceId, false)).view(new Date()));
  }

  async onModuleDestroy(): Promise<void> {
    this.closing = true;
    clearInterval(this.sweeper);
    // Requests under way are applied, and what was sent is stored, before the locks go.
    for (const room of this.rooms.values()) await (await room.catch(() => null))?.tail;
    this.rooms.clear();
    await this.writer.close();
    const locks = await this.locks?.catch(() => null);
    this.locks = undefined; // ending it is no loss to report
    await locks?.end().catch(() => undefined);
  }

  /** Runs `op` where the room is hosted: here (taking the room if nobody has it), or on the instance that has it. */
  private async ask(conferenceId: string, op: RoomOp): Promise<RoomAnswer> {
    let requestId: string | undefined; // the same for every try, so that a host runs a forwarded request once
    for (let attempt = 0; attempt < HOSTING_TRIES; attempt++) {
      if (!this.elsewhere.has(conferenceId)) {
        const hosted = await this.host(conferenceId);
        if (hosted) return this.run(hosted, op);
      }
      requestId ??= randomUUID();
      const outcome = await this.forwardOrHost(conferenceId, requestId, op);
      if ('hosted' in outcome) {
        this.elsewhere.delete(conferenceId);
        return this.run(outcome.hosted, op);
      }
      const answer = outcome.answer;
      if (answer) {
        this.elsewhere.add(conferenceId);
        if ('error' in answer) throw new RoomError(answer.error.code, answer.error.message);
        return answer.value;
      }
      // Nobody answered for the room: its host is giving it up, or died and its lock is not free yet.
      this.elsewhere.delete(conferenceId);
      await new Promise((r) => setTimeout(r, 25 * Math.min(attempt + 1, 8)));
    }
    throw new RoomError('failed', 'The room is not available just now; please try again.');
  }

  /** Runs `op` where the room is hosted, here or on another instance, without taking it; null if nobody hosts it. */
  private async askHost(conferenceId: string, op: RoomOp): Promise<RoomAnswer | null> {
    const hosted = await this.rooms.get(conferenceId)?.catch(() => null);
    if (hosted) return this.run(hosted, op);
    const answer = await this.forward(conferenceId, randomUUID(), op);
    if (answer && 'error' in answer) throw new RoomError(answer.error.code, answer.error.message);
    return answer?.value ?? null;
  }

  /** The room if this instance hosts it, taking it when nobody does; null when another instance hosts it. */
  private host(conferenceId: string): Promise<Hosted | null> {
    let room = this.rooms.get(conferenceId);
    if (!room) {
      room = this.take(conferenceId);
      this.rooms.set(conferenceId, room);
      const forget = () => {
        if (this.rooms.get(conferenceId) === room) this.rooms.delete(conferenceId);
      };
      room.then((hosted) => hosted || forget(), forget);
    }
    return room;
  }

  /** Takes the room's lock if it is free and loads the room (sending it to everyone in it); null if taken. */
  private async take(conferenceId: string): Promise<Hosted | null> {
    const [{ taken }] = await this.lockQuery('SELECT pg_try_advisory_lock(hashtextextended($1, 0)) AS taken', conferenceId);
    if (!taken) return null;
    try {
      const live = await this.load(conferenceId);
      this.server?.to(conferenceRoom(conferenceId)).emit('conference.state', live.view(new Date()));
      return { live, tail: Promise.resolve(), closed: false, lastUsed: Date.now() };
    } catch (err) {
      await this.unlock(conferenceId);
      throw err;
    }
  }

  /** The one connection that holds this instance's room locks; if it breaks, so does every hosting here. */
  private lockConnection(): Promise<Client> {
    if (this.closing) return Promise.reject(new RoomError('failed', 'The server is shutting down; please reconnect.'));
    if (!this.locks) {
      const client = new Client({ connectionString: this.config.DATABASE_URL, application_name: 'roundtable-room-hosts' });
      const lost = (why: string) => {
        if (this.locks !== connected) return;
        this.logger.warn(`room locks lost (${why}): this instance hosts no room any more`);
        this.locks = undefined;
        for (const [id, room] of this.rooms) {
          this.rooms.delete(id);
          void room.then((hosted) => hosted && (hosted.closed = true), () => undefined);
        }
      };
      client.on('error', (err) => lost(err.message));
      client.on('end', () => lost('connection ended'));
      const connected: Promise<Client> = client.connect().then(() => client);
      this.locks = connected;
      connected.catch(() => lost('no connection'));
    }
    return this.locks;
  }

  private async unlock(conferenceId: string): Promise<void> {
    if (this.locks) await this.lockQuery('SELECT pg_advisory_unlock(hashtextextended($1, 0))', conferenceId).catch(() => undefined);
  }

  /** A statement on the lock connection, one at a time (pg does not queue them for long). */
  private lockQuery(sql: string, conferenceId: string): Promise<Array<Record<string, unknown>>> {
    const result = this.lockQueue.then(async () => (await (await this.lockConnection()).query(sql, [conferenceId])).rows);
    this.lockQueue = result.catch(() => undefined);
    return result;
  }

  /** Reads the room as stored; to take it, under a new epoch (so that a former host's late writes are refused). */
  private async load(conferenceId: string, take = true): Promise<LiveRoom> {
    const columns = `c.id, c.room_epoch, c.revision, c.state, c.current_item_id, c.started_at, c.ended_at, c.speaking_seconds, m.id AS moderator_id, m.display_name AS moderator_name`;
    const [c] = take
      ? (await this.db.query(`UPDATE conference c SET room_epoch = c.room_epoch + 1 FROM member m WHERE c.id = $1 AND m.id = c.moderator_member_id RETURNING ${columns}`, [conferenceId]))[0]
      : await this.db.query(`SELECT ${columns} FROM conference c JOIN member m ON m.id = c.moderator_member_id WHERE c.id = $1`, [conferenceId]);
    if (!c) throw new RoomError('conference_not_found', `No conference with id ${conferenceId}.`);
    const entries: Array<SpeakerEntryRow & { organisationName: string | null }> = await this.db.query(
      `SELECT s.id, s.item_id AS "itemId", s.member_id AS "memberId", m.display_name AS "displayName", s.organisation_id AS "organisationId",
              o.name AS "organisationName", s.kind, s.position, s.state, s.requested_at AS "requestedAt", s.started_at AS "startedAt", s.ended_at AS "endedAt"
         FROM speaker_entry s JOIN member m ON m.id = s.member_id LEFT JOIN organisation o ON o.id = s.organisation_id
        WHERE s.conference_id = $1 AND s.state IN ('waiting','speaking')`,
      [conferenceId],
    );
    const spoken = Object.keys(c.speaking_seconds).filter(Boolean);
    const names = new Map<string, string>(
      (spoken.length ? await this.db.query('SELECT id, name FROM organisation WHERE id = ANY($1)', [spoken]) : []).map((o: { id: string; name: string }) => [o.id, o.name]),
    );
    for (const e of entries) if (e.organisationId) names.set(e.organisationId, e.organisationName ?? '');
    return new LiveRoom(
      {
        conferenceId: c.id, epoch: c.room_epoch, revision: c.revision, state: c.state, currentItemId: c.current_item_id,
        startedAt: c.started_at, endedAt: c.ended_at, moderator: { id: c.moderator_id, displayName: c.moderator_name }, speakingSeconds: c.speaking_seconds,
      },
      entries.map(({ organisationName: _, ...e }) => e),
      names,
      randomUUID,
    );
  }

  /** Runs `op` on a room hosted here, after the requests before it. */
  private async run(hosted: Hosted, op: RoomOp): Promise<RoomAnswer> {
    hosted.lastUsed = Date.now();
    const id = hosted.live.id;
    const applied = hosted.tail.then(async () => {
      if (hosted.closed) return { stored: this.ask(id, op) }; // given up meanwhile: to whoever hosts it now
      if (op.kind === 'state') return { stored: Promise.resolve({ state: hosted.live.view(new Date()) }) };
      if (op.kind === 'reload') {
        await this.flushed(hosted);
        await this.rehost(hosted);
        return { stored: Promise.resolve({ reloaded: true as const }) };
      }
      const facts = await this.facts(hosted.live, op.actor, op.request);
      if (hosted.closed) return { stored: this.ask(id, op) };
      const state = hosted.live.apply(op.actor, op.request, facts, new Date());
      this.server?.to(conferenceRoom(id)).emit('conference.state', state);
      const { epoch, revision } = state;
      return { stored: this.writer.stored(hosted.live).then(() => ({ epoch, revision })) };
    });
    hosted.tail = applied.catch(() => undefined);
    return (await applied).stored;
  }

  /** What a request needs from the database before it is applied (seldom: starting, moving to an item, a first hand of an organisation). */
  private async facts(live: LiveRoom, actor: RoomActor, request: RoomRequest): Promise<RoomFacts> {
    const c = live.conference;
    if (request.action === 'start' && c.moderator.id === actor.memberId && c.state === 'scheduled') {
      const [first] = await this.db.query('SELECT id FROM agenda_item WHERE conference_id = $1 ORDER BY position LIMIT 1', [c.conferenceId]);
      return { firstItemId: first?.id ?? null };
    }
    if (request.action === 'item' && request.itemId) {
      return { itemOnAgenda: (await this.db.query('SELECT 1 FROM agenda_item WHERE id = $1 AND conference_id = $2', [request.itemId, c.conferenceId])).length > 0 };
    }
    if (request.action === 'raise' && actor.organisationId && !live.knowsOrganisation(actor.organisationId)) {
      const [org] = await this.db.query('SELECT name FROM organisation WHERE id = $1', [actor.organisationId]);
      return { organisationName: org?.name ?? '' };
    }
    return {};
  }

  /** Resolves when everything the room changed so far is stored (or could not be). */
  private flushed(hosted: Hosted): Promise<void> {
    return this.writer.stored(hosted.live).catch(() => undefined);
  }

  /** A write of the room failed: what was sent and not stored is withdrawn - the room is hosted anew from the database. */
  private async writeFailed(live: LiveRoom, err: Error): Promise<void> {
    const hosted = await this.rooms.get(live.id)?.catch(() => null);
    if (hosted?.live !== live) return; // given up already
    this.logger.warn(`room ${live.id}: a change could not be stored (${err.message}); the room goes back to what is stored`);
    await this.rehost(hosted).catch(() => undefined);
  }

  /** Gives the room up and hosts it anew from the database, which sends the stored state to everyone in it. */
  private async rehost(hosted: Hosted): Promise<void> {
    await this.drop(hosted);
    await this.ask(hosted.live.id, { kind: 'state' });
  }

  /** Gives the room up: later requests go to whoever hosts it next (maybe this instance again, from the database). */
  private async drop(hosted: Hosted): Promise<void> {
    if (hosted.closed) return;
    hosted.closed = true;
    const id = hosted.live.id;
    const room = this.rooms.get(id);
    if (room && (await room.catch(() => null)) === hosted) {
      this.rooms.delete(id);
      await this.unlock(id);
    }
  }

  private async giveUpIdle(): Promise<void> {
    for (const room of [...this.rooms.values()]) {
      const hosted = await room.catch(() => null);
      if (hosted && !hosted.closed && Date.now() - hosted.lastUsed > IDLE_MS) {
        hosted.tail = hosted.tail.then(async () => {
          await this.flushed(hosted);
          await this.drop(hosted);
        });
      }
    }
  }

  /**
   * Another instance's request: answered if this instance hosts the room, with null otherwise. A request sent
   * again (its sender heard nothing in time) gets the answer of its first run instead of running twice.
   */
  private answerForwarded(conferenceId: string, requestId: string, op: RoomOp): Promise<Forwarded> {
    const earlier = this.answered.get(requestId);
    if (earlier) return earlier;
    const answer = (async (): Promise<Forwarded> => {
      const hosted = await this.rooms.get(conferenceId)?.catch(() => null);
      if (!hosted || hosted.closed) return null;
      try {
        return { value: await this.run(hosted, op) };
      } catch (err) {
        return { error: err instanceof RoomError ? { code: err.code, message: err.message } : { code: 'failed', message: 'The request failed.' } };
      }
    })();
    void answer.then((a) => {
      if (a === null) this.answered.delete(requestId); // not run here: free to run wherever the room is hosted next
    });
    this.answered.set(requestId, answer);
    if (this.answered.size > ANSWERS_KEPT) this.answered.delete(this.answered.keys().next().value!);
    return answer;
  }

  /**
   * Forwards `op` to the room's host. While no answer comes, checks every PROBE_MS whether the room's lock has
   * come free - its host died (the adapter would wait five seconds for it) - and if so hosts the room here. The
   * lock cannot come free while a living host holds the room, so `op` does not run twice.
   */
  private async forwardOrHost(conferenceId: string, requestId: string, op: RoomOp): Promise<{ answer: Forwarded } | { hosted: Hosted }> {
    const answered = this.forward(conferenceId, requestId, op).then((answer) => ({ answer }));
    for (;;) {
      let wait: NodeJS.Timeout | undefined;
      const outcome = await Promise.race([answered, new Promise<null>((resolve) => (wait = setTimeout(() => resolve(null), PROBE_MS)))]);
      clearTimeout(wait);
      if (outcome) return outcome;
      const hosted = await this.host(conferenceId);
      if (hosted) return { hosted };
    }
  }

  /** Asks the other instances; the answer of the one that hosts the room, or null if none does (or none answered). */
  private forward(conferenceId: string, requestId: string, op: RoomOp): Promise<Forwarded> {
    const server = this.server;
    if (!server) return Promise.resolve(null);
    return new Promise((resolve) => {
      server.serverSideEmit(FORWARD, { conferenceId, requestId, op }, (_err: Error | null, answers: Forwarded[] = []) => resolve(answers.find((a) => a !== null) ?? null));
    });
  }
}
