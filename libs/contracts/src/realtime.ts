/** socket.io event names and payloads shared by the api gateway and the web app. */
import type { AgendaItemView, ConferencePresence, ConferenceRoomState, MinutesAction, ModeratorAction, RoomAck } from './conferences';

export interface DirectoryChangedEvent {
  organisationId: string;
  change: 'created' | 'updated' | 'deleted';
}

export interface ReferralChangedEvent {
  referralId: string;
  state: string;
  fromOrganisationId: string;
  toOrganisationId: string;
}

export interface ServerToClientEvents {
  /** To the members of the two organisations of a referral, on receipt and on each change. */
  'referral.changed': (event: ReferralChangedEvent) => void;
  'directory.changed': (event: DirectoryChangedEvent) => void;
  /** Sent just before the server drops a socket whose access token ran out. */
  'session.expired': () => void;
  /** To everyone in a conference's live room after each change. */
  'conference.state': (state: ConferenceRoomState) => void;
  'conference.presence': (presence: ConferencePresence) => void;
  /** To each participant in the room, the agenda as they may see it: on joining, on changes, on a withdrawal. */
  'conference.agenda': (event: { conferenceId: string; items: AgendaItemView[] }) => void;
  /** To the one socket whose request was refused; nothing changed. */
  'conference.error': (error: { conferenceId: string; code: string; message: string }) => void;
}

export interface ClientToServerEvents {
  /** Enter a conference's live room (participants, convenor, moderator). */
  'conference.join': (request: { conferenceId: string }, ack: (result: RoomAck) => void) => void;
  'conference.leave': (request: { conferenceId: string }, ack: (result: RoomAck) => void) => void;
  /** The moderator's actions; anyone else gets `conference.error` and nothing changes. */
  'conference.moderate': (request: ModeratorAction, ack: (result: RoomAck) => void) => void;
  /** Shared minutes (with the version they were based on), decisions and action items; moderator or convenor. */
  'conference.record': (request: MinutesAction, ack: (result: RoomAck) => void) => void;
  /** Ask to speak on the current item; a point of order goes before every waiting hand. */
  'speakers.raise': (request: { conferenceId: string; pointOfOrder?: boolean }, ack: (result: RoomAck) => void) => void;
  'speakers.withdraw': (request: { conferenceId: string }, ack: (result: RoomAck) => void) => void;
}

export const SOCKET_PATH = '/api/socket.io';

/**
 * The socket.io PostgreSQL adapter's NOTIFY channels are `<prefix>#<namespace>`: the api's adapter listens on
 * them, and the worker broadcasts to the api's sockets on them.
 */
export const SOCKET_ADAPTER_CHANNEL_PREFIX = 'socket.io';

/** The socket.io room of an organisation's members: its events (referral.changed) go to it, from any process. */
export const organisationRoom = (organisationId: string) => `org:${organisationId}`;
