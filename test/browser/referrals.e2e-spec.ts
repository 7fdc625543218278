import type { Page } from 'playwright-core';
import { expectNoAxeViolations, openWorkspaceFor, type BrowserSession } from './browser';

/** Send -> accept -> complete between Caritas and the Jobcenter, in two browsers at once. */
describe('referrals in Chromium', () => {
  let session: BrowserSession;
  let ben: Page;
  let david: Page;

  beforeAll(async () => {
    ({ session, pages: [ben, david] } = await openWorkspaceFor('ben.caritas', 'david.jobcenter'));
  });
  afterAll(() => session?.close());

  const choose = async (page: Page, label: RegExp, option: string) => {
    await page.getByRole('button', { name: label }).click();
    await page.getByRole('option', { name: option, exact: true }).click();
  };

  it('sends a referral through the form', async () => {
    await ben.getByRole('link', { name: 'Überleitungen' }).click();
    await ben.getByRole('heading', { level: 1, name: 'Überleitungen' }).waitFor();
    await expectNoAxeViolations(ben, 'referral inbox');
    await ben.getByRole('link', { name: 'Neue Überleitung' }).click();
    await ben.getByRole('heading', { level: 1, name: 'Neue Überleitung' }).waitFor();
    await choose(ben, /An Organisation/, 'Jobcenter Landeshauptstadt Magdeburg');
    await choose(ben, /Angebot \(optional\)/, 'Job placement for refugees');
    await ben.getByRole('textbox', { name: /^Anlass/ }).fill('Arbeitsvertrag endet zum Monatsende.');
    await choose(ben, /Dringlichkeit/, 'dringend');
    await expectNoAxeViolations(ben, 'new referral form');
    await ben.getByRole('button', { name: 'Senden' }).click();
    await ben.getByRole('heading', { level: 1, name: /Caritasverband.*→ Jobcenter/ }).waitFor();
    await ben.getByText('gesendet', { exact: true }).waitFor();
    await expectNoAxeViolations(ben, 'referral (sender)');
  });

  it('lets the Jobcenter accept it, work on it and complete it; the sender sees it live', async () => {
    await david.getByRole('link', { name: 'Überleitungen' }).click();
    await david.getByRole('status').filter({ hasText: '1 Überleitung' }).waitFor();
    await david.locator('table').getByRole('link', { name: /Caritasverband/ }).click();
    await david.getByRole('button', { name: 'Annehmen' }).waitFor();
    await expectNoAxeViolations(david, 'referral (recipient)');
    await david.getByRole('button', { name: 'Annehmen' }).click();
    await david.getByText('angenommen', { exact: true }).waitFor();
    await david.getByRole('button', { name: 'In Bearbeitung nehmen' }).click();
    // Each step reloads the referral; opening the closing form before that reload finished would lose it.
    await david.getByText('in Bearbeitung', { exact: true }).waitFor();
    await david.getByRole('button', { name: 'Abschließen' }).click();
    await expectNoAxeViolations(david, 'closing form');
    await david.getByRole('form', { name: 'Abschließen' }).getByRole('button', { name: 'Abschließen' }).click();
    await david.getByText(/abgeschlossen – Hilfe erhalten/).waitFor();

    await ben.getByText(/abgeschlossen – Hilfe erhalten/).waitFor(); // via socket.io, without reloading
    expect(await ben.locator('.history li').count()).toBe(5); // draft, sent, accepted, in progress, completed
  });

  it('carries messages between the two, also after closing', async () => {
    await ben.getByRole('textbox', { name: /^Nachricht/ }).fill('Danke für die schnelle Hilfe!');
    await ben.getByRole('button', { name: 'Nachricht senden' }).click();
    await ben.locator('.thread li').filter({ hasText: 'Ben Cramer' }).filter({ hasText: 'Danke für die schnelle Hilfe!' }).waitFor();
    expect(await ben.getByRole('textbox', { name: /^Nachricht/ }).inputValue()).toBe('');
    await david.locator('.thread li').filter({ hasText: 'Danke für die schnelle Hilfe!' }).waitFor(); // live on the other side
    await expectNoAxeViolations(ben, 'referral with thread');
  });

  it('shows the network indicators', async () => {
    await ben.getByRole('link', { name: 'Überleitungen' }).click();
    await ben.getByRole('link', { name: 'Kennzahlen' }).click();
    await ben.getByRole('heading', { level: 1, name: 'Kennzahlen des Netzwerks' }).waitFor();
    await ben.getByRole('rowheader', { name: /Caritasverband.*→ Jobcenter/ }).waitFor();
    await ben.getByRole('cell', { name: /abgeschlossen 1/ }).waitFor();
    await ben.getByRole('cell', { name: 'Hilfe erhalten 1' }).waitFor();
    await expectNoAxeViolations(ben, 'indicators');
  });
});
