/**
 * Benchmark (prints figures, never fails on speed): the live room of case conferences.
 *
 * 50 rooms x 20 participants (1,000 sockets), 10 events per second per room: participants raise a hand or a
 * point of order, the moderator calls the next speaker - each a real request that the room's host (an api
 * instance) checks and applies, sends to everyone in the room as the new room state, and stores in PostgreSQL
 * before it acks the sender. Latency is measured from the moment the request leaves the sender until each of
 * the room's 20 sockets holds that state (or a newer one). The api runs as one process, then as two with each
 * room's participants split between them; next to it, in the same run, bare socket.io servers broadcast the
 * same state to the same rooms for the same clients (across two processes with the same PostgreSQL adapter).
 * The two sides take turns for BENCH_ROUNDS rounds each (3 unless set); figures are printed per round and for
 * all rounds together, with their ratio.
 *
 * Then the withdrawal: how long after the owner withdraws a consent the redacted agenda reaches the screens
 * of a case conference's participants, on both api processes.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
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
const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const WARM_UP_SECONDS = 3;
/** Rounds per side: Roundtable and bare socket.io take turns, each round with fresh servers. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
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

/** CPU seconds (user + system) a process has used so far, from /proc; with its children that ended (for the postmaster: backends that exited). */
function cpuSeconds(pid: number | undefined, endedChildren = false): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12]) + (endedChildren ? Number(fields[13]) + Number(fields[14]) : 0)) / 100;
  } catch {
    return 0; // gone meanwhile
  }
}

/** A process's I/O counters from /proc (syscr, syscw, wchar, ...). */
function ioCounters(pid: number | undefined): Record<string, number> {
  return Object.fromEntries(readFileSync(`/proc/${pid}/io`, 'utf8').trim().split('\n').map((line) => [line.split(':')[0], Number(line.split(':')[1])]));
}

/** CPU seconds of every PostgreSQL server process (the embedded cluster's postmaster and backends). */
function databaseCpuSeconds(): number {
  return readdirSync('/proc')
    .filter((pid) => /^\d+$/.test(pid))
    .reduce((sum, pid) => {
      try {
        return readFileSync(`/proc/${pid}/comm`, 'utf8').trim() === 'postgres' ? sum + cpuSeconds(Number(pid), true) : sum;
      } catch {
        return sum;
      }
    }, 0);
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

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
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

/**
 * One run: connects every participant of every room to the servers (participant p to server p mod n), lets
 * each room send 10 events a second for WARM_UP_SECONDS + SECONDS, and measures the events sent after the
 * warm-up. With `capture`, a state of the first room with two speakers is kept there (the bare yardstick's payload).
 */
async function run(
  label: string,
  servers: Server[],
  kind: 'api' | 'bare',
  rooms: string[],
  tokens: string[],
  capture?: { state?: ConferenceRoomState },
): Promise<Result> {
  const sockets: Socket[][] = rooms.map(() => []);
  /** Per room: receipts as (participant, revision, time) triples. */
  const receipts: number[][] = rooms.map(() => []);
  /** Per room: revision -> send time, for the events sent after the warm-up. */
  const sent: Array<Map<number, number>> = rooms.map(() => new Map());
  /** Per room: revision -> the participant who sent it (for BENCH_DIAG). */
  const senders: Array<Map<number, number>> = rooms.map(() => new Map());
  let refused = 0;

  await inBatches(
    rooms.flatMap((_, r) => Array.from({ length: PARTICIPANTS }, (_, p) => ({ r, p }))),
    50,
    async ({ r, p }) => {
      const socket = await connect(servers[p % servers.length].url, kind === 'api' ? tokens[p] : undefined);
      socket.on('conference.state', (s: ConferenceRoomState) => {
        receipts[r].push(p, s.revision, performance.now());
        if (capture && r === 0 && s.speakers.length === 2) capture.state = s;
      });
      const ack = kind === 'api' ? await send(socket, 'conference.join', { conferenceId: rooms[r] }) : await send(socket, 'bench.join', { room: rooms[r] });
      if (!ack.ok) throw new Error(`join refused: ${ack.message}`);
      sockets[r][p] = socket;
    },
  );
  for (const list of receipts) list.length = 0; // the states sent on joining are not events

  const serverCpu = () => servers.reduce((sum, s) => sum + cpuSeconds(s.process.pid), 0);
  const started = performance.now();
  const measureFrom = started + WARM_UP_SECONDS * 1000;
  const stopAt = measureFrom + SECONDS * 1000;
  let measuredEvents = 0;
  const cpuAtMeasure = { server: 0, database: 0 };
  let ioAtMeasure: Array<Record<string, number>> = [];
  const cpuTimer = setTimeout(() => {
    if (process.env.BENCH_DIAG) ioAtMeasure = servers.map((s) => ioCounters(s.process.pid));
    Object.assign(cpuAtMeasure, { server: serverCpu(), database: databaseCpuSeconds() });
  }, WARM_UP_SECONDS * 1000);

  await Promise.all(
    rooms.map(async (conferenceId, r) => {
      await new Promise((res) => setTimeout(res, (r * 1000) / EVENTS_PER_SECOND / rooms.length)); // spread the rooms over the interval
      let step = 0;
      let bareRevision = 0;
      let next = performance.now();
      const inFlight: Array<Promise<void>> = [];
      while (performance.now() < stopAt) {
        const cycle = Math.floor(step / 4);
        const a = 1 + ((2 * cycle) % (PARTICIPANTS - 1));
        const b = 1 + ((2 * cycle + 1) % (PARTICIPANTS - 1));
        const [sender, event, body] =
          step % 4 === 0
            ? [a, 'speakers.raise', { conferenceId }]
            : step % 4 === 1
              ? [b, 'speakers.raise', { conferenceId, pointOfOrder: true }]
              : [0, 'conference.moderate', { conferenceId, action: 'next-speaker' }];
        step++;
        const t0 = performance.now();
        const measured = t0 >= measureFrom;
        if (measured) measuredEvents++;
        if (kind === 'bare') {
          const revision = ++bareRevision;
          if (measured) sent[r].set(revision, t0);
          if (measured) senders[r].set(revision, sender as number);
          inFlight.push(send(sockets[r][sender as number], 'bench.event', { room: conferenceId, revision }).then(() => undefined));
        } else {
          inFlight.push(
            send(sockets[r][sender as number], event as string, body as object).then((ack) => {
              if (!ack.ok) refused++;
              else if (measured && ack.revision !== undefined) {
                sent[r].set(ack.revision, t0);
                senders[r].set(ack.revision, sender as number);
              }
            }),
          );
        }
        next += 1000 / EVENTS_PER_SECOND;
        await new Promise((res) => setTimeout(res, Math.max(0, next - performance.now())));
      }
      await Promise.all(inFlight);
    }),
  );
  clearTimeout(cpuTimer);
  const cpuAfter = { server: serverCpu(), database: databaseCpuSeconds() };
  if (process.env.BENCH_DIAG) servers.map((s) => ioCounters(s.process.pid)).forEach((after, i) => console.log(`  server ${i}: per event ${((after.syscw - ioAtMeasure[i].syscw) / measuredEvents).toFixed(1)} write calls, ${((after.wchar - ioAtMeasure[i].wchar) / measuredEvents).toFixed(0)} bytes written, ${((after.syscr - ioAtMeasure[i].syscr) / measuredEvents).toFixed(1)} read calls`));
  await new Promise((res) => setTimeout(res, 2000)); // stragglers
  sockets.flat().forEach((s) => s.disconnect());

  // Latency of each event at each participant: the first receipt of its revision or a newer one.
  const latencies: number[] = [];
  const slow: number[][] = [];
  const byPath = new Map<string, number[]>();
  let missing = 0;
  for (let r = 0; r < rooms.length; r++) {
    const firstAtOrAfter = Array.from({ length: PARTICIPANTS }, () => [] as Array<[number, number]>);
    const log = receipts[r];
    for (let i = 0; i < log.length; i += 3) firstAtOrAfter[log[i]].push([log[i + 1], log[i + 2]]);
    for (const [revision, t0] of sent[r]) {
      for (let p = 0; p < PARTICIPANTS; p++) {
        const got = firstAtOrAfter[p].find(([v]) => v >= revision);
        if (!got) missing++;
        else {
          latencies.push(got[1] - t0);
          if (process.env.BENCH_DIAG && got[1] - t0 > 10) slow.push([t0 - started, got[1] - t0, r, p]);
          if (process.env.BENCH_DIAG) {
            const path = `sender on ${senders[r].get(revision)! % servers.length}, receiver on ${p % servers.length}`;
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
    console.log('slow (>10 ms) deliveries per 100 ms window:', [...buckets].sort((a, b) => b[1] - a[1]).slice(0, 15).map(([w, n]) => `${(w / 10).toFixed(1)}s:${n}`).join(' '), 'total', slow.length, 'run started at', Math.round(Date.now() - (performance.now() - started)) % 1_000_000);
  }
  return report(label, Float64Array.from(latencies).sort(), {
    missing,
    refused,
    eventsPerSecond: measuredEvents / SECONDS,
    serverCpuMsPerEvent: ((cpuAfter.server - cpuAtMeasure.server) * 1000) / Math.max(1, measuredEvents),
    databaseCpuMsPerEvent: ((cpuAfter.database - cpuAtMeasure.database) * 1000) / Math.max(1, measuredEvents),
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

runBench(async () => {
  const stack = await startBenchStack({ realmUsers: users });
  const servers: Server[] = [];
  try {
    const setup = await startServer('api', stack.apiEnv);
    servers.push(setup);
    const { tokens, ids } = await logIn(stack, setup.url);
    const [{ id: abh }] = await stack.db.query(`SELECT id FROM organisation WHERE slug = 'abh-magdeburg'`);
    const rooms = await scheduleRooms(setup.url, tokens, ids, abh);
    await stopServer(servers.pop()!);
    console.log(`${ROOMS} rooms x ${PARTICIPANTS} participants, ${EVENTS_PER_SECOND} events per second per room, ${SECONDS} s measured after ${WARM_UP_SECONDS} s warm-up; ${ROUNDS} rounds per side, taking turns\n`);

    const stateFile = join(mkdtempSync(join(tmpdir(), 'roundtable-bench-room-')), 'state.json');
    const ratios: string[] = [];
    for (const instances of [1, 2]) {
      const processes = instances > 1 ? 'processes' : 'process';
      const ours: Result[] = [];
      const bare: Result[] = [];
      // The two sides take turns, so that what else the machine does at a time (it is shared) falls on both alike.
      for (let round = 1; round <= ROUNDS; round++) {
        await stack.db.query(`UPDATE speaker_entry SET state = 'done', ended_at = now() WHERE state IN ('waiting','speaking')`);
        const api = await Promise.all(Array.from({ length: instances }, () => startServer('api', stack.apiEnv)));
        servers.push(...api);
        const fresh = (await logIn(stack, api[0].url)).tokens; // tokens live five minutes
        const captured: { state?: ConferenceRoomState } = {};
        ours.push(await run(`round ${round}: Roundtable, ${instances} api ${processes}`, api, 'api', rooms, fresh, round === 1 ? captured : undefined));
        if (round === 1) writeFileSync(stateFile, JSON.stringify(captured.state));
        if (instances === 2 && round === ROUNDS) await withdrawalToRedaction(stack, api);
        for (const s of api) await stopServer(servers.splice(servers.indexOf(s), 1)[0]);

        const bareEnv: Record<string, string> = { BENCH_STATE_FILE: stateFile, ...(instances > 1 ? { DATABASE_URL: stack.databaseUrl } : {}) };
        const yardstick = await Promise.all(Array.from({ length: instances }, () => startServer('bare', bareEnv)));
        servers.push(...yardstick);
        bare.push(await run(`round ${round}: bare socket.io, ${instances} ${processes}${instances > 1 ? ' (PostgreSQL adapter)' : ''}`, yardstick, 'bare', rooms, []));
        for (const s of yardstick) await stopServer(servers.splice(servers.indexOf(s), 1)[0]);
      }
      const [a, b] = [pooled(`all rounds: Roundtable, ${instances} api ${processes}`, ours), pooled(`all rounds: bare socket.io, ${instances} ${processes}`, bare)];
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
