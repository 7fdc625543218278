import { io, type Socket } from 'socket.io-client';
import { SOCKET_PATH } from '@roundtable/contracts';
import { apiClient } from '../support/http';
import { accessToken, DEMO_USERS, resign } from '../support/realm';
import { startTestApp, type TestApp } from '../support/test-app';

describe('socket.io gateway', () => {
  let t: TestApp;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await t.close();
  });

  function connect(token?: string): Socket {
    const socket = io(t.url, { path: SOCKET_PATH, auth: token ? { token } : {}, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    return socket;
  }

  const outcome = (socket: Socket) =>
    new Promise<string>((resolve) => {
      socket.once('connect', () => resolve('connected'));
      socket.once('connect_error', (err) => resolve(`refused: ${err.message}`));
    });

  it('accepts a valid realm token at the handshake', async () => {
    expect(await outcome(connect(await accessToken(DEMO_USERS.ben)))).toBe('connected');
  });

  it('refuses a handshake without a token', async () => {
    expect(await outcome(connect())).toBe('refused: unauthorized: no token in the handshake');
  });

  it('refuses forged and expired tokens', async () => {
    const token = await accessToken(DEMO_USERS.ben);
    expect(await outcome(connect(await resign(token, {}, 'foreign')))).toMatch(/^refused: unauthorized: invalid token \(public key signature\)/);
    expect(await outcome(connect(await resign(token, { exp: Math.floor(Date.now() / 1000) - 5 })))).toMatch(/expired/);
    expect(await outcome(connect('not-a-jwt'))).toMatch(/^refused: unauthorized/);
  });

  it('tells connected members when the directory changes', async () => {
    const socket = connect(await accessToken(DEMO_USERS.eva));
    expect(await outcome(socket)).toBe('connected');
    const event = new Promise((resolve) => socket.once('directory.changed', resolve));
    const created = await apiClient(t.url, await accessToken(DEMO_USERS.felix)).post('/api/organisations', {
      slug: 'new-initiative', name: 'New initiative', kind: 'volunteer_group', address: { city: 'Magdeburg' },
    });
    expect(await event).toEqual({ organisationId: created.body.id, change: 'created' });
  });

  it('drops the socket when the token expires', async () => {
    const soon = await resign(await accessToken(DEMO_USERS.ben), { exp: Math.floor(Date.now() / 1000) + 2 });
    const socket = connect(soon);
    expect(await outcome(socket)).toBe('connected');
    const expired = new Promise((resolve) => socket.once('session.expired', () => resolve('expired')));
    const closed = new Promise((resolve) => socket.once('disconnect', (reason) => resolve(reason)));
    expect(await expired).toBe('expired');
    expect(await closed).toBe('io server disconnect');
  });
});
