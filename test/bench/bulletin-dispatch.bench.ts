/**
 * Benchmark (prints figures, never fails on speed): dispatch of one bulletin to 20,000 subscribers against a
 * local SMTP sink, through the worker (claims, SMTP, marking), next to bare nodemailer sending the same messages
 * to the same sink in the same run (target: the worker at least 0.8 of bare nodemailer).
 */
import { NestFactory } from '@nestjs/core';
import { SMTPServer } from 'smtp-server';
import nodemailer from 'nodemailer';
import { bulletinMail, renderBulletinMarkdown } from '@roundtable/bulletins';
import { loadConfig, workerConfigSchema } from '@roundtable/config';
import { BulletinDispatcher } from '../../apps/worker/src/bulletin-dispatcher';
import { WorkerModule } from '../../apps/worker/src/worker.module';
import { freePort } from '../support/ports';
import { runBench, startBenchStack } from './bench-stack';

const SUBSCRIBERS = Number(process.env.BENCH_SUBSCRIBERS ?? 20_000);

runBench(async () => {
  let received = 0;
  const sink = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.resume();
      stream.on('end', () => {
        received++;
        callback();
      });
    },
  });
  const port = await freePort();
  await new Promise<void>((resolve) => sink.listen(port, '127.0.0.1', resolve));
  const smtpUrl = `smtp://127.0.0.1:${port}`;
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
    await stack.db.query(
      `INSERT INTO bulletin_version (bulletin_id, version, published_by, audiences, legal_refs, provisions, variants) VALUES ($1, 1, $2, '{volunteers}', '{}', $3, $4)`,
      [bulletin.id, author.id, JSON.stringify(provisions), JSON.stringify(rendered)],
    );
    await stack.db.query(
      `INSERT INTO subscriber (email, language, audiences, status, token_hash)
       SELECT 'subscriber-' || i || '@example.org', 'de', '{volunteers}', 'active', md5(i::text) FROM generate_series(1, ${SUBSCRIBERS}) i`,
    );

    // 1. Bare nodemailer: the same messages, pooled, to the same sink.
    const transport = nodemailer.createTransport(`${smtpUrl}?pool=true`);
    const messages = Array.from({ length: SUBSCRIBERS }, (_, i) => ({
      from: 'Roundtable <roundtable@localhost>',
      ...bulletinMail({
        to: `subscriber-${i + 1}@example.org`, language: 'de', variant: rendered.de, provisions,
        unsubscribeUrl: `http://localhost:3000/api/public/unsubscribe/token-${i}`, preferencesUrl: `http://localhost:3000/api/public/subscriptions/token-${i}`,
        onlineUrl: `http://localhost:3000/api/public/bulletins/${bulletin.id}`, messageId: `<bare-${i}@roundtable>`,
      }),
    }));
    let next = 0;
    let t0 = performance.now();
    await Promise.all(Array.from({ length: 50 }, async () => {
      while (next < messages.length) await transport.sendMail(messages[next++]);
    }));
    const bareSeconds = (performance.now() - t0) / 1000;
    transport.close();
    const bareRate = SUBSCRIBERS / bareSeconds;
    console.log(`bare nodemailer (pool, 50 in flight):  ${SUBSCRIBERS} messages in ${bareSeconds.toFixed(1)} s = ${bareRate.toFixed(0)} msg/s`);

    // 2. The worker: delivery rows, claims, SMTP, marking.
    received = 0;
    await stack.db.query(
      `INSERT INTO bulletin_delivery (bulletin_id, version, kind, ref, subscriber_id, email, language, message_id)
       SELECT $1, 1, 'bulletin', '1', id, email, language, '<' || gen_random_uuid() || '@roundtable>' FROM subscriber`,
      [bulletin.id],
    );
    const baseRss = process.memoryUsage().rss;
    let peakRss = baseRss;
    const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 50);
    const worker = await NestFactory.createApplicationContext(
      WorkerModule.forRoot(loadConfig(workerConfigSchema, { DATABASE_URL: stack.databaseUrl, SMTP_URL: smtpUrl, LOG_LEVEL: 'silent', MAIL_BATCH_SIZE: '50', QUEUE_POLL_SECONDS: '0.5' })),
      { logger: false },
    );
    t0 = performance.now();
    await worker.init();
    const dispatcher = worker.get(BulletinDispatcher);
    for (;;) {
      const [{ n }] = await stack.db.query(`SELECT count(*)::int AS n FROM bulletin_delivery WHERE state <> 'sent'`);
      if (n === 0) break;
      await dispatcher.dispatch();
      await new Promise((r) => setTimeout(r, 20));
    }
    const workerSeconds = (performance.now() - t0) / 1000;
    clearInterval(sampler);
    await worker.close();
    const workerRate = SUBSCRIBERS / workerSeconds;
    console.log(`worker (batch 50, pooled SMTP):        ${SUBSCRIBERS} messages in ${workerSeconds.toFixed(1)} s = ${workerRate.toFixed(0)} msg/s, ${received} received`);
    console.log(`peak resident memory during dispatch: ${(peakRss / 1048576).toFixed(0)} MiB (${((peakRss - baseRss) / 1048576).toFixed(0)} MiB above the start; one process holds bench, sink and worker)`);
    console.log(`\nratio worker / bare nodemailer: ${(workerRate / bareRate).toFixed(2)} (target: at least 0.8)`);
  } finally {
    await stack.close();
    await new Promise<void>((resolve) => sink.close(() => resolve()));
  }
});
