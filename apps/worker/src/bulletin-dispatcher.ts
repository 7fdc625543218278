import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { bulletinMail } from '@roundtable/bulletins';
import type { WorkerConfig } from '@roundtable/config';
import type { BulletinLanguage } from '@roundtable/contracts';
import { MailTransport } from '@roundtable/mail';
import { WORKER_CONFIG } from './worker-config';

/** After this many attempts a delivery is given up as failed. */
const MAX_ATTEMPTS = 6;
/** A claimed delivery whose worker vanished is taken back after this long. */
const LEASE_SECONDS = 120;

interface Claimed {
  id: string;
  bulletin_id: string;
  version: number;
  email: string;
  language: BulletinLanguage;
  attempts: number;
  message_id: string;
  variants: Record<string, never>;
  provisions: never[];
}

/**
 * Sends bulletin deliveries: claims due rows (FOR UPDATE SKIP LOCKED, so any number of workers share the work),
 * sends each through pooled SMTP with its fixed Message-ID, and marks it sent, or due again later with
 * exponential backoff, or failed after MAX_ATTEMPTS.
 */
@Injectable()
export class BulletinDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(BulletinDispatcher.name);
  private readonly transport: MailTransport;
  private timer?: NodeJS.Timeout;
  private running = false;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
  ) {
    this.transport = new MailTransport(config.SMTP_URL, config.MAIL_FROM);
  }

  onApplicationBootstrap(): void {
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
  }

  /** One round: sends what is due now; returns how many were sent. */
  async dispatch(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    let sent = 0;
    try {
      for (;;) {
        const [claimed]: [Claimed[], number] = await this.db.query(
          `UPDATE bulletin_delivery d SET state = 'sending', claimed_at = now(), attempts = d.attempts + 1
             FROM (SELECT id FROM bulletin_delivery
                    WHERE (state = 'pending' AND next_attempt_at <= now())
                       OR (state = 'sending' AND claimed_at < now() - make_interval(secs => $2))
                    ORDER BY next_attempt_at, id LIMIT $1 FOR UPDATE SKIP LOCKED) due,
                  bulletin_version v
            WHERE d.id = due.id AND v.bulletin_id = d.bulletin_id AND v.version = d.version
            RETURNING d.id, d.bulletin_id, d.version, d.email, d.language, d.attempts, d.message_id, v.variants, v.provisions`,
          [this.config.MAIL_BATCH_SIZE, LEASE_SECONDS],
        );
        if (!claimed.length) return sent;
        const results = await Promise.all(claimed.map((d) => this.send(d)));
        sent += results.filter(Boolean).length;
      }
    } finally {
      this.running = false;
    }
  }

  private async send(d: Claimed): Promise<boolean> {
    const unsubscribeToken = randomBytes(32).toString('base64url');
    const base = `${this.config.PUBLIC_URL}/api/public`;
    const variants = d.variants as unknown as Record<string, { title: string; summary: string; bodyMarkdown: string; bodyHtml: string }>;
    const variant = variants[d.language] ?? variants.de;
    try {
      await this.db.query('UPDATE bulletin_delivery SET unsubscribe_token_hash = $2 WHERE id = $1', [
        d.id,
        createHash('sha256').update(unsubscribeToken).digest('hex'),
      ]);
      await this.transport.send(
        bulletinMail({
          to: d.email,
          language: d.language,
          variant,
          provisions: d.provisions,
          unsubscribeUrl: `${base}/unsubscribe/${unsubscribeToken}`,
          preferencesUrl: `${base}/subscriptions/${unsubscribeToken}`,
          onlineUrl: `${base}/bulletins/${d.bulletin_id}?lang=${d.language}`,
          messageId: d.message_id,
        }),
      );
      await this.db.query(`UPDATE bulletin_delivery SET state = 'sent', sent_at = now(), last_error = NULL WHERE id = $1`, [d.id]);
      return true;
    } catch (err) {
      const failed = d.attempts >= MAX_ATTEMPTS;
      await this.db.query(
        `UPDATE bulletin_delivery SET state = $2, last_error = $3, next_attempt_at = now() + make_interval(secs => $4) WHERE id = $1`,
        [d.id, failed ? 'failed' : 'pending', (err as Error).message.slice(0, 500), Math.min(3600, this.config.MAIL_RETRY_BASE_SECONDS * 2 ** (d.attempts - 1))],
      );
      return false;
    }
  }
}
