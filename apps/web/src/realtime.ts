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

export function useDirectoryChanges(onChange: (event: DirectoryChangedEvent) => void): void {
  const handler = useRef(onChange);
  handler.current = onChange;
  useEffect(() => {
    const s = connection();
    const listener = (event: DirectoryChangedEvent) => handler.current(event);
    s.on('directory.changed', listener);
    return () => {
      s.off('directory.changed', listener);
    };
  }, []);
}
