import type { Page } from 'playwright-core';
import { apiClient } from '../support/http';
import { accessToken, DEMO_USERS } from '../support/realm';
import { APP_URL, expectNoAxeViolations, openWorkspaceFor, type BrowserSession } from './browser';

/** The convenor and an invitee look at a scheduled case conference in two browsers. */
describe('case conferences in Chromium', () => {
  let session: BrowserSession;
  let anna: Page;
  let ben: Page;
  const title = `Fallkonferenz Identitätsklärung ${Date.now()}`;

  beforeAll(async () => {
    ({ session, pages: [anna, ben] } = await openWorkspaceFor('anna.abh', 'ben.caritas'));
    const org: Record<string, string> = {};
    for (const row of await session.app.sql<{ id: string; slug: string }>('SELECT id, slug FROM organisation')) org[row.slug] = row.id;
    const annaApi = apiClient(session.app.url, await accessToken(DEMO_USERS.anna));
    const benApi = apiClient(session.app.url, await accessToken(DEMO_USERS.ben));
    const me = async (a: typeof annaApi) => (await a.get('/api/me')).body.id;
    const client = await benApi.post('/api/clients', { identity: { givenNames: 'Amina', familyName: 'Yusuf' }, residence: { status: 'Duldung' } });
    const conference = await annaApi.post('/api/conferences', {
      title, startsAt: `${new Date(Date.now() + 10 * 86_400_000).toISOString().slice(0, 10)}T10:00`, durationMinutes: 60,
      room: 'ABH, Raum 2.14', onlineUrl: 'https://meet.example.org/identitaet', moderatorMemberId: await me(annaApi),
      invitedMemberIds: [await me(benApi)], invitedOrganisationIds: [org['diakonie-magdeburg']],
    });
    await annaApi.post(`/api/conferences/${conference.body.id}/agenda`, {
      kind: 'case', title: 'Identitätsklärung: Passbeschaffung', clientId: client.body.id, categories: ['identity', 'residence'], timeBoxMinutes: 20,
      presentingOrganisationId: org['caritas-magdeburg'],
    });
  });
  afterAll(() => session?.close());

  it('lets the invitee find the conference, answer, and read the agenda', async () => {
    await ben.getByRole('link', { name: 'Fallkonferenzen' }).click();
    await ben.getByRole('heading', { level: 1, name: 'Fallkonferenzen' }).waitFor();
    await expectNoAxeViolations(ben, 'conference list');
    await ben.getByRole('link', { name: title }).click();
    await ben.getByRole('heading', { level: 1, name: title }).waitFor();
    await ben.getByRole('status').filter({ hasText: 'noch keine Antwort' }).waitFor();
    await ben.getByRole('button', { name: 'Ja', exact: true }).click();
    await ben.getByRole('status').filter({ hasText: 'Ihre Antwort: Ja' }).waitFor();
    await ben.getByText('Yusuf').first().waitFor(); // his organisation owns the client
    await expectNoAxeViolations(ben, 'conference (invitee)');
  });

  it('shows the convenor who will see what, without the data', async () => {
    await anna.getByRole('link', { name: 'Fallkonferenzen' }).click();
    await anna.getByRole('link', { name: title }).click();
    await anna.getByRole('heading', { level: 2, name: 'Wer sieht was?' }).waitFor();
    const diakonie = anna.locator('.card').filter({ has: anna.getByRole('heading', { name: /Diakonie/ }) });
    await diakonie.getByText('Identitätsklärung: Passbeschaffung: nur Pseudonym und Titel').waitFor();
    expect(await anna.getByText('Ben Cramer (Caritasverband für das Bistum Magdeburg) – Ja').count()).toBe(1);
    expect(await anna.locator('main').textContent()).not.toContain('Yusuf'); // no consent covers the ABH
    await expectNoAxeViolations(anna, 'conference (convenor, preview)');
  });

  it('runs a short live conference: the moderator starts, calls a speaker, keeps minutes and a decision; the participant follows by keyboard', async () => {
    await anna.getByRole('link', { name: 'Zum Live-Raum' }).click();
    await anna.getByRole('heading', { level: 1, name: `Live: ${title}` }).waitFor();
    await anna.getByText('Die Konferenz hat noch nicht begonnen.').waitFor();
    await ben.getByRole('link', { name: 'Zum Live-Raum' }).click();
    await ben.getByRole('heading', { level: 1, name: `Live: ${title}` }).waitFor();
    await anna.getByRole('listitem').filter({ hasText: 'Ben Cramer (Caritasverband' }).waitFor(); // present
    expect(await ben.getByRole('button', { name: 'Konferenz beginnen' }).count()).toBe(0); // moderator only

    await anna.getByRole('button', { name: 'Konferenz beginnen' }).click();
    await ben.getByRole('heading', { level: 2, name: 'Aktueller Punkt: Identitätsklärung: Passbeschaffung' }).waitFor();

    // The participant asks to speak with the keyboard.
    await ben.getByRole('button', { name: 'Wortmeldung', exact: true }).focus();
    await ben.keyboard.press('Enter');
    await anna.getByRole('listitem').filter({ hasText: /^Ben Cramer \(Caritasverband/ }).getByRole('button', { name: 'Ben Cramer von der Liste nehmen' }).waitFor();
    await expectNoAxeViolations(anna, 'live room (moderator)');
    await anna.getByRole('button', { name: 'Nächste Wortmeldung aufrufen' }).click();
    await ben.getByRole('status').filter({ hasText: 'Jetzt spricht: Ben Cramer, Caritasverband für das Bistum Magdeburg' }).waitFor(); // announced

    await anna.getByRole('textbox', { name: 'Protokoll zu diesem Punkt' }).fill('Pass beim Konsulat beantragt; Termin im März.');
    await anna.getByRole('button', { name: 'Protokoll speichern' }).click();
    await anna.getByText('Protokoll gespeichert.').waitFor();
    await anna.getByRole('textbox', { name: 'Beschluss' }).fill('Die Caritas begleitet zum Konsulat.');
    await anna.getByRole('button', { name: 'Beschluss festhalten' }).click();
    await ben.getByText('Pass beim Konsulat beantragt; Termin im März.').waitFor();
    await ben.getByText('Die Caritas begleitet zum Konsulat.').waitFor();
    // An action item for the Caritas, due in two weeks.
    const due = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
    const actionForm = anna.getByRole('form', { name: 'Aufgabe festhalten' });
    await actionForm.getByRole('textbox', { name: 'Aufgabe' }).fill('Termin beim Konsulat vereinbaren');
    await actionForm.getByRole('button', { name: /Zuständige Organisation/ }).click();
    await anna.getByRole('option', { name: /^Caritasverband/ }).click();
    await actionForm.getByRole('textbox', { name: /Fällig am/ }).fill(due);
    await actionForm.getByRole('button', { name: 'Aufgabe festhalten' }).click();
    await ben.getByText(`Termin beim Konsulat vereinbaren (Caritasverband für das Bistum Magdeburg, bis ${due})`).waitFor();
    await expectNoAxeViolations(ben, 'live room (participant)');

    await anna.getByRole('button', { name: 'Konferenz beenden' }).click();
    await ben.getByText('Die Konferenz ist beendet.').waitFor();

    // The printable minutes, as the participant may see them (the link the minutes mail carries).
    await ben.goto(ben.url().replace(/\/live$/, '/minutes'));
    await ben.getByRole('heading', { level: 1, name: `Protokoll: ${title}` }).waitFor();
    await ben.getByText('Pass beim Konsulat beantragt; Termin im März.').waitFor();
    await ben.getByText('Die Caritas begleitet zum Konsulat.').waitFor();
    await expectNoAxeViolations(ben, 'printable minutes');
    // The owner organisation marks its action item done.
    await ben.getByRole('button', { name: 'Erledigt: Termin beim Konsulat vereinbaren' }).click();
    await ben.getByText(/Termin beim Konsulat vereinbaren \(Caritasverband.*\) – erledigt/).waitFor();
  });

  it('shows the month as a calendar, a table with the conferences on their days', async () => {
    const startsAt = new Date(Date.now() + 10 * 86_400_000);
    await ben.goto(`${APP_URL}/conferences`);
    await ben.getByRole('button', { name: 'Kalender' }).click();
    const monthsAhead = (startsAt.getUTCFullYear() - new Date().getUTCFullYear()) * 12 + startsAt.getUTCMonth() - new Date().getUTCMonth();
    for (let i = 0; i < monthsAhead; i++) await ben.getByRole('button', { name: 'Nächster Monat' }).click();
    const calendar = ben.getByRole('table');
    await calendar.getByRole('link', { name: new RegExp(`10:00 ${title}`) }).waitFor();
    expect(await calendar.getByRole('columnheader').allTextContents()).toEqual(['Mo', 'Di', 'Mi', 'Do', 'Fr', 'Sa', 'So']);
    await expectNoAxeViolations(ben, 'conference calendar');
  });

  it('lets the convenor schedule a conference through the form', async () => {
    const day = new Date(Date.now() + 12 * 86_400_000).toISOString().slice(0, 10);
    await anna.getByRole('link', { name: 'Fallkonferenzen' }).click();
    await anna.getByRole('link', { name: 'Neue Fallkonferenz' }).click();
    await anna.getByRole('heading', { level: 1, name: 'Neue Fallkonferenz' }).waitFor();
    await anna.getByRole('textbox', { name: /^Titel/ }).fill('Netzwerktreffen Wohnen');
    await anna.getByRole('textbox', { name: /^Datum/ }).fill(day);
    await anna.getByRole('textbox', { name: /^Beginn/ }).fill('14:00');
    await anna.getByRole('textbox', { name: /^Raum/ }).fill('Rathaus, Raum 1');
    await anna.locator('label').filter({ hasText: /^Diakonie Mitteldeutschland/ }).click();
    await expectNoAxeViolations(anna, 'scheduling form');
    await anna.getByRole('textbox', { name: /^Dauer/ }).fill('0');
    await anna.getByRole('button', { name: 'Einladen' }).click();
    await anna.getByRole('alert').filter({ hasText: 'durationMinutes must be at least 5' }).waitFor(); // the api's message, nothing stored
    await anna.getByRole('textbox', { name: /^Dauer/ }).fill('90');
    await anna.getByRole('button', { name: 'Einladen' }).click();
    await anna.getByRole('heading', { level: 1, name: 'Netzwerktreffen Wohnen' }).waitFor();
    await anna.getByText(/14:00–15:30/).waitFor();
    await anna.locator('dd').filter({ hasText: 'Diakonie Mitteldeutschland – Migrationsdienst Magdeburg' }).waitFor(); // invited

    // The agenda editor: two topics, the second moved up.
    const editor = anna.getByRole('form', { name: 'Punkt hinzufügen' });
    for (const topic of ['Wohnungsmarkt: Lage', 'Wohnsitzauflage: Fragen']) {
      await editor.getByRole('textbox', { name: /^Titel \(ohne Personendaten\)/ }).fill(topic);
      await editor.getByRole('button', { name: 'Punkt hinzufügen' }).click();
      await anna.getByRole('heading', { level: 3, name: topic }).waitFor();
    }
    await expectNoAxeViolations(anna, 'scheduled conference with the agenda editor');
    await anna.getByRole('button', { name: 'Wohnsitzauflage: Fragen nach oben' }).click();
    await anna.getByText('1. Wohnsitzauflage: Fragen').waitFor();
  });
});
