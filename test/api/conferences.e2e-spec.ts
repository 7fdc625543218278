import type { INestApplicationContext } from '@nestjs/common';
import ICAL from 'ical.js';
import { DataSource } from 'typeorm';
import { berlinLocalToUtc } from '@roundtable/contracts';
import { seedDemoData } from '../../apps/local-stack/src/demo-data';
import { apiClient, type ApiClient } from '../support/http';
import { mailsTo, type CaughtMail } from '../support/mail';
import { accessToken, DEMO_USERS } from '../support/realm';
import { startTestApp, startTestWorker, type TestApp } from '../support/test-app';

/** The calendar part of an invitation mail, parsed with ical.js. */
function calendarOf(mail: CaughtMail) {
  const part = mail.attachments.find((a) => a.contentType.startsWith('text/calendar'));
  if (!part) throw new Error(`no calendar part in "${mail.subject}"`);
  const calendar = new ICAL.Component(ICAL.parse(part.content));
  const event = calendar.getFirstSubcomponent('vevent')!;
  return {
    method: calendar.getFirstPropertyValue('method'),
    uid: event.getFirstPropertyValue('uid'),
    sequence: Number(event.getFirstPropertyValue('sequence')),
    status: event.getFirstPropertyValue('status'),
    start: (event.getFirstPropertyValue('dtstart') as ICAL.Time).toJSDate().toISOString(),
    summary: event.getFirstPropertyValue('summary'),
  };
}

/** A Berlin wall-clock time some weeks ahead, e.g. "2027-01-14T10:00". */
function ahead(days: number, time = '10:00'): string {
  return `${new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)}T${time}`;
}

describe('case conferences: scheduling, invitations and answers', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let anna: ApiClient;
  let ben: ApiClient;
  let clara: ApiClient;
  let david: ApiClient;
  const me: Record<string, string> = {};
  const org: Record<string, string> = {};
  const stamp = Date.now();

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoData(t.app.get(DataSource));
    for (const row of await t.sql<{ id: string; slug: string }>('SELECT id, slug FROM organisation')) org[row.slug] = row.id;
    worker = await startTestWorker(t.databaseUrl);
    [anna, ben, clara, david] = await Promise.all(['anna', 'ben', 'clara', 'david'].map(async (u) => apiClient(t.url, await accessToken(DEMO_USERS[u as keyof typeof DEMO_USERS]))));
    for (const [name, client] of Object.entries({ anna, ben, clara, david })) me[name] = (await client.get('/api/me')).body.id;
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
  });

  const conferenceCount = async () => Number((await t.sql('SELECT count(*) AS n FROM conference'))[0].n);

  it('schedules a conference and invites by name and by organisation, with an iCalendar request', async () => {
    const startsAt = ahead(20);
    const res = await anna.post('/api/conferences', {
      title: `Fallkonferenz Spurwechsel ${stamp}`,
      startsAt,
      durationMinutes: 90,
      onlineUrl: 'https://meet.example.org/fallkonferenz',
      moderatorMemberId: me.anna,
      invitedMemberIds: [me.ben],
      invitedOrganisationIds: [org['jobcenter-magdeburg']],
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ state: 'scheduled', sequence: 0, startsAt: berlinLocalToUtc(startsAt).toISOString(), canManage: true, isModerator: true });
    expect(res.body.participants.map((p: { member: { displayName: string }; invitedAs: string }) => [p.member.displayName, p.invitedAs])).toEqual([
      ['Ben Cramer', 'member'],
      ['David Jankowski', 'organisation'],
    ]);

    for (const [address, member] of [['ben.caritas@roundtable.example', 'ben'], ['david.jobcenter@roundtable.example', 'david']]) {
      const [mail] = await mailsTo(address, (m) => m.subject === `Einladung: Fallkonferenz Spurwechsel ${stamp}`);
      expect(mail).toBeDefined();
      expect(mail.text).toContain('(Berliner Zeit)');
      expect(calendarOf(mail)).toEqual({
        method: 'REQUEST',
        uid: `conference-${res.body.id}@roundtable`,
        sequence: 0,
        status: 'CONFIRMED',
        start: berlinLocalToUtc(startsAt).toISOString(),
        summary: `Fallkonferenz Spurwechsel ${stamp}`,
      });
      expect((await (member === 'ben' ? ben : david).get(`/api/conferences/${res.body.id}`)).status).toBe(200);
    }
    // Diakonie was not invited: the conference does not exist for Clara.
    expect((await clara.get(`/api/conferences/${res.body.id}`)).status).toBe(404);
    expect((await clara.get('/api/conferences')).body.map((c: { id: string }) => c.id)).not.toContain(res.body.id);
    expect((await ben.get('/api/conferences')).body.map((c: { id: string }) => c.id)).toContain(res.body.id);
    const ics = await fetch(`${t.url}/api/conferences/${res.body.id}/calendar.ics`, { headers: { Authorization: `Bearer ${await accessToken(DEMO_USERS.ben)}` } });
    expect(ics.headers.get('content-type')).toMatch(/^text\/calendar/);
    expect(await ics.text()).toContain(`UID:conference-${res.body.id}@roundtable`);
  });

  it('takes answers from invitees only, and tells changes and cancellations with a higher SEQUENCE', async () => {
    const created = await anna.post('/api/conferences', {
      title: `Identitätsklärung ${stamp}`,
      startsAt: ahead(30),
      durationMinutes: 60,
      room: 'ABH Magdeburg, Raum 2.14',
      moderatorMemberId: me.anna,
      invitedMemberIds: [me.ben, me.david],
    });
    const id = created.body.id;
    expect((await ben.put(`/api/conferences/${id}/response`, { answer: 'yes' })).body.myAnswer).toBe('yes');
    expect((await david.put(`/api/conferences/${id}/response`, { answer: 'maybe' })).body.myAnswer).toBe('maybe');
    expect((await ben.put(`/api/conferences/${id}/response`, { answer: 'perhaps' })).status).toBe(400);
    expect((await clara.put(`/api/conferences/${id}/response`, { answer: 'yes' })).status).toBe(404);
    const answers = (await anna.get(`/api/conferences/${id}`)).body.participants.map((p: { member: { displayName: string }; answer: string }) => [p.member.displayName, p.answer]);
    expect(answers).toEqual([['Ben Cramer', 'yes'], ['David Jankowski', 'maybe']]);

    // Only the convenor changes it; a new time, and Ben is no longer needed.
    expect((await ben.patch(`/api/conferences/${id}`, { durationMinutes: 30 })).status).toBe(403);
    const newTime = ahead(31, '14:30');
    const changed = await anna.patch(`/api/conferences/${id}`, { startsAt: newTime, invitedMemberIds: [me.david] });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ sequence: 1, startsAt: berlinLocalToUtc(newTime).toISOString() });
    const [update] = await mailsTo('david.jobcenter@roundtable.example', (m) => m.subject === `Geändert: Identitätsklärung ${stamp}`);
    expect(calendarOf(update)).toMatchObject({ method: 'REQUEST', uid: `conference-${id}@roundtable`, sequence: 1, start: berlinLocalToUtc(newTime).toISOString() });
    const [dropped] = await mailsTo('ben.caritas@roundtable.example', (m) => m.subject === `Abgesagt: Identitätsklärung ${stamp}`);
    expect(calendarOf(dropped)).toMatchObject({ method: 'CANCEL', uid: `conference-${id}@roundtable`, sequence: 1, status: 'CANCELLED' });

    const cancelled = await anna.post(`/api/conferences/${id}/cancel`);
    expect(cancelled.body).toMatchObject({ state: 'cancelled', sequence: 2 });
    const [cancel] = await mailsTo('david.jobcenter@roundtable.example', (m) => m.subject === `Abgesagt: Identitätsklärung ${stamp}`);
    expect(calendarOf(cancel)).toMatchObject({ method: 'CANCEL', sequence: 2, status: 'CANCELLED' });
    expect((await anna.patch(`/api/conferences/${id}`, { durationMinutes: 30 })).status).toBe(409);
    expect((await david.put(`/api/conferences/${id}/response`, { answer: 'yes' })).status).toBe(409);
  });

  it('schedules a monthly series at the same Berlin time across the change to summer time', async () => {
    const year = new Date().getUTCFullYear() + 1;
    const res = await ben.post('/api/conferences', {
      title: `Netzwerktreffen ${stamp}`,
      startsAt: `${year}-02-04T10:00`,
      durationMinutes: 60,
      onlineUrl: 'https://meet.example.org/netzwerk',
      moderatorMemberId: me.ben,
      invitedOrganisationIds: [org['diakonie-magdeburg']],
      recurrence: { frequency: 'monthly', count: 3 },
    });
    expect(res.status).toBe(201);
    expect(res.body.recurrence).toBe('monthly');
    const series = await t.sql<{ starts_at: Date }>('SELECT starts_at FROM conference WHERE series_id = $1 ORDER BY starts_at', [res.body.seriesId]);
    expect(series.map((s) => s.starts_at.toISOString())).toEqual([
      `${year}-02-04T09:00:00.000Z`, // CET
      `${year}-03-04T09:00:00.000Z`,
      `${year}-04-04T08:00:00.000Z`, // CEST: still 10:00 in Berlin
    ]);
    expect((await clara.get(`/api/conferences?from=${year}-01-01&to=${year}-12-31`)).body.filter((c: { seriesId: string }) => c.seriesId === res.body.seriesId)).toHaveLength(3);
  });

  describe('the agenda, redacted for each viewer', () => {
    let conferenceId: string;
    let clientId: string;
    let consentId: string;

    beforeAll(async () => {
      // Caritas' client; the Jobcenter is covered for case_conference (identity, residence), Diakonie is not.
      const client = await ben.post('/api/clients', {
        identity: { givenNames: 'Amina', familyName: 'Yusuf', dateOfBirth: '1994-05-02', nationality: 'SO' },
        residence: { status: 'Duldung (§ 60a AufenthG)', permitValidUntil: '2027-01-31' },
        health: { notes: 'Attest liegt vor' },
      });
      clientId = client.body.id;
      const consent = await ben.post(`/api/clients/${clientId}/consents`, {
        granteeOrganisationIds: [org['jobcenter-magdeburg']], purposes: ['case_conference'], categories: ['identity', 'residence'], validUntil: '2099-01-01', evidenceType: 'digital',
      });
      consentId = consent.body.id;
      const conference = await anna.post('/api/conferences', {
        title: `Spurwechsel ${stamp}`, startsAt: ahead(40), durationMinutes: 60, room: 'Raum 1', moderatorMemberId: me.anna,
        invitedOrganisationIds: [org['caritas-magdeburg'], org['jobcenter-magdeburg'], org['diakonie-magdeburg']],
      });
      conferenceId = conference.body.id;
    });

    it('takes a case only with a basis for the presenting organisation, and a topic', async () => {
      const before = Number((await t.sql('SELECT count(*) AS n FROM agenda_item'))[0].n);
      const bad = async (body: object, message: RegExp) => {
        const res = await anna.post(`/api/conferences/${conferenceId}/agenda`, body);
        expect(res.status).toBe(400);
        expect([].concat(res.body.message).join(' ')).toMatch(message);
      };
      const caseItem = { kind: 'case', title: 'Spurwechsel: Beschäftigungsduldung', clientId, categories: ['identity', 'residence'], timeBoxMinutes: 20, presentingOrganisationId: org['caritas-magdeburg'] };
      await bad({ ...caseItem, timeBoxMinutes: 0 }, /timeBoxMinutes must be at least 1/);
      await bad({ ...caseItem, presentingOrganisationId: org['diakonie-magdeburg'] }, /no consent or statutory basis .* identity, residence/);
      await bad({ ...caseItem, presentingOrganisationId: org['klinikum-magdeburg'] }, /taking part/);
      await bad({ ...caseItem, clientId: undefined }, /needs a clientId/);
      await bad({ ...caseItem, categories: ['identity', 'secrets'] }, /categories must be some of/);
      await bad({ kind: 'topic', title: 'Neues Recht', clientId, timeBoxMinutes: 10, presentingOrganisationId: org['abh-magdeburg'] }, /a topic names no client/);
      const topic = { kind: 'topic', title: 'Rechtsänderung: Chancenkarte', timeBoxMinutes: 10, presentingOrganisationId: org['caritas-magdeburg'] };
      await bad({ ...topic, bulletinId: '0b7e1a1e-7f57-4c39-9a53-0d3b3a3f1a11' }, /no bulletin with id/);
      expect(Number((await t.sql('SELECT count(*) AS n FROM agenda_item'))[0].n)).toBe(before);
      expect((await ben.post(`/api/conferences/${conferenceId}/agenda`, caseItem)).status).toBe(403); // only convenor and moderator

      expect((await anna.post(`/api/conferences/${conferenceId}/agenda`, caseItem)).status).toBe(201);
      // A topic about a legal change links its bulletin, shown by its German title.
      const bulletin = await anna.post('/api/bulletins', {
        audiences: ['partner_staff'], legalRefs: ['§ 20a AufenthG'],
        provisions: [{ effective: '2024-06-01', refs: ['§ 20a AufenthG'], text: { de: 'Chancenkarte' } }],
        variants: { de: { title: 'Chancenkarte: Was gilt?', summary: 'Die Chancenkarte gilt ab Juni 2024.', bodyMarkdown: 'Ab **Juni 2024**.' } },
      });
      expect(bulletin.status).toBe(201);
      const agenda = await anna.post(`/api/conferences/${conferenceId}/agenda`, { ...topic, bulletinId: bulletin.body.id });
      expect(agenda.body.map((i: { position: number; kind: string }) => [i.position, i.kind])).toEqual([[1, 'case'], [2, 'topic']]);
      expect(agenda.body[1]).toMatchObject({
        presentingOrganisation: { id: org['caritas-magdeburg'], name: expect.any(String) }, bulletin: { id: bulletin.body.id, title: 'Chancenkarte: Was gilt?' },
        client: null, minutes: '', minutesVersion: 0, decisions: [], actionItems: [],
      });
      expect(agenda.body[0]).toMatchObject({ bulletin: null, client: { pseudonym: expect.stringMatching(/^K-/), categories: ['identity', 'residence'] } });
    });

    it('shows each organisation only what consent allows, and records every disclosure', async () => {
      const seen = async (client: ApiClient) => (await client.get(`/api/conferences/${conferenceId}/agenda`)).body[0].client;
      const ledger = async () => Number((await t.sql(`SELECT count(*) AS n FROM disclosure_event WHERE client_id = $1 AND purpose = 'case_conference'`, [clientId]))[0].n);
      const ledgerBefore = await ledger();
      const jobcenter = await seen(david);
      expect(jobcenter.data).toEqual({
        identity: expect.objectContaining({ familyName: 'Yusuf' }),
        residence: expect.objectContaining({ status: 'Duldung (§ 60a AufenthG)' }),
      });
      expect(jobcenter.access.identity).toEqual({ kind: 'consent', id: consentId });
      expect(await ledger()).toBe(ledgerBefore + 1); // the Jobcenter's read is on record
      const diakonie = await seen(clara);
      expect(diakonie).toMatchObject({ pseudonym: expect.stringMatching(/^K-/), data: {}, access: {} });
      const everything = JSON.stringify((await clara.get(`/api/conferences/${conferenceId}/agenda`)).body);
      expect(everything).not.toContain('Yusuf');
      expect(everything).toContain('Spurwechsel: Beschäftigungsduldung'); // the non-personal title
      expect(JSON.stringify(await seen(david))).not.toContain('Attest'); // health was never on the agenda

      // Before the meeting, the convenor sees who will see what - without the data.
      const preview = (await anna.get(`/api/conferences/${conferenceId}/agenda/preview`)).body as Array<{ organisation: { id: string }; items: Array<{ pseudonymOnly: boolean; access: object }> }>;
      const of = (slug: string) => preview.find((p) => p.organisation.id === org[slug])!.items[0];
      expect(of('caritas-magdeburg')).toMatchObject({ pseudonymOnly: false, access: { identity: { kind: 'ownership' } } });
      expect(of('jobcenter-magdeburg')).toMatchObject({ pseudonymOnly: false, access: { identity: { kind: 'consent' }, residence: { kind: 'consent' } } });
      expect(of('diakonie-magdeburg')).toMatchObject({ pseudonymOnly: true, access: {} });
      expect(JSON.stringify(preview)).not.toContain('Yusuf');
      expect((await david.get(`/api/conferences/${conferenceId}/agenda/preview`)).status).toBe(403);

      // A withdrawal takes effect on the next view.
      await ben.post(`/api/consents/${consentId}/withdraw`);
      expect(await seen(david)).toMatchObject({ data: {}, access: {} });
    });

    it('reorders and removes items', async () => {
      const items = (await anna.get(`/api/conferences/${conferenceId}/agenda`)).body as Array<{ id: string }>;
      expect((await anna.put(`/api/conferences/${conferenceId}/agenda/order`, { itemIds: [items[1].id] })).status).toBe(400);
      const reordered = await anna.put(`/api/conferences/${conferenceId}/agenda/order`, { itemIds: [items[1].id, items[0].id] });
      expect(reordered.body.map((i: { id: string }) => i.id)).toEqual([items[1].id, items[0].id]);
      expect((await anna.delete(`/api/conferences/${conferenceId}/agenda/${items[1].id}`)).body.map((i: { id: string }) => i.id)).toEqual([items[0].id]);
      expect((await anna.delete(`/api/conferences/${conferenceId}/agenda/${items[1].id}`)).status).toBe(404);
    });
  });

  describe('refuses bad input and changes nothing', () => {
    const valid = () => ({ title: 'Fallkonferenz', startsAt: ahead(10), durationMinutes: 60, room: 'Raum 1', moderatorMemberId: me.anna });
    it.each([
      ['an unknown participant', { invitedMemberIds: ['0b7e1a1e-7f57-4c39-9a53-0d3b3a3f1a11'] }, /unknown participant/],
      ['an unknown organisation', { invitedOrganisationIds: ['0b7e1a1e-7f57-4c39-9a53-0d3b3a3f1a11'] }, /unknown participant/],
      ['a time box of zero', { durationMinutes: 0 }, /durationMinutes must be at least 5/],
      ['a time in the past', { startsAt: '2020-01-01T10:00' }, /in the future/],
      ['a time that is not one', { startsAt: 'next Tuesday' }, /startsAt must be a Berlin time/],
      ['no place', { room: undefined }, /onlineUrl or a room/],
      ['a plain-http link', { onlineUrl: 'http://meet.example.org/x' }, /https/],
      ['a series too long', { recurrence: { frequency: 'monthly', count: 30 } }, /at most 24/],
      ['an unknown recurrence', { recurrence: { frequency: 'daily', count: 3 } }, /frequency must be one of/],
      ['an unknown field', { agenda: 'x' }, /should not exist/],
    ])('%s', async (_, change, message) => {
      const before = await conferenceCount();
      const res = await anna.post('/api/conferences', { ...valid(), ...change });
      expect(res.status).toBe(400);
      expect([].concat(res.body.message).join(' ')).toMatch(message);
      expect(await conferenceCount()).toBe(before);
    });

    it('a moderator who may not moderate, and a convenor without the role', async () => {
      const before = await conferenceCount();
      const eva = apiClient(t.url, await accessToken(DEMO_USERS.eva));
      const evaId = (await eva.get('/api/me')).body.id;
      expect((await anna.post('/api/conferences', { ...valid(), moderatorMemberId: evaId })).body.message.join()).toMatch(/moderator must be/);
      expect((await david.post('/api/conferences', { ...valid(), moderatorMemberId: me.david })).status).toBe(403); // caseworker
      expect((await anna.get('/api/conferences/not-a-uuid')).status).toBe(400);
      expect(await conferenceCount()).toBe(before);
    });
  });
});
