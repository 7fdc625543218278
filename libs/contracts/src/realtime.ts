/** socket.io event names and payloads shared by the api gateway and the web app. */
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
}

// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ClientToServerEvents {}

export const SOCKET_PATH = '/api/socket.io';

/**
 * PostgreSQL NOTIFY channel on which processes without sockets (the worker) publish events; every api
 * instance LISTENs and passes them to its own sockets. Payload: JSON `{ event: 'referral.changed', data }`.
 */
export const EVENTS_CHANNEL = 'roundtable_events';
