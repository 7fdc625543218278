import { INestApplicationContext, Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { createAdapter, PostgresAdapter } from '@socket.io/postgres-adapter';
// The adapter's own publishing client and its test for binary data (internal modules of the pinned 0.5.0).
import { hasBinary, type PubSubClient } from '@socket.io/postgres-adapter/dist/util';
import { Pool } from 'pg';
import type { Namespace, Server, ServerOptions } from 'socket.io';
import { Adapter, MessageType, type BroadcastOptions } from 'socket.io-adapter';
import { SOCKET_ADAPTER_CHANNEL_PREFIX } from '@roundtable/contracts';

/**
 * The PostgreSQL adapter, with two changes to broadcasts. They reach this instance's own sockets at once: the
 * stock adapter first waits for its NOTIFY to come back from PostgreSQL (to learn an offset that only
 * connection state recovery uses, which this adapter does not support), so every local delivery paid a
 * database round trip. Here the NOTIFY is sent first - serialised before anything else happens, so the order
 * between instances is unchanged - and the local delivery follows without waiting for its answer: on the next
 * tick, because the pool hands a statement to its connection only then, and writing to this instance's sockets
 * first would hold back every other instance's delivery by that long (a few hundredths of a millisecond per
 * socket). And while no other instance is known, there is no NOTIFY at all, and the delivery is immediate: an
 * instance announces itself (its first heartbeat) when its adapter is created, before it accepts a socket, and
 * the others learn of it from that message.
 */
export class LocalFirstPostgresAdapter extends PostgresAdapter {
  override broadcast(packet: any, opts: BroadcastOptions): Promise<void> {
    const others = (this as unknown as { nodesMap: Map<string, number> }).nodesMap.size;
    const deliver = () => Adapter.prototype.broadcast.call(this, packet, opts);
    if (others === 0) {
      deliver();
      return Promise.resolve();
    }
    if (!opts.flags?.local) {
      this.publish({ type: MessageType.BROADCAST, data: { packet, opts: { rooms: [...opts.rooms], except: [...(opts.except ?? [])], flags: opts.flags ?? {} } } });
    }
    process.nextTick(deliver); // local-only broadcasts too, so that all keep their order
    return Promise.resolve();
  }
}

/** How many notifications go to PostgreSQL in one statement at most. */
const NOTIFY_BATCH = 64;

/**
 * Sends an adapter's messages to PostgreSQL in the order they were published, several in one statement: the
 * messages that queue up while one statement runs go together in the next (`SELECT pg_notify(..), pg_notify(..)`,
 * evaluated left to right, one transaction, so delivered in that order). The stock client sends each message as
 * a statement of its own on its pool's one free connection, so under load they wait in line for each other's
 * round trips, and each is a transaction of its own for PostgreSQL - with its commit and its wake-up of every
 * listening connection. A message too large for a notification (or binary) still goes as an attachment, the
 * stock way, in its place in the order. PostgreSQL drops a notification identical to one earlier in the same
 * transaction, so a repeated message starts a new statement.
 */
export class OrderedNotifier {
  private readonly queue: Array<{ channel: string; payload: string; done: () => void } | { send: () => Promise<void>; done: () => void }> = [];
  private draining = false;

  constructor(
    private readonly pool: Pool,
    private readonly onError: (err: Error) => void,
  ) {}

  /** Takes over `client.publish`: the stock client stays in charge of listening and of attachments. */
  takeOver(client: PubSubClient, options: { channelPrefix?: string; payloadThreshold?: number }): void {
    const attach = client.publish.bind(client);
    client.publish = (message) => {
      const payload = JSON.stringify(message);
      // Binary data (which JSON would mangle) and large messages go the stock way: a row plus a notification.
      return Buffer.byteLength(payload) > (options.payloadThreshold ?? 8000) || hasBinary(message)
        ? this.enqueue({ send: () => attach(message) })
        : this.enqueue({ channel: `${options.channelPrefix ?? 'socket.io'}#${(message as { nsp: string }).nsp}`, payload });
    };
  }

  /** Resolves once every message published so far is sent (before the pool is ended). */
  sent(): Promise<void> {
    return this.draining ? this.enqueue({ send: () => Promise.resolve() }) : Promise.resolve();
  }

  private enqueue(item: { channel: string; payload: string } | { send: () => Promise<void> }): Promise<void> {
    return new Promise((done) => {
      this.queue.push({ ...item, done });
      if (!this.draining) void this.drain();
    });
  }

  private async drain(): Promise<void> {
    this.draining = true;
    while (this.queue.length) {
      const first = this.queue[0];
      if ('send' in first) {
        this.queue.shift();
        await first.send(); // reports its own errors
        first.done();
        continue;
      }
      const batch: Array<{ channel: string; payload: string; done: () => void }> = [];
      const seen = new Set<string>();
      for (const next of this.queue) {
        if ('send' in next || batch.length === NOTIFY_BATCH || seen.has(next.channel + '\n' + next.payload)) break;
        seen.add(next.channel + '\n' + next.payload);
        batch.push(next);
      }
      this.queue.splice(0, batch.length);
      // A prepared statement per batch size (at most NOTIFY_BATCH per connection): PostgreSQL parses and plans it once.
      const calls = batch.map((_, i) => `pg_notify($${2 * i + 1}, $${2 * i + 2})`).join(', ');
      await this.pool
        .query({ name: `socket-notify-${batch.length}`, text: `SELECT ${calls}`, values: batch.flatMap((n) => [n.channel, n.payload]) })
        .catch((err: Error) => this.onError(err));
      for (const n of batch) n.done();
    }
    this.draining = false;
  }
}

/** The adapter factory socket.io takes, and when the messages it published are sent. */
export type LocalFirstAdapterFactory = ((nsp: Namespace) => PostgresAdapter) & { sent(): Promise<void> };

/**
 * `createAdapter` of @socket.io/postgres-adapter (its options, its one listening connection), whose adapters
 * are LocalFirstPostgresAdapters and whose messages go out through an OrderedNotifier. socket.io calls it with
 * `new`, hence a function, not an arrow.
 */
export function createLocalFirstAdapter(pool: Pool, options: Parameters<typeof createAdapter>[1] = {}): LocalFirstAdapterFactory {
  const stock = createAdapter(pool, options);
  const notifier = new OrderedNotifier(pool, options.errorHandler ?? (() => undefined));
  let client: PubSubClient | undefined;
  const factory = function (nsp: Namespace) {
    const adapter = Object.setPrototypeOf(stock(nsp), LocalFirstPostgresAdapter.prototype) as PostgresAdapter;
    // Every namespace's adapter shares the one client that createAdapter made.
    if (!client) notifier.takeOver((client = (adapter as unknown as { client: PubSubClient }).client), options);
    return adapter;
  };
  return Object.assign(factory, { sent: () => notifier.sent() });
}

/**
 * socket.io through PostgreSQL LISTEN/NOTIFY, so that several api instances share rooms.
 * The adapter's attachments table is created by a migration, not here.
 */
export class PostgresIoAdapter extends IoAdapter {
  private readonly logger = new Logger(PostgresIoAdapter.name);
  private readonly pool: Pool;
  private readonly adapters: LocalFirstAdapterFactory[] = [];

  constructor(app: INestApplicationContext, databaseUrl: string) {
    super(app);
    this.pool = new Pool({ connectionString: databaseUrl, max: 2, application_name: 'roundtable-socket' });
    this.pool.on('error', (err) => this.logger.warn(`socket adapter pool: ${err.message}`));
  }

  override createIOServer(port: number, options?: ServerOptions): Server {
    const server: Server = super.createIOServer(port, options);
    const adapter = createLocalFirstAdapter(this.pool, { channelPrefix: SOCKET_ADAPTER_CHANNEL_PREFIX, errorHandler: (err) => this.logger.warn(`socket adapter: ${err.message}`) });
    this.adapters.push(adapter);
    server.adapter(adapter);
    return server;
  }

  override async close(server: Server): Promise<void> {
    await super.close(server);
    // The other instances learn from this instance's last message that it has gone.
    await Promise.all(this.adapters.map((adapter) => adapter.sent()));
    await this.pool.end().catch(() => undefined);
  }
}
