import { io, type Socket } from 'socket.io-client';
import { isNewerRoomState, SOCKET_PATH, type AgendaItemView, type ConferencePresence, type ConferenceRoomState, type RoomAck } from '@roundtable/contracts';
import { accessToken } from './realm';

/** Polls `get` until `check` holds (5 s by default). */
async function until<T>(what: string, get: () => T | null | undefined, check: (value: T) => boolean, timeoutMs = 5000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = get();
    if (value != null && check(value)) return value;
    if (Date.now() > deadline) throw new Error(`${what} never matched; last: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/**
 * A participant's socket in the live room, as the web app keeps it: the newest room state (by epoch and
 * revision, since states from several api instances may arrive out of order), who is present, the last agenda
 * per conference, and the error codes it was sent.
 */
export class RoomClient {
  state: ConferenceRoomState | null = null;
  presence: ConferencePresence | null = null;
  errors: string[] = [];
  agendas = new Map<string, { items: AgendaItemView[] }>();

  private constructor(readonly socket: Socket) {
    socket.on('conference.state', (s: ConferenceRoomState) => {
      if (isNewerRoomState(this.state, s)) this.state = s;
    });
    socket.on('conference.presence', (p: ConferencePresence) => (this.presence = p));
    socket.on('conference.agenda', (e: { conferenceId: string; items: AgendaItemView[] }) => this.agendas.set(e.conferenceId, { items: e.items }));
    socket.on('conference.error', (e: { code: string }) => this.errors.push(e.code));
  }

  /** Connects with a fresh realm token of `username`; `sockets` collects the socket for closing after the tests. */
  static async connect(url: string, username: string, sockets: Socket[]): Promise<RoomClient> {
    const socket = io(url, { path: SOCKET_PATH, auth: { token: await accessToken(username) }, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', reject);
    });
    return new RoomClient(socket);
  }

  send(event: string, body: object): Promise<RoomAck> {
    return new Promise((resolve) => this.socket.emit(event, body, resolve));
  }

  /** Waits until the room state satisfies `check`. */
  until(check: (s: ConferenceRoomState) => boolean, timeoutMs?: number): Promise<ConferenceRoomState> {
    return until('room state', () => this.state, check, timeoutMs);
  }

  /** Waits until exactly these members (display names, in order) are present. */
  present(names: string[], timeoutMs?: number): Promise<ConferencePresence> {
    return until('presence', () => this.presence, (p) => JSON.stringify(p.present.map((m) => m.member.displayName)) === JSON.stringify(names), timeoutMs);
  }

  agenda(conferenceId: string, check: (items: AgendaItemView[]) => boolean = () => true): Promise<{ items: AgendaItemView[] }> {
    return until('agenda', () => this.agendas.get(conferenceId), (a) => check(a.items));
  }
}
