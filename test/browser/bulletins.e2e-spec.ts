import type { INestApplicationContext } from '@nestjs/common';
import type { Page } from 'playwright-core';
import { startTestWorker } from '../support/test-app';
import { expectNoAxeViolations, openWorkspaceFor, signIn, type BrowserSession } from './browser';

/** Author -> review -> publish -> watch the dispatch -> read as a volunteer, in Chromium. */
describe('bulletins in Chromium', () => {
  let session: BrowserSession;
  let greta: Page;
  let anna: Page;
  let worker: INestApplicationContext;
  let bulletinUrl: string;

  beforeAll(async () => {
    ({ session, pages: [greta, anna] } = await openWorkspaceFor('greta.editor', 'anna.abh'));
    for (const i of [1, 2, 3]) {
      await session.app.sql(`INSERT INTO subscriber (email, language, audiences, status, token_hash) VALUES ($1, 'de-simple', '{volunteers}', 'active', md5($1))`, [`volunteer-${Date.now()}-${i}@example.org`]);
    }
    worker = await startTestWorker(session.app.databaseUrl);
  });
  afterAll(async () => {
    await worker?.close();
    await session?.close();
  });

  it('lets the editor write a bulletin in two versions with a provision, and submit it', async () => {
    await greta.getByRole('link', { name: 'Rechtsänderungen' }).click();
    await greta.getByRole('link', { name: 'Neue Rechtsänderung' }).click();
    await greta.getByRole('heading', { level: 1, name: 'Neue Rechtsänderung' }).waitFor();
    await greta.locator('label').filter({ hasText: /^Ehrenamtliche$/ }).click();
    await greta.getByRole('textbox', { name: /^Titel \(Deutsch\)/ }).fill('Ausbildung: neue Aufenthaltserlaubnis');
    await greta.getByRole('textbox', { name: /^Kurzfassung in einfachen Worten \(Deutsch\)/ }).fill('Statt der Ausbildungsduldung gibt es eine Aufenthaltserlaubnis.');
    await greta.getByRole('textbox', { name: /^Text \(Markdown\) \(Deutsch\)/ }).fill('Seit **1. März 2024** gilt § 16g AufenthG.');
    await greta.getByRole('textbox', { name: /^Titel \(Einfache Sprache\)/ }).fill('Neue Erlaubnis für die Ausbildung');
    await greta.getByRole('textbox', { name: /^Kurzfassung in einfachen Worten \(Einfache Sprache\)/ }).fill('Für eine Ausbildung gibt es eine neue Erlaubnis.');
    await greta.getByRole('button', { name: 'Regelung hinzufügen' }).click();
    await greta.getByRole('textbox', { name: /^Gilt ab/ }).fill('2024-03-01');
    await greta.getByRole('textbox', { name: /^Erklärung \(Deutsch\)/ }).fill('Aufenthaltserlaubnis zur Berufsausbildung');
    await expectNoAxeViolations(greta, 'bulletin form');
    await greta.getByRole('button', { name: 'Speichern' }).click();
    await greta.getByRole('heading', { level: 1, name: 'Ausbildung: neue Aufenthaltserlaubnis' }).waitFor();
    bulletinUrl = greta.url();
    await greta.getByRole('button', { name: 'Zur Prüfung geben' }).click();
    await greta.getByText('in Prüfung', { exact: true }).waitFor();
    expect(await greta.getByRole('button', { name: 'Veröffentlichen' }).count()).toBe(0); // the editor may not publish
    await expectNoAxeViolations(greta, 'bulletin in review');
  });

  it('lets a second person publish it and watch the dispatch', async () => {
    await anna.goto(bulletinUrl);
    await anna.getByRole('button', { name: 'Veröffentlichen' }).click();
    await anna.getByText(/^veröffentlicht ·/).waitFor();
    await anna.getByRole('status').filter({ hasText: '3 von 3 gesendet' }).waitFor({ timeout: 20_000 });
    await expectNoAxeViolations(anna, 'published bulletin with dispatch progress');
  });

  it('reaches a volunteer, who reads it in Einfache Sprache', async () => {
    const eva = await session.newPage();
    await signIn(eva, 'eva.volunteer');
    await eva.getByRole('link', { name: /^(Rechtsänderungen|Bulletins)$/ }).click();
    await eva.getByRole('button', { name: /Lesen in|Read in/ }).click();
    await eva.getByRole('option', { name: /Einfache Sprache|Plain German/ }).click();
    await eva.getByRole('link', { name: 'Neue Erlaubnis für die Ausbildung' }).click();
    await eva.getByRole('heading', { level: 1, name: 'Neue Erlaubnis für die Ausbildung' }).waitFor();
    await eva.getByText('2024-03-01').waitFor();
    await expectNoAxeViolations(eva, 'bulletin read by a volunteer');

    // She subscribes by mail, with reminders, from the list of bulletins.
    await eva.getByRole('link', { name: /^(Rechtsänderungen|Bulletins)$/ }).click();
    const mail = eva.getByRole('region', { name: /Per E-Mail erhalten|Receive by mail/ });
    await mail.getByText(/nicht per E-Mail|not receive the bulletins by mail/).waitFor();
    await mail.locator('label').filter({ hasText: /Erinnerung am Tag|A reminder on the day/ }).click();
    await expectNoAxeViolations(eva, 'mail subscription form');
    await mail.getByRole('button', { name: /^(Abonnieren|Subscribe)$/ }).click();
    await mail.getByRole('status').filter({ hasText: /eva\.volunteer@roundtable\.example/ }).waitFor();
    const [row] = await session.app.sql<{ status: string; reminders: boolean; audiences: string[] }>(
      `SELECT status, reminders, audiences FROM subscriber WHERE email = 'eva.volunteer@roundtable.example'`,
    );
    expect(row).toEqual({ status: 'active', reminders: true, audiences: ['volunteers'] });
  });
});
