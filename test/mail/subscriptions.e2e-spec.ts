import type { INestApplicationContext } from '@nestjs/common';
import { mailTo } from '../support/mail';
import { startTestApp, startTestWorker, type TestApp } from '../support/test-app';

/** Volunteers subscribe without an account: double opt-in, preferences, export, delete, one-click unsubscribe. */
describe('bulletin subscriptions without an account', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  const form = (fields: Record<string, string | string[]>) => {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(fields)) for (const value of ([] as string[]).concat(v)) body.append(k, value);
    return { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body };
  };
  const subscriber = async (email: string) =>
    (await t.sql<{ status: string; language: string; audiences: string[]; reminders: boolean }>('SELECT status, language, audiences, reminders FROM subscriber WHERE email = $1', [email]))[0];
  const localLink = (text: string, label: RegExp) => label.exec(text)![1].replace(/^http:\/\/localhost:3000/, t.url);

  beforeAll(async () => {
    t = await startTestApp();
    worker = await startTestWorker(t.databaseUrl);
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
  });

  it('shows an accessible public subscribe page without login', async () => {
    const page = await fetch(`${t.url}/api/public/subscribe?lang=en`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<html lang="en">');
    expect(html).toContain('<label for="email">E-mail address</label>');
    expect(html).toContain('<input type="checkbox" name="reminders"> Remind me on the day a new rule comes into force');
  });

  it('needs the confirmation link: double opt-in cannot be skipped', async () => {
    const email = 'mia.volunteer@example.org';
    const res = await fetch(`${t.url}/api/public/subscribe?lang=en`, form({ email: 'Mia.Volunteer@Example.org', language: 'en', audiences: ['volunteers', 'public'], reminders: 'on' }));
    expect(res.status).toBe(200);
    expect(await subscriber(email)).toEqual({ status: 'pending', language: 'en', audiences: ['volunteers', 'public'], reminders: true });

    const mail = await mailTo(email, /please confirm/);
    expect(mail.text).toContain('Without confirmation you receive nothing.');
    const confirm = localLink(mail.text, /Confirm: (\S+)/);
    expect((await fetch(confirm)).status).toBe(200); // opening the link (or a scanner) changes nothing
    expect((await subscriber(email)).status).toBe('pending');
    expect((await fetch(`${t.url}/api/public/subscriptions/confirm/guessed-token`, { method: 'POST' })).status).toBe(404);

    const done = await fetch(confirm, { method: 'POST' });
    expect(done.status).toBe(200);
    expect((await subscriber(email)).status).toBe('active');
    expect((await fetch(confirm, { method: 'POST' })).status).toBe(404); // single use
  });

  it('refuses an expired confirmation', async () => {
    const email = 'late@example.org';
    await fetch(`${t.url}/api/public/subscribe`, form({ email, language: 'de', audiences: 'volunteers' }));
    const mail = await mailTo(email, /Bitte bestätigen/);
    await t.sql(`UPDATE subscriber SET confirm_expires_at = now() - interval '1 minute' WHERE email = $1`, [email]);
    expect((await fetch(localLink(mail.text, /Bestätigen: (\S+)/), { method: 'POST' })).status).toBe(410);
    expect((await subscriber(email)).status).toBe('pending');
  });

  it('gives the subscriber preferences, export, one-click unsubscribe and delete, without login', async () => {
    const email = 'noah@example.org';
    await fetch(`${t.url}/api/public/subscribe`, form({ email, language: 'de', audiences: 'volunteers' }));
    const confirm = localLink((await mailTo(email, /Bitte bestätigen/)).text, /Bestätigen: (\S+)/);
    const page = await (await fetch(confirm, { method: 'POST' })).text();
    const manage = `${t.url}${/href="(\/api\/public\/subscriptions\/[^"]+)"/.exec(page)![1]}`;
    const token = manage.split('/').pop()!;

    expect(await (await fetch(manage)).text()).toContain('noah@example.org');
    expect((await fetch(manage, form({ language: 'de-simple', audiences: ['volunteers', 'employers'], reminders: 'on' }))).status).toBe(200);
    expect(await subscriber(email)).toEqual({ status: 'active', language: 'de-simple', audiences: ['volunteers', 'employers'], reminders: true });
    expect(await (await fetch(manage)).text()).toContain('<input type="checkbox" name="reminders" checked>');
    expect((await fetch(manage, form({ language: 'de-simple', audiences: ['volunteers', 'employers'] }))).status).toBe(200); // box unticked
    expect((await subscriber(email)).reminders).toBe(false);
    expect((await fetch(manage, form({ language: 'de', audiences: 'partner_staff' }))).status).toBe(400); // members only
    expect((await fetch(manage, form({ language: 'klingon', audiences: 'volunteers' }))).status).toBe(400);

    const exported = await (await fetch(`${manage}/export`)).json();
    expect(exported).toMatchObject({ email, language: 'de-simple', reminders: false, linkedToAccount: false, status: 'active' });

    // RFC 8058 one-click: a mail client POSTs this body, with no cookie and no login
    const oneClick = await fetch(`${t.url}/api/public/unsubscribe/${token}`, {
      method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click',
    });
    expect(oneClick.status).toBe(200);
    expect((await subscriber(email)).status).toBe('unsubscribed');

    expect((await fetch(`${manage}/delete`, { method: 'POST' })).status).toBe(200);
    expect(await subscriber(email)).toBeUndefined();
    expect((await fetch(manage)).status).toBe(404);
  });

  it('does not tell whether an address is subscribed', async () => {
    const first = await fetch(`${t.url}/api/public/subscribe?lang=en`, form({ email: 'mia.volunteer@example.org', language: 'en', audiences: 'volunteers' }));
    const fresh = await fetch(`${t.url}/api/public/subscribe?lang=en`, form({ email: 'someone.new@example.org', language: 'en', audiences: 'volunteers' }));
    expect(first.status).toBe(fresh.status);
    expect(await first.text()).toBe(await fresh.text());
    expect((await subscriber('mia.volunteer@example.org')).status).toBe('active'); // unchanged
  });

  it.each([
    ['a malformed e-mail', { email: 'not-an-address', language: 'de', audiences: 'volunteers' }, /e-mail address/],
    ['an unknown audience', { email: 'x@example.org', language: 'de', audiences: 'politicians' }, /audiences must be some of/],
    ['no audience', { email: 'x@example.org', language: 'de' }, /at least one audience/],
    ['an unknown language', { email: 'x@example.org', language: 'fr', audiences: 'volunteers' }, /language must be/],
    ['partner staff (members only)', { email: 'x@example.org', language: 'de', audiences: 'partner_staff' }, /audiences must be some of/],
  ])('rejects %s with 400 and stores nothing', async (_label, fields, message) => {
    const before = Number((await t.sql('SELECT count(*) AS n FROM subscriber'))[0].n);
    const res = await fetch(`${t.url}/api/public/subscribe`, form(fields as Record<string, string>));
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(message);
    expect(Number((await t.sql('SELECT count(*) AS n FROM subscriber'))[0].n)).toBe(before);
  });
});
