import AxeBuilder from '@axe-core/playwright';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { seedDemoData } from '../../apps/local-stack/src/demo-data';
import { startTestApp, type TestApp } from '../support/test-app';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** The test realm allows redirects to this origin (ROUNDTABLE_PUBLIC_URL in test/setup/global-setup.ts). */
const APP_PORT = 3999;
export const APP_URL = `http://localhost:${APP_PORT}`;
const WEB_DIST = join(__dirname, '../../dist/apps/web');

export interface BrowserSession {
  app: TestApp;
  page: Page;
  /** Another browser profile on the same workspace, for a second person signed in at the same time. */
  newPage(): Promise<Page>;
  close(): Promise<void>;
}

async function launch(): Promise<{ context: BrowserContext; page: Page; dispose(): Promise<void> }> {
  const userDataDir = mkdtempSync(join(tmpdir(), 'roundtable-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    locale: 'de-DE',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const page = context.pages()[0] ?? (await context.newPage());
  return {
    context,
    page,
    dispose: async () => {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

/** The api with the built workspace and the demo network on APP_URL, and Debian's Chromium with a fresh profile. */
export async function openWorkspace(): Promise<BrowserSession> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium was not found at ${CHROMIUM}. The browser suite needs Debian's Chromium: ` +
        `run "apt-get update && apt-get install -y chromium" (or set CHROMIUM_PATH).`,
    );
  }
  if (!existsSync(join(WEB_DIST, 'index.html'))) {
    throw new Error('The web app is not built: run "npm run build:web" (npm run test:browser does that first).');
  }
  const app = await startTestApp({ WEB_DIST }, APP_PORT);
  await seedDemoData(app.app.get(DataSource));
  const browsers = [await launch()];
  return {
    app,
    page: browsers[0].page,
    newPage: async () => {
      const next = await launch();
      browsers.push(next);
      return next.page;
    },
    close: async () => {
      for (const b of browsers) await b.dispose();
      await app.close();
    },
  };
}

/** The workspace with two people signed in at once, in two browser profiles, e.g. sender and recipient. */
export async function openWorkspaceFor(first: string, second: string): Promise<{ session: BrowserSession; pages: [Page, Page] }> {
  const session = await openWorkspace();
  await signIn(session.page, first);
  const other = await session.newPage();
  await signIn(other, second);
  return { session, pages: [session.page, other] };
}

/** Signs in on the realm's login page (German, as the browser asks for de-DE). */
export async function signIn(page: Page, username: string, password = 'demo'): Promise<void> {
  await page.goto(APP_URL);
  await page.waitForURL(/\/realms\/roundtable\/protocol\/openid-connect\/auth/);
  await page.getByLabel('Benutzername oder E-Mail').fill(username);
  await page.getByLabel('Passwort').fill(password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.getByRole('heading', { level: 1, name: /^(Willkommen bei Roundtable|Welcome to Roundtable)$/ }).waitFor();
}

export async function expectNoAxeViolations(page: Page, where: string): Promise<void> {
  const { violations } = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const found = violations.map((v) => `${v.id} (${v.impact}): ${v.help} -> ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect({ where, violations: found }).toEqual({ where, violations: [] });
}
