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
import { Pool } from 'pg';
import { SHARED_CLIENTS_SQL } from '../../apps/api/src/clients/clients.service';
import { CONCURRENCY, getter, measure, ORGANISATIONS, REQUESTS, runBench, startBenchStack } from './bench-stack';

const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 100_000);
const CONSENTS = Number(process.env.BENCH_CONSENTS ?? 500_000);

runBench(async () => {
  const stack = await startBenchStack();
  let pool: Pool | undefined;
  try {
    const t0 = performance.now();
    await stack.db.query(`CREATE TEMP TABLE bench_org AS SELECT row_number() OVER (ORDER BY slug) - 1 AS n, id FROM organisation`);
    await stack.db.query(`CREATE TEMP TABLE bench_client AS
                    SELECT i AS n, gen_random_uuid() AS id, (i * 7919) % ${ORGANISATIONS} AS owner_n FROM generate_series(1, ${CLIENTS}) i`);
    await stack.db.query(`INSERT INTO client (id, owner_organisation_id, pseudonym, created_at)
                    SELECT c.id, o.id, 'K-' || upper(lpad(to_hex(c.n), 6, '0')), now() - c.n * interval '1 minute'
                      FROM bench_client c JOIN bench_org o ON o.n = c.owner_n`);
    await stack.db.query(`INSERT INTO client_data (client_id, category, data)
                    SELECT c.id, cat, jsonb_build_object('notes', 'bench ' || c.n, 'familyName', 'Name' || c.n)
                      FROM bench_client c, unnest(ARRAY['identity','residence','contact']) cat`);
    await stack.db.query(`INSERT INTO consent (client_id, kind, grantee_organisation_ids, purposes, categories, valid_from, valid_until,
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
    await stack.db.query('ANALYZE');
    const [{ n: consents }] = await stack.db.query('SELECT count(*)::int AS n FROM consent');
    const [{ n: clients }] = await stack.db.query('SELECT count(*)::int AS n FROM client');
    console.log(`data: ${clients} clients, ${consents} consents, ${ORGANISATIONS} organisations (${((performance.now() - t0) / 1000).toFixed(1)} s to generate)`);
    const [jobcenter] = await stack.db.query(`SELECT id FROM organisation WHERE slug = 'jobcenter-magdeburg'`);
    const [{ n: sharedWithJobcenter }] = await stack.db.query(
      `SELECT count(DISTINCT client_id)::int AS n FROM consent WHERE $1 = ANY (grantee_organisation_ids) AND 'referral' = ANY (purposes)
          AND withdrawn_at IS NULL AND valid_until > now()`,
      [jobcenter.id],
    );
    console.log(`the Jobcenter holds active referral consents for ${sharedWithJobcenter} clients of other organisations`);

    const base = await stack.startApi();
    const get = getter(base, await stack.login('david.jobcenter'));

    console.log(`\n${REQUESTS} requests each, ${CONCURRENCY} at a time, pages of 50:`);
    await measure('HTTP GET /api/clients/shared?purpose=referral (+ ledger)', get('/api/clients/shared?purpose=referral&limit=50'));
    await measure('HTTP GET /api/clients/shared, page 20', get('/api/clients/shared?purpose=referral&limit=50&offset=950'));
    await measure('HTTP GET /api/clients (own clients)', get('/api/clients?limit=50'));

    // The same list in SQL, with and without the consent filter, straight on the pool.
    pool = new Pool({ connectionString: stack.databaseUrl, max: CONCURRENCY });
    pool.on('error', () => undefined);
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
      void (await pool!.query(SHARED_CLIENTS_SQL, [jobcenter.id, 'referral', new Date(), categories, 50, 0])),
    );
    const without = await measure('SQL same list without the consent filter', async () => void (await pool!.query(unfiltered, [jobcenter.id, categories])));
    console.log(`\nratio with / without the consent filter: p50 ${(withFilter.p50 / without.p50).toFixed(2)}, p95 ${(withFilter.p95 / without.p95).toFixed(2)} (target: at most 1.3)`);
  } finally {
    await pool?.end();
    await stack.close();
  }
});
