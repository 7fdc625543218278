/**
 * Benchmark (prints figures, never fails on speed): the live room of case conferences.
 *
 * 50 rooms x 20 participants (1,000 sockets), 10 events per second per room: participants raise a hand or a
 * point of order, the moderator calls the next speaker - each a real request that the room's host (an api
 * instance) checks and applies, sends to everyone in the room as the new room state, and stores in PostgreSQL
 * before it acks the sender. Latency is measured from the moment the request leaves the sender until each of
 * the room's 20 sockets holds that state (or a newer one). Next to it, bare socket.io servers broadcast the same
 * state (a real one, captured from the api) to the same rooms.
 *
 * Each side's sockets live in a client process of their own (conference-room-client.ts). In each round both
 * sides connect, warm up for WARM_UP_SECONDS each, then take turns in slices of one second until each has had
 * BENCH_SECONDS measured (10) - the other side first in every other slice - so that what else the shared
 * machine does (its busy spells last seconds, and decide a p99) falls on both sides alike. BENCH_ROUNDS rounds
 * (6), after one that warms the fresh servers up and is not counted; figures per round and for all rounds
 * together, with their ratio. The api runs as one process, then as two with each room's participants split
 * between them, next to one and two bare servers (the two sharing rooms through the same PostgreSQL adapter, in
 * a database of their own).
 *
 * Then the withdrawal: how long after the owner withdraws a consent the redacted agenda reaches the screens
 * of a case conference's participants, on both api processes.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'socket.io-client';
import { SOCKET_PATH, type AgendaItemView, type ConferenceRoomState } from '@roundtable/contracts';
import type { RealmUser } from '../../apps/local-stack/src/realm/realm-export';
import { apiClient } from '../support/http';
import { freePort } from '../support/ports';
import { runBench, startBenchStack, type BenchStack } from './bench-stack';
import { connect, EVENTS_PER_SECOND, PARTICIPANTS, send, type ClientCommand, type FinishAnswer, type SliceAnswer } from './conference-room-client';

const ROOMS = Number(process.env.BENCH_ROOMS ?? 50);
/** Seconds measured per side and round, in slices of one second. */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARM_UP_SECONDS = 2;
/** Rounds, each with the sockets connected anew. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
/** The api on one process, then on two (BENCH_INSTANCES=2 for only the two). */
const INSTANCES = (process.env.BENCH_INSTANCES ?? '1,2').split(',').map(Number);
const ORGANISATIONS = ['abh-magdeburg', 'caritas-magdeburg', 'diakonie-magdeburg', 'jobcenter-magdeburg'];
const ROOT = join(__dirname, '../..');

/** p01 convenes and moderates every conference; p02..p20 are integration managers of four organisations. */
const users: RealmUser[] = Array.from({ length: PARTICIPANTS }, (_, i) => ({
  username: `bench.p${String(i + 1).padStart(2, '0')}`,
  enabled: true,
  email: `bench.p${i + 1}@roundtable.example`,
  emailVerified: true,
  firstName: 'Bench',
  lastName: `Participant ${i + 1}`,
  attributes: { org: [i === 0 ? 'abh-magdeburg' : ORGANISATIONS[i % ORGANISATIONS.length]], locale: ['de'] },
  credentials: [{ type: 'password', value: 'demo', temporary: false }],
  realmRoles: [i === 0 ? 'abh-liaison' : 'integration-manager'],
}));

type Server = { url: string; process: ChildProcess };

/** Starts a server process (the api as production starts it, or the bare yardstick) and waits until it answers. */
async function startServer(kind: 'api' | 'bare', env: Record<string, string>): Promise<Server> {
  const port = await freePort();
  const script = kind === 'api' ? 'apps/api/src/main.ts' : 'test/bench/bare-room-server.ts';
  const child = fork(join(ROOT, script), [], {
    cwd: ROOT,
    execArgv: ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', ...(process.env.BENCH_PROFILE ? [`--cpu-prof`, `--cpu-prof-dir=${process.env.BENCH_PROFILE}`] : []), ...(process.env.BENCH_SERVER_NODE_ARGS?.split(' ').filter(Boolean) ?? [])],
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'], // the servers' warnings (and --trace-gc) show in the output
  });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    const up = await fetch(kind === 'api' ? `${url}/api/health` : `${url}${SOCKET_PATH}/?EIO=4&transport=polling`).then((r) => r.ok, () => false);
    if (up) return { url, process: child };
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`${kind} server did not start`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function stopServer(server: Server): Promise<void> {
  if (server.process.exitCode !== null) return;
  const exited = new Promise((resolve) => server.process.once('exit', resolve));
  server.process.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
  server.process.kill('SIGKILL');
}

/** CPU seconds (user + system) a process has used so far, from /proc. */
function cpuSeconds(pid: number | undefined): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0; // gone meanwhile
  }
}

/** One side's client process: it holds the side's sockets and answers one command at a time. */
class BenchClient {
  private readonly child = fork(join(__dirname, 'conference-room-client.ts'), [], {
    cwd: ROOT,
    execArgv: ['--expose-gc', '-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register'],
    serialization: 'advanced', // typed arrays cross as they are
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });

  request(command: Extract<ClientCommand, { cmd: 'slice' }>): Promise<SliceAnswer>;
  request(command: Extract<ClientCommand, { cmd: 'finish' }>): Promise<FinishAnswer>;
  request(command: ClientCommand): Promise<void>;
  request(command: ClientCommand): Promise<unknown> {
    return new Promise((resolve, reject) => {
      this.child.once('message', (m: { ok: boolean; answer?: unknown; error?: string }) => (m.ok ? resolve(m.answer) : reject(new Error(m.error))));
      this.child.send(command);
    });
  }

  stop(): void {
    this.child.kill();
  }
}

/** One side of the comparison: its servers, its client, and what it measured in the round under way. */
interface Side {
  label: string;
  kind: 'api' | 'bare';
  servers: Server[];
  /** The database its servers use (the PostgreSQL CPU of its backends is counted for it); none for one bare process. */
  database?: string;
  client: BenchClient;
  /** The round under way: measured events, refusals, CPU seconds (servers, their database backends by application_name, client) and major collections of the client. */
  round: { events: number; refused: number; server: number; client: number; collections: number; byConnection: Map<string, number> };
}

interface Result {
  label: string;
  /** Every delivery's latency, sorted. */
  latencies: Float64Array;
  p50: number;
  p99: number;
  max: number;
  deliveries: number;
  missing: number;
  refused: number;
  eventsPerSecond: number;
  serverCpuMsPerEvent: number;
  databaseCpuMsPerEvent: number;
}

const emptyRound = (): Side['round'] => ({ events: 0, refused: 0, server: 0, client: 0, collections: 0, byConnection: new Map() });

/** CPU seconds used so far by each PostgreSQL backend, by pid, with its database. */
async function backendCpu(db: BenchStack['db']): Promise<Map<number, { database: string; application: string; cpu: number }>> {
  const backends: Array<{ pid: number; datname: string; application_name: string }> = await db.query(
    `SELECT pid, datname, application_name FROM pg_stat_activity WHERE datname IS NOT NULL AND pid <> pg_backend_pid()`,
  );
  return new Map(backends.map((b) => [b.pid, { database: b.datname, application: b.application_name, cpu: cpuSeconds(b.pid) }]));
}

/** CPU seconds the backends of `database` used between two readings, by application_name (a backend that ended meanwhile is not counted). */
function backendCpuBetween(before: Map<number, { cpu: number }>, after: Map<number, { database: string; application: string; cpu: number }>, database: string): Map<string, number> {
  const used = new Map<string, number>();
  for (const [pid, b] of after) if (b.database === database) used.set(b.application, (used.get(b.application) ?? 0) + b.cpu - (before.get(pid)?.cpu ?? 0));
  return used;
}

/** One measured slice of a side, with the CPU its servers and their database backends used meanwhile. */
async function measuredSlice(side: Side, db: BenchStack['db']): Promise<void> {
  const serverCpu = () => side.servers.reduce((sum, s) => sum + cpuSeconds(s.process.pid), 0);
  const [server, database] = [serverCpu(), side.database ? await backendCpu(db) : null];
  const answer = await side.client.request({ cmd: 'slice', ms: 1000, measured: true });
  const r = side.round;
  r.server += serverCpu() - server;
  if (database && side.database) {
    for (const [application, cpu] of backendCpuBetween(database, await backendCpu(db), side.database)) r.byConnection.set(application, (r.byConnection.get(application) ?? 0) + cpu);
  }
  Object.assign(r, { events: r.events + answer.events, refused: r.refused + answer.refused, client: r.client + answer.cpuMs / 1000, collections: r.collections + answer.majorCollections });
}

/** A round's figures for one side, from what its client measured. */
function summarise(label: string, side: Side, finished: FinishAnswer): Result {
  const r = side.round;
  if (process.env.BENCH_DIAG) {
    const perEvent = (seconds: number) => ((seconds * 1000) / r.events).toFixed(3);
    console.log(`  the client: ${r.collections} major garbage collections, CPU per event ${perEvent(r.client)} ms`);
    if (r.byConnection.size) console.log(`  PostgreSQL CPU per event (ms) by connection: ${[...r.byConnection].map(([a, cpu]) => `${a || '(none)'} ${perEvent(cpu)}`).join(', ')}`);
    for (const [path, list] of Object.entries(finished.paths).sort()) {
      const sorted = list.sort();
      console.log(`  ${path}: ${list.length} deliveries, p50 ${percentile(sorted, 50).toFixed(2)} ms, p90 ${percentile(sorted, 90).toFixed(2)} ms, p99 ${percentile(sorted, 99).toFixed(2)} ms`);
    }
  }
  return report(label, finished.latencies.sort(), {
    missing: finished.missing,
    refused: r.refused,
    eventsPerSecond: r.events / SECONDS,
    serverCpuMsPerEvent: (r.server * 1000) / Math.max(1, r.events),
    databaseCpuMsPerEvent: ([...r.byConnection.values()].reduce((sum, cpu) => sum + cpu, 0) * 1000) / Math.max(1, r.events),
  });
}

/**
 * One round: both sides connect (the api side with fresh tokens: they live five minutes; the members are mirrored
 * already), warm up, then take
 * turns in measured slices of one second, the other side first in every other slice.
 */
async function round(n: number, sides: [Side, Side], rooms: string[], stack: BenchStack): Promise<Result[]> {
  const [ours, bare] = sides;
  const tokens = await Promise.all(users.map((u) => stack.login(u.username)));
  await Promise.all(sides.map((side) => side.client.request({ cmd: 'connect', kind: side.kind, urls: side.servers.map((s) => s.url), tokens: side.kind === 'api' ? tokens : [], rooms })));
  for (const side of sides) await side.client.request({ cmd: 'slice', ms: WARM_UP_SECONDS * 1000, measured: false });
  for (const side of sides) side.round = emptyRound();
  for (let slice = 0; slice < SECONDS; slice++) {
    for (const side of slice % 2 ? [ours, bare] : [bare, ours]) await measuredSlice(side, stack.db);
  }
  const finished = await Promise.all(sides.map((side) => side.client.request({ cmd: 'finish' })));
  return sides.map((side, i) => summarise(n ? `round ${n}: ${side.label}` : `warm-up (not counted): ${side.label}`, side, finished[i]));
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Prints a side's figures from its sorted latencies and the rest it measured. */
function report(label: string, sorted: Float64Array, rest: Pick<Result, 'missing' | 'refused' | 'eventsPerSecond' | 'serverCpuMsPerEvent' | 'databaseCpuMsPerEvent'>): Result {
  const result: Result = { label, latencies: sorted, p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted[sorted.length - 1], deliveries: sorted.length, ...rest };
  console.log(
    `${label.padEnd(52)} p50 ${result.p50.toFixed(2).padStart(6)} ms   p99 ${result.p99.toFixed(2).padStart(7)} ms   max ${result.max.toFixed(0).padStart(5)} ms   ` +
      `${result.eventsPerSecond.toFixed(0)} events/s, ${result.deliveries} deliveries, ${result.missing} missing, ${result.refused} refused, CPU per event: server ${result.serverCpuMsPerEvent.toFixed(2)} ms, database ${result.databaseCpuMsPerEvent.toFixed(2)} ms`,
  );
  return result;
}

/** The rounds of one side taken together: every delivery of every round, CPU averaged over the rounds. */
function pooled(label: string, rounds: Result[]): Result {
  const sorted = new Float64Array(rounds.reduce((n, r) => n + r.latencies.length, 0));
  rounds.reduce((at, r) => (sorted.set(r.latencies, at), at + r.latencies.length), 0);
  const mean = (pick: (r: Result) => number) => rounds.reduce((sum, r) => sum + pick(r), 0) / rounds.length;
  return report(label, sorted.sort(), {
    missing: rounds.reduce((n, r) => n + r.missing, 0),
    refused: rounds.reduce((n, r) => n + r.refused, 0),
    eventsPerSecond: mean((r) => r.eventsPerSecond),
    serverCpuMsPerEvent: mean((r) => r.serverCpuMsPerEvent),
    databaseCpuMsPerEvent: mean((r) => r.databaseCpuMsPerEvent),
  });
}

/** A member's id (GET /api/me, which also mirrors a first-time member). */
async function memberId(api: string, token: string): Promise<string> {
  return (await apiClient(api, token).get<{ id: string }>('/api/me')).body.id;
}

/** Logs every bench user in and mirrors them; returns tokens and member ids in participant order. */
async function logIn(stack: BenchStack, api: string): Promise<{ tokens: string[]; ids: string[] }> {
  const tokens = await Promise.all(users.map((u) => stack.login(u.username)));
  return { tokens, ids: await Promise.all(tokens.map((token) => memberId(api, token))) };
}

/** POSTs through the api; anything but 2xx ends the benchmark. */
async function post(api: string, token: string, path: string, body?: object): Promise<{ id: string }> {
  const res = await apiClient(api, token).post<{ id: string }>(path, body);
  if (res.status >= 300) throw new Error(`${path}: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

/** Conferences with one topic each, started by the moderator: the rooms of the benchmark. */
async function scheduleRooms(api: string, tokens: string[], ids: string[], abh: string): Promise<string[]> {
  const tomorrow = new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const rooms: string[] = [];
  for (let r = 0; r < ROOMS; r++) {
    const { id } = await post(api, tokens[0], '/api/conferences', {
      title: `Bench-Fallkonferenz ${r + 1}`, startsAt: `${tomorrow}T10:00`, durationMinutes: 60, room: 'Raum 1',
      moderatorMemberId: ids[0], invitedMemberIds: ids.slice(1),
    });
    await post(api, tokens[0], `/api/conferences/${id}/agenda`, { kind: 'topic', title: 'Arbeitsmarktzugang', timeBoxMinutes: 30, presentingOrganisationId: abh });
    rooms.push(id);
  }
  const moderator = await connect(api, tokens[0]);
  for (const conferenceId of rooms) {
    await send(moderator, 'conference.join', { conferenceId });
    const ack = await send(moderator, 'conference.moderate', { conferenceId, action: 'start' });
    if (!ack.ok) throw new Error(ack.message);
  }
  moderator.disconnect();
  return rooms;
}

/**
 * A case conference about a Caritas client whose consent covers the ABH, the Jobcenter and the Diakonie; their
 * three participants sit on both api processes. Caritas withdraws the consent (HTTP) and the time until no
 * participant's agenda shows the client's name any more is taken, ten times.
 */
async function withdrawalToRedaction(stack: BenchStack, servers: Server[]): Promise<void> {
  const api = servers[0].url;
  const [owner, ...participants] = await Promise.all(['ben.caritas', 'anna.abh', 'david.jobcenter', 'clara.diakonie'].map((u) => stack.login(u)));
  const ids = await Promise.all(participants.map((token) => memberId(api, token)));
  const org = new Map<string, string>((await stack.db.query('SELECT slug, id FROM organisation')).map((o: { slug: string; id: string }) => [o.slug, o.id]));
  const times: number[] = [];
  for (let round = 0; round < 10; round++) {
    const familyName = `Benchmark${round}`;
    const client = await post(api, owner, '/api/clients', { identity: { givenNames: 'Amal', familyName }, residence: { status: 'Duldung (§ 60a AufenthG)' } });
    const consent = await post(api, owner, `/api/clients/${client.id}/consents`, {
      granteeOrganisationIds: ['abh-magdeburg', 'jobcenter-magdeburg', 'diakonie-magdeburg'].map((slug) => org.get(slug)),
      purposes: ['case_conference'], categories: ['identity', 'residence'], validUntil: '2099-01-01', evidenceType: 'digital',
    });
    const { id: conferenceId } = await post(api, participants[0], '/api/conferences', {
      title: `Bench-Widerruf ${round + 1}`, startsAt: `${new Date(Date.now() + 86_400_000).toISOString().slice(0, 10)}T11:00`, durationMinutes: 30,
      room: 'Raum 2', moderatorMemberId: ids[0], invitedMemberIds: ids.slice(1), invitedOrganisationIds: [org.get('caritas-magdeburg')],
    });
    await post(api, participants[0], `/api/conferences/${conferenceId}/agenda`, {
      kind: 'case', title: 'Spurwechsel', clientId: client.id, categories: ['identity', 'residence'], timeBoxMinutes: 15, presentingOrganisationId: org.get('caritas-magdeburg'),
    });
    const screens = await Promise.all(
      participants.map(async (token, i) => {
        const socket = await connect(servers[i % servers.length].url, token);
        const screen = { socket, named: false, redactedAt: 0 };
        socket.on('conference.agenda', (e: { items: AgendaItemView[] }) => {
          screen.named = JSON.stringify(e.items).includes(familyName);
          if (!screen.named && !screen.redactedAt) screen.redactedAt = performance.now();
        });
        await send(socket, 'conference.join', { conferenceId });
        return screen;
      }),
    );
    if (!screens.every((s) => s.named)) throw new Error('the client was not on every screen before the withdrawal');
    const t0 = performance.now();
    await post(api, owner, `/api/consents/${consent.id}/withdraw`);
    const deadline = Date.now() + 5000;
    while (screens.some((s) => !s.redactedAt) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 1));
    if (screens.some((s) => !s.redactedAt)) throw new Error('a screen was not redacted within 5 s');
    times.push(Math.max(...screens.map((s) => s.redactedAt)) - t0);
    screens.forEach((s) => s.socket.disconnect());
  }
  times.sort((a, b) => a - b);
  console.log(`withdrawal to redaction on every screen (3 organisations on 2 api processes, 10 rounds): median ${times[5].toFixed(1)} ms, max ${times[9].toFixed(1)} ms`);
}

/**
 * A real room state from the api, the payload the bare yardstick broadcasts: the first room after three cycles
 * of the benchmark's events (so that four organisations have spoken) and one more hand - two speakers.
 */
async function captureState(api: string, tokens: string[], conferenceId: string): Promise<ConferenceRoomState> {
  const sockets = await Promise.all(tokens.slice(0, 9).map((token) => connect(api, token)));
  for (const socket of sockets) await send(socket, 'conference.join', { conferenceId });
  const act = async (socket: Socket, event: string, body: object) => {
    const ack = await send(socket, event, { conferenceId, ...body });
    if (!ack.ok) throw new Error(`${event}: ${ack.message}`);
  };
  for (let cycle = 0; cycle < 3; cycle++) {
    await act(sockets[1 + 2 * cycle], 'speakers.raise', {});
    await act(sockets[2 + 2 * cycle], 'speakers.raise', { pointOfOrder: true });
    await act(sockets[0], 'conference.moderate', { action: 'next-speaker' });
    await act(sockets[0], 'conference.moderate', { action: 'next-speaker' });
  }
  const state = new Promise<ConferenceRoomState>((resolve) => sockets[0].once('conference.state', resolve));
  await act(sockets[7], 'speakers.raise', {});
  const captured = await state;
  sockets.forEach((s) => s.disconnect());
  return captured;
}

runBench(async () => {
  const stack = await startBenchStack({ realmUsers: users });
  const servers: Server[] = [];
  const clients: BenchClient[] = [];
  const scratch = mkdtempSync(join(tmpdir(), 'roundtable-bench-room-'));
  try {
    const setup = await startServer('api', stack.apiEnv);
    servers.push(setup);
    const { tokens, ids } = await logIn(stack, setup.url);
    const [{ id: abh }] = await stack.db.query(`SELECT id FROM organisation WHERE slug = 'abh-magdeburg'`);
    const rooms = await scheduleRooms(setup.url, tokens, ids, abh);
    const stateFile = join(scratch, 'state.json');
    writeFileSync(stateFile, JSON.stringify(await captureState(setup.url, tokens, rooms[0])));
    await stopServer(servers.pop()!);
    // Bare socket.io's adapter gets a database of its own: notifications do not cross databases.
    await stack.db.query('CREATE DATABASE bench_bare');
    const bareDatabaseUrl = stack.databaseUrl.replace(/\/[^/]*$/, '/bench_bare');
    console.log(
      `${ROOMS} rooms x ${PARTICIPANTS} participants, ${EVENTS_PER_SECOND} events per second per room; Roundtable and bare socket.io take turns ` +
        `in slices of 1 s, ${SECONDS} s measured each per round after ${WARM_UP_SECONDS} s of warm-up, ${ROUNDS} rounds\n`,
    );

    const ratios: string[] = [];
    for (const instances of INSTANCES) {
      const processes = instances > 1 ? 'processes' : 'process';
      await stack.db.query(`UPDATE speaker_entry SET state = 'done', ended_at = now() WHERE state IN ('waiting','speaking')`);
      const bareEnv: Record<string, string> = { BENCH_STATE_FILE: stateFile, ...(instances > 1 ? { DATABASE_URL: bareDatabaseUrl } : {}) };
      const [api, yardstick] = await Promise.all([
        Promise.all(Array.from({ length: instances }, () => startServer('api', stack.apiEnv))),
        Promise.all(Array.from({ length: instances }, () => startServer('bare', bareEnv))),
      ]);
      servers.push(...api, ...yardstick);
      const ours: Side = { label: `Roundtable, ${instances} api ${processes}`, kind: 'api', servers: api, database: 'bench', client: new BenchClient(), round: emptyRound() };
      const bare: Side = {
        label: `bare socket.io, ${instances} ${processes}${instances > 1 ? ' (PostgreSQL adapter)' : ''}`, kind: 'bare', servers: yardstick,
        database: instances > 1 ? 'bench_bare' : undefined, client: new BenchClient(), round: emptyRound(),
      };
      clients.push(ours.client, bare.client);
      const results: [Result[], Result[]] = [[], []];
      // Round 0 warms the fresh servers up (their code compiled, their connections made) and is not counted.
      for (let n = 0; n <= ROUNDS; n++) {
        const [a, b] = await round(n, [ours, bare], rooms, stack);
        if (n) results[0].push(a), results[1].push(b);
      }
      const [a, b] = [pooled(`all rounds: ${ours.label}`, results[0]), pooled(`all rounds: ${bare.label}`, results[1])];
      if (instances === 2) await withdrawalToRedaction(stack, api);
      for (const s of [...api, ...yardstick]) await stopServer(servers.splice(servers.indexOf(s), 1)[0]);
      console.log('');
      ratios.push(`Roundtable, ${instances} api ${processes}: p50 ${(a.p50 / b.p50).toFixed(2)}x, p99 ${(a.p99 / b.p99).toFixed(2)}x bare socket.io (target: at most 1.5x)`);
    }
    console.log(`payload: the room state with two speakers, ${readFileSync(stateFile).length} bytes of JSON`);
    for (const line of ratios) console.log(line);
  } finally {
    for (const c of clients) c.stop();
    for (const s of servers) await stopServer(s);
    await stack.close();
    rmSync(scratch, { recursive: true, force: true });
  }
});
