import { INestApplicationContext, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter, PostgresAdapter } from '@socket.io/postgres-adapter';
import { Pool } from 'pg';
import type { Namespace, Server, ServerOptions } from 'socket.io';
import { Adapter, MessageType, type BroadcastOptions } from 'socket.io-adapter';

/**
 * The PostgreSQL adapter, with two changes to broadcasts. They reach this instance's own sockets at once: the
 * stock adapter first waits for its NOTIFY to come back from PostgreSQL (to learn an offset that only
 * connection state recovery uses, which this adapter does not support), so every local delivery paid a
 * database round trip. Here the NOTIFY is sent first - serialised before anything else happens, so the order
 * between instances is unchanged - and the local delivery follows without waiting for it. And while no other
 * instance is known, there is no NOTIFY at all: an instance announces itself (its first heartbeat) when its
 * adapter is created, before it accepts a socket, and the others learn of it from that message.
 */
export class LocalFirstPostgresAdapter extends PostgresAdapter {
  override broadcast(packet: any, opts: BroadcastOptions): Promise<void> {
    const others = (this as unknown as { nodesMap: Map<string, number> }).nodesMap.size;
    if (!opts.flags?.local && others > 0) {
      this.publish({ type: MessageType.BROADCAST, data: { packet, opts: { rooms: [...opts.rooms], except: [...(opts.except ?? [])], flags: opts.flags ?? {} } } });
    }
    Adapter.prototype.broadcast.call(this, packet, opts);
    return Promise.resolve();
  }
}

/**
 * `createAdapter` of @socket.io/postgres-adapter (its options, its one listening connection), whose adapters
 * are LocalFirstPostgresAdapters. socket.io calls it with `new`, hence a function, not an arrow.
 */
export function createLocalFirstAdapter(pool: Pool, options: Parameters<typeof createAdapter>[1] = {}): (nsp: Namespace) => PostgresAdapter {
  const stock = createAdapter(pool, options);
  return function (nsp: Namespace) {
    return Object.setPrototypeOf(stock(nsp), LocalFirstPostgresAdapter.prototype) as PostgresAdapter;
  };
}

/**
 * socket.io through PostgreSQL LISTEN/NOTIFY, so that several api instances share rooms.
 * The adapter's attachments table is created by a migration, not here.
 */
export class PostgresIoAdapter extends IoAdapter {
  private readonly logger = new Logger(PostgresIoAdapter.name);
  private readonly pool: Pool;

  constructor(app: INestApplicationContext, databaseUrl: string) {
    super(app);
    this.pool = new Pool({ connectionString: databaseUrl, max: 2, application_name: 'roundtable-socket' });
    this.pool.on('error', (err) => this.logger.warn(`socket adapter pool: ${err.message}`));
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server: Server = super.createIOServer(port, options);
    server.adapter(createLocalFirstAdapter(this.pool, { errorHandler: (err) => this.logger.warn(`socket adapter: ${err.message}`) }));
    return server;
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    await this.pool.end().catch(() => undefined);
  }
}
