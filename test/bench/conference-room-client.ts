/**
 * One side's participants in the conference benchmark (conference-room.bench.ts), in a process of their own:
 * the 1,000 sockets of a side, the events they send and the states they receive. With each side in its own
 * process, both sides stay connected side by side and take turns in short slices, and neither side's client
 * work - its garbage collection above all - falls on the other's measurements. Forked with an IPC channel
 * ('advanced' serialisation); it answers each command with one message. The helpers `connect` and `send` serve
 * the benchmark's own setup too.
 */
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { io, type Socket } from 'socket.io-client';
import { SOCKET_PATH, type ConferenceRoomState, type RoomAck } from '@roundtable/contracts';

export const PARTICIPANTS = 20;
export const EVENTS_PER_SECOND = 10;

export function connect(url: string, token: string | undefined): Promise<Socket> {
  const socket = io(url, { path: SOCKET_PATH, auth: token ? { token } : {}, transports: ['websocket'], reconnection: false, forceNew: true });
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });
}

export function send(socket: Socket, event: string, body: object): Promise<RoomAck> {
  return new Promise((resolve) => socket.emit(event, body, resolve));
}

export type ClientCommand =
  /** Connects participant p of every room to urls[p mod n] and joins the room (api: the conference; bare: the socket.io room). */
  | { cmd: 'connect'; kind: 'api' | 'bare'; urls: string[]; tokens: string[]; rooms: string[] }
  /** Every room sends 10 events a second for `ms`; answered once every request is answered. */
  | { cmd: 'slice'; ms: number; measured: boolean }
  /** The latencies of the measured events since `connect`; then the sockets are disconnected. */
  | { cmd: 'finish' };

export interface SliceAnswer {
  events: number;
  refused: number;
  /** The client's own CPU in the slice, and its major garbage collections. */
  cpuMs: number;
  majorCollections: number;
}

export interface FinishAnswer {
  /** Every delivery's latency (unsorted). */
  latencies: Float64Array;
  missing: number;
  /** By path ("sender on 0, receiver on 1"), for BENCH_DIAG. */
  paths: Record<string, Float64Array>;
}

/**
 * The receipts of one room, in a typed array rather than a JS array of numbers: the garbage collector then has
 * nothing to trace in them, so that its pauses stay short.
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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

class Side {
  private kind: 'api' | 'bare' = 'api';
  private servers = 1;
  private rooms: string[] = [];
  /** Per room, per participant. */
  private sockets: Socket[][] = [];
  /** Per room: receipts as (participant, revision, time) triples. */
  private receipts: Receipts[] = [];
  /** Per room: revision -> send time and sender, for the measured events. */
  private sent: Array<Map<number, { t0: number; sender: number }>> = [];
  /** Per room: how many events it was sent (the rooms run through the same cycle of events, across rounds). */
  private readonly steps = new Map<string, number>();
  /** Per room: the revision the bare yardstick gave its last event. */
  private readonly bareRevisions = new Map<string, number>();
  private majorCollections = 0;

  constructor() {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) if ((e as { detail?: { kind?: number } }).detail?.kind === constants.NODE_PERFORMANCE_GC_MAJOR) this.majorCollections++;
    }).observe({ entryTypes: ['gc'] });
  }

  async connect({ kind, urls, tokens, rooms }: Extract<ClientCommand, { cmd: 'connect' }>): Promise<void> {
    Object.assign(this, { kind, servers: urls.length, rooms, sockets: rooms.map(() => []), receipts: rooms.map(() => new Receipts()), sent: rooms.map(() => new Map()) });
    const all = rooms.flatMap((_, r) => Array.from({ length: PARTICIPANTS }, (_, p) => ({ r, p })));
    for (let i = 0; i < all.length; i += 50) {
      await Promise.all(
        all.slice(i, i + 50).map(async ({ r, p }) => {
          const socket = await connect(urls[p % urls.length], kind === 'api' ? tokens[p] : undefined);
          socket.on('conference.state', (s: ConferenceRoomState) => this.receipts[r].add(p, s.revision, performance.now()));
          const ack = kind === 'api' ? await send(socket, 'conference.join', { conferenceId: rooms[r] }) : await send(socket, 'bench.join', { room: rooms[r] });
          if (!ack.ok) throw new Error(`join refused: ${ack.message}`);
          this.sockets[r][p] = socket;
        }),
      );
    }
    await sleep(500); // the states sent on joining are not events
    for (const list of this.receipts) list.length = 0;
    global.gc?.(); // the garbage of connecting is not collected while measuring
  }

  /** Participants raise a hand or a point of order, the moderator calls the next speaker (twice), in turn. */
  async slice({ ms, measured }: Extract<ClientCommand, { cmd: 'slice' }>): Promise<SliceAnswer> {
    const cpu = process.cpuUsage();
    const collections = this.majorCollections;
    const stopAt = performance.now() + ms;
    let events = 0;
    let refused = 0;
    const answered: Array<Promise<unknown>> = [];
    await Promise.all(
      this.rooms.map(async (conferenceId, r) => {
        await sleep((r * 1000) / EVENTS_PER_SECOND / this.rooms.length); // spread the rooms over the interval
        let next = performance.now();
        while (performance.now() < stopAt) {
          const t0 = performance.now();
          const step = this.steps.get(conferenceId) ?? 0;
          this.steps.set(conferenceId, step + 1);
          const cycle = Math.floor(step / 4);
          const [sender, event, body] =
            step % 4 === 0
              ? [1 + ((2 * cycle) % (PARTICIPANTS - 1)), 'speakers.raise', { conferenceId }]
              : step % 4 === 1
                ? [1 + ((2 * cycle + 1) % (PARTICIPANTS - 1)), 'speakers.raise', { conferenceId, pointOfOrder: true }]
                : [0, 'conference.moderate', { conferenceId, action: 'next-speaker' }];
          events++;
          const note = (revision: number) => measured && this.sent[r].set(revision, { t0, sender });
          if (this.kind === 'bare') {
            const revision = (this.bareRevisions.get(conferenceId) ?? 0) + 1;
            this.bareRevisions.set(conferenceId, revision);
            note(revision);
            answered.push(send(this.sockets[r][sender], 'bench.event', { room: conferenceId, revision }));
          } else {
            answered.push(
              send(this.sockets[r][sender], event, body).then((ack) => {
                if (!ack.ok) refused++;
                else if (ack.revision !== undefined) note(ack.revision);
              }),
            );
          }
          next += 1000 / EVENTS_PER_SECOND;
          await sleep(Math.max(0, next - performance.now()));
        }
      }),
    );
    await Promise.all(answered);
    const used = process.cpuUsage(cpu);
    return { events, refused, cpuMs: (used.user + used.system) / 1000, majorCollections: this.majorCollections - collections };
  }

  /** Each measured event's latency at each participant: the first receipt of its revision or a newer one. */
  async finish(): Promise<FinishAnswer> {
    await sleep(2000); // stragglers
    this.sockets.flat().forEach((s) => s.disconnect());
    const latencies: number[] = [];
    const paths = new Map<string, number[]>();
    let missing = 0;
    this.rooms.forEach((_, r) => {
      const firstAtOrAfter = Array.from({ length: PARTICIPANTS }, () => [] as Array<[number, number]>);
      const log = this.receipts[r].values;
      for (let i = 0; i < this.receipts[r].length; i += 3) firstAtOrAfter[log[i]].push([log[i + 1], log[i + 2]]);
      for (const [revision, { t0, sender }] of this.sent[r]) {
        for (let p = 0; p < PARTICIPANTS; p++) {
          const got = firstAtOrAfter[p].find(([v]) => v >= revision);
          if (!got) {
            missing++;
            continue;
          }
          latencies.push(got[1] - t0);
          const path = `sender on ${sender % this.servers}, receiver on ${p % this.servers}`;
          (paths.get(path) ?? paths.set(path, []).get(path)!).push(got[1] - t0);
        }
      }
    });
    return { latencies: Float64Array.from(latencies), missing, paths: Object.fromEntries([...paths].map(([path, list]) => [path, Float64Array.from(list)])) };
  }
}

if (require.main === module) {
  const side = new Side();
  process.on('message', (command: ClientCommand) => {
    const work = command.cmd === 'connect' ? side.connect(command) : command.cmd === 'slice' ? side.slice(command) : side.finish();
    work.then(
      (answer) => process.send!({ ok: true, answer }),
      (err: Error) => process.send!({ ok: false, error: err.message }),
    );
  });
}
