import { createServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Client, Pool } from 'pg';
import { Server } from 'socket.io';
import { io, type Socket } from 'socket.io-client';
import { createLocalFirstAdapter } from '../../apps/api/src/realtime/postgres-io.adapter';
import { createTestDatabase } from '../support/test-app';

/**
 * The api's socket.io adapter between two servers on one database (the migrated schema, with the adapter's
 * attachments table): messages published faster than PostgreSQL answers go out batched, and still arrive at
 * the other instance complete and in order - repeated ones and binary ones included - and messages too large
 * for a notification or binary (attachments) arrive too. A broadcast's NOTIFY leaves before the instance
 * writes to its own sockets.
 */
describe('PostgreSQL adapter (batched, ordered notifications)', () => {
  const servers: Array<{ io: Server; http: HttpServer; pool: Pool }> = [];
  const clients: Socket[] = [];
  const errors: Error[] = [];

  async function startServer(databaseUrl: string): Promise<{ io: Server; url: string }> {
    const pool = new Pool({ connectionString: databaseUrl, max: 2 });
    pool.on('error', () => undefined);
    const http = createServer();
    const server = new Server(http, { path: '/adapter-test' });
    server.adapter(createLocalFirstAdapter(pool, { errorHandler: (err) => errors.push(err) }));
    server.on('connection', (socket) => socket.on('join', (room: string, ack: () => void) => void Promise.resolve(socket.join(room)).then(ack)));
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    servers.push({ io: server, http, pool });
    return { io: server, url: `http://127.0.0.1:${(http.address() as AddressInfo).port}` };
  }

  async function joined(url: string, room: string): Promise<Socket> {
    const socket = io(url, { path: '/adapter-test', transports: ['websocket'], reconnection: false });
    clients.push(socket);
    await new Promise<void>((resolve) => socket.emit('join', room, resolve));
    return socket;
  }

  /**
   * Two servers on a fresh database, a socket in 'room' on each. They know each other (from their heartbeats)
   * once a message from one reaches the other.
   */
  async function twoInstances(): Promise<{ a: { io: Server; url: string }; here: Socket; there: Socket }> {
    const databaseUrl = await createTestDatabase();
    const a = await startServer(databaseUrl);
    const b = await startServer(databaseUrl);
    const here = await joined(a.url, 'room');
    const there = await joined(b.url, 'room');
    for (let tries = 0; ; tries++) {
      const seen = new Promise<boolean>((resolve) => {
        there.once('ping', () => resolve(true));
        setTimeout(() => resolve(false), 200);
      });
      a.io.to('room').emit('ping');
      if (await seen) break;
      if (tries > 50) throw new Error('the instances never met');
    }
    return { a, here, there };
  }

  afterAll(async () => {
    clients.forEach((c) => c.disconnect());
    for (const s of servers) {
      await new Promise((resolve) => s.io.close(resolve));
      await s.pool.end();
    }
  });

  it('delivers a burst to the other instance in order, repeats included, and attachments as well', async () => {
    const { a, here, there } = await twoInstances();

    const expected: unknown[] = [];
    const got = { here: [] as unknown[], there: [] as unknown[] };
    here.on('m', (m: unknown) => got.here.push(m));
    there.on('m', (m: unknown) => got.there.push(m));
    for (let i = 0; i < 300; i++) {
      // Every tenth message repeats the one before it (PostgreSQL would drop a repeat within one transaction),
      // one is too large for a notification, one carries binary data.
      const message = i === 150 ? { i, text: 'x'.repeat(10_000) } : i % 10 === 9 ? expected[i - 1] : { i };
      expected.push(message);
      if (i === 200) a.io.to('room').emit('m', Buffer.from([1, 2, 3]));
      a.io.to('room').emit('m', message);
    }
    expected.splice(200, 0, Buffer.from([1, 2, 3]));
    const deadline = Date.now() + 10_000;
    while (got.there.length < expected.length && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));

    const plain = (list: unknown[]) => list.map((m) => (Buffer.isBuffer(m) ? [...m] : m));
    expect(plain(got.here)).toEqual(plain(expected));
    // Large and binary messages go as attachments, whose row the other instance fetches before it passes the
    // message on (the stock client), so messages behind them may overtake them; everything else keeps its order.
    const attached = (m: unknown) => Buffer.isBuffer(m) || typeof (m as { text?: unknown }).text === 'string';
    expect(plain(got.there.filter((m) => !attached(m)))).toEqual(plain(expected.filter((m) => !attached(m))));
    const attachments = plain(got.there.filter(attached));
    expect(attachments).toHaveLength(2);
    expect(attachments).toEqual(expect.arrayContaining(plain([expected[150], expected[200]])));
    expect(errors).toEqual([]);
  });

  it('hands a broadcast to PostgreSQL before it writes to its own sockets, so that other instances wait for no local delivery', async () => {
    const { a, here, there } = await twoInstances();

    const order: string[] = [];
    const marked = (value: unknown) => JSON.stringify(value).includes('order-marker');
    const query = Client.prototype.query;
    const notified = jest.spyOn(Client.prototype, 'query').mockImplementation(function (this: Client, ...args: unknown[]) {
      if (marked(args[0])) order.push('notify');
      return (query as (...a: unknown[]) => unknown).apply(this, args);
    } as typeof Client.prototype.query);
    const engine = (a.io.sockets.sockets.get(here.id!) as unknown as { client: { writeToEngine(...args: unknown[]): void } }).client;
    const write = engine.writeToEngine.bind(engine);
    engine.writeToEngine = (...args: unknown[]) => {
      if (marked(args[0])) order.push('local');
      write(...args);
    };
    try {
      const arrived = Promise.all([here, there].map((socket) => new Promise((resolve) => socket.once('marker', resolve))));
      a.io.to('room').emit('marker', 'order-marker');
      await arrived;
    } finally {
      notified.mockRestore();
    }
    expect(order).toEqual(['notify', 'local']);
  });
});
