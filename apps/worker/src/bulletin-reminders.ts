import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { WorkerConfig } from '@roundtable/config';
import { berlinToday } from '@roundtable/contracts';
import { JobQueue, QUEUES } from '@roundtable/database';
import { WORKER_CONFIG } from './worker-config';

/**
 * "In force today": on a provision's effective date, subscribers who asked for reminders get a mail naming the
 * provisions of that bulletin that take effect. Reminders are delivery rows like the bulletins themselves, so
 * the dispatcher sends them once, with retries, the rate window and one-click unsubscribe; running this often
 * (REMINDER_CRON) only catches up after downtime.
 */
@Injectable()
export class BulletinReminders implements OnApplicationBootstrap {
  private readonly logger = new Logger(BulletinReminders.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queue: JobQueue,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.work(QUEUES.bulletinReminders, { batchSize: 1, pollingIntervalSeconds: this.config.QUEUE_POLL_SECONDS }, () => this.queueReminders().then(() => undefined));
    await this.queue.schedule(QUEUES.bulletinReminders, this.config.REMINDER_CRON);
  }

  /**
   * Queues the reminders for `date` (a Berlin date), for bulletins published before that day that are not
   * withdrawn: to active subscribers with reminders on who are in the bulletin's audience or received it.
   * Returns how many were queued now.
   */
  async queueReminders(date = berlinToday()): Promise<number> {
    const rows: Array<{ id: string }> = await this.db.query(
      `INSERT INTO bulletin_delivery (bulletin_id, version, kind, ref, subscriber_id, email, language, message_id)
       SELECT v.bulletin_id, v.version, 'reminder', $1, s.id, s.email, s.language, '<' || gen_random_uuid() || '@roundtable>'
         FROM bulletin b
         JOIN LATERAL (SELECT * FROM bulletin_version WHERE bulletin_id = b.id ORDER BY version DESC LIMIT 1) v ON true
         JOIN subscriber s ON s.status = 'active' AND s.reminders
        WHERE b.state <> 'withdrawn'
          AND v.provisions @> jsonb_build_array(jsonb_build_object('effective', $1::text))
          AND (SELECT min(published_at) FROM bulletin_version WHERE bulletin_id = b.id) < ($1::date::timestamp AT TIME ZONE 'Europe/Berlin')
          AND (s.audiences && v.audiences
               OR EXISTS (SELECT 1 FROM bulletin_delivery d WHERE d.bulletin_id = b.id AND d.kind = 'bulletin' AND d.state = 'sent' AND d.subscriber_id = s.id))
       ON CONFLICT ON CONSTRAINT bulletin_delivery_once DO NOTHING
       RETURNING id`,
      [date],
    );
    if (rows.length) this.logger.log(`${rows.length} "in force today" reminder(s) queued for ${date}`);
    return rows.length;
  }
}
