import 'reflect-metadata';
import { chmodSync, mkdtempSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
// Plain Node require runs the global setup, without jest's path aliases.
import { dataSourceOptions } from '../../libs/database/src/data-source';
import { runMigrations } from '../../libs/database/src/migrate';
import { EmbeddedDatabase } from '../../apps/local-stack/src/embedded-database';
import { MailCatcher } from '../../apps/local-stack/src/mail-catcher/mail-catcher';
import { loadRealmExport } from '../../apps/local-stack/src/realm/realm-export';
import { loadRealmKeys } from '../../apps/local-stack/src/realm/realm-keys';
import { StandInRealm } from '../../apps/local-stack/src/realm/stand-in-realm';
import { freePort } from '../support/ports';
import { TEST_STACK_ENV, type TestStackInfo } from './test-stack';


/**
 * Starts the real parts once for the whole run: a throw-away PostgreSQL cluster with a migrated
 * template database, the stand-in realm (same realm file as production Keycloak) and a mail catcher.
 */
export default async function globalSetup(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'roundtable-test-'));
  chmodSync(dir, 0o755); // as root, PostgreSQL runs as the postgres user and must reach its data directory
  const database = new EmbeddedDatabase({ dataDir: join(dir, 'postgres'), port: await freePort(), persistent: false, log: process.env.POSTGRES_LOG ? (l) => console.log(l) : undefined });
  await database.start();
  await database.ensureDatabase('roundtable_template');
  const template = await new DataSource(dataSourceOptions(database.url('roundtable_template'), 1)).initialize();
  await runMigrations(template);
  await template.destroy();

  const realmKeysFile = join(dir, 'realm-keys.json');
  const realmPort = await freePort();
  const keycloakUrl = `http://localhost:${realmPort}`;
  const realm = new StandInRealm({
    realm: loadRealmExport(join(__dirname, '../../docker/keycloak/roundtable-realm.json'), {
      ROUNDTABLE_PUBLIC_URL: 'http://localhost:3999',
    }),
    keys: await loadRealmKeys(realmKeysFile),
    baseUrl: keycloakUrl,
  });
  const realmServer = await realm.listen(realmPort, 'localhost');

  const catcher = new MailCatcher();
  const smtpPort = await freePort();
  const mailWebPort = await freePort();
  await catcher.start({ smtpPort, webPort: mailWebPort });

  const info: TestStackInfo = {
    templateDatabaseUrl: database.url('roundtable_template'),
    adminDatabaseUrl: database.url('postgres'),
    keycloakUrl,
    realmKeysFile,
    smtpUrl: `smtp://127.0.0.1:${smtpPort}`,
    mailCatcherUrl: `http://127.0.0.1:${mailWebPort}`,
  };
  process.env[TEST_STACK_ENV] = JSON.stringify(info);
  (globalThis as Record<string, unknown>).__ROUNDTABLE_TEST_STACK__ = { dir, database, realmServer, catcher };
}

export type RunningStack = { dir: string; database: EmbeddedDatabase; realmServer: Server; catcher: MailCatcher };
