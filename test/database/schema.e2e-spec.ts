import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@roundtable/database';
import { seedDemoData } from '../../apps/local-stack/src/demo-data';
import { createTestDatabase } from '../support/test-app';

/**
 * The entities describe exactly the schema the migrations build: otherwise `npm run migration:generate`
 * would write a migration that undoes constraints or indexes.
 */
describe('entities and migrations', () => {
  it('agree: the schema diff of a migrated database is empty', async () => {
    const db = await new DataSource(dataSourceOptions(await createTestDatabase(), 1)).initialize();
    try {
      const diff = await db.driver.createSchemaBuilder().log();
      expect(diff.upQueries.map((q) => q.query)).toEqual([]);
    } finally {
      await db.destroy();
    }
  });

  it('load the demo network with clients, consents, referrals in every state and the reform bulletin', async () => {
    const db = await new DataSource(dataSourceOptions(await createTestDatabase(), 1)).initialize();
    try {
      expect(await seedDemoData(db, { activity: true })).toBe(9);
      const states = (await db.query('SELECT DISTINCT state FROM referral ORDER BY state')).map((r: { state: string }) => r.state);
      expect(states).toEqual(['accepted', 'completed', 'declined', 'draft', 'expired', 'failed', 'in_progress', 'on_hold', 'sent', 'withdrawn']);
      expect(Number((await db.query('SELECT count(*) AS n FROM referral_event'))[0].n)).toBeGreaterThan(20);
      const [bulletin] = await db.query(`SELECT jsonb_array_length(provisions) AS stages, variants ?& ARRAY['de','en','de-simple'] AS languages FROM bulletin_version`);
      expect(bulletin).toEqual({ stages: 4, languages: true });
      expect(await seedDemoData(db, { activity: true })).toBe(0); // only into an empty directory
    } finally {
      await db.destroy();
    }
  });
});
