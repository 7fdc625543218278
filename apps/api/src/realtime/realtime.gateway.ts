import { Inject, Logger, OnModuleDestroy } from '@nestjs/common';
import { Client } from 'pg';
import type { ApiConfig } from '@roundtable/config';
import { API_CONFIG } from '../api-config';
import { OnGatewayDisconnect, OnGatewayInit, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import { AuthUser, KeycloakTokenVerifier, MemberMirror, TokenRejectedError } from '@roundtable/auth';
import {
  EVENTS_CHANNEL,
  SOCKET_PATH,
  type ClientToServerEvents,
  type DirectoryChangedEvent,
  type ReferralChangedEvent,
  type ServerToClientEvents,
} from '@roundtable/contracts';

/** Travels with the socket to other instances (fetchSockets through the adapter), so it must serialise: no timers. */
interface SocketData {
  user: AuthUser;
}
type RoundtableSocket = Socket<ClientToServerEvents, ServerToClientEvents, object, SocketData>;

/**
 * The socket.io gateway. Sockets authenticate at the handshake with the same realm token as
 * HTTP (`auth: { token }`), join their organisation's room, and are dropped when the token expires;
 * the client reconnects with a fresh token.
 */
@WebSocketGateway({ path: SOCKET_PATH, serveClient: false })
export class RealtimeGateway implements OnGatewayInit, OnGatewayDisconnect, OnModuleDestroy {
  private readonly logger = new Logger(RealtimeGateway.name);
  @WebSocketServer() private server: Server<ClientToServerEvents, ServerToClientEvents, object, SocketData>;

  private listener?: Client;
  private readonly expiryTimers = new WeakMap<RoundtableSocket, NodeJS.Timeout>();

  constructor(
    private readonly verifier: KeycloakTokenVerifier,
    private readonly members: MemberMirror,
    @Inject(API_CONFIG) private readonly config: ApiConfig,
  ) {}

  afterInit(server: Server): void {
    void this.listen();
    server.use((socket, next) => {
      this.authenticate(socket as RoundtableSocket).then(
        () => next(),
        (err: Error) => next(new Error(err instanceof TokenRejectedError ? `unauthorized: ${err.message}` : 'unauthorized')),
      );
    });
  }

  private async authenticate(socket: RoundtableSocket): Promise<void> {
    const token = socket.handshake.auth?.token;
    if (typeof token !== 'string' || !token) throw new TokenRejectedError('no token in the handshake');
    const user = await this.members.mirror(await this.verifier.verify(token));
    socket.data.user = user;
    if (user.organisationId) await socket.join(`org:${user.organisationId}`);
    const remaining = Math.max(0, user.expiresAt.getTime() - Date.now());
    this.expiryTimers.set(
      socket,
      setTimeout(() => {
        socket.emit('session.expired');
        socket.disconnect(true);
      }, remaining),
    );
  }

  /** Events from processes without sockets (the worker), for this instance's own sockets. */
  private async listen(): Promise<void> {
    const client = new Client({ connectionString: this.config.DATABASE_URL, application_name: 'roundtable-events' });
    client.on('error', (err) => this.logger.warn(`events listener: ${err.message}`));
    client.on('notification', (msg) => {
      try {
        const { event, data } = JSON.parse(msg.payload ?? '{}');
        if (event === 'referral.changed') this.referralChanged(data, true);
      } catch (err) {
        this.logger.warn(`events listener: ${(err as Error).message}`);
      }
    });
    await client.connect();
    await client.query(`LISTEN ${EVENTS_CHANNEL}`);
    this.listener = client;
  }

  async onModuleDestroy(): Promise<void> {
    await this.listener?.end().catch(() => undefined);
  }

  handleDisconnect(socket: RoundtableSocket): void {
    clearTimeout(this.expiryTimers.get(socket));
  }

  /**
   * Only to the members of the two organisations involved (their sockets joined `org:<id>` at the handshake).
   * `localOnly` for events every instance receives itself (from the events channel).
   */
  referralChanged(event: ReferralChangedEvent, localOnly = false): void {
    if (!this.server) return;
    const rooms = [`org:${event.fromOrganisationId}`, `org:${event.toOrganisationId}`];
    (localOnly ? this.server.local : this.server).to(rooms).emit('referral.changed', event);
  }

  directoryChanged(event: DirectoryChangedEvent): void {
    if (!this.server) return;
    this.server.emit('directory.changed', event);
    this.logger.debug(`directory.changed ${event.change} ${event.organisationId}`);
  }
}
