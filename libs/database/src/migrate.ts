import { DataSource } from 'typeorm';

/** Any fixed number; all instances agree on it, so only one runs migrations at a time. */
const MIGRATION_LOCK = 4_741_001;

/**
 * Runs pending migrations under a PostgreSQL advisory lock, so that several api or worker
 * instances starting together do not race each other. Returns the names of what it ran.
 */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const ran = await dataSource.runMigrations({ transaction: 'each' });
    return ran.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}
