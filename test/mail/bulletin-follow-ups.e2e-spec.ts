import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { berlinToday } from '@roundtable/contracts';
import { BulletinReminders } from '../../apps/worker/src/bulletin-reminders';
import { seedDemoData } from '../../apps/local-stack/src/demo-data';
import { apiClient, type ApiClient } from '../support/http';
import { mailsTo, mailTo } from '../support/mail';
import { accessToken, DEMO_USERS } from '../support/realm';
import { startTestApp, startTestWorker, type TestApp } from '../support/test-app';

/** After a bulletin went out: "in force today" reminders, clarifications to its recipients, and members' own subscriptions. */
describe('bulletin follow-ups by mail', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let greta: ApiClient;
  let anna: ApiClient;
  const stamp = Date.now();
  const people = {
    remind: `remind-${stamp}@example.org`,
    quiet: `quiet-${stamp}@example.org`,
    elsewhere: `elsewhere-${stamp}@example.org`,
  };
  const today = berlinToday();
  let bulletinId: string;

  const deliveries = (kind: string) =>
    t.sql<{ email: string; state: string }>(`SELECT email, state FROM bulletin_delivery WHERE bulletin_id = $1 AND kind = $2 ORDER BY email`, [bulletinId, kind]);
  const oneClick = (url: string) =>
    fetch(url.replace('http://localhost:3000', t.url), { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoData(t.app.get(DataSource));
    const add = (email: string, audiences: string[], reminders: boolean) =>
      t.sql(`INSERT INTO subscriber (email, language, audiences, reminders, status, token_hash) VALUES ($1, 'de', $2, $3, 'active', md5($1))`, [email, audiences, reminders]);
    await add(people.remind, ['volunteers'], true);
    await add(people.quiet, ['volunteers'], false);
    await add(people.elsewhere, ['employers'], true);
    worker = await startTestWorker(t.databaseUrl);
    greta = apiClient(t.url, await accessToken(DEMO_USERS.greta));
    anna = apiClient(t.url, await accessToken(DEMO_USERS.anna));

    // Published two days ago; one provision takes effect today, one much later.
    const created = await greta.post('/api/bulletins', {
      audiences: ['volunteers'],
      provisions: [
        { effective: today, refs: ['§ 81a AufenthG'], text: { de: 'Beschleunigtes Fachkräfteverfahren gilt' } },
        { effective: '2099-01-01', refs: [], text: { de: 'Spätere Regelung' } },
      ],
      variants: { de: { title: 'Fachkräfteverfahren', summary: 'Was sich in Stufen ändert.', bodyMarkdown: 'Text' } },
    });
    bulletinId = created.body.id;
    await greta.post(`/api/bulletins/${bulletinId}/submit`);
    await anna.post(`/api/bulletins/${bulletinId}/publish`);
    await t.sql(`UPDATE bulletin_version SET published_at = now() - interval '2 days' WHERE bulletin_id = $1`, [bulletinId]);
    for (const email of [people.remind, people.quiet]) await mailTo(email, /^Fachkräfteverfahren$/);
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
  });

  it('reminds those who asked on the day a provision takes effect, once, with one-click unsubscribe', async () => {
    const reminders = worker.get(BulletinReminders);
    expect(await reminders.queueReminders(today)).toBe(1);
    expect(await reminders.queueReminders(today)).toBe(0); // however often it runs
    const mail = await mailTo(people.remind, /^Ab heute in Kraft: Fachkräfteverfahren$/);
    expect(mail.text).toContain(`Ab heute, ${today}, gilt:`);
    expect(mail.text).toContain('Beschleunigtes Fachkräfteverfahren gilt (§ 81a AufenthG)');
    expect(mail.text).not.toContain('Spätere Regelung');
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(mail.text).toMatch(/Abbestellen: http:\/\/localhost:3000\/api\/public\/unsubscribe\//);
    // Not the one without reminders, not the one outside the audience; no reminder for a day without provisions.
    expect(await reminders.queueReminders('2031-05-05')).toBe(0);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await mailsTo(people.quiet, (m) => m.subject.startsWith('Ab heute'), 1, 0)).toEqual([]);
    expect(await mailsTo(people.elsewhere, () => true, 1, 0)).toEqual([]);
    expect((await mailsTo(people.remind, (m) => m.subject.startsWith('Ab heute'), 1, 0)).length).toBe(1);

    // The reminder's own unsubscribe link works, without login.
    expect((await oneClick(/^<(.+)>$/.exec(mail.headers['list-unsubscribe'])![1])).status).toBe(200);
    expect((await t.sql<{ status: string }>('SELECT status FROM subscriber WHERE email = $1', [people.remind]))[0].status).toBe('unsubscribed');
  });

  it('sends no reminder for a bulletin published on the effective date itself (the bulletin says so already)', async () => {
    await t.sql(`UPDATE bulletin_version SET published_at = now() WHERE bulletin_id = $1`, [bulletinId]);
    await t.sql(`UPDATE subscriber SET reminders = true WHERE email = $1`, [people.quiet]);
    try {
      expect(await worker.get(BulletinReminders).queueReminders(today)).toBe(0);
    } finally {
      await t.sql(`UPDATE bulletin_version SET published_at = now() - interval '2 days' WHERE bulletin_id = $1`, [bulletinId]);
      await t.sql(`UPDATE subscriber SET reminders = false WHERE email = $1`, [people.quiet]);
    }
  });

  it('mails an answer marked as a clarification to the bulletin\'s recipients who are still subscribed, once', async () => {
    const eva = apiClient(t.url, await accessToken(DEMO_USERS.eva));
    const plain = await eva.post(`/api/bulletins/${bulletinId}/questions`, { body: 'Gilt das auch für Pflegekräfte?' });
    expect((await anna.post(`/api/bulletins/questions/${plain.body.id}/answer`, { answer: 'Ja.', clarification: false })).status).toBe(200);
    expect(await deliveries('clarification')).toEqual([]);

    const asked = await eva.post(`/api/bulletins/${bulletinId}/questions`, { body: 'Gilt die Regel schon ab März für alle?' });
    const answered = await anna.post(`/api/bulletins/questions/${asked.body.id}/answer`, { answer: 'Nein: die Stufen gelten jeweils ab ihrem eigenen Datum.', clarification: true });
    expect(answered.body.clarification).toBe(true);
    const mail = await mailTo(people.quiet, /^Klarstellung: Fachkräfteverfahren$/);
    expect(mail.text).toContain('Frage: Gilt die Regel schon ab März für alle?');
    expect(mail.text).toContain('Antwort der Ausländerbehörde: Nein: die Stufen gelten jeweils ab ihrem eigenen Datum.');
    expect(mail.headers['list-unsubscribe']).toMatch(/^<http:\/\/localhost:3000\/api\/public\/unsubscribe\/[\w-]+>$/);

    // Editing the answer sends nothing more; who unsubscribed (remind) or never received it (elsewhere) gets nothing.
    await anna.post(`/api/bulletins/questions/${asked.body.id}/answer`, { answer: 'Nein: jede Stufe gilt ab ihrem eigenen Datum.', clarification: true });
    expect(await deliveries('clarification')).toEqual([{ email: people.quiet, state: expect.any(String) }]);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await mailsTo(people.quiet, (m) => m.subject.startsWith('Klarstellung'), 2, 0)).toHaveLength(1);
    expect(await mailsTo(people.remind, (m) => m.subject.startsWith('Klarstellung'), 1, 0)).toEqual([]);
  });

  it('lets a member subscribe with their account\'s address, choose what they read, and unsubscribe', async () => {
    const ben = apiClient(t.url, await accessToken(DEMO_USERS.ben));
    const eva = apiClient(t.url, await accessToken(DEMO_USERS.eva));
    expect((await ben.get('/api/me/subscription')).body).toMatchObject({ subscribed: false, email: 'ben.caritas@roundtable.example', allowedAudiences: expect.arrayContaining(['partner_staff']) });

    // bad input changes nothing
    const count = async () => Number((await t.sql('SELECT count(*) AS n FROM subscriber'))[0].n);
    const before = await count();
    expect((await ben.put('/api/me/subscription', { language: 'fr', audiences: ['partner_staff'] })).status).toBe(400);
    expect((await ben.put('/api/me/subscription', { language: 'en', audiences: [] })).status).toBe(400);
    expect((await ben.put('/api/me/subscription', { language: 'en', audiences: ['partner_staff'], reminders: 'often' })).status).toBe(400);
    expect((await eva.put('/api/me/subscription', { language: 'de', audiences: ['partner_staff'] })).body.message.join()).toMatch(/audiences must be some of/); // a volunteer
    expect(await count()).toBe(before);

    const saved = await ben.put('/api/me/subscription', { language: 'en', audiences: ['partner_staff'], reminders: true });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ subscribed: true, language: 'en', audiences: ['partner_staff'], reminders: true });

    // A bulletin for partner staff reaches him by mail, in English, with one-click unsubscribe.
    const created = await greta.post('/api/bulletins', {
      audiences: ['partner_staff'],
      variants: { de: { title: 'Neue Zuständigkeit', summary: 'Wer ab jetzt zuständig ist.', bodyMarkdown: 'x' }, en: { title: 'New responsibility', summary: 'Who is in charge now.', bodyMarkdown: 'x' } },
    });
    await greta.post(`/api/bulletins/${created.body.id}/submit`);
    await anna.post(`/api/bulletins/${created.body.id}/publish`);
    const mail = await mailTo('ben.caritas@roundtable.example', /^New responsibility$/);
    expect(mail.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');

    expect((await ben.delete('/api/me/subscription')).body).toMatchObject({ subscribed: false });
    expect((await t.sql<{ status: string; member_id: string }>(`SELECT status, member_id FROM subscriber WHERE email = 'ben.caritas@roundtable.example'`))[0]).toMatchObject({ status: 'unsubscribed', member_id: expect.any(String) });
  });
});
