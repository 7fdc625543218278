import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { bulletinMail, clarificationMail, inForceReminderMail } from '@roundtable/bulletins';
import type { WorkerConfig } from '@roundtable/config';
import type { BulletinLanguage, BulletinVariant, Provision } from '@roundtable/contracts';
import type { DeliveryKind } from '@roundtable/database';
import { MailTransport } from '@roundtable/mail';
import { HandOverMarks } from './hand-over-marks';
import { WORKER_CONFIG } from './worker-config';

/** After this many attempts a delivery is given up as failed. */
const MAX_ATTEMPTS = 6;

interface Claimed {
  id: string;
  bulletin_id: string;
  version: number;
  kind: DeliveryKind;
  ref: string;
  email: string;
  language: BulletinLanguage;
  /** Also the claim's fencing token: a row taken over by another worker has a higher count. */
  attempts: number;
  message_id: string;
  question: string | null;
  answer: string | null;
  token: string;
  /** When this worker received the claim (performance.now()); PostgreSQL's claimed_at is earlier. */
  claimedAt: number;
}

interface VersionContent {
  variants: Partial<Record<BulletinLanguage, BulletinVariant & { bodyHtml: string }>>;
  provisions: Provision[];
  change_note: string | null;
}



/**
 * Collects items and runs them together: after `delayMs` from the first one, or at once when `max` are waiting.
 * For the records nobody waits on (the server's confirmations), so that they cost one statement per batch
 * instead of one per message.
 */
class Batcher<T> {
  private waiting: Array<{ item: T; resolve(): void; reject(err: Error): void }> = [];
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly run: (items: T[]) => Promise<void>,
    private readonly delayMs: number,
    private readonly max: number,
  ) {}

  add(item: T): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (this.waiting.length >= this.max) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.delayMs);
    });
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const round = this.waiting.splice(0);
    if (!round.length) return;
    this.run(round.map((r) => r.item)).then(
      () => round.forEach((r) => r.resolve()),
      (err: Error) => round.forEach((r) => r.reject(err)),
    );
  }
}

/**
 * Sends bulletin mail (the bulletins, "in force today" reminders, clarifications): claims due rows (FOR UPDATE
 * SKIP LOCKED, so any number of workers share the work), sends each through pooled SMTP with its fixed
 * Message-ID, and marks it sent, or due again later with exponential backoff, or failed after MAX_ATTEMPTS.
 *
 * Exactly once, also when a worker is killed: just before the server gets the end of a message, the row is
 * marked as handed over (fenced by the claim); a row whose worker vanished is sent again only if it was not
 * handed over - the server discards an unfinished message - and is recorded as sent if it was.
 */
@Injectable()
export class BulletinDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(BulletinDispatcher.name);
  private readonly transport: MailTransport;
  private timer?: NodeJS.Timeout;
  private running = false;
  private stopped = false;

  private readonly handOvers: HandOverMarks;

  /** The server's confirmations (its reply), recorded in batches. */
  private readonly confirmations = new Batcher<{ id: string; attempts: number; reply: string }>(
    async (items) => {
      await this.db.query(
        `UPDATE bulletin_delivery d SET state = 'sent', sent_at = now(), smtp_reply = c.reply, last_error = NULL
           FROM unnest($1::uuid[], $2::int[], $3::text[]) AS c(id, attempts, reply)
          WHERE d.id = c.id AND d.attempts = c.attempts`,
        [items.map((i) => i.id), items.map((i) => i.attempts), items.map((i) => i.reply.slice(0, 500))],
      );
    },
    20,
    200,
  );

  /** Published versions are immutable: each is read once per worker, not with every claimed row. */
  private readonly versions = new Map<string, Promise<VersionContent>>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
  ) {
    this.transport = new MailTransport(config.SMTP_URL, config.MAIL_FROM);
    // One connection per SMTP connection (nodemailer's pool opens 5 unless SMTP_URL says otherwise), and a spare.
    const smtpConnections = Number(new URL(config.SMTP_URL).searchParams.get('maxConnections') ?? 5);
    this.handOvers = new HandOverMarks(config.DATABASE_URL, smtpConnections + 1, (err) => this.logger.warn(`hand-over marks: ${err.message}`));
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.handOvers.start();
    const tick = () => {
      if (this.stopped) return;
      this.dispatch()
        .catch((err: Error) => this.logger.warn(`bulletin dispatch: ${err.message}`))
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.config.QUEUE_POLL_SECONDS * 1000);
        });
    };
    tick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    while (this.running) await new Promise((r) => setTimeout(r, 50));
    this.transport.close();
    await this.handOvers.stop();
  }

  /**
   * One round: sends what is due now and returns how many were sent. Keeps one to two batches in flight:
   * claims a batch whenever no more than one is, so the SMTP pool never waits for a whole batch to finish and
   * the database is not asked for every single row.
   */
  async dispatch(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    await this.recoverHandedOver().catch((err: Error) => this.logger.warn(`recovering hand-overs: ${err.message}`));
    let sent = 0;
    const inFlight = new Set<Promise<void>>();
    const failing = new Set<string>();
    try {
      for (;;) {
        if (inFlight.size <= this.config.MAIL_BATCH_SIZE && !this.stopped) {
          const claimed = await this.claim(this.config.MAIL_BATCH_SIZE * 2 - inFlight.size);
          for (const d of claimed) {
            const p: Promise<void> = this.send(d).then((ok) => {
              if (ok) sent++;
              else failing.add(`${d.bulletin_id}/${d.version}`);
              inFlight.delete(p);
            });
            inFlight.add(p);
          }
          if (failing.size) {
            // Only after failures: is this a burst that should pause the version?
            const keys = [...failing];
            failing.clear();
            await this.pauseBursts(keys);
          }
          if (claimed.length) continue;
        }
        if (inFlight.size === 0) {
          if (failing.size) await this.pauseBursts([...failing]);
          return sent;
        }
        await Promise.race(inFlight);
      }
    } finally {
      await Promise.all(inFlight);
      this.running = false;
    }
  }

  /** Claims up to `limit` due deliveries (within the rate window) for this worker. */
  private async claim(limit: number): Promise<Claimed[]> {
    const batch = Math.min(limit, await this.allowance());
    if (batch <= 0) return [];
    // The unsubscribe token is made in the claim (122 random bits), stored as its SHA-256, returned in plain for the mail.
    const [claimed]: [Claimed[], number] = await this.db.query(
      `UPDATE bulletin_delivery d SET state = 'sending', claimed_at = now(), attempts = d.attempts + 1,
              unsubscribe_token_hash = encode(sha256(convert_to(due.token, 'UTF8')), 'hex')
         FROM (SELECT x.id, gen_random_uuid()::text AS token FROM bulletin_delivery x
                 JOIN bulletin_version pv ON pv.bulletin_id = x.bulletin_id AND pv.version = x.version AND pv.dispatch_paused_at IS NULL
                WHERE (x.state = 'pending' AND x.next_attempt_at <= now())
                   OR (x.state = 'sending' AND x.handed_over_at IS NULL AND x.claimed_at < now() - make_interval(secs => $2))
                ORDER BY x.next_attempt_at, x.id LIMIT $1 FOR UPDATE OF x SKIP LOCKED) due
        WHERE d.id = due.id
        RETURNING d.id, d.bulletin_id, d.version, d.kind, d.ref, d.email, d.language, d.attempts, d.message_id, due.token,
                  (SELECT q.body FROM bulletin_question q WHERE d.kind = 'clarification' AND q.id::text = d.ref) AS question,
                  (SELECT q.answer FROM bulletin_question q WHERE d.kind = 'clarification' AND q.id::text = d.ref) AS answer`,
      [batch, this.config.MAIL_LEASE_SECONDS],
    );
    const claimedAt = performance.now();
    return claimed.map((d) => ({ ...d, claimedAt }));
  }

  /**
   * Rows whose worker died after handing the message over (the server had all of it) but before it read the
   * server's answer: they count as sent, without a recorded reply, and are never sent again.
   */
  private async recoverHandedOver(): Promise<void> {
    const [, recovered]: [unknown, number] = await this.db.query(
      `UPDATE bulletin_delivery SET state = 'sent', sent_at = handed_over_at
        WHERE state = 'sending' AND handed_over_at IS NOT NULL AND claimed_at < now() - make_interval(secs => $1)`,
      [this.config.MAIL_LEASE_SECONDS],
    );
    if (recovered) this.logger.warn(`${recovered} bulletin mail(s) handed over by a worker that stopped before the server's answer: recorded as sent`);
  }

  /** How many may be claimed now: the batch size, within the rate window shared by all workers. */
  private async allowance(): Promise<number> {
    if (!this.config.MAIL_RATE_PER_MINUTE) return this.config.MAIL_BATCH_SIZE;
    const [{ n }] = await this.db.query(`SELECT count(*)::int AS n FROM bulletin_delivery WHERE sent_at > now() - interval '1 minute'`);
    return Math.max(0, Math.min(this.config.MAIL_BATCH_SIZE, this.config.MAIL_RATE_PER_MINUTE - n));
  }

  /**
   * A burst of failures (MAIL_PAUSE_AFTER_FAILURES attempts in a row failed, none sent since) pauses that version's
   * dispatch and mails its author, instead of burning through every address while the mail server is down.
   */
  private async pauseBursts(keys: string[]): Promise<void> {
    for (const key of keys) {
      const [bulletinId, version] = key.split('/');
      // TypeORM answers an UPDATE ... RETURNING with [rows, count].
      const [paused]: [Array<{ author_email: string | null; title: string; reason: string }>, number] = await this.db.query(
        `UPDATE bulletin_version v SET dispatch_paused_at = now(),
                dispatch_pause_reason = (SELECT last_error FROM bulletin_delivery WHERE bulletin_id = $1 AND version = $2 AND last_error IS NOT NULL ORDER BY claimed_at DESC LIMIT 1)
          WHERE v.bulletin_id = $1 AND v.version = $2 AND v.dispatch_paused_at IS NULL
            AND (SELECT count(*) FROM bulletin_delivery d WHERE d.bulletin_id = $1 AND d.version = $2 AND d.last_error IS NOT NULL
                    AND d.claimed_at > coalesce((SELECT max(sent_at) FROM bulletin_delivery WHERE bulletin_id = $1 AND version = $2), '-infinity')) >= $3
          RETURNING (SELECT email FROM member WHERE id = (SELECT author_member_id FROM bulletin WHERE id = $1)) AS author_email,
                    v.variants->'de'->>'title' AS title, v.dispatch_pause_reason AS reason`,
        [bulletinId, Number(version), this.config.MAIL_PAUSE_AFTER_FAILURES],
      );
      const row = paused[0];
      if (!row) continue;
      this.logger.warn(`bulletin ${bulletinId} v${version}: dispatch paused after failures (${row.reason})`);
      if (row.author_email) {
        await this.transport
          .send({
            to: row.author_email,
            subject: `Roundtable: Versand pausiert – ${row.title}`,
            text: `Der Versand der Rechtsänderung „${row.title}“ (Version ${version}) wurde nach ${this.config.MAIL_PAUSE_AFTER_FAILURES} Fehlern in Folge angehalten.\nLetzter Fehler: ${row.reason}\nBitte prüfen Sie den Mailserver und setzen Sie den Versand in Roundtable fort.\n`,
          })
          .catch((err: Error) => this.logger.warn(`could not alert the author: ${err.message}`));
      }
    }
  }

  private version(bulletinId: string, version: number): Promise<VersionContent> {
    const key = `${bulletinId}/${version}`;
    let content = this.versions.get(key);
    if (!content) {
      content = this.db
        .query(`SELECT variants, provisions, change_note FROM bulletin_version WHERE bulletin_id = $1 AND version = $2`, [bulletinId, version])
        .then(([row]: VersionContent[]) => row);
      content.catch(() => this.versions.delete(key));
      if (this.versions.size > 100) this.versions.clear();
      this.versions.set(key, content);
    }
    return content;
  }

  /** The mail for a claimed row, by its kind. */
  private async compose(d: Claimed) {
    const v = await this.version(d.bulletin_id, d.version);
    const base = `${this.config.PUBLIC_URL}/api/public`;
    const common = {
      to: d.email,
      language: d.language,
      variant: (v.variants[d.language] ?? v.variants.de)!,
      provisions: v.provisions,
      unsubscribeUrl: `${base}/unsubscribe/${d.token}`,
      preferencesUrl: `${base}/subscriptions/${d.token}`,
      onlineUrl: `${base}/bulletins/${d.bulletin_id}?lang=${d.language}`,
      messageId: d.message_id,
    };
    if (d.kind === 'reminder') return inForceReminderMail({ ...common, date: d.ref });
    if (d.kind === 'clarification') return clarificationMail({ ...common, question: d.question ?? '', answer: d.answer ?? '' });
    return bulletinMail({ ...common, changeNote: v.change_note });
  }

  private async send(d: Claimed): Promise<boolean> {
    try {
      const { response } = await this.transport.send({
        ...(await this.compose(d)),
        onHandOver: async () => {
          // Within half the lease of the claim no other worker can have taken the row over.
          const fresh = performance.now() - d.claimedAt < (this.config.MAIL_LEASE_SECONDS * 1000) / 2;
          if (!(await this.handOvers.mark(d.id, d.attempts, fresh))) throw new Error('another worker took this delivery over');
        },
      });
      await this.confirmations.add({ id: d.id, attempts: d.attempts, reply: response });
      return true;
    } catch (err) {
      // The server refused, or the connection broke before it confirmed: as any SMTP client, try again later.
      const failed = d.attempts >= MAX_ATTEMPTS;
      await this.db.query(
        `UPDATE bulletin_delivery SET state = $3, handed_over_at = NULL, last_error = $4, next_attempt_at = now() + make_interval(secs => $5)
          WHERE id = $1 AND attempts = $2 AND state = 'sending'`,
        [d.id, d.attempts, failed ? 'failed' : 'pending', (err as Error).message.slice(0, 500), Math.min(3600, this.config.MAIL_RETRY_BASE_SECONDS * 2 ** (d.attempts - 1))],
      );
      return false;
    }
  }
}
