import type { Page } from 'playwright-core';
import { apiClient } from '../support/http';
import { accessToken } from '../support/realm';
import type { TestApp } from '../support/test-app';
import { APP_URL, expectNoAxeViolations, openWorkspace, type BrowserSession } from './browser';

describe('web workspace in Chromium', () => {
  let session: BrowserSession;
  let t: TestApp;
  let page: Page;

  beforeAll(async () => {
    session = await openWorkspace();
    ({ app: t, page } = session);
  });
  afterAll(() => session?.close());

  it('sends a visitor to the realm login page, which is accessible and says when the password is wrong', async () => {
    await page.goto(APP_URL);
    await page.waitForURL(/\/realms\/roundtable\/protocol\/openid-connect\/auth/);
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toBe('Anmelden');
    await expectNoAxeViolations(page, 'login page');

    await page.getByLabel('Benutzername oder E-Mail').fill('ben.caritas');
    await page.getByLabel('Passwort').fill('wrong');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByRole('alert').waitFor();
    expect(await page.getByRole('alert').textContent()).toContain('Benutzername oder Passwort ist falsch');
    await expectNoAxeViolations(page, 'login page with error');
  });

  it('logs ben.caritas in and shows the overview with his organisation', async () => {
    await page.getByLabel('Passwort').fill('demo');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByRole('heading', { level: 1, name: 'Willkommen bei Roundtable' }).waitFor();
    expect(page.url().startsWith(APP_URL)).toBe(true);
    await page.getByRole('link', { name: 'Caritasverband für das Bistum Magdeburg' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    await expectNoAxeViolations(page, 'overview');
  });

  it('browses and filters the directory', async () => {
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Partnerverzeichnis' }).click();
    await page.getByRole('heading', { level: 1, name: 'Partnerverzeichnis' }).waitFor();
    await page.getByRole('status').filter({ hasText: '9 Organisationen gefunden' }).waitFor();
    expect(await page.getByRole('link', { name: 'Organisation hinzufügen' }).count()).toBe(0); // network-admin only
    await expectNoAxeViolations(page, 'directory');

    await page.getByRole('button', { name: /Art der Organisation/ }).click();
    await page.getByRole('listbox').waitFor();
    await expectNoAxeViolations(page, 'directory with an open filter');
    await page.getByRole('option', { name: 'Wohlfahrtsverband' }).click();
    await page.getByRole('status').filter({ hasText: '2 Organisationen gefunden' }).waitFor();
    const names = await page.locator('.result-list h2').allTextContents();
    expect(names).toEqual(['Caritasverband für das Bistum Magdeburg', 'Diakonie Mitteldeutschland – Migrationsdienst Magdeburg']);

    await page.getByRole('button', { name: /Sprache/ }).click();
    await page.getByRole('option', { name: 'Ukrainisch' }).click();
    await page.getByRole('status').filter({ hasText: '1 Organisation gefunden' }).waitFor();
    expect(page.url()).toContain('kind=welfare');
    expect(page.url()).toContain('language=uk');

    await page.getByRole('button', { name: 'Filter zurücksetzen' }).click();
    await page.getByRole('searchbox', { name: 'Suche' }).fill('café');
    await page.getByRole('searchbox', { name: 'Suche' }).press('Enter');
    await page.getByRole('status').filter({ hasText: '1 Organisation gefunden' }).waitFor();
    expect(await page.locator('.result-list h2').allTextContents()).toEqual(['Willkommen in Magdeburg e.V.']);
  });

  it('opens an organisation with its services, contacts and members', async () => {
    await page.getByRole('link', { name: 'Willkommen in Magdeburg e.V.' }).click();
    await page.getByRole('heading', { level: 1, name: 'Willkommen in Magdeburg e.V.' }).waitFor();
    await page.getByRole('rowheader', { name: /Language café/ }).waitFor();
    expect(await page.getByRole('cell', { name: 'Warteliste' }).count()).toBe(1);
    expect(await page.getByRole('link', { name: 'Bearbeiten' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Angebot hinzufügen' }).count()).toBe(0);
    await expectNoAxeViolations(page, 'organisation');
  });

  it('switches the language to English and remembers the choice', async () => {
    await page.getByRole('button', { name: 'Switch to English' }).click();
    await page.getByRole('link', { name: 'Back to the directory' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    expect(await page.getByRole('cell', { name: 'Waiting list' }).count()).toBe(1);
    await expectNoAxeViolations(page, 'organisation in English');

    await page.getByRole('link', { name: 'Back to the directory' }).click();
    await page.getByRole('heading', { level: 1, name: 'Partner directory' }).waitFor();
    await page.getByRole('status').filter({ hasText: '9 organisations found' }).waitFor();
    await expectNoAxeViolations(page, 'directory in English');

    const me = await apiClient(t.url, await accessToken('ben.caritas')).get('/api/me');
    expect(me.body.language).toBe('en');
  });
});
