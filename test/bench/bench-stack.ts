/** What the benchmarks share: a throw-away embedded PostgreSQL with the demo directory, the realm, the api, and a timer. */
import 'reflect-metadata';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { apiConfigSchema, loadConfig } from '@roundtable/config';
import { dataSourceOptions, runMigrations } from '@roundtable/database';
import { createApiApp } from '../../apps/api/src/app.setup';
import { seedDemoData } from '../../apps/local-stack/src/demo-data';
import { EmbeddedDatabase } from '../../apps/local-stack/src/embedded-database';
import { MailCatcher } from '../../apps/local-stack/src/mail-catcher/mail-catcher';
import { loadRealmExport, type RealmUser } from '../../apps/local-stack/src/realm/realm-export';
import { loadRealmKeys } from '../../apps/local-stack/src/realm/realm-keys';
import { StandInRealm } from '../../apps/local-stack/src/realm/stand-in-realm';
import { freePort } from '../support/ports';

export const CONCURRENCY = 32;
export const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1_000);
export const ORGANISATIONS = 50;

export interface BenchStack {
  databaseUrl: string;
  /** Runs SQL on a small pool (for generating data). */
  db: DataSource;
  /** Starts the api in this process (after the data is in) and returns its base URL. */
  startApi(): Promise<string>;
  /** The api's settings, for api processes of its own (`spawnApp('api', { ...apiEnv, PORT })`). */
  apiEnv: Record<string, string>;
  login(username: string): Promise<string>;
  close(): Promise<void>;
}

/** A fresh cluster with the migrated schema, the demo directory grown to 50 organisations, and a bench recorder. */
export async function startBenchStack(options: { realmUsers?: RealmUser[] } = {}): Promise<BenchStack> {
  const dir = mkdtempSync(join(tmpdir(), 'roundtable-bench-'));
  chmodSync(dir, 0o755);
  const database = new EmbeddedDatabase({ dataDir: join(dir, 'pg'), port: await freePort(), persistent: false });
  await database.start();
  const stops: Array<() => Promise<unknown>> = [async () => rmSync(dir, { recursive: true, force: true }), () => database.stop()];
  await database.ensureDatabase('bench');
  const databaseUrl = database.url('bench');
  const db = await new DataSource(dataSourceOptions(databaseUrl, 2)).initialize();
  stops.unshift(() => db.destroy());
  await runMigrations(db);
  await seedDemoData(db);
  await db.query(`INSERT INTO organisation (slug, name, kind, city)
                  SELECT 'bench-org-' || i, 'Bench organisation ' || i, 'counselling', 'Magdeburg'
                    FROM generate_series(1, ${ORGANISATIONS} - (SELECT count(*) FROM organisation)) i`);
  await db.query(`INSERT INTO member (subject, username, display_name) VALUES ('bench', 'bench', 'Bench recorder')`);

  const realmPort = await freePort();
  const keycloakUrl = `http://127.0.0.1:${realmPort}`;
  const realmExport = loadRealmExport(join(__dirname, '../../docker/keycloak/roundtable-realm.json'));
  realmExport.users.push(...(options.realmUsers ?? []));
  const realm = new StandInRealm({ realm: realmExport, keys: await loadRealmKeys(), baseUrl: keycloakUrl });
  const realmServer = await realm.listen(realmPort);
  stops.unshift(() => new Promise((r) => realmServer.close(r)));
  const catcher = new MailCatcher();
  const smtpPort = await freePort();
  await catcher.start({ smtpPort, webPort: await freePort() });
  stops.unshift(() => catcher.stop());

  const apiEnv = {
    DATABASE_URL: databaseUrl,
    KEYCLOAK_URL: keycloakUrl,
    SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    REFERRAL_LINK_SECRET: 'bench-referral-link-secret-0123456789',
    LOG_LEVEL: 'silent',
  };
  return {
    databaseUrl,
    db,
    apiEnv,
    startApi: async () => {
      const app = await createApiApp(loadConfig(apiConfigSchema, { ...apiEnv, DATABASE_POOL_SIZE: '24' }));
      await app.listen(0, '127.0.0.1');
      stops.unshift(() => app.close());
      return (await app.getUrl()).replace('[::1]', '127.0.0.1');
    },
    login: async (username) => {
      const res = await fetch(`${keycloakUrl}/realms/roundtable/protocol/openid-connect/token`, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'password', client_id: 'roundtable-web', username, password: 'demo' }),
      });
      return ((await res.json()) as { access_token: string }).access_token;
    },
    close: async () => {
      for (const stop of stops) await stop().catch(() => undefined);
    },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

/** Runs `run` REQUESTS times, CONCURRENCY at once, after a warm-up; prints and returns p50, p95 and throughput. */
export async function measure(label: string, run: () => Promise<void>, requests = REQUESTS) {
  for (let i = 0; i < 20; i++) await run();
  const times: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next++ < requests) {
        const t0 = performance.now();
        await run();
        times.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  times.sort((a, b) => a - b);
  const result = { label, p50: percentile(times, 50), p95: percentile(times, 95), perSecond: times.length / seconds };
  console.log(`${label.padEnd(58)} p50 ${result.p50.toFixed(1).padStart(7)} ms   p95 ${result.p95.toFixed(1).padStart(7)} ms   ${result.perSecond.toFixed(0).padStart(5)} req/s`);
  return result;
}

/** GETs an api path with a token; throws on anything but 2xx. */
export function getter(base: string, token: string) {
  return (path: string) => async () => {
    const res = await fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${token}` } });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
  };
}

export function runBench(main: () => Promise<void>): void {
  main().then(
    () => process.exit(0),
    (err) => {
      console.error(err);
      process.exit(1);
    },
  );
}
