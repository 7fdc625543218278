import { Logger, NotFoundException, OnModuleDestroy } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { OnGatewayInit, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import type { AuthUser } from '@roundtable/auth';
import { SOCKET_PATH, type MinutesAction, type ModeratorAction, type RoomAck } from '@roundtable/contracts';
import { ConsentChanges } from '../clients/consent-changes';
import { AgendaService } from './agenda.service';
import { ConferencesService, takesPart, type Roster } from './conferences.service';
import { moderatorRequest, RoomError, type RoomActor } from './live-room';
import { RoomRecordsService } from './room-records.service';
import { conferenceRoom as room, RoomHostService } from './room-host.service';

/** socket.data travels to other instances (fetchSockets), so it holds plain values only. */
type RoomSocket = Socket & { data: { user: AuthUser; conferences?: string[] } };

/** When a failed presence is tried again: after the adapter's heartbeat timeout (10 s), which drops a dead instance. */
const PRESENCE_RETRY_MS = 11_000;

const actor = (user: AuthUser): RoomActor => ({ memberId: user.memberId, displayName: user.displayName, organisationId: user.organisationId });

/**
 * The live room of a case conference over socket.io (the same server and handshake as RealtimeGateway). Rooms
 * are shared through the PostgreSQL adapter, so any api instance can serve any participant; the room's state
 * is kept by the one instance that hosts it (RoomHostService), which sends every change to the whole room.
 * Every request is answered by an ack; a refused one also by `conference.error` to that socket.
 */
@WebSocketGateway({ path: SOCKET_PATH, serveClient: false })
export class ConferenceGateway implements OnGatewayInit, OnModuleDestroy {
  private readonly logger = new Logger(ConferenceGateway.name);
  @WebSocketServer() private server: Server;
  private readonly withdrawals: Subscription;
  private closing = false;
  /** Presence computations under way, by conference: `again` when somebody came or went meanwhile. */
  private readonly presenceRuns = new Map<string, { again: boolean }>();

  constructor(
    private readonly conferences: ConferencesService,
    private readonly agenda: AgendaService,
    private readonly records: RoomRecordsService,
    private readonly hosts: RoomHostService,
    consentChanges: ConsentChanges,
  ) {
    // A withdrawn consent leaves every open room that discusses the client at once, on every instance.
    this.withdrawals = consentChanges.withdrawn.subscribe(({ clientId }) => void this.redactClient(clientId));
  }

  /**
   * The room's events are plain socket.io listeners, shared by every socket (`this` is the socket), rather than
   * @SubscribeMessage handlers: Nest binds those per socket and per event with an rxjs pipeline that every
   * message runs through - for a thousand sockets in live rooms, several megabytes more to keep and to mark on
   * every garbage collection, and more work per message. The ack is what the handler returns, as with Nest.
   */
  afterInit(server: Server): void {
    this.hosts.attach(server);
    const handlers: Record<string, (socket: RoomSocket, body: any) => Promise<RoomAck>> = {
      'conference.join': (socket, body) => this.join(socket, body),
      'conference.leave': (socket, body) => this.leave(socket, body),
      'conference.moderate': (socket, body) => this.moderate(socket, body),
      'conference.record': (socket, body) => this.record(socket, body),
      'speakers.raise': (socket, body) => this.raise(socket, body),
      'speakers.withdraw': (socket, body) => this.withdraw(socket, body),
    };
    const listeners = Object.entries(handlers).map(([event, handle]) => {
      const listener = function (this: RoomSocket, ...args: unknown[]): void {
        const ack = typeof args.at(-1) === 'function' ? (args.pop() as (answer: RoomAck) => void) : undefined;
        void handle(this, args[0] ?? {}).then((answer) => ack?.(answer));
      };
      return [event, listener] as const;
    });
    const gateway = this;
    const disconnected = function (this: RoomSocket): void {
      gateway.left(this);
    };
    server.on('connection', (socket: RoomSocket) => {
      for (const [event, listener] of listeners) socket.on(event, listener);
      socket.once('disconnect', disconnected);
    });
  }

  onModuleDestroy(): void {
    this.closing = true; // sockets closed by the shutdown leave no presence to tell
    this.withdrawals.unsubscribe();
  }

  private async redactClient(clientId: string): Promise<void> {
    for (const id of await this.agenda.openConferencesAbout(clientId)) await this.pushAgenda(id);
  }

  /**
   * Sends each socket in the room (on any instance) the agenda as its member may see it - computed per member,
   * so that every disclosure is on record for whom it reached. The agenda and who takes part are read once for
   * all. Never throws: a change already made stays made; a failure to tell the room is logged, and the next
   * change tells it anew. `only`: just this socket, whose participation was checked just now.
   */
  async pushAgenda(conferenceId: string, only?: { socket: RoomSocket; roster: Roster }): Promise<void> {
    try {
      const sockets = only ? [only.socket] : await this.server.in(room(conferenceId)).fetchSockets();
      const roster = only ? only.roster : await this.conferences.roster(conferenceId);
      if (!roster || !sockets.length) return;
      const items = await this.agenda.items(conferenceId);
      for (const s of sockets) {
        const user = (s.data as { user?: AuthUser }).user;
        // Somebody no longer invited gets nothing; the others still get theirs.
        if (!user || !takesPart(roster, user.memberId)) continue;
        const visible = await this.agenda.visibleTo(user, items).catch((err: Error) => this.logger.warn(`agenda to ${user.memberId}: ${err.message}`));
        if (visible) s.emit('conference.agenda', { conferenceId, items: visible });
      }
    } catch (err) {
      this.logger.warn(`agenda to room ${conferenceId}: ${(err as Error).message}`);
    }
  }

  /**
   * Runs a request; a refusal becomes an error event and a failed ack, and changes nothing. A change to the
   * room's state is sent to the room by its host as soon as it is applied; the ack follows once it is stored.
   */
  private async handle(socket: RoomSocket, conferenceId: unknown, work: () => Promise<{ epoch: number; revision: number } | void>, needsRoom = true): Promise<RoomAck> {
    try {
      if (typeof conferenceId !== 'string') throw new RoomError('bad_request', 'conferenceId is required.');
      if (needsRoom && !socket.rooms.has(room(conferenceId))) throw new RoomError('not_in_room', 'Join the conference first.');
      const changed = await work();
      return changed ? { ok: true, ...changed } : { ok: true };
    } catch (err) {
      const refusal = err instanceof RoomError ? err : new RoomError('failed', 'The request failed.');
      if (!(err instanceof RoomError)) this.logger.warn(`conference request failed: ${(err as Error).message}`);
      socket.emit('conference.error', { conferenceId: String(conferenceId), code: refusal.code, message: refusal.message });
      return { ok: false, code: refusal.code, message: refusal.message };
    }
  }

  /**
   * Tells the room who is in it, when somebody joins or leaves. Nobody's ack waits for it. One computation per
   * room at a time, and one more if somebody came or went meanwhile: a room that many join at once (everybody
   * reconnecting after a restart) is asked once or twice, not once per socket. Presence asks every instance, a
   * dead one until the adapter gives up on it (5 s); a failed try is made once more when the adapter has
   * dropped it (after its heartbeat timeout).
   */
  private presence(conferenceId: string, retry = true): void {
    const running = this.presenceRuns.get(conferenceId);
    if (running) {
      running.again = true;
      return;
    }
    const run = { again: true };
    this.presenceRuns.set(conferenceId, run);
    void (async () => {
      let told = true;
      while (run.again) {
        run.again = false;
        told = await this.tellPresence(conferenceId);
      }
      this.presenceRuns.delete(conferenceId);
      if (!told && retry && !this.closing) setTimeout(() => this.presence(conferenceId, false), PRESENCE_RETRY_MS).unref();
    })();
  }

  /** Who is in the room, asked of every instance, to everyone in it; false if that failed. Never throws. */
  private async tellPresence(conferenceId: string): Promise<boolean> {
    try {
      const present = new Map<string, RoomActor>();
      for (const s of await this.server.in(room(conferenceId)).fetchSockets()) {
        const user = (s.data as { user?: AuthUser }).user;
        if (user) present.set(user.memberId, actor(user));
      }
      this.server.to(room(conferenceId)).emit('conference.presence', await this.records.presence(conferenceId, [...present.values()]));
      return true;
    } catch (err) {
      this.logger.warn(`presence to room ${conferenceId}: ${(err as Error).message}`);
      return false;
    }
  }

  private join(socket: RoomSocket, body: { conferenceId?: unknown }): Promise<RoomAck> {
    return this.handle(
      socket,
      body?.conferenceId,
      async () => {
        const roster = await this.conferences.participation(socket.data.user, body.conferenceId as string).catch((err: Error) => {
          throw err instanceof NotFoundException ? new RoomError('not_invited', 'You are not taking part in this conference.') : err;
        });
        const id = body.conferenceId as string;
        await socket.join(room(id));
        socket.data.conferences = [...new Set([...(socket.data.conferences ?? []), id])];
        // The moderator's instance hosts the room if nobody does yet: the moderator makes most of its changes.
        socket.emit('conference.state', await this.hosts.state(id, { take: roster.conference.moderatorMemberId === socket.data.user.memberId }));
        await this.pushAgenda(id, { socket, roster });
        this.presence(id);
      },
      false,
    );
  }

  private leave(socket: RoomSocket, body: { conferenceId?: unknown }): Promise<RoomAck> {
    return this.handle(socket, body?.conferenceId, async () => {
      await socket.leave(room(body.conferenceId as string));
      socket.data.conferences = (socket.data.conferences ?? []).filter((id: string) => id !== body.conferenceId);
      this.presence(body.conferenceId as string);
    });
  }

  private moderate(socket: RoomSocket, body: ModeratorAction): Promise<RoomAck> {
    return this.handle(socket, body?.conferenceId, () => this.hosts.change(body.conferenceId, actor(socket.data.user), moderatorRequest(body)));
  }

  /** Minutes, decisions and action items: everyone in the room gets the agenda anew, as they may see it. */
  private record(socket: RoomSocket, body: MinutesAction): Promise<RoomAck> {
    return this.handle(socket, body?.conferenceId, async () => {
      const { conference, organisationIds } = await this.conferences.participation(socket.data.user, body.conferenceId);
      // Right after a start the room's host may not have stored it yet (it stores within 25 ms): the room's state now decides.
      if (conference.state === 'scheduled') conference.state = (await this.hosts.state(conference.id, { take: false })).state;
      await this.records.record(socket.data.user, body, conference, organisationIds);
      await this.pushAgenda(body.conferenceId);
    });
  }

  private raise(socket: RoomSocket, body: { conferenceId?: unknown; pointOfOrder?: unknown }): Promise<RoomAck> {
    return this.handle(socket, body?.conferenceId, () => this.hosts.change(body.conferenceId as string, actor(socket.data.user), { action: 'raise', pointOfOrder: body.pointOfOrder === true }));
  }

  private withdraw(socket: RoomSocket, body: { conferenceId?: unknown }): Promise<RoomAck> {
    return this.handle(socket, body?.conferenceId, () => this.hosts.change(body.conferenceId as string, actor(socket.data.user), { action: 'withdraw' }));
  }

  /** Whoever leaves is no longer present. */
  private left(socket: RoomSocket): void {
    if (this.closing) return;
    for (const id of socket.data?.conferences ?? []) this.presence(id);
  }
}
