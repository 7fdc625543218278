import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { SMTPServer } from 'smtp-server';
import { freePort } from '../support/ports';
import { BulletinDispatcher } from '../../apps/worker/src/bulletin-dispatcher';
import { seedDemoData } from '../../apps/local-stack/src/demo-data';
import { apiClient } from '../support/http';
import { mailsTo } from '../support/mail';
import { accessToken, DEMO_USERS } from '../support/realm';
import { startTestApp, startTestWorker, type TestApp } from '../support/test-app';

const caught = (address: string) => mailsTo(address, undefined, 1, 0);

describe('bulletin dispatch to subscribers over SMTP', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  const stamp = Date.now();
  const people = {
    de: `de-${stamp}@example.org`,
    en: `en-${stamp}@example.org`,
    pending: `pending-${stamp}@example.org`,
    gone: `gone-${stamp}@example.org`,
    employer: `employer-${stamp}@example.org`,
  };

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoData(t.app.get(DataSource));
    const add = (email: string, language: string, status: string, audiences: string[]) =>
      t.sql(`INSERT INTO subscriber (email, language, audiences, status, token_hash) VALUES ($1, $2, $3, $4, md5($1))`, [email, language, audiences, status]);
    await add(people.de, 'de', 'active', ['volunteers']);
    await add(people.en, 'en', 'active', ['volunteers', 'public']);
    await add(people.pending, 'de', 'pending', ['volunteers']);
    await add(people.gone, 'de', 'unsubscribed', ['volunteers']);
    await add(people.employer, 'de', 'active', ['employers']);
    worker = await startTestWorker(t.databaseUrl);
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
  });

  it('sends a published bulletin once to each active subscriber of its audience, in their language, with one-click unsubscribe', async () => {
    const greta = apiClient(t.url, await accessToken(DEMO_USERS.greta));
    const anna = apiClient(t.url, await accessToken(DEMO_USERS.anna));
    const created = await greta.post('/api/bulletins', {
      audiences: ['volunteers'],
      provisions: [{ effective: '2024-03-01', refs: ['§ 16g AufenthG'], text: { de: 'Ausbildungsaufenthalt', en: 'Training permit' } }],
      variants: {
        de: { title: 'Neu: Ausbildung', summary: 'Was sich für Auszubildende ändert.', bodyMarkdown: 'Text <script>alert(1)</script>' },
        en: { title: 'New: vocational training', summary: 'What changes for trainees.', bodyMarkdown: 'Text' },
      },
    });
    await greta.post(`/api/bulletins/${created.body.id}/submit`);
    expect((await anna.post(`/api/bulletins/${created.body.id}/publish`)).status).toBe(200);

    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && ((await caught(people.de)).length === 0 || (await caught(people.en)).length === 0)) await new Promise((r) => setTimeout(r, 100));
    const [de] = await caught(people.de);
    const [en] = await caught(people.en);
    expect(de.subject).toBe('Neu: Ausbildung');
    expect(en.subject).toBe('New: vocational training');
    expect(en.text).toContain('In force from 2024-03-01: Training permit (§ 16g AufenthG)');
    expect(de.html).not.toMatch(/<script/);
    expect(de.headers['list-unsubscribe']).toMatch(/^<http:\/\/localhost:3000\/api\/public\/unsubscribe\/[\w-]+>$/);
    expect(de.headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
    expect(de.text).toMatch(/Abbestellen: http:\/\/localhost:3000\/api\/public\/unsubscribe\//); // visible too
    for (const nobody of [people.pending, people.gone, people.employer]) expect(await caught(nobody)).toEqual([]);
    // The mail can reach the sink a moment before the worker marks its row as sent.
    const rows = () => t.sql<{ email: string; state: string }>('SELECT email, state FROM bulletin_delivery ORDER BY email');
    const marked = Date.now() + 5000;
    while (Date.now() < marked && (await rows()).some((r) => r.state !== 'sent')) await new Promise((r) => setTimeout(r, 50));
    expect(await rows()).toEqual([{ email: people.de, state: 'sent' }, { email: people.en, state: 'sent' }]);

    // another round sends nothing more
    expect(await worker.get(BulletinDispatcher).dispatch()).toBe(0);
    await new Promise((r) => setTimeout(r, 1000));
    expect(await caught(people.de)).toHaveLength(1);

    // the mail client's one-click unsubscribe: POST to the header's URL, no login
    const url = /^<(.+)>$/.exec(de.headers['list-unsubscribe'])![1].replace('http://localhost:3000', t.url);
    const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(res.status).toBe(200);
    expect((await t.sql<{ status: string }>('SELECT status FROM subscriber WHERE email = $1', [people.de]))[0].status).toBe('unsubscribed');
  });

  it('sends a correction, with its change note, to everyone who received the old version', async () => {
    const greta = apiClient(t.url, await accessToken(DEMO_USERS.greta));
    const anna = apiClient(t.url, await accessToken(DEMO_USERS.anna));
    const ben = apiClient(t.url, await accessToken(DEMO_USERS.ben));
    const first = await greta.post('/api/bulletins', {
      audiences: ['volunteers', 'partner_staff'],
      variants: { de: { title: 'Chancenkarte', summary: 'Ab Juni 2024 gibt es die Chancenkarte.', bodyMarkdown: 'Mindestens **fünf** Punkte.' } },
    });
    await greta.post(`/api/bulletins/${first.body.id}/submit`);
    await anna.post(`/api/bulletins/${first.body.id}/publish`);
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline && !(await caught(people.en)).some((m) => m.subject === 'Chancenkarte')) await new Promise((r) => setTimeout(r, 100));

    const opened = await greta.post(`/api/bulletins/${first.body.id}/corrections`, { changeNote: 'Es sind mindestens sechs Punkte, nicht fünf.' });
    expect(opened.body).toMatchObject({ state: 'draft', version: 2 });
    expect((await ben.get(`/api/bulletins/${first.body.id}`)).body).toMatchObject({ version: 1, title: 'Chancenkarte' }); // readers keep v1 meanwhile
    await greta.patch(`/api/bulletins/${first.body.id}`, {
      audiences: ['partner_staff'], // even when the audience narrows, those who got v1 get the correction
      variants: { de: { title: 'Chancenkarte', summary: 'Ab Juni 2024 gibt es die Chancenkarte.', bodyMarkdown: 'Mindestens **sechs** Punkte.' } },
    });
    await greta.post(`/api/bulletins/${first.body.id}/submit`);
    expect((await greta.post(`/api/bulletins/${first.body.id}/publish`)).status).toBe(403); // four eyes again
    expect((await anna.post(`/api/bulletins/${first.body.id}/publish`)).body).toMatchObject({ version: 2, changeNote: 'Es sind mindestens sechs Punkte, nicht fünf.' });

    const corrected = await mailsTo(people.en, (m) => m.subject === 'Correction: Chancenkarte');
    expect(corrected).toHaveLength(1);
    expect(corrected[0].text).toContain('Correction: Es sind mindestens sechs Punkte, nicht fünf.');
    expect((await ben.get(`/api/bulletins/${first.body.id}`)).body).toMatchObject({ version: 2 });
  });

  it('retries while the SMTP server refuses, and then delivers everything once', async () => {
    // An SMTP server that answers 451 (try again later) until it is told to accept.
    let refusing = true;
    const received: string[] = [];
    const flaky = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData(stream, session, callback) {
        stream.resume();
        stream.on('end', () => {
          if (refusing) {
            const err = Object.assign(new Error('Mailbox busy, try again later'), { responseCode: 451 });
            return callback(err);
          }
          received.push(...session.envelope.rcptTo.map((r) => r.address));
          callback();
        });
      },
    });
    const port = await freePort();
    await new Promise<void>((resolve) => flaky.listen(port, '127.0.0.1', resolve));
    await worker.close(); // only the worker that talks to the flaky server runs now
    const flakyWorker = await startTestWorker(t.databaseUrl, { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_RETRY_BASE_SECONDS: '0.2' });
    try {
      const fresh = Array.from({ length: 12 }, (_, i) => `retry-${stamp}-${i}@example.org`);
      const emails = [...fresh, people.employer]; // the employer subscriber from above is in this audience too
      for (const email of fresh) {
        await t.sql(`INSERT INTO subscriber (email, language, audiences, status, token_hash) VALUES ($1, 'de', '{employers}', 'active', md5($1))`, [email]);
      }
      const greta = apiClient(t.url, await accessToken(DEMO_USERS.greta));
      const anna = apiClient(t.url, await accessToken(DEMO_USERS.anna));
      const created = await greta.post('/api/bulletins', {
        audiences: ['employers'],
        variants: { de: { title: 'Informationspflichten', summary: 'Neue Pflichten für Arbeitgeber ab 2026.', bodyMarkdown: 'Text' } },
      });
      await greta.post(`/api/bulletins/${created.body.id}/submit`);
      await anna.post(`/api/bulletins/${created.body.id}/publish`);

      const attempts = async () => Number((await t.sql(`SELECT min(attempts) AS n FROM bulletin_delivery WHERE bulletin_id = $1`, [created.body.id]))[0].n);
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline && (await attempts()) < 2) await new Promise((r) => setTimeout(r, 100));
      expect(await attempts()).toBeGreaterThanOrEqual(2); // every delivery was refused and retried
      expect(received).toEqual([]);
      const [{ last_error }] = await t.sql<{ last_error: string }>(`SELECT last_error FROM bulletin_delivery WHERE bulletin_id = $1 LIMIT 1`, [created.body.id]);
      expect(last_error).toMatch(/451/);

      refusing = false;
      const until = Date.now() + 20_000;
      while (Date.now() < until && received.length < emails.length) await new Promise((r) => setTimeout(r, 100));
      expect([...received].sort()).toEqual([...emails].sort()); // each exactly once
      const states = () => t.sql<{ state: string; n: string }>(`SELECT state, count(*) AS n FROM bulletin_delivery WHERE bulletin_id = $1 GROUP BY state`, [created.body.id]);
      const marked = Date.now() + 5000;
      while (Date.now() < marked && (await states()).length !== 1) await new Promise((r) => setTimeout(r, 50)); // marking follows receipt
      expect(await states()).toEqual([{ state: 'sent', n: '13' }]);
    } finally {
      await flakyWorker.close();
      await new Promise<void>((resolve) => flaky.close(() => resolve()));
      worker = await startTestWorker(t.databaseUrl);
    }
  }, 60_000);

  it('pauses after a burst of failures, tells the author, shows the progress, and resumes', async () => {
    // This server refuses the bulletin's recipients (pause-*) and takes anything else, e.g. the alert to the author.
    let refusing = true;
    const accepted: string[] = [];
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onRcptTo(address, _session, callback) {
        if (refusing && address.address.startsWith('pause-')) return callback(Object.assign(new Error('Relay temporarily unavailable'), { responseCode: 451 }));
        accepted.push(address.address);
        callback();
      },
      onData(stream, _session, callback) {
        stream.resume();
        stream.on('end', () => callback());
      },
    });
    const port = await freePort();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    await worker.close();
    const pausing = await startTestWorker(t.databaseUrl, { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_RETRY_BASE_SECONDS: '0.2', MAIL_PAUSE_AFTER_FAILURES: '5', MAIL_BATCH_SIZE: '5' });
    try {
      const emails = Array.from({ length: 15 }, (_, i) => `pause-${stamp}-${i}@example.org`);
      // An audience no earlier subscriber has, so that every recipient here is one the server refuses.
      for (const email of emails) await t.sql(`INSERT INTO subscriber (email, language, audiences, status, token_hash) VALUES ($1, 'de', '{partner_staff}', 'active', md5($1))`, [email]);
      const greta = apiClient(t.url, await accessToken(DEMO_USERS.greta));
      const anna = apiClient(t.url, await accessToken(DEMO_USERS.anna));
      await greta.get('/api/me'); // Greta's e-mail is known once she has signed in
      const created = await greta.post('/api/bulletins', { audiences: ['partner_staff'], variants: { de: { title: 'Pausentest', summary: 'Eine Meldung zum Testen.', bodyMarkdown: 'x' } } });
      await greta.post(`/api/bulletins/${created.body.id}/submit`);
      await anna.post(`/api/bulletins/${created.body.id}/publish`);

      const deadline = Date.now() + 15_000;
      let progress = (await greta.get(`/api/bulletins/${created.body.id}/dispatch`)).body;
      while (Date.now() < deadline && !progress.paused) {
        await new Promise((r) => setTimeout(r, 200));
        progress = (await greta.get(`/api/bulletins/${created.body.id}/dispatch`)).body;
      }
      expect(progress).toMatchObject({ paused: true, sent: 0, failed: 0, total: 15 });
      expect(progress.pauseReason).toMatch(/451|Relay temporarily unavailable/);
      const attemptsWhenPaused = Number((await t.sql(`SELECT sum(attempts) AS n FROM bulletin_delivery WHERE bulletin_id = $1`, [created.body.id]))[0].n);
      await new Promise((r) => setTimeout(r, 1500));
      expect(Number((await t.sql(`SELECT sum(attempts) AS n FROM bulletin_delivery WHERE bulletin_id = $1`, [created.body.id]))[0].n)).toBe(attemptsWhenPaused); // no more tries while paused
      expect(accepted).toContain('greta.editor@roundtable.example'); // the author was alerted

      refusing = false;
      expect((await greta.post(`/api/bulletins/${created.body.id}/dispatch/resume`)).status).toBe(403); // liaisons resume
      expect((await anna.post(`/api/bulletins/${created.body.id}/dispatch/resume`)).body.paused).toBe(false);
      const until = Date.now() + 20_000;
      while (Date.now() < until && (await greta.get(`/api/bulletins/${created.body.id}/dispatch`)).body.sent < 15) await new Promise((r) => setTimeout(r, 200));
      expect((await greta.get(`/api/bulletins/${created.body.id}/dispatch`)).body).toMatchObject({ sent: 15, pending: 0, failed: 0, paused: false });
      for (const email of emails) expect(accepted.filter((a) => a === email)).toHaveLength(1);
    } finally {
      await pausing.close();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  }, 60_000);
});
