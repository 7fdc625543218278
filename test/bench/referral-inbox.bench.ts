/**
 * Benchmark (prints figures, never fails on speed): an organisation's referral inbox among 300,000 referrals
 * across 50 organisations, at 32 concurrent requests through the api with realm tokens.
 */
import { getter, measure, ORGANISATIONS, REQUESTS, CONCURRENCY, runBench, startBenchStack } from './bench-stack';

const REFERRALS = Number(process.env.BENCH_REFERRALS ?? 300_000);

runBench(async () => {
  const stack = await startBenchStack();
  try {
    const t0 = performance.now();
    await stack.db.query(`CREATE TEMP TABLE bench_org AS SELECT row_number() OVER (ORDER BY slug) - 1 AS n, id FROM organisation`);
    await stack.db.query(
      `INSERT INTO referral (from_organisation_id, from_member_id, to_organisation_id, service_category, reason, urgency, deadline,
                             state, created_at, sent_at, accepted_at, closed_at, last_activity_at, outcome)
       SELECT f.id, (SELECT id FROM member WHERE subject = 'bench'), t.id,
              (ARRAY['employment','housing','health','legal_advice','language_course'])[1 + i % 5],
              'Bench referral ' || i,
              (ARRAY['routine','routine','urgent','emergency'])[1 + i % 4],
              CASE WHEN i % 4 = 3 OR i % 7 = 0 THEN (now() + make_interval(days => (i % 60) - 20))::date END,
              st.state,
              now() - make_interval(mins => i), now() - make_interval(mins => i),
              CASE WHEN st.state IN ('accepted','in_progress','on_hold','completed','failed') THEN now() - make_interval(mins => i) + interval '5 hours' END,
              CASE WHEN st.state IN ('completed','failed','declined','withdrawn','expired') THEN now() - make_interval(mins => i) + interval '3 days' END,
              now() - make_interval(mins => i),
              CASE st.state WHEN 'completed' THEN 'got_help' WHEN 'failed' THEN 'no_capacity' END
         FROM generate_series(1, ${REFERRALS}) i
         JOIN bench_org f ON f.n = i % ${ORGANISATIONS}
         JOIN bench_org t ON t.n = (i % ${ORGANISATIONS} + 1 + (i / ${ORGANISATIONS}) % ${ORGANISATIONS - 1}) % ${ORGANISATIONS}
         CROSS JOIN LATERAL (SELECT (ARRAY['sent','accepted','in_progress','on_hold','completed','failed','declined','withdrawn','expired','completed'])[1 + (i / 7) % 10] AS state) st`,
    );
    await stack.db.query('ANALYZE');
    const [jobcenter] = await stack.db.query(`SELECT id FROM organisation WHERE slug = 'jobcenter-magdeburg'`);
    const [{ n: inbox }] = await stack.db.query('SELECT count(*)::int AS n FROM referral WHERE to_organisation_id = $1', [jobcenter.id]);
    const [{ n: total }] = await stack.db.query('SELECT count(*)::int AS n FROM referral');
    console.log(`data: ${total} referrals across ${ORGANISATIONS} organisations, ${inbox} in the Jobcenter's inbox (${((performance.now() - t0) / 1000).toFixed(1)} s to generate)`);

    const base = await stack.startApi();
    const get = getter(base, await stack.login('david.jobcenter'));
    console.log(`\n${REQUESTS} requests each, ${CONCURRENCY} at a time, pages of 50:`);
    await measure('HTTP inbox, first page (deadline first)', get('/api/referrals?box=inbox&limit=50'));
    await measure('HTTP inbox, state=sent', get('/api/referrals?box=inbox&state=sent&limit=50'));
    await measure('HTTP inbox, overdue only', get('/api/referrals?box=inbox&overdue=true&limit=50'));
    await measure('HTTP inbox, page 10', get('/api/referrals?box=inbox&limit=50&offset=450'));
  } finally {
    await stack.close();
  }
});
