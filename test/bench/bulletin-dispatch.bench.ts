/**
 * Benchmark (prints figures, never fails on speed): dispatch of one bulletin to 20,000 subscribers against a
 * local SMTP sink, through the worker (claims, SMTP, marking), next to bare nodemailer sending the same messages
 * to the same sink in the same run (target: the worker at least 0.8 of bare nodemailer).
 */
import { NestFactory } from '@nestjs/core';
import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import nodemailer from 'nodemailer';
import { bulletinMail, renderBulletinMarkdown } from '@roundtable/bulletins';
import { loadConfig, workerConfigSchema } from '@roundtable/config';
import { BulletinDispatcher } from '../../apps/worker/src/bulletin-dispatcher';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { freePort } from '../support/ports';
import { runBench, startBenchStack } from './bench-stack';

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 20_000);
/** SMTP connections, the same for both (nodemailer's pool default is 5). */
const CONNECTIONS = Number(process.env.BENCH_SMTP_CONNECTIONS ?? 5);
/** Bare and worker take turns this many times; two CPU cores make single runs noisy. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);

/** Asks the sink process how many messages it has received. */
function receivedBy(sink: ChildProcess): Promise<number> {
  return new Promise((resolve) => {
    sink.once('message', (m: { received: number }) => resolve(m.received));
    sink.send('count');
  });
}

runBench(async () => {
  const port = await freePort();
  const sink = fork(join(__dirname, 'smtp-sink.ts'), { env: { ...process.env, SINK_PORT: String(port) }, execArgv: ['-r', 'ts-node/register/transpile-only'] });
  await new Promise((resolve) => sink.once('message', resolve));
  const smtpUrl = `smtp://127.0.0.1:${port}/?maxConnections=${CONNECTIONS}`;
  const stack = await startBenchStack();
  try {
    const variant = { title: 'Fachkräfteeinwanderung: Was gilt ab wann?', summary: 'Die Reform tritt in Stufen in Kraft.', bodyMarkdown: '## Stufen\n\nErst **November 2023**, dann **März** und **Juni 2024**.' };
    const rendered = { de: { ...variant, bodyHtml: renderBulletinMarkdown(variant.bodyMarkdown) } };
    const provisions = [{ effective: '2024-03-01', refs: ['§ 16g AufenthG'], text: { de: 'Ausbildungsaufenthalt' } }];
    const [author] = await stack.db.query(`SELECT id FROM member WHERE subject = 'bench'`);
    const [bulletin] = await stack.db.query(
      `INSERT INTO bulletin (state, author_member_id, audiences, provisions, variants) VALUES ('published', $1, '{volunteers}', $2, $3) RETURNING id`,
      [author.id, JSON.stringify(provisions), JSON.stringify({ de: variant })],
    );
    for (let version = 1; version <= ROUNDS; version++) {
      await stack.db.query(
        `INSERT INTO bulletin_version (bulletin_id, version, published_by, audiences, legal_refs, provisions, variants) VALUES ($1, $2, $3, '{volunteers}', '{}', $4, $5)`,
        [bulletin.id, version, author.id, JSON.stringify(provisions), JSON.stringify(rendered)],
      );
    }
    await stack.db.query(
      `INSERT INTO subscriber (email, language, audiences, status, token_hash)
       SELECT 'subscriber-' || i || '@example.org', 'de', '{volunteers}', 'active', md5(i::text) FROM generate_series(1, ${SUBSCRIBERS}) i`,
    );

    // Bare nodemailer builds each message as it sends it, as the worker does.
    const message = (i: number) => ({
      from: 'Roundtable <roundtable@localhost>',
      ...bulletinMail({
        to: `subscriber-${i + 1}@example.org`, language: 'de', variant: rendered.de, provisions,
        unsubscribeUrl: `http://localhost:3000/api/public/unsubscribe/token-${i}`, preferencesUrl: `http://localhost:3000/api/public/subscriptions/token-${i}`,
        onlineUrl: `http://localhost:3000/api/public/bulletins/${bulletin.id}`, messageId: `<bare-${i}@roundtable>`,
      }),
    });
    const worker = await NestFactory.createApplicationContext(
      WorkerModule.forRoot(loadConfig(workerConfigSchema, { DATABASE_URL: stack.databaseUrl, SMTP_URL: smtpUrl, LOG_LEVEL: 'silent', MAIL_BATCH_SIZE: '50', QUEUE_POLL_SECONDS: '0.5' })),
      { logger: false },
    );
    await worker.init();
    const dispatcher = worker.get(BulletinDispatcher);
    const seconds = { bare: 0, worker: 0 };
    const baseRss = process.memoryUsage().rss;
    let peakRss = baseRss;
    const line = (what: string, s: number, cpu: NodeJS.CpuUsage, extra = '') =>
      console.log(`${what.padEnd(34)} ${SUBSCRIBERS} messages in ${s.toFixed(1)} s = ${(SUBSCRIBERS / s).toFixed(0).padStart(5)} msg/s, ${((cpu.user + cpu.system) / 1000 / SUBSCRIBERS).toFixed(2)} ms CPU each${extra}`);

    for (let round = 1; round <= ROUNDS; round++) {
      // 1. Bare nodemailer: the same messages, pooled, to the same sink.
      const transport = nodemailer.createTransport(`${smtpUrl}&pool=true`);
      let next = 0;
      let cpu = process.cpuUsage();
      let t0 = performance.now();
      await Promise.all(Array.from({ length: 50 }, async () => {
        while (next < SUBSCRIBERS) await transport.sendMail(message(next++));
      }));
      let s = (performance.now() - t0) / 1000;
      seconds.bare += s;
      line(`round ${round}: bare nodemailer`, s, process.cpuUsage(cpu));
      transport.close();

      // 2. The worker: delivery rows, claims, hand-over marks, SMTP, confirmations.
      const receivedBefore = await receivedBy(sink);
      await stack.db.query(
        `INSERT INTO bulletin_delivery (bulletin_id, version, kind, ref, subscriber_id, email, language, message_id)
         SELECT $1, $2::int, 'bulletin', $3, id, email, language, '<' || gen_random_uuid() || '@roundtable>' FROM subscriber`,
        [bulletin.id, round, String(round)],
      );
      await stack.db.query('VACUUM ANALYZE bulletin_delivery'); // the previous round's dead rows are not this round's work
      const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
      cpu = process.cpuUsage();
      t0 = performance.now();
      for (;;) {
        await dispatcher.dispatch();
        const [{ n }] = await stack.db.query(`SELECT count(*)::int AS n FROM bulletin_delivery WHERE state <> 'sent'`);
        if (n === 0) break;
        await new Promise((r) => setTimeout(r, 20));
      }
      s = (performance.now() - t0) / 1000;
      seconds.worker += s;
      clearInterval(sampler);
      line(`round ${round}: worker (batch 50)`, s, process.cpuUsage(cpu), `, ${(await receivedBy(sink)) - receivedBefore} received`);
    }
    await worker.close();

    const bareRate = (ROUNDS * SUBSCRIBERS) / seconds.bare;
    const workerRate = (ROUNDS * SUBSCRIBERS) / seconds.worker;
    console.log(`\nover ${ROUNDS} rounds, ${CONNECTIONS} SMTP connections each: bare nodemailer ${bareRate.toFixed(0)} msg/s, worker ${workerRate.toFixed(0)} msg/s`);
    console.log(`peak resident memory while the worker sent: ${(peakRss / 1048576).toFixed(0)} MiB, ${((peakRss - baseRss) / 1048576).toFixed(0)} MiB above the start (the worker runs in the bench's process, the sink in its own)`);
    console.log(`ratio worker / bare nodemailer: ${(workerRate / bareRate).toFixed(2)} (target: at least 0.8)`);
  } finally {
    await stack.close();
    sink.send('close');
  }
});
