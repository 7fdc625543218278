import type { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { loadConfig, workerConfigSchema } from '@roundtable/config';
import type { CaughtMail } from '../../apps/local-stack/src/mail-catcher/mail-catcher';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { testStack } from '../setup/test-stack';

export type { CaughtMail };

/**
 * Mails the test stack's SMTP catcher received for `address` that `match`, once there are `count` of them
 * (or the time is up: then whatever there is).
 */
export async function mailsTo(address: string, match: (m: CaughtMail) => boolean = () => true, count = 1, timeoutMs = 15_000): Promise<CaughtMail[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const all = (await (await fetch(`${testStack().mailCatcherUrl}/api/messages`)).json()) as CaughtMail[];
    const found = all.filter((m) => m.envelope.to.includes(address) && match(m));
    if (found.length >= count || Date.now() > deadline) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** The one mail to `address` whose subject matches; fails if none arrives. */
export async function mailTo(address: string, subject: RegExp): Promise<CaughtMail> {
  const [found] = await mailsTo(address, (m) => subject.test(m.subject));
  if (!found) throw new Error(`no mail to ${address} matching ${subject}`);
  return found;
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
