import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import type { Server } from 'node:http';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations } from '@roundtable/database';
import { seedDemoData } from './demo-data';
import { EmbeddedDatabase } from './embedded-database';
import { MailCatcher } from './mail-catcher/mail-catcher';
import { loadRealmExport } from './realm/realm-export';
import { loadRealmKeys } from './realm/realm-keys';
import { StandInRealm } from './realm/stand-in-realm';

/**
 * `npm start`: the whole platform on one machine. Uses DATABASE_URL, KEYCLOAK_URL and SMTP_URL when
 * they are set; otherwise starts an embedded PostgreSQL, the stand-in realm and a mail catcher. Then
 * it migrates, loads the demo network (DEMO_DATA), and runs the api and the worker as child processes.
 */

function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'nest-cli.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error('cannot find the repository root (nest-cli.json)');
    dir = parent;
  }
  return dir;
}

function port(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new Error(`${name} must be a port number (1-65535), got "${value}"`);
  return n;
}

const log = (message: string) => console.log(`[local-stack] ${message}`);

async function main(): Promise<void> {
  const started = Date.now();
  const root = repoRoot();
  const dataDir = resolve(root, process.env.DATA_DIR ?? '.data');
  const env: NodeJS.ProcessEnv = { ...process.env };
  const apiPort = port('PORT', 3000);
  const cleanups: Array<() => Promise<void>> = [];

  let stopping = false;
  const children: ChildProcess[] = [];
  const shutdown = async (code: number) => {
    if (stopping) return;
    stopping = true;
    log('stopping…');
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((done) => {
            if (child.exitCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGTERM');
            setTimeout(() => child.kill('SIGKILL'), 10_000).unref();
          }),
      ),
    );
    for (const cleanup of cleanups.reverse()) await cleanup().catch((err) => log(`cleanup: ${err.message}`));
    log('stopped');
    process.exit(code);
  };
  process.on('SIGINT', () => void shutdown(0));
  process.on('SIGTERM', () => void shutdown(0));

  if (!env.DATABASE_URL) {
    const database = new EmbeddedDatabase({
      dataDir: join(dataDir, 'postgres'),
      port: port('POSTGRES_PORT', 5433),
      persistent: true,
      log: process.env.POSTGRES_LOG ? (line) => log(`postgres: ${line}`) : undefined,
    });
    await database.start();
    cleanups.push(() => database.stop());
    await database.ensureDatabase('roundtable');
    env.DATABASE_URL = database.url('roundtable');
    log(`embedded PostgreSQL on port ${port('POSTGRES_PORT', 5433)}, data in ${join(dataDir, 'postgres')}`);
    env.DEMO_DATA ??= 'true';
  }

  const db = await new DataSource(dataSourceOptions(env.DATABASE_URL!, 2)).initialize();
  const ran = await runMigrations(db);
  if (ran.length) log(`migrations applied: ${ran.join(', ')}`);
  if (env.DEMO_DATA === 'true') {
    const added = await seedDemoData(db, { activity: true });
    if (added) log(`demo network loaded: ${added} organisations`);
  }
  await db.destroy();

  if (!env.KEYCLOAK_URL) {
    const realmPort = port('KEYCLOAK_PORT', 8080);
    const baseUrl = `http://localhost:${realmPort}`;
    env.ROUNDTABLE_PUBLIC_URL ??= `http://localhost:${apiPort}`;
    const realm = new StandInRealm({
      realm: loadRealmExport(join(root, 'docker/keycloak/roundtable-realm.json'), env),
      keys: await loadRealmKeys(join(dataDir, 'realm-keys.json')),
      baseUrl,
      showDemoHint: true,
    });
    const server: Server = await realm.listen(realmPort, 'localhost');
    cleanups.push(() => new Promise((done) => server.close(() => done())));
    env.KEYCLOAK_URL = baseUrl;
    env.KEYCLOAK_API_CLIENT_SECRET ??= 'roundtable-api-dev-secret';
  }

  if (!env.SMTP_URL) {
    const catcher = new MailCatcher();
    const smtpPort = port('SMTP_PORT', 1025);
    await catcher.start({ smtpPort, webPort: port('MAIL_PORT', 8025), host: 'localhost' });
    cleanups.push(() => catcher.stop());
    env.SMTP_URL = `smtp://localhost:${smtpPort}`;
  }

  env.WEB_DIST ??= join(root, 'dist/apps/web');
  if (!env.REFERRAL_LINK_SECRET) {
    // Generated once and kept in .data, so links in caught mail stay valid across restarts.
    const file = join(dataDir, 'referral-link-secret');
    if (!existsSync(file)) {
      mkdirSync(dataDir, { recursive: true });
      writeFileSync(file, randomBytes(32).toString('hex'), { mode: 0o600 });
    }
    env.REFERRAL_LINK_SECRET = readFileSync(file, 'utf8').trim();
  }
  env.PORT = String(apiPort);
  for (const [name, script] of [
    ['api', 'dist/apps/api/apps/api/src/main.js'],
    ['worker', 'dist/apps/worker/apps/worker/src/main.js'],
  ] as const) {
    const child = spawn(process.execPath, ['--enable-source-maps', join(root, script)], { env, stdio: 'inherit' });
    child.once('exit', (code, signal) => {
      if (!stopping) {
        log(`${name} exited (${signal ?? code}); stopping the stack`);
        void shutdown(1);
      }
    });
    children.push(child);
  }

  const health = `http://localhost:${apiPort}/api/health`;
  while (!stopping) {
    const ok = await fetch(health).then((r) => r.ok).catch(() => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  if (stopping) return;
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  console.log(`
  Roundtable is running (healthy after ${seconds} s)
    Workspace      http://localhost:${apiPort}
    API docs       http://localhost:${apiPort}/api/docs
    Realm          ${env.KEYCLOAK_URL}/realms/${env.KEYCLOAK_REALM ?? 'roundtable'}
    Caught mail    ${process.env.SMTP_URL ? '(using SMTP_URL)' : `http://localhost:${port('MAIL_PORT', 8025)}`}
  Demo logins (password "demo"): anna.abh, ben.caritas, clara.diakonie, david.jobcenter,
    eva.volunteer, felix.admin, greta.editor.   Ctrl-C stops everything.
`);
}

main().catch((err) => {
  console.error(`[local-stack] ${err instanceof Error ? err.message : err}`);
  process.exit(1);
});
