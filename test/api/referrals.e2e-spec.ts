import { DataSource } from 'typeorm';
import { seedDemoData } from '../../apps/local-stack/src/demo-data';
import { apiClient } from '../support/http';
import { accessToken, DEMO_USERS } from '../support/realm';
import { startTestApp, type TestApp } from '../support/test-app';

type Api = ReturnType<typeof apiClient>;

describe('referrals between organisations', () => {
  let t: TestApp;
  let ben: Api; // Caritas, sender
  let david: Api; // Jobcenter, recipient
  let clara: Api; // Diakonie, a third organisation
  const org: Record<string, string> = {};
  let clientId: string;
  const tomorrow = () => new Date(Date.now() + 86_400_000).toISOString().slice(0, 10);
  const count = async (table: string) => Number((await t.sql(`SELECT count(*) AS n FROM ${table}`))[0].n);

  const referral = (extra: Record<string, unknown> = {}) => ({
    toOrganisationId: org['jobcenter-magdeburg'],
    serviceCategory: 'employment',
    reason: 'Job ends on the 30th; needs a new placement quickly.',
    urgency: 'urgent',
    send: true,
    ...extra,
  });

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoData(t.app.get(DataSource));
    for (const row of await t.sql<{ id: string; slug: string }>('SELECT id, slug FROM organisation')) org[row.slug] = row.id;
    [ben, david, clara] = await Promise.all([DEMO_USERS.ben, DEMO_USERS.david, DEMO_USERS.clara].map(async (u) => apiClient(t.url, await accessToken(u))));
    clientId = (await ben.post('/api/clients', { identity: { givenNames: 'Amina', familyName: 'Yusuf' }, employment: { employer: 'Klinikum' } })).body.id;
  });
  afterAll(() => t.close());

  it('sends a referral with a client and shows the recipient only the pseudonym without consent', async () => {
    const created = await ben.post('/api/referrals', referral({ clientId, urgency: 'emergency', deadline: tomorrow() }));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ state: 'sent', side: 'sender', allowedActions: ['withdraw'], client: { id: clientId } });

    const seen = await david.get(`/api/referrals/${created.body.id}`);
    expect(seen.body).toMatchObject({ side: 'recipient', allowedActions: ['accept', 'decline'], client: { pseudonym: expect.stringMatching(/^K-/), data: {} } });
    expect(JSON.stringify(seen.body)).not.toContain('Yusuf');
    expect(await count('disclosure_event')).toBe(0);
    expect((await clara.get(`/api/referrals/${created.body.id}`)).status).toBe(404);
  });

  it('shows the recipient exactly what a referral consent covers, and records the view', async () => {
    await ben.post(`/api/clients/${clientId}/consents`, {
      granteeOrganisationIds: [org['jobcenter-magdeburg']], purposes: ['referral'], categories: ['identity'], evidenceType: 'digital',
    });
    const inbox = await david.get('/api/referrals?box=inbox');
    expect(inbox.body.items[0].client).toMatchObject({ pseudonym: expect.stringMatching(/^K-/), data: {} }); // lists: pseudonym only
    expect(await count('disclosure_event')).toBe(0);
    const seen = (await david.get(`/api/referrals/${inbox.body.items[0].id}`)).body;
    expect(seen.client.data).toEqual({ identity: { givenNames: 'Amina', familyName: 'Yusuf' } });
    const rows = await t.sql<{ purpose: string; categories: string[]; basis_kind: string }>('SELECT purpose, categories, basis_kind FROM disclosure_event');
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows[0]).toEqual({ purpose: 'referral', categories: ['identity'], basis_kind: 'consent' });
  });

  it('follows the states, each side in its turn, with every change in the history', async () => {
    const id = (await david.get('/api/referrals?box=inbox')).body.items[0].id;
    const bad = await ben.post(`/api/referrals/${id}/actions`, { action: 'accept' });
    expect(bad.status).toBe(409);
    expect(bad.body).toMatchObject({ state: 'sent', allowed: ['withdraw'] });
    expect(bad.body.message).toMatch(/Allowed now: withdraw/);

    expect((await david.post(`/api/referrals/${id}/actions`, { action: 'accept', note: 'We call her today.' })).body.state).toBe('accepted');
    expect((await david.post(`/api/referrals/${id}/actions`, { action: 'start' })).body.state).toBe('in_progress');
    expect((await david.post(`/api/referrals/${id}/actions`, { action: 'hold', note: 'waiting for documents' })).body.state).toBe('on_hold');
    expect((await david.post(`/api/referrals/${id}/actions`, { action: 'complete', outcome: 'no_capacity' })).status).toBe(400);
    expect((await david.post(`/api/referrals/${id}/actions`, { action: 'start' })).body.state).toBe('in_progress');
    const done = await david.post(`/api/referrals/${id}/actions`, { action: 'complete', outcome: 'got_help' });
    expect(done.body).toMatchObject({ state: 'completed', outcome: 'got_help', allowedActions: [] });
    expect((await ben.post(`/api/referrals/${id}/actions`, { action: 'withdraw' })).status).toBe(409);

    const history = await ben.get(`/api/referrals/${id}/history`);
    expect(history.body.map((e: { from: string | null; to: string }) => `${e.from ?? '-'}>${e.to}`)).toEqual([
      '->draft', 'draft>sent', 'sent>accepted', 'accepted>in_progress', 'in_progress>on_hold', 'on_hold>in_progress', 'in_progress>completed',
    ]);
    expect(history.body[2]).toMatchObject({ actor: 'David Jankowski', organisation: 'Jobcenter Landeshauptstadt Magdeburg', note: 'We call her today.' });
  });

  it('declines only with a reason, which the sender sees', async () => {
    const id = (await ben.post('/api/referrals', referral())).body.id;
    const without = await david.post(`/api/referrals/${id}/actions`, { action: 'decline' });
    expect(without.status).toBe(400);
    expect((await ben.get(`/api/referrals/${id}`)).body.state).toBe('sent');
    const declined = await david.post(`/api/referrals/${id}/actions`, { action: 'decline', reason: 'Not our district; try Jobcenter Börde.' });
    expect(declined.body.state).toBe('declined');
    expect((await ben.get(`/api/referrals/${id}`)).body.declineReason).toBe('Not our district; try Jobcenter Börde.');
  });

  it('lets exactly one of a concurrent accept and withdraw win', async () => {
    for (let round = 0; round < 5; round++) {
      const id = (await ben.post('/api/referrals', referral())).body.id;
      const [accept, withdraw] = await Promise.all([
        david.post(`/api/referrals/${id}/actions`, { action: 'accept' }),
        ben.post(`/api/referrals/${id}/actions`, { action: 'withdraw' }),
      ]);
      const statuses = [accept.status, withdraw.status].sort();
      if (statuses[0] === 200 && statuses[1] === 200) {
        // accept won, then withdraw from accepted is allowed too: both succeed in sequence; check the order
        expect((await ben.get(`/api/referrals/${id}`)).body.state).toBe('withdrawn');
      } else {
        expect(statuses).toEqual([200, 409]);
      }
      const transitionsFromSent = await t.sql(`SELECT 1 FROM referral_event WHERE referral_id = $1 AND from_state = 'sent'`, [id]);
      expect(transitionsFromSent).toHaveLength(1);
    }
  });

  it('keeps drafts with the sender until sent', async () => {
    const draft = await ben.post('/api/referrals', referral({ send: false }));
    expect(draft.body.state).toBe('draft');
    expect((await david.get(`/api/referrals/${draft.body.id}`)).status).toBe(404);
    expect((await david.get('/api/referrals?box=inbox')).body.items.map((r: { id: string }) => r.id)).not.toContain(draft.body.id);
    expect((await ben.post(`/api/referrals/${draft.body.id}/actions`, { action: 'send' })).body.state).toBe('sent');
    expect((await david.get(`/api/referrals/${draft.body.id}`)).status).toBe(200);
  });

  it('filters the inbox by state, urgency and overdue, deadline first', async () => {
    const soon = (await ben.post('/api/referrals', referral({ deadline: tomorrow(), urgency: 'routine' }))).body.id;
    const late = (await ben.post('/api/referrals', referral({ urgency: 'routine' }))).body.id;
    await t.sql(`UPDATE referral SET sent_at = now() - interval '10 days' WHERE id = $1`, [late]); // past the 3-day response time
    const inbox = (await david.get('/api/referrals?box=inbox&state=sent')).body.items.map((r: { id: string }) => r.id);
    expect(inbox[0]).toBe(soon); // the only one with a deadline comes first
    const overdue = (await david.get('/api/referrals?box=inbox&overdue=true')).body.items;
    expect(overdue.map((r: { id: string }) => r.id)).toEqual([late]);
    expect(overdue[0].overdue).toBe(true);
    expect((await david.get('/api/referrals?box=inbox&urgency=emergency')).body.total).toBe(1);
    expect((await ben.get('/api/referrals?box=outbox')).body.total).toBeGreaterThanOrEqual(9);
    expect((await clara.get('/api/referrals?box=inbox')).body.total).toBe(0);
  });

  it('counts overdue by the receiving organisation\'s own response time, which the network admin sets', async () => {
    const felix = apiClient(t.url, await accessToken(DEMO_USERS.felix));
    const id = (await ben.post('/api/referrals', referral({ urgency: 'routine' }))).body.id;
    await t.sql(`UPDATE referral SET sent_at = now() - interval '5 days' WHERE id = $1`, [id]);
    expect((await david.get(`/api/referrals/${id}`)).body.overdue).toBe(true); // default: 3 days
    const patched = await felix.patch(`/api/organisations/${org['jobcenter-magdeburg']}`, { responseTimeDays: 7 });
    expect(patched.body.responseTimeDays).toBe(7);
    expect((await david.get(`/api/referrals/${id}`)).body.overdue).toBe(false);
    expect((await felix.patch(`/api/organisations/${org['jobcenter-magdeburg']}`, { responseTimeDays: 0 })).status).toBe(400);
    await felix.patch(`/api/organisations/${org['jobcenter-magdeburg']}`, { responseTimeDays: 3 });
  });

  it('is for staff: volunteers and the network admin cannot send or read referrals', async () => {
    for (const user of [DEMO_USERS.eva, DEMO_USERS.felix, DEMO_USERS.greta]) {
      const api = apiClient(t.url, await accessToken(user));
      expect((await api.post('/api/referrals', referral())).status).toBe(403);
      expect((await api.get('/api/referrals?box=inbox')).status).toBe(403);
    }
  });

  it('carries a thread between the two organisations only', async () => {
    const id = (await ben.post('/api/referrals', referral())).body.id;
    await ben.post(`/api/referrals/${id}/messages`, { body: 'She speaks Somali and some German.' });
    await david.post(`/api/referrals/${id}/messages`, { body: 'Thanks, we book an interpreter.' });
    const thread = await ben.get(`/api/referrals/${id}/messages`);
    expect(thread.body.map((m: { author: string; body: string }) => `${m.author}: ${m.body}`)).toEqual([
      'Ben Cramer: She speaks Somali and some German.',
      'David Jankowski: Thanks, we book an interpreter.',
    ]);
    expect((await clara.post(`/api/referrals/${id}/messages`, { body: 'hello' })).status).toBe(404);
    expect((await ben.post(`/api/referrals/${id}/messages`, { body: '' })).status).toBe(400);
  });

  it('reports network indicators per organisation pair, without personal data', async () => {
    const res = await clara.get('/api/referrals/indicators');
    expect(res.status).toBe(200);
    const pair = res.body.find((i: { from: { id: string }; to: { id: string }; service: unknown }) =>
      i.from.id === org['caritas-magdeburg'] && i.to.id === org['jobcenter-magdeburg'] && i.service === null);
    expect(pair.byState).toMatchObject({ completed: 1, declined: 1 });
    expect(pair.byOutcome).toEqual({ got_help: 1 });
    expect(pair.medianHoursToAccept).toEqual(expect.any(Number));
    expect(pair.medianHoursToComplete).toEqual(expect.any(Number));
    expect(pair.total).toBe(Object.values(pair.byState as Record<string, number>).reduce((a, b) => a + b, 0));
    expect(JSON.stringify(res.body)).not.toMatch(/Yusuf|Amina|K-[0-9A-Z]{6}/);
  });

  describe('bad input gets a 4xx and changes nothing', () => {
    let before: number;
    beforeEach(async () => {
      before = await count('referral');
    });
    afterEach(async () => {
      expect(await count('referral')).toBe(before);
    });

    it.each([
      ['an unknown organisation', { toOrganisationId: '00000000-0000-4000-8000-000000000000' }, 400, /no organisation/],
      ['the own organisation', { toOrganisationId: 'OWN' }, 400, /another organisation/],
      ['a deadline in the past', { deadline: '2020-01-01' }, 400, /has passed/],
      ['an emergency without deadline', { urgency: 'emergency' }, 400, /needs a deadline/],
      ['a malformed organisation id', { toOrganisationId: 'jobcenter' }, 400, /organisation id/],
      ['a service of another organisation', { toServiceId: 'SERVICE_OF_CARITAS' }, 400, /no service of the receiving/],
      ['another organisation\'s client', { clientId: 'CLARA_CLIENT' }, 400, /no client of your organisation/],
      ['an unknown field', { priority: 1 }, 400, /priority should not exist/],
      ['a date that is no date', { deadline: '30.11.2026' }, 400, /deadline must be a date/],
    ])('refuses %s', async (_label, change, status, message) => {
      const body = referral(change as Record<string, unknown>) as Record<string, unknown>;
      if (body.toOrganisationId === 'OWN') body.toOrganisationId = org['caritas-magdeburg'];
      if (body.toServiceId === 'SERVICE_OF_CARITAS') body.toServiceId = (await t.sql<{ id: string }>(`SELECT id FROM partner_service WHERE organisation_id = $1 LIMIT 1`, [org['caritas-magdeburg']]))[0].id;
      if (body.clientId === 'CLARA_CLIENT') body.clientId = (await clara.post('/api/clients', { identity: { givenNames: 'X', familyName: 'Y' } })).body.id;
      const res = await ben.post('/api/referrals', body);
      expect(res.status).toBe(status);
      expect(JSON.stringify(res.body.message)).toMatch(message);
    });

    it('refuses malformed ids and unknown actions', async () => {
      expect((await ben.get('/api/referrals/not-a-uuid')).status).toBe(400);
      expect((await ben.get('/api/referrals?box=all')).status).toBe(400);
      const id = (await ben.get('/api/referrals?box=outbox&limit=1')).body.items[0].id;
      expect((await ben.post(`/api/referrals/${id}/actions`, { action: 'expire' })).status).toBe(400);
      expect((await ben.post(`/api/referrals/${id}/actions`, { action: 'teleport' })).status).toBe(400);
    });
  });
});
