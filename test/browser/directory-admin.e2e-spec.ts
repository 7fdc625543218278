import type { Page } from 'playwright-core';
import { expectNoAxeViolations, openWorkspace, signIn, type BrowserSession } from './browser';

describe('directory management by the network admin, in Chromium', () => {
  let session: BrowserSession;
  let page: Page;

  beforeAll(async () => {
    session = await openWorkspace();
    page = session.page;
    await signIn(page, 'felix.admin');
  });
  afterAll(() => session?.close());

  it('adds an organisation through the form, showing what the api rejects', async () => {
    await page.getByRole('link', { name: 'Partnerverzeichnis', exact: true }).click();
    await page.getByRole('link', { name: 'Organisation hinzufügen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Organisation hinzufügen' }).waitFor();
    await expectNoAxeViolations(page, 'new organisation form');

    await page.getByRole('textbox', { name: 'Name' }).fill('Migrantenselbstorganisation Magdeburg');
    await page.getByRole('textbox', { name: /Kennung/ }).fill('Not A Slug');
    await page.getByRole('textbox', { name: 'Ort' }).fill('Magdeburg');
    await page.getByRole('textbox', { name: 'Sprachen' }).fill('de, ar, ti');
    await page.getByRole('button', { name: 'Ansprechperson hinzufügen' }).click();
    await page.getByRole('textbox', { name: 'Name der Ansprechperson' }).fill('Samira Haddad');
    await page.getByRole('textbox', { name: 'E-Mail' }).fill('samira@mso.example');
    await page.getByRole('button', { name: 'Speichern' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toContain('slug must be 2-63 lower-case letters');
    await expectNoAxeViolations(page, 'form with server errors');

    await page.getByRole('textbox', { name: /Kennung/ }).fill('mso-magdeburg');
    await page.getByRole('button', { name: /Art der Organisation/ }).click();
    await page.getByRole('option', { name: 'Migrantenorganisation' }).click();
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.getByRole('heading', { level: 1, name: 'Migrantenselbstorganisation Magdeburg' }).waitFor();
    expect(await page.getByText('Samira Haddad').count()).toBe(1);
    expect(await page.locator('.lead').textContent()).toContain('Migrantenorganisation');
  });

  it('adds, edits and deletes a service', async () => {
    await page.getByRole('button', { name: 'Angebot hinzufügen' }).click();
    const form = page.getByRole('form', { name: 'Angebot hinzufügen' });
    await form.getByRole('textbox', { name: 'Angebot' }).fill('Sprachmittlung Tigrinya');
    await form.getByRole('button', { name: /Bereich/ }).click();
    await page.getByRole('option', { name: 'Sprachmittlung' }).click();
    await form.getByRole('textbox', { name: 'Sprachen' }).fill('ti, de');
    await expectNoAxeViolations(page, 'service form');
    await form.getByRole('button', { name: 'Speichern' }).click();
    await page.getByRole('rowheader', { name: 'Sprachmittlung Tigrinya' }).waitFor();

    await page.getByRole('button', { name: 'Angebot „Sprachmittlung Tigrinya“ bearbeiten' }).click();
    const edit = page.getByRole('form', { name: 'Angebot „Sprachmittlung Tigrinya“ bearbeiten' });
    await edit.getByRole('button', { name: /Kapazität/ }).click();
    await page.getByRole('option', { name: 'Warteliste' }).click();
    await edit.getByRole('button', { name: 'Speichern' }).click();
    await page.getByRole('cell', { name: 'Warteliste' }).waitFor();

    await page.getByRole('button', { name: 'Angebot „Sprachmittlung Tigrinya“ löschen?' }).click();
    const dialog = page.getByRole('alertdialog');
    await dialog.waitFor();
    await expectNoAxeViolations(page, 'delete confirmation');
    await dialog.getByRole('button', { name: 'Löschen' }).click();
    await page.getByText('Keine Angebote hinterlegt.').waitFor();
  });

  it('edits and then deletes the organisation after asking', async () => {
    await page.getByRole('link', { name: 'Bearbeiten' }).click();
    await page.getByRole('heading', { level: 1, name: 'Organisation bearbeiten' }).waitFor();
    await page.getByRole('textbox', { name: 'Beschreibung' }).fill('Beratung in Arabisch und Tigrinya');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await page.getByText('Migrantenorganisation – Beratung in Arabisch und Tigrinya').waitFor();

    await page.getByRole('button', { name: 'Löschen' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Abbrechen' }).click();
    expect(await page.getByRole('alertdialog').count()).toBe(0);
    await page.getByRole('button', { name: 'Löschen' }).click();
    await page.getByRole('alertdialog').getByRole('button', { name: 'Löschen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Partnerverzeichnis' }).waitFor();
    await page.getByRole('status').filter({ hasText: '9 Organisationen gefunden' }).waitFor();
  });
});
