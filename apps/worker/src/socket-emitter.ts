import { Logger, OnApplicationShutdown } from '@nestjs/common';
import { Pool } from 'pg';
import { MessageType } from 'socket.io-adapter';
import { organisationRoom, SOCKET_ADAPTER_CHANNEL_PREFIX, type ReferralChangedEvent } from '@roundtable/contracts';

/** socket.io-parser's PacketType.EVENT. */
const EVENT_PACKET = 2;

/**
 * Sends events to the members' sockets from a process without sockets: a broadcast in the format of the
 * api's socket.io PostgreSQL adapter, on its channel for the namespace `/`, which every api instance already
 * listens to and passes to its own sockets in the rooms named. So no api instance needs a listening connection
 * of its own for the worker - each would be woken by every notification of the database, the live rooms' too.
 * It is what @socket.io/postgres-emitter writes, with the namespace that adapter 0.5 requires (the emitter
 * leaves it out, and the adapter ignores such messages). The sender is "emitter": not counted as an instance.
 */
export class SocketEmitter implements OnApplicationShutdown {
  private readonly logger = new Logger(SocketEmitter.name);
  private readonly pool: Pool;

  constructor(databaseUrl: string) {
    this.pool = new Pool({ connectionString: databaseUrl, max: 1, application_name: 'roundtable-worker-events' });
    this.pool.on('error', (err) => this.logger.warn(err.message));
  }

  /** To the members of the two organisations involved, as the api's RealtimeGateway sends it. */
  referralChanged(data: ReferralChangedEvent): void {
    this.broadcast([organisationRoom(data.fromOrganisationId), organisationRoom(data.toOrganisationId)], 'referral.changed', data);
  }

  private broadcast(rooms: string[], event: string, data: unknown): void {
    const message = {
      uid: 'emitter',
      nsp: '/',
      type: MessageType.BROADCAST,
      data: { packet: { type: EVENT_PACKET, data: [event, data], nsp: '/' }, opts: { rooms, except: [], flags: {} } },
    };
    this.pool.query('SELECT pg_notify($1, $2)', [`${SOCKET_ADAPTER_CHANNEL_PREFIX}#/`, JSON.stringify(message)]).catch((err: Error) => this.logger.warn(err.message));
  }

  async onApplicationShutdown(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }
}
