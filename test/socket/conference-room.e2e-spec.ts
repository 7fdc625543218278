import type { Socket } from 'socket.io-client';
import { DataSource } from 'typeorm';
import type { AgendaItemView, ConferenceRoomState } from '@roundtable/contracts';
import { seedDemoData } from '../../apps/local-stack/src/demo-data';
import { apiClient } from '../support/http';
import { ActionItemReminders } from '../../apps/worker/src/action-item-reminders';
import { mailsTo, mailTo } from '../support/mail';
import { accessToken, DEMO_USERS } from '../support/realm';
import { RoomClient } from '../support/room';
import { startTestApp, startTestWorker, type TestApp } from '../support/test-app';

describe('the live room of a case conference', () => {
  let t: TestApp;
  let second: TestApp; // another api instance on the same database
  let worker: Awaited<ReturnType<typeof startTestWorker>>;
  const sockets: Socket[] = [];
  let conferenceId: string;
  let items: Array<{ id: string }>;
  const people: Record<string, RoomClient> = {};
  const org: Record<string, string> = {};
  const ids: Record<string, string> = {};

  const connect = (url: string, user: string) => RoomClient.connect(url, user, sockets);

  /** A conference Anna convenes and moderates, `days` ahead, with one topic; `joined` (Anna, Ben and David) are in its room. */
  async function joinedRoom(title: string, days: number, joined = ['anna', 'ben', 'david']): Promise<{ id: string; itemId: string }> {
    const anna = apiClient(t.url, await accessToken(DEMO_USERS.anna));
    const conference = await anna.post('/api/conferences', {
      title, startsAt: `${new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)}T10:00`, durationMinutes: 60,
      room: 'Raum 4', moderatorMemberId: ids.anna, invitedMemberIds: [ids.ben, ids.david],
    });
    const id = conference.body.id;
    const [item] = (await anna.post(`/api/conferences/${id}/agenda`, { kind: 'topic', title: 'Beschäftigungsduldung', timeBoxMinutes: 10, presentingOrganisationId: org['abh-magdeburg'] })).body;
    for (const name of joined) expect(await people[name].send('conference.join', { conferenceId: id })).toEqual({ ok: true });
    return { id, itemId: item.id };
  }

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoData(t.app.get(DataSource));
    second = await startTestApp({ DATABASE_URL: t.databaseUrl });
    worker = await startTestWorker(t.databaseUrl);
    for (const row of await t.sql<{ id: string; slug: string }>('SELECT id, slug FROM organisation')) org[row.slug] = row.id;
    const anna = apiClient(t.url, await accessToken(DEMO_USERS.anna));
    for (const u of ['anna', 'ben', 'david', 'clara'] as const) ids[u] = (await apiClient(t.url, await accessToken(DEMO_USERS[u])).get('/api/me')).body.id;
    const conference = await anna.post('/api/conferences', {
      title: 'Fallkonferenz live', startsAt: `${new Date(Date.now() + 7 * 86_400_000).toISOString().slice(0, 10)}T10:00`, durationMinutes: 60,
      onlineUrl: 'https://meet.example.org/live', moderatorMemberId: ids.anna, invitedMemberIds: [ids.ben, ids.david],
    });
    conferenceId = conference.body.id;
    await anna.post(`/api/conferences/${conferenceId}/agenda`, { kind: 'topic', title: 'Chancenkarte: erste Erfahrungen', timeBoxMinutes: 15, presentingOrganisationId: org['abh-magdeburg'] });
    items = (await anna.post(`/api/conferences/${conferenceId}/agenda`, { kind: 'topic', title: 'Wohnsitzauflage', timeBoxMinutes: 10, presentingOrganisationId: org['abh-magdeburg'] })).body;
    people.anna = await connect(t.url, DEMO_USERS.anna);
    people.ben = await connect(t.url, DEMO_USERS.ben);
    people.david = await connect(second.url, DEMO_USERS.david); // served by the other instance
    people.clara = await connect(t.url, DEMO_USERS.clara);
  });
  afterAll(async () => {
    sockets.forEach((s) => s.disconnect());
    await worker.close();
    await second.close();
    await t.close();
  });

  it('lets only participants in, and tells everyone who is present, across api instances', async () => {
    expect(await people.clara.send('conference.join', { conferenceId })).toMatchObject({ ok: false, code: 'not_invited' });
    expect(people.clara.errors).toContain('not_invited');
    expect(await people.ben.send('conference.join', { conferenceId: 'room-1; DROP TABLE conference' })).toMatchObject({ ok: false, code: 'not_invited' }); // not an id: matches nothing
    expect(await people.ben.send('speakers.raise', { conferenceId })).toMatchObject({ ok: false, code: 'not_in_room' }); // not joined yet
    for (const name of ['anna', 'ben', 'david']) expect(await people[name].send('conference.join', { conferenceId })).toEqual({ ok: true });
    await people.ben.present(['Anna Albrecht', 'Ben Cramer', 'David Jankowski']);
    expect(people.ben.state).toMatchObject({ state: 'scheduled', moderator: { displayName: 'Anna Albrecht' } });
    await people.david.present(['Anna Albrecht', 'Ben Cramer', 'David Jankowski']); // the other instance's socket sees the same room
  });

  it('refuses moderator actions from others, changing nothing', async () => {
    expect(await people.ben.send('conference.moderate', { conferenceId, action: 'start' })).toMatchObject({ ok: false, code: 'not_moderator' });
    expect(people.ben.errors).toContain('not_moderator');
    expect(await people.clara.send('conference.moderate', { conferenceId, action: 'start' })).toMatchObject({ ok: false, code: 'not_in_room' });
    expect(await new Promise((resolve) => people.ben.socket.emit('conference.moderate', resolve))).toMatchObject({ ok: false, code: 'bad_request' }); // no body at all
    expect((await t.sql<{ state: string }>('SELECT state FROM conference WHERE id = $1', [conferenceId]))[0].state).toBe('scheduled');
    expect(await people.anna.send('conference.moderate', { conferenceId, action: 'start' })).toEqual({ ok: true, epoch: expect.any(Number), revision: expect.any(Number) });
    await people.david.until((s) => s.state === 'live' && s.currentItemId === items[0].id);
  });

  it('numbers every change: concurrent requests on two instances get distinct revisions, a refusal none, and everyone ends on the newest state', async () => {
    const revision = async () => (await t.sql<{ revision: number }>('SELECT revision FROM conference WHERE id = $1', [conferenceId]))[0].revision;
    const before = await revision();
    expect(await people.ben.send('conference.moderate', { conferenceId, action: 'next-speaker' })).toMatchObject({ ok: false });
    expect(await people.david.send('speakers.withdraw', { conferenceId })).toMatchObject({ ok: false, code: 'not_waiting' });
    expect(await revision()).toBe(before);
    const raised = await Promise.all([people.ben.send('speakers.raise', { conferenceId }), people.david.send('speakers.raise', { conferenceId })]);
    const withdrawn = await Promise.all([people.ben.send('speakers.withdraw', { conferenceId }), people.david.send('speakers.withdraw', { conferenceId })]);
    const revisions = [...raised, ...withdrawn].map((a) => (a.ok ? (a.revision ?? -1) : -1));
    expect(new Set(revisions).size).toBe(4);
    expect(Math.min(...revisions)).toBe(before + 1);
    expect(Math.max(...revisions)).toBe(before + 4);
    for (const name of ['anna', 'ben', 'david']) expect((await people[name].until((s) => s.revision === before + 4)).speakers).toEqual([]);
  });

  it('runs the list of speakers: a point of order goes before waiting hands; the moderator calls, reorders and removes', async () => {
    expect(await people.ben.send('speakers.raise', { conferenceId })).toEqual({ ok: true, epoch: expect.any(Number), revision: expect.any(Number) });
    expect(await people.david.send('speakers.raise', { conferenceId })).toEqual({ ok: true, epoch: expect.any(Number), revision: expect.any(Number) });
    expect(await people.ben.send('speakers.raise', { conferenceId })).toMatchObject({ ok: false, code: 'already_waiting' });
    expect(await people.anna.send('speakers.raise', { conferenceId, pointOfOrder: true })).toEqual({ ok: true, epoch: expect.any(Number), revision: expect.any(Number) });
    const order = (s: ConferenceRoomState) => s.speakers.map((x) => `${x.member.displayName.split(' ')[0]}:${x.kind}:${x.state}`);
    expect(order(await people.ben.until((s) => s.speakers.length === 3))).toEqual(['Anna:point_of_order:waiting', 'Ben:hand:waiting', 'David:hand:waiting']);

    expect(await people.ben.send('conference.moderate', { conferenceId, action: 'next-speaker' })).toMatchObject({ ok: false, code: 'not_moderator' });
    expect(await people.anna.send('conference.moderate', { conferenceId, action: 'next-speaker' })).toEqual({ ok: true, epoch: expect.any(Number), revision: expect.any(Number) });
    const speaking = await people.david.until((s) => s.speakers[0]?.state === 'speaking');
    expect(order(speaking)).toEqual(['Anna:point_of_order:speaking', 'Ben:hand:waiting', 'David:hand:waiting']);
    expect(speaking.speakers[0].startedAt).toEqual(expect.any(String)); // the speech's timer runs from here

    const david = speaking.speakers[2];
    expect(await people.anna.send('conference.moderate', { conferenceId, action: 'move-speaker', entryId: david.id, index: 0 })).toEqual({ ok: true, epoch: expect.any(Number), revision: expect.any(Number) });
    expect(order(await people.ben.until((s) => s.speakers[1]?.member.displayName === 'David Jankowski'))).toEqual(['Anna:point_of_order:speaking', 'David:hand:waiting', 'Ben:hand:waiting']);
    expect(await people.anna.send('conference.moderate', { conferenceId, action: 'move-speaker', entryId: david.id, index: 7 })).toMatchObject({ ok: false, code: 'bad_index' });

    const ben = people.ben.state!.speakers.find((s) => s.member.displayName === 'Ben Cramer')!;
    expect(await people.david.send('conference.moderate', { conferenceId, action: 'remove-speaker', entryId: ben.id })).toMatchObject({ ok: false, code: 'not_moderator' });
    expect(await people.anna.send('conference.moderate', { conferenceId, action: 'remove-speaker', entryId: ben.id })).toEqual({ ok: true, epoch: expect.any(Number), revision: expect.any(Number) });
    expect(order(await people.ben.until((s) => s.speakers.length === 2))).toEqual(['Anna:point_of_order:speaking', 'David:hand:waiting']);
    expect(await people.david.send('speakers.withdraw', { conferenceId })).toEqual({ ok: true, epoch: expect.any(Number), revision: expect.any(Number) });
    await people.anna.until((s) => s.speakers.length === 1);
  });

  it('moves between items, counts speaking time per organisation, and ends', async () => {
    expect(await people.ben.send('conference.moderate', { conferenceId, action: 'item', itemId: items[1].id })).toMatchObject({ ok: false, code: 'not_moderator' });
    expect(await people.anna.send('conference.moderate', { conferenceId, action: 'item', itemId: '00000000-0000-4000-8000-000000000000' })).toMatchObject({ ok: false, code: 'item_not_found' });
    expect(await people.anna.send('conference.moderate', { conferenceId, action: 'item', itemId: items[1].id })).toEqual({ ok: true, epoch: expect.any(Number), revision: expect.any(Number) });
    const moved = await people.ben.until((s) => s.currentItemId === items[1].id);
    expect(moved.speakers).toEqual([]); // the speech ended with the item
    expect(moved.speakingTime).toEqual([{ organisation: { id: expect.any(String), name: expect.stringMatching(/Ausländerbehörde/) }, seconds: expect.any(Number) }]);
    expect(await people.anna.send('conference.moderate', { conferenceId, action: 'end' })).toEqual({ ok: true, epoch: expect.any(Number), revision: expect.any(Number) });
    await people.david.until((s) => s.state === 'ended');
    expect(await people.ben.send('speakers.raise', { conferenceId })).toMatchObject({ ok: false, code: 'not_live' });
  });

  it('withdraws a change that cannot be stored: its sender gets an error, and the room shows what is stored, under a new epoch', async () => {
    const { id, itemId } = await joinedRoom('Fallkonferenz mit Störung', 10);
    expect(await people.anna.send('conference.moderate', { conferenceId: id, action: 'start' })).toMatchObject({ ok: true });
    expect(await people.ben.send('speakers.raise', { conferenceId: id })).toMatchObject({ ok: true });
    const before = await people.david.until((s) => s.conferenceId === id && s.speakers.length === 1);

    // The item goes behind the room's back (as if the database refused): the hand on it goes too, and the
    // next change - Ben speaking on that item - cannot be stored.
    await t.sql('DELETE FROM agenda_item WHERE id = $1', [itemId]);
    expect(await people.anna.send('conference.moderate', { conferenceId: id, action: 'next-speaker' })).toMatchObject({ ok: false, code: 'failed' });
    const stored = await people.david.until((s) => s.conferenceId === id && s.epoch > before.epoch);
    expect(stored).toMatchObject({ state: 'live', currentItemId: null, speakers: [] });
    expect(await people.ben.send('speakers.raise', { conferenceId: id })).toMatchObject({ ok: false, code: 'not_live' }); // no current item: the rules go on from what is stored
  });

  it('takes the room anew when an item it is on is removed over HTTP, or the moderator is replaced', async () => {
    const anna = apiClient(t.url, await accessToken(DEMO_USERS.anna));
    const { id, itemId } = await joinedRoom('Fallkonferenz im Umbau', 11);

    // Still scheduled: the convenor makes Ben the moderator; the room knows at once.
    expect((await anna.patch(`/api/conferences/${id}`, { moderatorMemberId: ids.ben })).status).toBe(200);
    const replaced = await people.ben.until((s) => s.conferenceId === id && s.moderator.id === ids.ben);
    expect(await people.anna.send('conference.moderate', { conferenceId: id, action: 'start' })).toMatchObject({ ok: false, code: 'not_moderator' });
    expect(await people.ben.send('conference.moderate', { conferenceId: id, action: 'start' })).toMatchObject({ ok: true });
    expect(await people.david.send('speakers.raise', { conferenceId: id })).toMatchObject({ ok: true });
    const live = await people.anna.until((s) => s.conferenceId === id && s.speakers.length === 1);
    expect(live.epoch).toBeGreaterThanOrEqual(replaced.epoch);

    // The item the room is on goes (with the hand on it): everyone sees the room without it.
    expect((await anna.delete(`/api/conferences/${id}/agenda/${itemId}`)).status).toBe(200);
    const after = await people.david.until((s) => s.conferenceId === id && s.epoch > live.epoch);
    expect(after).toMatchObject({ state: 'live', currentItemId: null, speakers: [] });
    expect(await people.ben.send('conference.moderate', { conferenceId: id, action: 'end' })).toMatchObject({ ok: true });
  });

  it('tells a room nobody hosts about a change made over HTTP, without taking the room for it', async () => {
    const anna = apiClient(t.url, await accessToken(DEMO_USERS.anna));
    const { id } = await joinedRoom('Fallkonferenz ohne Moderation im Raum', 12, ['ben', 'david']); // participants' joins take no room
    const epoch = async () => (await t.sql<{ room_epoch: number }>('SELECT room_epoch FROM conference WHERE id = $1', [id]))[0].room_epoch;
    expect(await epoch()).toBe(0);
    expect((await anna.patch(`/api/conferences/${id}`, { moderatorMemberId: ids.ben })).status).toBe(200);
    await people.david.until((s) => s.conferenceId === id && s.moderator.id === ids.ben); // on the other instance
    expect(await epoch()).toBe(0);
  });

  it('sends each participant the agenda as consent allows, and redacts it within a second of a withdrawal', async () => {
    const ben = apiClient(t.url, await accessToken(DEMO_USERS.ben));
    const anna = apiClient(t.url, await accessToken(DEMO_USERS.anna));
    const client = await ben.post('/api/clients', { identity: { givenNames: 'Amina', familyName: 'Yusuf' }, residence: { status: 'Duldung (§ 60a AufenthG)' } });
    const consent = await ben.post(`/api/clients/${client.body.id}/consents`, {
      granteeOrganisationIds: [org['jobcenter-magdeburg']], purposes: ['case_conference'], categories: ['identity', 'residence'], validUntil: '2099-01-01', evidenceType: 'digital',
    });
    const conference = await anna.post('/api/conferences', {
      title: 'Fallkonferenz mit Fall', startsAt: `${new Date(Date.now() + 8 * 86_400_000).toISOString().slice(0, 10)}T10:00`, durationMinutes: 60,
      room: 'Raum 3', moderatorMemberId: ids.anna, invitedOrganisationIds: [org['caritas-magdeburg'], org['jobcenter-magdeburg'], org['diakonie-magdeburg']],
    });
    const id = conference.body.id;
    for (const name of ['anna', 'ben', 'david', 'clara']) expect(await people[name].send('conference.join', { conferenceId: id })).toEqual({ ok: true });
    expect((await people.clara.agenda(id)).items).toEqual([]);

    // The item arrives live, differently for each organisation.
    await anna.post(`/api/conferences/${id}/agenda`, {
      kind: 'case', title: 'Spurwechsel: Beschäftigungsduldung', clientId: client.body.id, categories: ['identity', 'residence'], timeBoxMinutes: 20, presentingOrganisationId: org['caritas-magdeburg'],
    });
    const name = (items: AgendaItemView[]) => (items[0]?.client?.data as { identity?: { familyName?: string } } | undefined)?.identity?.familyName ?? null;
    expect(name((await people.ben.agenda(id, (i) => i.length === 1)).items)).toBe('Yusuf'); // the owner
    expect(name((await people.david.agenda(id, (i) => i.length === 1)).items)).toBe('Yusuf'); // covered by the consent, on the other instance
    const diakonie = (await people.clara.agenda(id, (i) => i.length === 1)).items;
    expect(name(diakonie)).toBeNull();
    expect(diakonie[0]).toMatchObject({ title: 'Spurwechsel: Beschäftigungsduldung', client: { pseudonym: expect.stringMatching(/^K-/), data: {} } });
    expect(JSON.stringify(diakonie)).not.toContain('Yusuf');

    // Minutes, a decision and an action item: the moderator records, everyone sees them as far as consent allows.
    const itemId = diakonie[0].id;
    // Minutes right after the start, before the start is stored (the ack waits for that): the room's state decides.
    const started = people.anna.send('conference.moderate', { conferenceId: id, action: 'start' });
    await people.anna.until((s) => s.conferenceId === id && s.state === 'live');
    expect(await people.anna.send('conference.record', { conferenceId: id, itemId, action: 'minutes', text: 'Frau Yusuf hat eine Zusage der Klinik.', version: 0 })).toEqual({ ok: true });
    expect(await started).toEqual({ ok: true, epoch: expect.any(Number), revision: expect.any(Number) });
    expect(await people.ben.send('conference.record', { conferenceId: id, itemId, action: 'decision', text: 'Frau Yusuf beantragt den Pass' })).toMatchObject({ ok: false, code: 'not_moderator' });
    expect(await people.anna.send('conference.record', { conferenceId: id, itemId, action: 'minutes', text: 'Überschreibt nichts', version: 0 })).toMatchObject({ ok: false, code: 'stale' });
    expect(await people.anna.send('conference.record', { conferenceId: id, itemId, action: 'decision', text: 'Frau Yusuf beantragt die Beschäftigungsduldung.' })).toEqual({ ok: true });
    expect(await people.anna.send('conference.record', { conferenceId: id, itemId, action: 'action-item', text: 'Frau Yusuf zur Arbeitsvermittlung einladen', ownerOrganisationId: org['jobcenter-magdeburg'], dueDate: '2031-02-28' })).toEqual({ ok: true });
    expect(await people.anna.send('conference.record', { conferenceId: id, itemId, action: 'action-item', text: 'x y', ownerOrganisationId: org['klinikum-magdeburg'], dueDate: '2031-02-28' })).toMatchObject({ ok: false, code: 'bad_owner' });
    expect(await people.anna.send('conference.record', { conferenceId: id, itemId, action: 'action-item', text: 'x y', ownerOrganisationId: org['jobcenter-magdeburg'], dueDate: 'bald' })).toMatchObject({ ok: false, code: 'bad_date' });
    const jobcenterView = (await people.david.agenda(id, (i) => i[0]?.actionItems.length === 1)).items[0];
    expect(jobcenterView).toMatchObject({
      minutes: 'Frau Yusuf hat eine Zusage der Klinik.', minutesVersion: 1,
      decisions: [{ text: 'Frau Yusuf beantragt die Beschäftigungsduldung.', createdAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/) }],
      actionItems: [{ text: 'Frau Yusuf zur Arbeitsvermittlung einladen', ownerOrganisation: { id: org['jobcenter-magdeburg'], name: expect.any(String) }, dueDate: '2031-02-28', state: 'open', referral: null }],
    });
    expect(Date.now() - Date.parse(jobcenterView.decisions[0].createdAt)).toBeLessThan(60_000);
    const diakonieView = (await people.clara.agenda(id, (i) => i[0]?.actionItems.length === 1)).items[0];
    expect(diakonieView).toMatchObject({ minutes: null, decisions: [{ text: null }], actionItems: [{ text: null, ownerOrganisation: { id: org['jobcenter-magdeburg'] }, dueDate: '2031-02-28' }] });
    expect(JSON.stringify(diakonieView)).not.toContain('Yusuf');

    // Ben withdraws the consent: the Jobcenter's screen loses the data at once.
    // (No reload, no further request: the server pushes the redacted agenda. How fast is measured, not asserted.)
    expect((await ben.post(`/api/consents/${consent.body.id}/withdraw`)).status).toBe(200);
    const redacted = await people.david.agenda(id, (items) => name(items) === null);
    expect(JSON.stringify(redacted.items)).not.toContain('Yusuf'); // data, minutes, decisions and action items
    expect(name((await people.ben.agenda(id)).items)).toBe('Yusuf'); // the owner still sees it

    // After the end, the minutes go out by mail - each recipient's copy redacted like their screen.
    expect((await anna.post(`/api/conferences/${id}/minutes/send`)).status).toBe(409); // not ended yet
    await people.anna.send('conference.moderate', { conferenceId: id, action: 'end' });
    expect((await ben.post(`/api/conferences/${id}/minutes/send`)).status).toBe(403);
    expect((await anna.post(`/api/conferences/${id}/minutes/send`)).body.sent).toBeGreaterThanOrEqual(4);
    expect((await anna.post(`/api/conferences/${id}/minutes/send`)).status).toBe(409); // once
    const minutesFor = async (address: string) => (await mailTo(address, /^Protokoll: Fallkonferenz mit Fall$/)).text;
    expect(await minutesFor('ben.caritas@roundtable.example')).toContain('Frau Yusuf hat eine Zusage der Klinik.');
    for (const address of ['clara.diakonie@roundtable.example', 'david.jobcenter@roundtable.example']) {
      const text = await minutesFor(address);
      expect(text).not.toContain('Yusuf');
      expect(text).toContain('nicht angezeigt');
      expect(text).toContain('Spurwechsel: Beschäftigungsduldung');
    }
  });

  it('brings the previous meeting\'s open action items, and the referrals they became, to the next agenda of the series', async () => {
    const anna = apiClient(t.url, await accessToken(DEMO_USERS.anna));
    const ben = apiClient(t.url, await accessToken(DEMO_USERS.ben));
    const david = apiClient(t.url, await accessToken(DEMO_USERS.david));
    const series = await anna.post('/api/conferences', {
      title: 'Netzwerkrunde', startsAt: `${new Date(Date.now() + 9 * 86_400_000).toISOString().slice(0, 10)}T09:00`, durationMinutes: 60,
      room: 'Raum 4', moderatorMemberId: ids.anna, invitedOrganisationIds: [org['caritas-magdeburg'], org['jobcenter-magdeburg']], recurrence: { frequency: 'monthly', count: 2 },
    });
    const first = series.body.id;
    const [{ id: second }] = await t.sql<{ id: string }>('SELECT id FROM conference WHERE series_id = $1 AND id <> $2', [series.body.seriesId, first]);
    const [item] = (await anna.post(`/api/conferences/${first}/agenda`, { kind: 'topic', title: 'Sprachkurse: Wartelisten', timeBoxMinutes: 15, presentingOrganisationId: org['caritas-magdeburg'] })).body;
    for (const name of ['anna', 'ben', 'david']) await people[name].send('conference.join', { conferenceId: first });
    await people.anna.send('conference.moderate', { conferenceId: first, action: 'start' });
    const record = (text: string) => people.anna.send('conference.record', { conferenceId: first, itemId: item.id, action: 'action-item', text, ownerOrganisationId: org['jobcenter-magdeburg'], dueDate: '2031-03-31' });
    for (const text of ['Plätze im Integrationskurs klären', 'Wartezeiten melden', 'Liste der Kursträger schicken']) expect(await record(text)).toEqual({ ok: true });
    await people.anna.send('conference.moderate', { conferenceId: first, action: 'end' });
    const actions = (await anna.get(`/api/conferences/${first}/agenda`)).body[0].actionItems as Array<{ id: string; text: string }>;
    const byText = (text: string) => actions.find((a) => a.text === text)!.id;

    // One becomes a referral to the Jobcenter, one is done; the third stays open.
    const referral = await ben.post(`/api/conferences/${first}/action-items/${byText('Plätze im Integrationskurs klären')}/referral`, {
      serviceCategory: 'language_course', reason: 'Aus der Netzwerkrunde: Plätze im Integrationskurs klären', urgency: 'routine', send: true,
    });
    expect(referral.status).toBe(201);
    expect(referral.body).toMatchObject({ state: 'sent', to: { organisation: { id: org['jobcenter-magdeburg'] } }, client: null });
    expect((await ben.post(`/api/conferences/${first}/action-items/${byText('Plätze im Integrationskurs klären')}/referral`, {
      serviceCategory: 'language_course', reason: 'Noch einmal', urgency: 'routine',
    })).status).toBe(409);
    expect((await ben.post(`/api/conferences/${first}/action-items/${byText('Wartezeiten melden')}/done`)).status).toBe(403); // not the owner
    expect((await david.post(`/api/conferences/${first}/action-items/${byText('Wartezeiten melden')}/done`)).status).toBe(200);
    await david.post(`/api/referrals/${referral.body.id}/actions`, { action: 'accept' });

    const review = (await david.get(`/api/conferences/${second}/review`)).body;
    expect(review.previousConference).toMatchObject({ id: first, title: 'Netzwerkrunde' });
    expect(review.actionItems.map((a: { text: string; state: string; referral: { state: string } | null; itemTitle: string }) => [a.text, a.state, a.referral?.state ?? null, a.itemTitle])).toEqual([
      ['Plätze im Integrationskurs klären', 'open', 'accepted', 'Sprachkurse: Wartelisten'],
      ['Liste der Kursträger schicken', 'open', null, 'Sprachkurse: Wartelisten'],
    ]);
    expect((await david.get(`/api/conferences/${first}/review`)).body).toEqual({ previousConference: null, actionItems: [] });

    // Two days ahead, the owner organisation is reminded of each open action item - once, without its text.
    const reminders = worker.get(ActionItemReminders);
    expect(await reminders.remind('2031-02-01')).toBe(0);
    expect(await reminders.remind('2031-03-29')).toBe(3); // these two, and the case conference's from above (due 2031-02-28)
    expect(await reminders.remind('2031-03-29')).toBe(0);
    const mails = await mailsTo('david.jobcenter@roundtable.example', (m) => m.subject === 'Roundtable: Aufgabe fällig am 2031-03-31' && m.text.includes('Netzwerkrunde'), 2);
    expect(mails).toHaveLength(2);
    expect(mails.map((m) => m.text).join()).not.toMatch(/Kursträger|Integrationskurs/);
  });
});
