import { Logger, NotFoundException, OnModuleDestroy } from '@nestjs/common';
import type { Subscription } from 'rxjs';
import { ConnectedSocket, MessageBody, OnGatewayDisconnect, SubscribeMessage, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import type { AuthUser } from '@roundtable/auth';
import { SOCKET_PATH, type ConferenceRoomState, type MinutesAction, type ModeratorAction, type RoomAck } from '@roundtable/contracts';
import { ConsentChanges } from '../clients/consent-changes';
import { AgendaService } from './agenda.service';
import { ConferencesService } from './conferences.service';
import { LiveRoomService, RoomError, type PresentMember } from './live-room.service';

/** socket.data travels to other instances (fetchSockets), so it holds plain values only. */
type RoomSocket = Socket & { data: { user: AuthUser; conferences?: string[] } };

const room = (conferenceId: string) => `conference:${conferenceId}`;

/**
 * The live room of a case conference over socket.io (the same server and handshake as RealtimeGateway). State
 * lives in PostgreSQL and rooms are shared through the PostgreSQL adapter, so any api instance can serve any
 * participant. Every request is answered by an ack; a refused one also by `conference.error` to that socket.
 */
@WebSocketGateway({ path: SOCKET_PATH, serveClient: false })
export class ConferenceGateway implements OnGatewayDisconnect, OnModuleDestroy {
  private readonly logger = new Logger(ConferenceGateway.name);
  @WebSocketServer() private server: Server;
  private readonly withdrawals: Subscription;

  constructor(
    private readonly conferences: ConferencesService,
    private readonly agenda: AgendaService,
    private readonly live: LiveRoomService,
    consentChanges: ConsentChanges,
  ) {
    // A withdrawn consent leaves every open room that discusses the client at once, on every instance.
    this.withdrawals = consentChanges.withdrawn.subscribe(({ clientId }) => void this.redactClient(clientId));
  }

  onModuleDestroy(): void {
    this.withdrawals.unsubscribe();
  }

  private async redactClient(clientId: string): Promise<void> {
    for (const id of await this.agenda.openConferencesAbout(clientId)) await this.pushAgenda(id);
  }

  /**
   * Sends each socket in the room (on any instance) the agenda as its member may see it - computed per member,
   * so that every disclosure is on record for whom it reached. Never throws: a change already made stays made;
   * a failure to tell the room is logged, and the next change tells it anew.
   */
  async pushAgenda(conferenceId: string, only?: RoomSocket): Promise<void> {
    try {
      const sockets = only ? [only] : await this.server.in(room(conferenceId)).fetchSockets();
      for (const s of sockets) {
        const user = (s.data as { user?: AuthUser }).user;
        // Somebody no longer invited gets nothing (agenda.list refuses them); the others still get theirs.
        const items = user ? await this.agenda.list(user, conferenceId).catch(() => null) : null;
        if (items) s.emit('conference.agenda', { conferenceId, items });
      }
    } catch (err) {
      this.logger.warn(`agenda to room ${conferenceId}: ${(err as Error).message}`);
    }
  }

  /**
   * Runs a request; a refusal becomes an error event and a failed ack, and changes nothing. A request that
   * changed the room (its work returns the new state) sends that state to everyone in the room, on every
   * instance: one message for the room, no further query.
   */
  private async handle(socket: RoomSocket, conferenceId: unknown, work: () => Promise<ConferenceRoomState | void>, needsRoom = true): Promise<RoomAck> {
    try {
      if (typeof conferenceId !== 'string') throw new RoomError('bad_request', 'conferenceId is required.');
      if (needsRoom && !socket.rooms.has(room(conferenceId))) throw new RoomError('not_in_room', 'Join the conference first.');
      const state = await work();
      if (!state) return { ok: true };
      this.server.to(room(conferenceId)).emit('conference.state', state);
      return { ok: true, revision: state.revision };
    } catch (err) {
      const refusal = err instanceof RoomError ? err : new RoomError('failed', 'The request failed.');
      if (!(err instanceof RoomError)) this.logger.warn(`conference request failed: ${(err as Error).message}`);
      socket.emit('conference.error', { conferenceId: String(conferenceId), code: refusal.code, message: refusal.message });
      return { ok: false, code: refusal.code, message: refusal.message };
    }
  }

  /**
   * Everyone in the room (on every instance) gets its state as stored now (after a change made elsewhere, such
   * as removing the current item). Never throws, like pushAgenda.
   */
  async broadcast(conferenceId: string): Promise<void> {
    try {
      this.server.to(room(conferenceId)).emit('conference.state', await this.live.state(conferenceId));
    } catch (err) {
      this.logger.warn(`state to room ${conferenceId}: ${(err as Error).message}`);
    }
  }

  /** Who is in the room, asked of every instance: only when somebody joins or leaves. Never throws. */
  private async presence(conferenceId: string): Promise<void> {
    try {
      const present = new Map<string, PresentMember>();
      for (const s of await this.server.in(room(conferenceId)).fetchSockets()) {
        const user = (s.data as { user?: AuthUser }).user;
        if (user) present.set(user.memberId, { memberId: user.memberId, displayName: user.displayName, organisationId: user.organisationId });
      }
      this.server.to(room(conferenceId)).emit('conference.presence', await this.live.presence(conferenceId, [...present.values()]));
    } catch (err) {
      this.logger.warn(`presence to room ${conferenceId}: ${(err as Error).message}`);
    }
  }

  @SubscribeMessage('conference.join')
  join(@ConnectedSocket() socket: RoomSocket, @MessageBody() body: { conferenceId?: unknown }): Promise<RoomAck> {
    return this.handle(
      socket,
      body?.conferenceId,
      async () => {
        await this.conferences.participation(socket.data.user, body.conferenceId as string).catch((err: Error) => {
          throw err instanceof NotFoundException ? new RoomError('not_invited', 'You are not taking part in this conference.') : err;
        });
        const id = body.conferenceId as string;
        await socket.join(room(id));
        socket.data.conferences = [...new Set([...(socket.data.conferences ?? []), id])];
        socket.emit('conference.state', await this.live.state(id));
        await this.pushAgenda(id, socket);
        await this.presence(id);
      },
      false,
    );
  }

  @SubscribeMessage('conference.leave')
  leave(@ConnectedSocket() socket: RoomSocket, @MessageBody() body: { conferenceId?: unknown }): Promise<RoomAck> {
    return this.handle(socket, body?.conferenceId, async () => {
      await socket.leave(room(body.conferenceId as string));
      socket.data.conferences = (socket.data.conferences ?? []).filter((id: string) => id !== body.conferenceId);
      await this.presence(body.conferenceId as string);
    });
  }

  @SubscribeMessage('conference.moderate')
  moderate(@ConnectedSocket() socket: RoomSocket, @MessageBody() body: ModeratorAction): Promise<RoomAck> {
    return this.handle(socket, body?.conferenceId, () => this.live.moderate(socket.data.user, body));
  }

  /** Minutes, decisions and action items: everyone in the room gets the agenda anew, as they may see it. */
  @SubscribeMessage('conference.record')
  record(@ConnectedSocket() socket: RoomSocket, @MessageBody() body: MinutesAction): Promise<RoomAck> {
    return this.handle(socket, body?.conferenceId, async () => {
      const { conference, organisationIds } = await this.conferences.participation(socket.data.user, body.conferenceId);
      await this.live.record(socket.data.user, body, conference, organisationIds);
      await this.pushAgenda(body.conferenceId);
    });
  }

  @SubscribeMessage('speakers.raise')
  raise(@ConnectedSocket() socket: RoomSocket, @MessageBody() body: { conferenceId?: unknown; pointOfOrder?: unknown }): Promise<RoomAck> {
    return this.handle(socket, body?.conferenceId, () => this.live.raise(socket.data.user, body.conferenceId as string, body.pointOfOrder === true));
  }

  @SubscribeMessage('speakers.withdraw')
  withdraw(@ConnectedSocket() socket: RoomSocket, @MessageBody() body: { conferenceId?: unknown }): Promise<RoomAck> {
    return this.handle(socket, body?.conferenceId, () => this.live.withdraw(socket.data.user, body.conferenceId as string));
  }

  /** Whoever leaves is no longer present. */
  handleDisconnect(socket: RoomSocket): void {
    for (const id of socket.data?.conferences ?? []) void this.presence(id);
  }
}
