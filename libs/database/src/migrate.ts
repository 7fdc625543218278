import { DataSource, MigrationExecutor } from 'typeorm';

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
    // On the connection that holds the lock, so a pool of one connection is enough.
    const executor = new MigrationExecutor(dataSource, runner);
    executor.transaction = 'each';
    const ran = await executor.executePendingMigrations();
    return ran.map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await runner.release();
  }
}
