import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@roundtable/database';
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
});
