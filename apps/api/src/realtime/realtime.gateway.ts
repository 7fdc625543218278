import { Logger } from '@nestjs/common';
import { OnGatewayDisconnect, OnGatewayInit, WebSocketGateway, WebSocketServer } from '@nestjs/websockets';
import type { Server, Socket } from 'socket.io';
import { AuthUser, KeycloakTokenVerifier, MemberMirror, TokenRejectedError } from '@roundtable/auth';
import {
  organisationRoom,
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
export class RealtimeGateway implements OnGatewayInit, OnGatewayDisconnect {
  private readonly logger = new Logger(RealtimeGateway.name);
  @WebSocketServer() private server: Server<ClientToServerEvents, ServerToClientEvents, object, SocketData>;

  private readonly expiryTimers = new WeakMap<RoundtableSocket, NodeJS.Timeout>();

  constructor(
    private readonly verifier: KeycloakTokenVerifier,
    private readonly members: MemberMirror,
  ) {}

  afterInit(server: Server): void {
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
    if (user.organisationId) await socket.join(organisationRoom(user.organisationId));
    const remaining = Math.max(0, user.expiresAt.getTime() - Date.now());
    this.expiryTimers.set(
      socket,
      setTimeout(() => {
        socket.emit('session.expired');
        socket.disconnect(true);
      }, remaining),
    );
  }

  handleDisconnect(socket: RoundtableSocket): void {
    clearTimeout(this.expiryTimers.get(socket));
  }

  /**
   * Only to the members of the two organisations involved (their sockets joined their organisation's room at the
   * handshake), on every instance. The worker sends the same broadcast through the adapter (its SocketEmitter).
   */
  referralChanged(event: ReferralChangedEvent): void {
    this.server?.to([organisationRoom(event.fromOrganisationId), organisationRoom(event.toOrganisationId)]).emit('referral.changed', event);
  }

  directoryChanged(event: DirectoryChangedEvent): void {
    if (!this.server) return;
    this.server.emit('directory.changed', event);
    this.logger.debug(`directory.changed ${event.change} ${event.organisationId}`);
  }
}
