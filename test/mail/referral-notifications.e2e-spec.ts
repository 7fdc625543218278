import type { INestApplicationContext } from '@nestjs/common';
import { io, type Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import { SOCKET_PATH } from '@roundtable/contracts';
import { ReferralLinks } from '@roundtable/referrals';
import { seedDemoData } from '../../apps/local-stack/src/demo-data';
import { ReferralSweeper } from '../../apps/worker/src/referral-sweeper';
import { apiClient } from '../support/http';
import { mailsTo } from '../support/mail';
import { accessToken, DEMO_USERS } from '../support/realm';
import { startTestApp, startTestWorker, type TestApp } from '../support/test-app';

describe('referral notifications: mail with single-use links, and sockets', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  const org: Record<string, string> = {};
  const sockets: Socket[] = [];
  let ben: ReturnType<typeof apiClient>;
  let david: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoData(t.app.get(DataSource));
    for (const row of await t.sql<{ id: string; slug: string }>('SELECT id, slug FROM organisation')) org[row.slug] = row.id;
    worker = await startTestWorker(t.databaseUrl);
    ben = apiClient(t.url, await accessToken(DEMO_USERS.ben));
    david = apiClient(t.url, await accessToken(DEMO_USERS.david));
    await david.get('/api/me'); // David is a member (and so a mail recipient) once he has signed in
  });
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await worker.close();
    await t.close();
  });

  const connect = async (username: string) => {
    const socket = io(t.url, { path: SOCKET_PATH, auth: { token: await accessToken(username) }, transports: ['websocket'], reconnection: false });
    sockets.push(socket);
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    const events: unknown[] = [];
    socket.on('referral.changed', (e) => events.push(e));
    return events;
  };

  it('tells both organisations in real time, and nobody else', async () => {
    const [benEvents, davidEvents, claraEvents] = [await connect(DEMO_USERS.ben), await connect(DEMO_USERS.david), await connect(DEMO_USERS.clara)];
    const created = await ben.post('/api/referrals', {
      toOrganisationId: org['jobcenter-magdeburg'], serviceCategory: 'employment', reason: 'Job ends soon', urgency: 'urgent', send: true,
    });
    await new Promise((r) => setTimeout(r, 500));
    const expected = { referralId: created.body.id, state: 'sent', fromOrganisationId: org['caritas-magdeburg'], toOrganisationId: org['jobcenter-magdeburg'] };
    expect(benEvents).toEqual([expected]);
    expect(davidEvents).toEqual([expected]);
    expect(claraEvents).toEqual([]);
  });

  it('mails the recipient without personal data, and its accept link works once', async () => {
    const client = await ben.post('/api/clients', { identity: { givenNames: 'Amina', familyName: 'Yusuf' } });
    const created = await ben.post('/api/referrals', {
      toOrganisationId: org['jobcenter-magdeburg'], serviceCategory: 'employment', reason: 'Needs a placement', urgency: 'routine', clientId: client.body.id, send: true,
    });
    const [mail] = await mailsTo('david.jobcenter@roundtable.example', (m) => m.text.includes(client.body.pseudonym));
    expect(mail.subject).toBe('Roundtable: neue Überleitung von Caritasverband für das Bistum Magdeburg (Routine)');
    expect(mail.text).not.toMatch(/Amina|Yusuf|Needs a placement/);

    const accept = /Annehmen: (\S+)/.exec(mail.text)![1];
    const link = accept.replace(/^http:\/\/localhost:3000/, t.url);
    const page = await fetch(link);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<button type="submit">Überleitung annehmen</button>');
    expect((await ben.get(`/api/referrals/${created.body.id}`)).body.state).toBe('sent'); // opening the link changes nothing

    const used = await fetch(link, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: '' });
    expect(used.status).toBe(200);
    expect(await used.text()).toContain('Sie haben die Überleitung angenommen.');
    expect((await ben.get(`/api/referrals/${created.body.id}`)).body.state).toBe('accepted');
    const history = (await ben.get(`/api/referrals/${created.body.id}/history`)).body;
    expect(history.at(-1)).toMatchObject({ actor: 'David Jankowski', to: 'accepted', note: 'über den Link in der E-Mail' });

    const replay = await fetch(link, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: '' });
    expect(replay.status).toBe(410);
    expect((await fetch(link)).status).toBe(410);

    // and the sender hears of the acceptance by mail
    // Other test files mail the demo users too: match this referral by the link in the mail.
    const [news] = await mailsTo('ben.caritas@roundtable.example', (m) => m.subject.startsWith('Roundtable: Überleitung angenommen') && m.text.includes(created.body.id));
    expect(news.text).toContain(client.body.pseudonym);
  });

  it('declines through the link only with a reason', async () => {
    const created = await ben.post('/api/referrals', {
      toOrganisationId: org['jobcenter-magdeburg'], serviceCategory: 'housing', reason: 'Needs a flat', urgency: 'routine', send: true,
    });
    const [mail] = await mailsTo('david.jobcenter@roundtable.example', (m) => m.text.includes('Bereich: housing') && m.text.includes(created.body.id));
    const link = /Ablehnen \(mit Begründung\): (\S+)/.exec(mail.text)![1].replace(/^http:\/\/localhost:3000/, t.url);
    expect(await (await fetch(link)).text()).toContain('<textarea id="reason" name="reason"');
    const form = (reason: string) => fetch(link, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ reason }) });
    expect((await form('')).status).toBe(400);
    expect((await ben.get(`/api/referrals/${created.body.id}`)).body.state).toBe('sent');
    expect((await form('Housing is not our service.')).status).toBe(200);
    expect((await ben.get(`/api/referrals/${created.body.id}`)).body).toMatchObject({ state: 'declined', declineReason: 'Housing is not our service.' });
  });

  it('refuses expired and forged links', async () => {
    const created = await ben.post('/api/referrals', {
      toOrganisationId: org['jobcenter-magdeburg'], serviceCategory: 'education', reason: 'Course', urgency: 'routine', send: true,
    });
    const [{ id: davidId }] = await t.sql<{ id: string }>(`SELECT id FROM member WHERE username = 'david.jobcenter'`);
    const links = new ReferralLinks(t.config.REFERRAL_LINK_SECRET, 7);
    const expired = links.sign(created.body.id, davidId, 'accept', Date.now() - 8 * 86_400_000);
    expect((await fetch(`${t.url}/api/referral-links/${expired}`, { method: 'POST' })).status).toBe(410);
    const forged = new ReferralLinks('someone-elses-secret-of-32-characters!', 7).sign(created.body.id, davidId, 'accept');
    expect((await fetch(`${t.url}/api/referral-links/${forged}`, { method: 'POST' })).status).toBe(400);
    expect((await fetch(`${t.url}/api/referral-links/garbage`)).status).toBe(400);
    expect((await ben.get(`/api/referrals/${created.body.id}`)).body.state).toBe('sent');
  });

  it('lets the worker expire inactive referrals, telling both sides live and the sender by mail', async () => {
    const benEvents = await connect(DEMO_USERS.ben);
    const created = await ben.post('/api/referrals', {
      toOrganisationId: org['jobcenter-magdeburg'], serviceCategory: 'interpreting', reason: 'Interpreter needed', urgency: 'routine', send: true,
    });
    await t.sql(`UPDATE referral SET last_activity_at = now() - interval '40 days' WHERE id = $1`, [created.body.id]);
    const sweeper = worker.get(ReferralSweeper);
    const first = await sweeper.sweep();
    expect(first.expired).toBe(1);
    expect((await ben.get(`/api/referrals/${created.body.id}`)).body.state).toBe('expired');
    const history = (await ben.get(`/api/referrals/${created.body.id}/history`)).body;
    expect(history.at(-1)).toMatchObject({ from: 'sent', to: 'expired', actor: null, note: 'no activity for 30 days' });
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && !benEvents.some((e) => (e as { state: string }).state === 'expired')) await new Promise((r) => setTimeout(r, 50));
    expect(benEvents).toContainEqual(expect.objectContaining({ referralId: created.body.id, state: 'expired' })); // from the worker, through PostgreSQL
    const [news] = await mailsTo('ben.caritas@roundtable.example', (m) => m.subject.startsWith('Roundtable: Überleitung abgelaufen') && m.text.includes(created.body.id));
    expect(news).toBeDefined();
    expect((await sweeper.sweep()).expired).toBe(0);
  });

  it('reports an overdue referral once to both sides', async () => {
    const created = await ben.post('/api/referrals', {
      toOrganisationId: org['jobcenter-magdeburg'], serviceCategory: 'legal_advice', reason: 'Advice on § 16g', urgency: 'routine', send: true,
    });
    await t.sql(`UPDATE referral SET sent_at = now() - interval '5 days' WHERE id = $1`, [created.body.id]); // response time: 3 days
    const sweeper = worker.get(ReferralSweeper);
    expect((await sweeper.sweep()).overdue).toBeGreaterThanOrEqual(1);
    expect((await sweeper.sweep()).overdue).toBe(0);
    const overdue = (m: { subject: string; text: string }) => m.subject.startsWith('Roundtable: Überleitung überfällig') && m.text.includes(created.body.id);
    const toDavid = await mailsTo('david.jobcenter@roundtable.example', overdue);
    const toBen = await mailsTo('ben.caritas@roundtable.example', overdue);
    expect(toDavid).toHaveLength(1);
    expect(toBen).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 1500));
    expect(await mailsTo('david.jobcenter@roundtable.example', overdue, 2, 0)).toHaveLength(1); // once
  });
});
