/**
 * Benchmark (prints figures, never fails on speed): the live room of case conferences.
 *
 * 50 rooms x 20 participants (1,000 sockets), 10 events per second per room: participants raise a hand or a
 * point of order, the moderator calls the next speaker - each a real request that the room's host (an api
 * instance) checks and applies, sends to everyone in the room as the new room state, and stores in PostgreSQL
 * before it acks the sender. Latency is measured from the moment the request leaves the sender until each of
 * the room's 20 sockets holds that state (or a newer one). Next to it, bare socket.io servers broadcast the same
 * state (a real one, captured from the api) to the same rooms for the same client. The two sides take turns for
 * BENCH_ROUNDS rounds each (6) of BENCH_SECONDS measured (10), the other side first in every other round, with
 * the sockets connected anew for each round, after a round each that warms the fresh servers up and is not
 * counted; figures are printed per round and for all rounds together, with their ratio. Short rounds that take turns often let what else the shared machine does at a time - its pauses
 * decide a p99 - fall on both sides alike. The api runs as one process, then as two with each room's
 * participants split between them, next to one and two bare servers (the two sharing rooms through the same
 * PostgreSQL adapter, in a database of their own).
 *
 * Then the withdrawal: how long after the owner withdraws a consent the redacted agenda reaches the screens
 * of a case conference's participants, on both api processes.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { join } from 'node:path';
import { io, type Socket } from 'socket.io-client';
import { SOCKET_PATH, type AgendaItemView, type ConferenceRoomState, type RoomAck } from '@roundtable/contracts';
import type { RealmUser } from '../../apps/local-stack/src/realm/realm-export';
import { apiClient } from '../support/http';
import { freePort } from '../support/ports';
import { runBench, startBenchStack, type BenchStack } from './bench-stack';

const ROOMS = Number(process.env.BENCH_ROOMS ?? 50);
const PARTICIPANTS = 20;
const EVENTS_PER_SECOND = 10;
/** Seconds measured per round, after a warm-up. */
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const WARM_UP_SECONDS = 2;
/** Rounds per side: Roundtable and bare socket.io take turns, each round with its sockets connected anew. */
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

/** A process's I/O counters from /proc (syscr, syscw, wchar, ...). */
function ioCounters(pid: number | undefined): Record<string, number> {
  return Object.fromEntries(readFileSync(`/proc/${pid}/io`, 'utf8').trim().split('\n').map((line) => [line.split(':')[0], Number(line.split(':')[1])]));
}

function connect(url: string, token: string | undefined): Promise<Socket> {
  const socket = io(url, { path: SOCKET_PATH, auth: token ? { token } : {}, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

function send(socket: Socket, event: string, body: object): Promise<RoomAck> {
  return new Promise((resolve) => socket.emit(event, body, resolve));
}

async function inBatches<T>(items: T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  for (let i = 0; i < items.length; i += size) await Promise.all(items.slice(i, i + size).map(work));
}

/**
 * The receipts of one room, in a typed array rather than a JS array of numbers: the client's garbage collector
 * then has nothing to trace in them, so that its pauses (which delay the receipts of both sides alike) stay short.
 */
class Receipts {
  values = new Float64Array(3 * 4096);
  length = 0;

  add(participant: number, revision: number, time: number): void {
    if (this.length + 3 > this.values.length) {
      const grown = new Float64Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = participant;
    this.values[this.length++] = revision;
    this.values[this.length++] = time;
  }
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** One side of the comparison: its servers, and (for the round under way) its sockets and what they sent and received. */
interface Side {
  label: string;
  kind: 'api' | 'bare';
  servers: Server[];
  /** The database its servers use (the PostgreSQL CPU of its backends is counted for it); none for one bare process. */
  database?: string;
  /** Per room, per participant. */
  sockets: Socket[][];
  /** Per room: receipts as (participant, revision, time) triples. */
  receipts: Receipts[];
  /** Per room: revision -> send time, for the events sent after the warm-up. */
  sent: Array<Map<number, number>>;
  /** Per room: revision -> the participant who sent it (for BENCH_DIAG). */
  senders: Array<Map<number, number>>;
  /** Per room: how many events the side was sent (each side runs through the same cycle of events, across rounds). */
  steps: number[];
  /** Per room: the revision the bare yardstick gave its last event. */
  bareRevisions: number[];
  measuredEvents: number;
  refused: number;
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

/** What a side keeps for one round only: its sockets, and what they sent and received. */
function roundState(rooms: number): Pick<Side, 'measuredEvents' | 'refused' | 'sockets' | 'receipts' | 'sent' | 'senders'> {
  return {
    measuredEvents: 0, refused: 0,
    sockets: Array.from({ length: rooms }, () => []),
    receipts: Array.from({ length: rooms }, () => new Receipts()),
    sent: Array.from({ length: rooms }, () => new Map()),
    senders: Array.from({ length: rooms }, () => new Map()),
  };
}

function newSide(label: string, kind: 'api' | 'bare', servers: Server[], rooms: number, database?: string): Side {
  return {
    label, kind, servers, database, ...roundState(rooms),
    steps: Array.from({ length: rooms }, () => 0),
    bareRevisions: Array.from({ length: rooms }, () => 0),
  };
}

/** Connects every participant of every room to the side's servers (participant p to server p mod n) and joins the room. */
async function connectSide(side: Side, rooms: string[], tokens: string[]): Promise<void> {
  Object.assign(side, roundState(rooms.length));
  await inBatches(
    rooms.flatMap((_, r) => Array.from({ length: PARTICIPANTS }, (_, p) => ({ r, p }))),
    50,
    async ({ r, p }) => {
      const socket = await connect(side.servers[p % side.servers.length].url, side.kind === 'api' ? tokens[p] : undefined);
      socket.on('conference.state', (s: ConferenceRoomState) => side.receipts[r].add(p, s.revision, performance.now()));
      const ack = side.kind === 'api' ? await send(socket, 'conference.join', { conferenceId: rooms[r] }) : await send(socket, 'bench.join', { room: rooms[r] });
      if (!ack.ok) throw new Error(`join refused: ${ack.message}`);
      side.sockets[r][p] = socket;
    },
  );
  for (const list of side.receipts) list.length = 0; // the states sent on joining are not events
}

/** CPU seconds used so far by each PostgreSQL backend, by pid, with its database. */
async function backendCpu(db: BenchStack['db']): Promise<Map<number, { database: string; cpu: number }>> {
  const backends: Array<{ pid: number; datname: string }> = await db.query(`SELECT pid, datname FROM pg_stat_activity WHERE datname IS NOT NULL AND pid <> pg_backend_pid()`);
  return new Map(backends.map((b) => [b.pid, { database: b.datname, cpu: cpuSeconds(b.pid) }]));
}

/** CPU seconds the backends of `database` used between two readings (a backend that ended meanwhile is not counted). */
function backendCpuBetween(before: Map<number, { database: string; cpu: number }>, after: Map<number, { database: string; cpu: number }>, database: string): number {
  return [...after].filter(([, b]) => b.database === database).reduce((sum, [pid, b]) => sum + b.cpu - (before.get(pid)?.cpu ?? 0), 0);
}

/**
 * One round of one side: each room sends 10 events a second for WARM_UP_SECONDS + SECONDS, and the events sent
 * after the warm-up are measured. The side's sockets are connected before and disconnected after.
 */
async function round(label: string, side: Side, rooms: string[], tokens: string[], db: BenchStack['db']): Promise<Result> {
  await connectSide(side, rooms, tokens);
  global.gc?.(); // the client's garbage of connecting is not collected while it measures
  const collections: string[] = [];
  const gcObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) if ((e as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) collections.push(`${((e.startTime - started) / 1000).toFixed(2)}s:${e.duration.toFixed(0)}ms`);
  });
  if (process.env.BENCH_DIAG) gcObserver.observe({ entryTypes: ['gc'] });
  const started = performance.now();
  const measureFrom = started + WARM_UP_SECONDS * 1000;
  const stopAt = measureFrom + SECONDS * 1000;
  const serverCpu = () => side.servers.reduce((sum, s) => sum + cpuSeconds(s.process.pid), 0);
  let atMeasure: { server: number; database: Awaited<ReturnType<typeof backendCpu>>; io: Array<Record<string, number>> } | undefined;
  const measureTimer = setTimeout(async () => {
    const database = await backendCpu(db);
    atMeasure = { server: serverCpu(), database, io: process.env.BENCH_DIAG ? side.servers.map((s) => ioCounters(s.process.pid)) : [] };
  }, measureFrom - started);

  await Promise.all(
    rooms.map(async (conferenceId, r) => {
      await new Promise((res) => setTimeout(res, (r * 1000) / EVENTS_PER_SECOND / rooms.length)); // spread the rooms over the interval
      let next = performance.now();
      let pending = 0;
      const count = (answered: Promise<unknown>) => {
        pending++;
        void answered.then(() => pending--);
      };
      while (performance.now() < stopAt) {
        const t0 = performance.now();
        const measured = t0 >= measureFrom;
        const step = side.steps[r]++;
        const cycle = Math.floor(step / 4);
        const a = 1 + ((2 * cycle) % (PARTICIPANTS - 1));
        const b = 1 + ((2 * cycle + 1) % (PARTICIPANTS - 1));
        const [sender, event, body] =
          step % 4 === 0
            ? [a, 'speakers.raise', { conferenceId }]
            : step % 4 === 1
              ? [b, 'speakers.raise', { conferenceId, pointOfOrder: true }]
              : [0, 'conference.moderate', { conferenceId, action: 'next-speaker' }];
        if (measured) side.measuredEvents++;
        const note = (revision: number) => {
          side.sent[r].set(revision, t0);
          side.senders[r].set(revision, sender as number);
        };
        if (side.kind === 'bare') {
          const revision = ++side.bareRevisions[r];
          if (measured) note(revision);
          count(send(side.sockets[r][sender as number], 'bench.event', { room: conferenceId, revision }));
        } else {
          count(
            send(side.sockets[r][sender as number], event as string, body as object).then((ack) => {
              if (!ack.ok) side.refused++;
              else if (measured && ack.revision !== undefined) note(ack.revision);
            }),
          );
        }
        next += 1000 / EVENTS_PER_SECOND;
        await new Promise((res) => setTimeout(res, Math.max(0, next - performance.now())));
      }
      while (pending) await new Promise((res) => setTimeout(res, 10));
    }),
  );
  clearTimeout(measureTimer);
  gcObserver.disconnect();
  const cpu = { server: serverCpu() - atMeasure!.server, database: side.database ? backendCpuBetween(atMeasure!.database, await backendCpu(db), side.database) : 0 };
  if (process.env.BENCH_DIAG) {
    console.log(`  the client's major garbage collections: ${collections.join(' ') || 'none'}`);
    side.servers.forEach((s, j) => {
      const [before, after] = [atMeasure!.io[j], ioCounters(s.process.pid)];
      const per = (key: string) => (after[key] - before[key]) / side.measuredEvents;
      console.log(`  server ${j}: per event ${per('syscw').toFixed(1)} write calls, ${per('wchar').toFixed(0)} bytes written, ${per('syscr').toFixed(1)} read calls`);
    });
  }
  await new Promise((res) => setTimeout(res, 2000)); // stragglers
  side.sockets.flat().forEach((s) => s.disconnect());
  return summarise(label, side, rooms.length, started, cpu);
}

/** A round's figures: the latency of each event at each participant is the first receipt of its revision or a newer one. */
function summarise(label: string, side: Side, rooms: number, started: number, cpu: { server: number; database: number }): Result {
  const latencies: number[] = [];
  const slow: number[][] = [];
  const byPath = new Map<string, number[]>();
  let missing = 0;
  for (let r = 0; r < rooms; r++) {
    const firstAtOrAfter = Array.from({ length: PARTICIPANTS }, () => [] as Array<[number, number]>);
    const log = side.receipts[r].values;
    for (let i = 0; i < side.receipts[r].length; i += 3) firstAtOrAfter[log[i]].push([log[i + 1], log[i + 2]]);
    for (const [revision, t0] of side.sent[r]) {
      for (let p = 0; p < PARTICIPANTS; p++) {
        const got = firstAtOrAfter[p].find(([v]) => v >= revision);
        if (!got) missing++;
        else {
          latencies.push(got[1] - t0);
          if (process.env.BENCH_DIAG && got[1] - t0 > 10) slow.push([t0 - started, got[1] - t0, r, p]);
          if (process.env.BENCH_DIAG) {
            const path = `sender on ${side.senders[r].get(revision)! % side.servers.length}, receiver on ${p % side.servers.length}`;
            (byPath.get(path) ?? byPath.set(path, []).get(path)!).push(got[1] - t0);
          }
        }
      }
    }
  }
  if (process.env.BENCH_DIAG) {
    for (const [path, list] of [...byPath].sort()) {
      const sorted = Float64Array.from(list).sort();
      console.log(`  ${path}: ${list.length} deliveries, p50 ${percentile(sorted, 50).toFixed(2)} ms, p90 ${percentile(sorted, 90).toFixed(2)} ms, p99 ${percentile(sorted, 99).toFixed(2)} ms`);
    }
    const buckets = new Map<number, number>();
    for (const [at] of slow) buckets.set(Math.floor(at / 100), (buckets.get(Math.floor(at / 100)) ?? 0) + 1);
    console.log('  slow (>10 ms) deliveries per 100 ms window:', [...buckets].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([w, n]) => `${(w / 10).toFixed(1)}s:${n}`).join(' '), 'total', slow.length);
  }
  return report(label, Float64Array.from(latencies).sort(), {
    missing,
    refused: side.refused,
    eventsPerSecond: side.measuredEvents / SECONDS,
    serverCpuMsPerEvent: (cpu.server * 1000) / Math.max(1, side.measuredEvents),
    databaseCpuMsPerEvent: (cpu.database * 1000) / Math.max(1, side.measuredEvents),
  });
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
  try {
    const setup = await startServer('api', stack.apiEnv);
    servers.push(setup);
    const { tokens, ids } = await logIn(stack, setup.url);
    const [{ id: abh }] = await stack.db.query(`SELECT id FROM organisation WHERE slug = 'abh-magdeburg'`);
    const rooms = await scheduleRooms(setup.url, tokens, ids, abh);
    const stateFile = join(mkdtempSync(join(tmpdir(), 'roundtable-bench-room-')), 'state.json');
    writeFileSync(stateFile, JSON.stringify(await captureState(setup.url, tokens, rooms[0])));
    await stopServer(servers.pop()!);
    // Bare socket.io's adapter gets a database of its own: notifications do not cross databases.
    await stack.db.query('CREATE DATABASE bench_bare');
    const bareDatabaseUrl = stack.databaseUrl.replace(/\/[^/]*$/, '/bench_bare');
    console.log(
      `${ROOMS} rooms x ${PARTICIPANTS} participants, ${EVENTS_PER_SECOND} events per second per room; Roundtable and bare socket.io take turns ` +
        `for ${ROUNDS} rounds each, ${SECONDS} s measured per round after ${WARM_UP_SECONDS} s of warm-up\n`,
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
      const ours = newSide(`Roundtable, ${instances} api ${processes}`, 'api', api, rooms.length, 'bench');
      const bare = newSide(`bare socket.io, ${instances} ${processes}${instances > 1 ? ' (PostgreSQL adapter)' : ''}`, 'bare', yardstick, rooms.length, instances > 1 ? 'bench_bare' : undefined);
      const results = new Map<Side, Result[]>([[ours, []], [bare, []]]);
      // The two sides take turns, each round the other one first, so that what else the shared machine does at a time
      // falls on both alike. Round 0 warms the fresh servers up (their code compiled, their connections made) and is not counted.
      for (let n = 0; n <= ROUNDS; n++) {
        for (const side of n % 2 ? [ours, bare] : [bare, ours]) {
          const tokens = side === ours ? (await logIn(stack, api[0].url)).tokens : []; // tokens live five minutes
          const result = await round(n ? `round ${n}: ${side.label}` : `warm-up (not counted): ${side.label}`, side, rooms, tokens, stack.db);
          if (n) results.get(side)!.push(result);
        }
      }
      const [a, b] = [pooled(`all rounds: ${ours.label}`, results.get(ours)!), pooled(`all rounds: ${bare.label}`, results.get(bare)!)];
      if (instances === 2) await withdrawalToRedaction(stack, api);
      for (const s of [...api, ...yardstick]) await stopServer(servers.splice(servers.indexOf(s), 1)[0]);
      console.log('');
      ratios.push(`Roundtable, ${instances} api ${processes}: p50 ${(a.p50 / b.p50).toFixed(2)}x, p99 ${(a.p99 / b.p99).toFixed(2)}x bare socket.io (target: at most 1.5x)`);
    }
    console.log(`payload: the room state with two speakers, ${readFileSync(stateFile).length} bytes of JSON`);
    for (const line of ratios) console.log(line);
  } finally {
    for (const s of servers) await stopServer(s);
    await stack.close();
  }
});
