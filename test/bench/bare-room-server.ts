/**
 * The benchmark's yardstick: a bare socket.io server that puts sockets in rooms and broadcasts each event to
 * its room - no authentication, no database work, no rules. With DATABASE_URL it shares rooms with other such
 * servers through the same PostgreSQL adapter (class and pool size) as the api. The room state it broadcasts is a
 * real one captured from the api (BENCH_STATE_FILE), with the sender's revision.
 */
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { Pool } from 'pg';
import { Server } from 'socket.io';
import { SOCKET_PATH } from '@roundtable/contracts';
import { createLocalFirstAdapter } from '../../apps/api/src/realtime/postgres-io.adapter';

const state = JSON.parse(readFileSync(process.env.BENCH_STATE_FILE!, 'utf8'));
const http = createServer();
const io = new Server(http, { path: SOCKET_PATH, serveClient: false });
if (process.env.DATABASE_URL) {
  const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 2 });
  pool.on('error', () => undefined);
  io.adapter(createLocalFirstAdapter(pool));
}
io.on('connection', (socket) => {
  socket.on('bench.join', (body: { room: string }, ack: (r: object) => void) => {
    void socket.join(body.room);
    ack({ ok: true });
  });
  socket.on('bench.event', (body: { room: string; revision: number }, ack: (r: object) => void) => {
    io.to(body.room).emit('conference.state', { ...state, revision: body.revision });
    ack({ ok: true, revision: body.revision });
  });
});
http.listen(Number(process.env.PORT), '127.0.0.1');
process.on('SIGTERM', () => io.close(() => process.exit(0)));
