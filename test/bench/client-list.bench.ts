/**
 * Benchmark (prints figures, never fails on speed): the client list of an organisation that holds
 * consents, with 100,000 clients and 500,000 consents across 50 organisations.
 *
 *   npm run bench
 *
 * Measures GET /api/clients/shared (consent filter in SQL + disclosure ledger) and GET /api/clients (own)
 * through the real api with realm tokens, at 32 concurrent requests; and the shared-list SQL against the
 * same query without the consent filter, for the ratio (target: at most 1.3).
 */
import 'reflect-metadata';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Pool } from 'pg';
import { DataSource } from 'typeorm';
import { apiConfigSchema, loadConfig } from '@roundtable/config';
import { dataSourceOptions, runMigrations } from '@roundtable/database';
import { createApiApp } from '../../apps/api/src/app.setup';
import { SHARED_CLIENTS_SQL } from '../../apps/api/src/clients/clients.service';
import { seedDemoData } from '../../apps/local-stack/src/demo-data';
import { EmbeddedDatabase } from '../../apps/local-stack/src/embedded-database';
import { MailCatcher } from '../../apps/local-stack/src/mail-catcher/mail-catcher';
import { loadRealmExport } from '../../apps/local-stack/src/realm/realm-export';
import { loadRealmKeys } from '../../apps/local-stack/src/realm/realm-keys';
import { StandInRealm } from '../../apps/local-stack/src/realm/stand-in-realm';
import { freePort } from '../support/ports';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 100_000);
const CONSENTS = Number(process.env.BENCH_CONSENTS ?? 500_000);
const ORGANISATIONS = 50;
const CONCURRENCY = 32;
const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 1_000);

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

async function measure(label: string, run: () => Promise<void>, requests = REQUESTS) {
  for (let i = 0; i < 20; i++) await run(); // warm up
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

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'roundtable-bench-'));
  chmodSync(dir, 0o755);
  const database = new EmbeddedDatabase({ dataDir: join(dir, 'pg'), port: await freePort(), persistent: false });
  await database.start();
  const stop: Array<() => Promise<unknown>> = [() => database.stop()];
  try {
    await database.ensureDatabase('bench');
    const url = database.url('bench');
    const ds = await new DataSource(dataSourceOptions(url, 2)).initialize();
    await runMigrations(ds);
    await seedDemoData(ds);

    let t0 = performance.now();
    await ds.query(`INSERT INTO organisation (slug, name, kind, city)
                    SELECT 'bench-org-' || i, 'Bench organisation ' || i, 'counselling', 'Magdeburg'
                      FROM generate_series(1, ${ORGANISATIONS} - (SELECT count(*) FROM organisation)) i`);
    await ds.query(`INSERT INTO member (subject, username, display_name) VALUES ('bench', 'bench', 'Bench recorder')`);
    await ds.query(`CREATE TEMP TABLE bench_org AS SELECT row_number() OVER (ORDER BY slug) - 1 AS n, id FROM organisation`);
    await ds.query(`CREATE TEMP TABLE bench_client AS
                    SELECT i AS n, gen_random_uuid() AS id, (i * 7919) % ${ORGANISATIONS} AS owner_n FROM generate_series(1, ${CLIENTS}) i`);
    await ds.query(`INSERT INTO client (id, owner_organisation_id, pseudonym, created_at)
                    SELECT c.id, o.id, 'K-' || upper(lpad(to_hex(c.n), 6, '0')), now() - c.n * interval '1 minute'
                      FROM bench_client c JOIN bench_org o ON o.n = c.owner_n`);
    await ds.query(`INSERT INTO client_data (client_id, category, data)
                    SELECT c.id, cat, jsonb_build_object('notes', 'bench ' || c.n, 'familyName', 'Name' || c.n)
                      FROM bench_client c, unnest(ARRAY['identity','residence','contact']) cat`);
    await ds.query(`INSERT INTO consent (client_id, kind, grantee_organisation_ids, purposes, categories, valid_from, valid_until,
                                         evidence_type, recorded_by, withdrawn_at)
                    SELECT c.id, 'consent', ARRAY[g.id],
                           CASE i % 4 WHEN 0 THEN ARRAY['referral'] WHEN 1 THEN ARRAY['counselling','referral']
                                      WHEN 2 THEN ARRAY['case_conference'] ELSE ARRAY['information_exchange'] END,
                           CASE i % 3 WHEN 0 THEN ARRAY['identity'] WHEN 1 THEN ARRAY['identity','contact']
                                      ELSE ARRAY['residence','identity','contact'] END,
                           now() - interval '30 days',
                           CASE WHEN i % 5 = 0 THEN now() - interval '1 day' ELSE now() + interval '1 year' END,
                           'digital', (SELECT id FROM member WHERE subject = 'bench'),
                           CASE WHEN i % 10 = 3 THEN now() - interval '2 days' END
                      FROM generate_series(1, ${CONSENTS}) i
                      JOIN bench_client c ON c.n = 1 + (i::bigint * 104729) % ${CLIENTS}
                      JOIN bench_org g ON g.n = (c.owner_n + 1 + i % ${ORGANISATIONS - 1}) % ${ORGANISATIONS}`);
    await ds.query('ANALYZE');
    const [{ n: consents }] = await ds.query('SELECT count(*)::int AS n FROM consent');
    const [{ n: clients }] = await ds.query('SELECT count(*)::int AS n FROM client');
    console.log(`data: ${clients} clients, ${consents} consents, ${ORGANISATIONS} organisations (${((performance.now() - t0) / 1000).toFixed(1)} s to generate)`);
    const [jobcenter] = await ds.query(`SELECT id FROM organisation WHERE slug = 'jobcenter-magdeburg'`);
    const [{ n: sharedWithJobcenter }] = await ds.query(
      `SELECT count(DISTINCT client_id)::int AS n FROM consent WHERE $1 = ANY (grantee_organisation_ids) AND 'referral' = ANY (purposes)
          AND withdrawn_at IS NULL AND valid_until > now()`,
      [jobcenter.id],
    );
    console.log(`the Jobcenter holds active referral consents for ${sharedWithJobcenter} clients of other organisations`);
    await ds.destroy();

    const realmPort = await freePort();
    const keycloakUrl = `http://127.0.0.1:${realmPort}`;
    const realm = new StandInRealm({ realm: loadRealmExport(join(__dirname, '../../docker/keycloak/roundtable-realm.json')), keys: await loadRealmKeys(), baseUrl: keycloakUrl });
    const realmServer = await realm.listen(realmPort);
    stop.unshift(() => new Promise((r) => realmServer.close(r)));
    const catcher = new MailCatcher();
    const smtpPort = await freePort();
    await catcher.start({ smtpPort, webPort: await freePort() });
    stop.unshift(() => catcher.stop());

    const app = await createApiApp(
      loadConfig(apiConfigSchema, { DATABASE_URL: url, DATABASE_POOL_SIZE: '24', KEYCLOAK_URL: keycloakUrl, SMTP_URL: `smtp://127.0.0.1:${smtpPort}`, REFERRAL_LINK_SECRET: 'bench-referral-link-secret-0123456789', LOG_LEVEL: 'silent' }),
    );
    await app.listen(0, '127.0.0.1');
    stop.unshift(() => app.close());
    const base = (await app.getUrl()).replace('[::1]', '127.0.0.1');
    const login = async (username: string) => {
      const res = await fetch(`${keycloakUrl}/realms/roundtable/protocol/openid-connect/token`, {
        method: 'POST',
        body: new URLSearchParams({ grant_type: 'password', client_id: 'roundtable-web', username, password: 'demo' }),
      });
      return ((await res.json()) as { access_token: string }).access_token;
    };
    const david = await login('david.jobcenter');
    const get = (path: string, token: string) => async () => {
      const res = await fetch(`${base}${path}`, { headers: { Authorization: `Bearer ${token}` } });
      if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
      await res.arrayBuffer();
    };

    console.log(`\n${REQUESTS} requests each, ${CONCURRENCY} at a time, pages of 50:`);
    await measure('HTTP GET /api/clients/shared?purpose=referral (+ ledger)', get('/api/clients/shared?purpose=referral&limit=50', david));
    await measure('HTTP GET /api/clients/shared, page 20', get('/api/clients/shared?purpose=referral&limit=50&offset=950', david));
    await measure('HTTP GET /api/clients (own clients)', get('/api/clients?limit=50', david));

    // The same list in SQL, with and without the consent filter, straight on the pool.
    const pool = new Pool({ connectionString: url, max: CONCURRENCY });
    pool.on('error', () => undefined);
    stop.unshift(() => pool.end());
    const categories = ['identity', 'residence', 'employment', 'family', 'health', 'education', 'contact'];
    // The same page without the consent filter: other organisations' clients, newest first, with their data.
    const unfiltered = `
      WITH page AS (
        SELECT c.id, c.pseudonym, c.created_at, c.owner_organisation_id, count(*) OVER ()::int AS total
          FROM client c WHERE c.owner_organisation_id <> $1 ORDER BY c.created_at DESC, c.id LIMIT 50
      )
      SELECT page.id, page.pseudonym, page.created_at, o.id, o.name, page.total,
             coalesce((SELECT jsonb_object_agg(d.category, d.data) FROM client_data d
                        WHERE d.client_id = page.id AND d.category = ANY ($2)), '{}')
        FROM page JOIN organisation o ON o.id = page.owner_organisation_id ORDER BY page.created_at DESC, page.id`;
    const withFilter = await measure('SQL shared list with the consent filter', async () =>
      void (await pool.query(SHARED_CLIENTS_SQL, [jobcenter.id, 'referral', new Date(), categories, 50, 0])),
    );
    const without = await measure('SQL same list without the consent filter', async () => void (await pool.query(unfiltered, [jobcenter.id, categories])));
    console.log(`\nratio with / without the consent filter: p50 ${(withFilter.p50 / without.p50).toFixed(2)}, p95 ${(withFilter.p95 / without.p95).toFixed(2)} (target: at most 1.3)`);
  } finally {
    for (const s of stop) await s().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
