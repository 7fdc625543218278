import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Client } from 'pg';
import { apiConfigSchema, loadConfig, workerConfigSchema, type ApiConfig } from '@roundtable/config';
import { createApiApp } from '../../apps/api/src/app.setup';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { testStack } from '../setup/test-stack';

export interface TestApp {
  app: NestExpressApplication;
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  databaseUrl: string;
  config: ApiConfig;
  /** Runs SQL against the test database directly (to look behind the api's back). */
  sql<T = Record<string, unknown>>(text: string, values?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

/** A fresh database copied from the migrated template, for one test file. */
export async function createTestDatabase(): Promise<string> {
  const stack = testStack();
  const name = `test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: stack.adminDatabaseUrl });
  admin.on('error', () => undefined);
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name} TEMPLATE roundtable_template`);
  } finally {
    await admin.end();
  }
  return stack.templateDatabaseUrl.replace(/\/roundtable_template$/, `/${name}`);
}

/** The api as production builds it (guard, validation, socket adapter), on its own database and a free port. */
export async function startTestApp(env: Record<string, string> = {}, port = 0): Promise<TestApp> {
  const stack = testStack();
  const databaseUrl = await createTestDatabase();
  const config = loadConfig(apiConfigSchema, {
    DATABASE_URL: databaseUrl,
    KEYCLOAK_URL: stack.keycloakUrl,
    KEYCLOAK_API_CLIENT_SECRET: 'roundtable-api-dev-secret',
    SMTP_URL: stack.smtpUrl,
    REFERRAL_LINK_SECRET: 'test-referral-link-secret-0123456789abcdef',
    LOG_LEVEL: 'silent',
    ...env,
  });
  const app = await createApiApp(config);
  await app.listen(port, '127.0.0.1');
  const url = (await app.getUrl()).replace('[::1]', '127.0.0.1');
  const client = new Client({ connectionString: databaseUrl });
  client.on('error', () => undefined);
  await client.connect();
  return {
    app,
    url,
    databaseUrl,
    config,
    sql: async (text, values) => (await client.query(text, values)).rows,
    close: async () => {
      await client.end();
      await app.close();
    },
  };
}

/** The worker (dispatchers, sweeper) on a test database, sending to the test stack's SMTP catcher unless told otherwise. */
export async function startTestWorker(databaseUrl: string, env: Record<string, string> = {}): Promise<INestApplicationContext> {
  const worker = await NestFactory.createApplicationContext(
    WorkerModule.forRoot(loadConfig(workerConfigSchema, { DATABASE_URL: databaseUrl, SMTP_URL: testStack().smtpUrl, LOG_LEVEL: 'silent', QUEUE_POLL_SECONDS: '0.5', ...env })),
    { logger: false },
  );
  await worker.init();
  return worker;
}

/**
 * An app's main.ts in a Node process of its own, started as production starts it (TypeScript through ts-node),
 * for tests that kill a process or need two of them. `env` is its whole configuration besides the parent's.
 */
export function spawnApp(app: 'api' | 'worker', env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', '-r', 'tsconfig-paths/register', `apps/${app}/src/main.ts`], {
    cwd: join(__dirname, '../..'),
    env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
