import type { ChildProcess } from 'node:child_process';
import type { Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { seedDemoData } from '../../apps/local-stack/src/demo-data';
import { testStack } from '../setup/test-stack';
import { apiClient } from '../support/http';
import { freePort } from '../support/ports';
import { accessToken, DEMO_USERS } from '../support/realm';
import { RoomClient } from '../support/room';
import { spawnApp, startTestApp, type TestApp } from '../support/test-app';

/** Two api processes - this test's and a second one as production starts it - serve one conference room. */
describe('a conference room shared by two api processes', () => {
  let t: TestApp;
  let child: ChildProcess;
  let childUrl: string;
  const sockets: Socket[] = [];

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoData(t.app.get(DataSource));
    const port = await freePort();
    childUrl = `http://127.0.0.1:${port}`;
    child = spawnApp('api', {
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: t.databaseUrl,
      KEYCLOAK_URL: testStack().keycloakUrl,
      KEYCLOAK_API_CLIENT_SECRET: 'roundtable-api-dev-secret',
      SMTP_URL: testStack().smtpUrl,
      REFERRAL_LINK_SECRET: 'test-referral-link-secret-0123456789abcdef',
    });
    const deadline = Date.now() + 60_000;
    for (;;) {
      const healthy = await fetch(`${childUrl}/api/health`).then((r) => r.ok, () => false);
      if (healthy) break;
      if (Date.now() > deadline) throw new Error('the second api process did not start');
      await new Promise((r) => setTimeout(r, 250));
    }
  }, 90_000);
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    child?.kill('SIGTERM');
    await new Promise((resolve) => (child.exitCode !== null || child.signalCode !== null ? resolve(null) : child.once('exit', resolve)));
    await t.close();
  });

  const connect = (url: string, user: string) => RoomClient.connect(url, user, sockets);

  it('shows presence, moderator actions and the list of speakers to participants on either process', async () => {
    const anna = apiClient(t.url, await accessToken(DEMO_USERS.anna));
    const ids: Record<string, string> = {};
    for (const u of ['anna', 'ben'] as const) ids[u] = (await apiClient(t.url, await accessToken(DEMO_USERS[u])).get('/api/me')).body.id;
    const [abh] = await t.sql<{ id: string }>(`SELECT id FROM organisation WHERE slug = 'abh-magdeburg'`);
    const conference = await anna.post('/api/conferences', {
      title: 'Über zwei Prozesse', startsAt: `${new Date(Date.now() + 5 * 86_400_000).toISOString().slice(0, 10)}T10:00`, durationMinutes: 30,
      room: 'Raum 5', moderatorMemberId: ids.anna, invitedMemberIds: [ids.ben],
    });
    const conferenceId = conference.body.id;
    await anna.post(`/api/conferences/${conferenceId}/agenda`, { kind: 'topic', title: 'Verfahrensfragen', timeBoxMinutes: 10, presentingOrganisationId: abh.id });

    const moderator = await connect(t.url, DEMO_USERS.anna); // this process
    const participant = await connect(childUrl, DEMO_USERS.ben); // the other process
    expect(await moderator.send('conference.join', { conferenceId })).toEqual({ ok: true });
    expect(await participant.send('conference.join', { conferenceId })).toEqual({ ok: true });
    await moderator.present(['Anna Albrecht', 'Ben Cramer']);
    await participant.present(['Anna Albrecht', 'Ben Cramer']);

    expect(await participant.send('conference.moderate', { conferenceId, action: 'start' })).toMatchObject({ ok: false, code: 'not_moderator' });
    expect(await moderator.send('conference.moderate', { conferenceId, action: 'start' })).toEqual({ ok: true, epoch: expect.any(Number), revision: expect.any(Number) });
    await participant.until((s) => s.state === 'live');
    expect(await participant.send('speakers.raise', { conferenceId })).toEqual({ ok: true, epoch: expect.any(Number), revision: expect.any(Number) });
    const seen = await moderator.until((s) => s.speakers.length === 1);
    expect(seen.speakers[0]).toMatchObject({ member: { displayName: 'Ben Cramer' }, kind: 'hand', state: 'waiting' });
  }, 60_000);

  it('keeps the room when the process hosting it dies: the other one takes it over with every acknowledged change', async () => {
    const anna = apiClient(t.url, await accessToken(DEMO_USERS.anna));
    const ids: Record<string, string> = {};
    for (const u of ['anna', 'ben'] as const) ids[u] = (await apiClient(t.url, await accessToken(DEMO_USERS[u])).get('/api/me')).body.id;
    const [abh] = await t.sql<{ id: string }>(`SELECT id FROM organisation WHERE slug = 'abh-magdeburg'`);
    const { body } = await anna.post('/api/conferences', {
      title: 'Ausfallsicher', startsAt: `${new Date(Date.now() + 6 * 86_400_000).toISOString().slice(0, 10)}T10:00`, durationMinutes: 30,
      room: 'Raum 6', moderatorMemberId: ids.anna, invitedMemberIds: [ids.ben],
    });
    const conferenceId = body.id;
    await anna.post(`/api/conferences/${conferenceId}/agenda`, { kind: 'topic', title: 'Wohnsitzauflage', timeBoxMinutes: 10, presentingOrganisationId: abh.id });

    // The other process is the first to use the room, so it hosts it; the participant is served by this one.
    const moderator = await connect(childUrl, DEMO_USERS.anna);
    expect(await moderator.send('conference.join', { conferenceId })).toEqual({ ok: true });
    expect(await moderator.send('conference.moderate', { conferenceId, action: 'start' })).toEqual({ ok: true, epoch: expect.any(Number), revision: expect.any(Number) });
    const participant = await connect(t.url, DEMO_USERS.ben);
    expect(await participant.send('conference.join', { conferenceId })).toEqual({ ok: true });
    const raised = await participant.send('speakers.raise', { conferenceId });
    expect(raised).toEqual({ ok: true, epoch: expect.any(Number), revision: expect.any(Number) }); // acknowledged: stored
    const before = await participant.until((s) => s.conferenceId === conferenceId && s.speakers.length === 1);

    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));

    // The moderator's app reconnects - to the process that is left, which takes the room over from the database
    // and sends it to the room at once. The join's answer does not wait for presence, which asks the dead process
    // too until the adapter gives up on it, and is told once more when the adapter has dropped it.
    const takenOver = participant.until((s) => s.conferenceId === conferenceId && s.epoch > before.epoch, 15_000);
    const again = await connect(t.url, DEMO_USERS.anna);
    expect(await again.send('conference.join', { conferenceId })).toEqual({ ok: true });
    const taken = await takenOver;
    expect(taken).toMatchObject({ state: 'live', revision: before.revision, speakers: [{ member: { displayName: 'Ben Cramer' }, kind: 'hand', state: 'waiting' }] });
    expect(await again.send('conference.moderate', { conferenceId, action: 'next-speaker' })).toEqual({ ok: true, epoch: taken.epoch, revision: before.revision + 1 });
    await participant.until((s) => s.epoch === taken.epoch && s.speakers[0]?.state === 'speaking');
    await again.present(['Anna Albrecht', 'Ben Cramer'], 30_000); // once the adapter has dropped the dead process
  }, 60_000);
});
