import { useEffect, useRef } from 'react';
import { io, type Socket } from 'socket.io-client';
import { SOCKET_PATH, type ClientToServerEvents, type DirectoryChangedEvent, type ServerToClientEvents } from '@roundtable/contracts';
import { token } from './auth';

let socket: Socket<ServerToClientEvents, ClientToServerEvents> | undefined;

/** One socket per tab; every (re)connect sends a fresh token, so the server's expiry drop heals itself. */
function connection() {
  socket ??= io({ path: SOCKET_PATH, auth: (cb) => void token().then((t) => cb({ token: t })), transports: ['websocket'] });
  // The server drops a socket whose token ran out; socket.io does not retry that on its own.
  socket.on('disconnect', (reason) => {
    if (reason === 'io server disconnect') socket?.connect();
  });
  return socket;
}

/** The tab's socket, for pages that talk to the server (the live room). */
export function liveSocket(): Socket<ServerToClientEvents, ClientToServerEvents> {
  return connection();
}

/** Calls `onEvent` for each server event of this name while the component is mounted. */
export function useServerEvent<E extends 'directory.changed' | 'referral.changed'>(
  event: E,
  onEvent: Parameters<ServerToClientEvents[E]>[0] extends infer P ? (payload: P) => void : never,
): void {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    const s = connection();
    const listener = (payload: unknown) => (handler.current as (p: unknown) => void)(payload);
    s.on(event, listener as never);
    return () => {
      s.off(event, listener as never);
    };
  }, [event]);
}

export function useDirectoryChanges(onChange: (event: DirectoryChangedEvent) => void): void {
  useServerEvent('directory.changed', onChange);
}
