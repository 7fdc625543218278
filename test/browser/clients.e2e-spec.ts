import type { Page } from 'playwright-core';
import { expectNoAxeViolations, openWorkspaceFor, signIn, type BrowserSession } from './browser';

/** Consent-based sharing as people do it: Caritas registers, records and withdraws; the Jobcenter sees and stops seeing. */
describe('clients and consent in Chromium', () => {
  let session: BrowserSession;
  let ben: Page;
  let david: Page;
  let clientUrl: string;

  beforeAll(async () => {
    ({ session, pages: [ben, david] } = await openWorkspaceFor('ben.caritas', 'david.jobcenter'));
  });
  afterAll(() => session?.close());

  it('registers a client and shows every area to the owning organisation', async () => {
    await ben.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Klient:innen' }).click();
    await ben.getByRole('heading', { level: 1, name: 'Klient:innen' }).waitFor();
    await expectNoAxeViolations(ben, 'clients list');
    await ben.getByRole('link', { name: 'Klient:in aufnehmen' }).click();
    await ben.getByRole('heading', { level: 1, name: 'Klient:in aufnehmen' }).waitFor();
    await expectNoAxeViolations(ben, 'register form');
    await ben.getByRole('textbox', { name: /^Vornamen/ }).fill('Amina');
    await ben.getByRole('textbox', { name: /^Familienname/ }).fill('Yusuf');
    await ben.getByRole('textbox', { name: /^Aufenthaltsstatus/ }).fill('Duldung');
    await ben.getByRole('textbox', { name: /^Notizen \(Gesundheit\)/ }).fill('Attest liegt vor');
    await ben.getByRole('button', { name: 'Speichern' }).click();
    await ben.getByRole('heading', { level: 1, name: /^K-/ }).waitFor();
    clientUrl = new URL(ben.url()).pathname;
    await ben.getByText('Attest liegt vor').waitFor();
    expect(await ben.getByText('Nicht freigegeben').count()).toBe(0);
    await expectNoAxeViolations(ben, 'client detail (owner)');
  });

  it('records a consent for the Jobcenter with the signed form', async () => {
    const form = ben.getByRole('form', { name: 'Einwilligung erfassen' });
    // React Aria's checkboxes hide the native input visually: click the label, as a person does.
    const tick = async (name: string) => {
      await form.locator('label').filter({ hasText: new RegExp(`^${name}$`) }).click();
      expect(await form.getByRole('checkbox', { name }).isChecked()).toBe(true);
    };
    await tick('Jobcenter Landeshauptstadt Magdeburg');
    await tick('Überleitung');
    await tick('Identität');
    await tick('Aufenthalt');
    await form.getByLabel(/Unterschriebenes Formular \(PDF/).setInputFiles({
      name: 'einwilligung.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n%%EOF\n'),
    });
    await expectNoAxeViolations(ben, 'consent form');
    await form.getByRole('button', { name: 'Speichern' }).click();
    await ben.getByText('gültig', { exact: true }).waitFor();
    await ben.getByText(/SHA-256 [0-9a-f]{64}/).waitFor();

    await ben.getByRole('link', { name: 'Bestätigung für die Klientin / den Klienten' }).click();
    await ben.getByRole('heading', { level: 1, name: 'Bestätigung für die Klientin / den Klienten' }).waitFor();
    await ben.getByRole('heading', { level: 2, name: 'Receipt for the client' }).waitFor();
    expect(await ben.getByText('Jobcenter Landeshauptstadt Magdeburg').count()).toBe(2); // German and English
    await expectNoAxeViolations(ben, 'consent receipt');
  });

  it('shows the Jobcenter exactly the shared areas, and the others visibly redacted', async () => {
    await david.getByRole('link', { name: 'Klient:innen' }).click();
    await david.getByRole('link', { name: 'Für uns freigegeben' }).click();
    await david.getByRole('status').filter({ hasText: '1 Klient:in' }).waitFor();
    await expectNoAxeViolations(david, 'shared clients');
    await david.locator('table').getByRole('link', { name: /^K-/ }).click();
    await david.getByRole('heading', { level: 1, name: /^K-/ }).waitFor();
    await david.getByText('Amina').waitFor();
    await david.getByText('Duldung').waitFor();
    expect(await david.getByText('Attest liegt vor').count()).toBe(0);
    expect(await david.getByText('Nicht freigegeben').count()).toBe(5); // employment, family, health, education, contact
    await expectNoAxeViolations(david, 'client detail (grantee)');
  });

  it('withdraws after asking, and the Jobcenter sees nothing more but a notice to acknowledge', async () => {
    await ben.goto(`${new URL(ben.url()).origin}${clientUrl}`);
    await ben.getByRole('button', { name: /^Widerrufen: Jobcenter/ }).click();
    await ben.getByRole('alertdialog').getByRole('button', { name: 'Widerrufen' }).click();
    await ben.getByText('widerrufen', { exact: true }).waitFor();

    await david.reload();
    await david.getByRole('heading', { level: 1, name: /^K-/ }).waitFor();
    await david.getByText('Nicht freigegeben').first().waitFor();
    expect(await david.getByText('Nicht freigegeben').count()).toBe(7);
    expect(await david.getByText('Amina').count()).toBe(0);

    await david.getByRole('link', { name: 'Klient:innen' }).click();
    await david.getByRole('heading', { level: 2, name: 'Widerrufe, die Ihre Organisation betreffen' }).waitFor();
    await expectNoAxeViolations(david, 'withdrawal notice');
    await david.getByRole('button', { name: 'Zur Kenntnis genommen' }).click();
    await david.getByRole('heading', { level: 2, name: 'Widerrufe, die Ihre Organisation betreffen' }).waitFor({ state: 'detached' });
  });

  it('gives the owner the Art. 15 report and the acknowledgement', async () => {
    await ben.reload();
    await ben.getByText(/Jobcenter Landeshauptstadt Magdeburg \(bestätigt/).waitFor();
    await ben.getByRole('link', { name: 'Auskunft nach Art. 15 DSGVO' }).click();
    await ben.getByRole('heading', { level: 1, name: /Auskunft nach Art. 15 DSGVO/ }).waitFor();
    expect(await ben.getByRole('rowheader', { name: 'Jobcenter Landeshauptstadt Magdeburg' }).count()).toBeGreaterThan(0);
    await expectNoAxeViolations(ben, 'Art. 15 report');
  });

  it('lets the network admin verify the ledger and read the Art. 30 register', async () => {
    const felix = await session.newPage();
    await signIn(felix, 'felix.admin');
    await felix.getByRole('link', { name: 'Offenlegungsprotokoll' }).click();
    await felix.getByRole('button', { name: 'Protokoll prüfen' }).click();
    await felix.getByRole('status').filter({ hasText: 'Die Hash-Kette ist unversehrt' }).waitFor();
    await felix.getByRole('heading', { level: 2, name: /Art. 30 DSGVO/ }).waitFor();
    expect(await felix.getByText('Amina').count()).toBe(0);
    await expectNoAxeViolations(felix, 'ledger and register');
  });
});
