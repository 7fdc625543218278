import type { Socket } from 'node:net';
import { DataSource } from 'typeorm';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';
import { seedDemoData } from '../../apps/local-stack/src/demo-data';
import { freePort } from '../support/ports';
import { apiClient } from '../support/http';
import { accessToken, DEMO_USERS } from '../support/realm';
import { spawnApp, startTestApp, startTestWorker, type TestApp } from '../support/test-app';

/**
 * An SMTP server under the test's control. A message counts as received when the server has read the line
 * ending DATA and answered "250" - or, while `holding`, when it has read that line and keeps the answer back
 * (as a slow server would): from then on it has the message, whatever happens to the client.
 */
class ControlledSmtp {
  received: string[] = [];
  held = 0;
  holding = false;
  private server?: SMTPServer;
  private sockets = new Set<Socket>();

  constructor(readonly port: number) {}

  async start(): Promise<void> {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      onData: (stream: SMTPServerDataStream, session: SMTPServerSession, callback: (err?: Error | null) => void) => {
        stream.resume();
        stream.on('end', () => {
          if (this.server !== server) return; // this server has died meanwhile: nothing is stored, nothing answered
          const rcpt = session.envelope.rcptTo.map((r) => r.address);
          if (this.holding) {
            this.held++;
            this.received.push(...rcpt);
            return; // never answers
          }
          this.received.push(...rcpt);
          callback();
        });
      },
    });
    (server as unknown as { server: { on(e: 'connection', l: (s: Socket) => void): void } }).server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
  }

  /** Dies at once: connections cut mid-conversation, the port closed. */
  async die(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  count(address: string): number {
    return this.received.filter((a) => a === address).length;
  }
}

async function until(condition: () => Promise<boolean> | boolean, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('bulletin dispatch survives a killed worker and a dying SMTP server', () => {
  let t: TestApp;
  const stamp = Date.now();

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoData(t.app.get(DataSource));
  });
  const servers: ControlledSmtp[] = [];
  afterAll(async () => {
    for (const smtp of servers) await smtp.die();
    await t.close();
  });

  /** Subscribers of an audience nobody else in this file has, and a bulletin to them, published. */
  async function publishTo(audience: string, prefix: string, n: number): Promise<{ id: string; emails: string[] }> {
    const emails = Array.from({ length: n }, (_, i) => `${prefix}-${stamp}-${i}@example.org`);
    for (const email of emails) {
      await t.sql(`INSERT INTO subscriber (email, language, audiences, status, token_hash) VALUES ($1, 'de', $2, 'active', md5($1))`, [email, [audience]]);
    }
    const greta = apiClient(t.url, await accessToken(DEMO_USERS.greta));
    const anna = apiClient(t.url, await accessToken(DEMO_USERS.anna));
    const created = await greta.post('/api/bulletins', {
      audiences: [audience],
      variants: { de: { title: `Versandtest ${prefix}`, summary: 'Eine Meldung zum Testen des Versands.', bodyMarkdown: 'Text' } },
    });
    await greta.post(`/api/bulletins/${created.body.id}/submit`);
    expect((await anna.post(`/api/bulletins/${created.body.id}/publish`)).status).toBe(200);
    return { id: created.body.id, emails };
  }

  const states = (id: string) =>
    t.sql<{ state: string; handed: boolean; n: number }>(
      `SELECT state, handed_over_at IS NOT NULL AS handed, count(*)::int AS n FROM bulletin_delivery WHERE bulletin_id = $1 GROUP BY 1, 2 ORDER BY 1, 2`,
      [id],
    );

  it('delivers to each recipient exactly once when the worker is killed mid-dispatch and another resumes', async () => {
    const smtp = new ControlledSmtp(await freePort());
    await smtp.start();
    servers.push(smtp);
    const { id, emails } = await publishTo('employers', 'kill', 40);

    // The first worker sends 10 mails; then the server keeps its answers back, so that the worker is killed
    // with messages the server has read completely (handed over) and others it has claimed but not yet sent.
    const child = spawnApp('worker', { DATABASE_URL: t.databaseUrl, SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, QUEUE_POLL_SECONDS: '0.5', MAIL_BATCH_SIZE: '10' });
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      await until(() => smtp.received.length >= 10, 60_000, 'the first ten mails');
      smtp.holding = true;
      await until(async () => smtp.held >= 3 && (await states(id)).some((s) => s.state === 'sending' && s.handed), 15_000, 'mails held by the server');
      await new Promise((r) => setTimeout(r, 300)); // let every pooled connection reach the held answer
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    const killedAt = await states(id);
    const handedOver = killedAt.find((s) => s.state === 'sending' && s.handed)?.n ?? 0;
    expect(handedOver).toBe(smtp.held); // the server has exactly the messages marked as handed over
    expect(killedAt.find((s) => s.state === 'sending' && !s.handed)?.n ?? 0).toBeGreaterThan(0); // claimed, never sent
    expect(smtp.received.length).toBeLessThan(40);

    // Another worker takes over once the dead one's claims have lapsed, with a server that answers again.
    smtp.holding = false;
    const resumer = await startTestWorker(t.databaseUrl, { SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_LEASE_SECONDS: '1' });
    try {
      await until(async () => (await states(id)).every((s) => s.state === 'sent'), 30_000, 'every delivery sent');
      for (const email of emails) expect(smtp.count(email)).toBe(1); // nobody twice, nobody missing
      expect(smtp.received.filter((a) => a.startsWith('kill-'))).toHaveLength(40);
      const anna = apiClient(t.url, await accessToken(DEMO_USERS.anna));
      expect((await anna.get(`/api/bulletins/${id}/dispatch`)).body).toMatchObject({ total: 40, sent: 40, pending: 0, failed: 0, unconfirmed: handedOver });
    } finally {
      await resumer.close();
    }
  }, 120_000);

  it('delivers everything exactly once when the SMTP server dies mid-dispatch and comes back', async () => {
    const smtp = new ControlledSmtp(await freePort());
    await smtp.start();
    servers.push(smtp);
    const worker = await startTestWorker(t.databaseUrl, {
      SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, MAIL_BATCH_SIZE: '5', MAIL_RETRY_BASE_SECONDS: '0.2', MAIL_RATE_PER_MINUTE: '600', MAIL_PAUSE_AFTER_FAILURES: '10000',
    });
    try {
      const { id, emails } = await publishTo('public', 'smtpdown', 30);
      await until(() => smtp.received.length >= 8, 15_000, 'the first mails');
      await smtp.die();
      const receivedBeforeDeath = smtp.received.length;
      await until(async () => Number((await t.sql(`SELECT count(*) AS n FROM bulletin_delivery WHERE bulletin_id = $1 AND last_error IS NOT NULL`, [id]))[0].n) >= 3, 15_000, 'failed attempts');
      expect(smtp.received.length).toBe(receivedBeforeDeath); // nothing gets through while it is down
      await smtp.start();
      await until(async () => (await states(id)).every((s) => s.state === 'sent'), 30_000, 'every delivery sent');
      for (const email of emails) expect(smtp.count(email)).toBe(1);
    } finally {
      await worker.close();
    }
  }, 90_000);
});
