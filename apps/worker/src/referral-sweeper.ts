import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { WorkerConfig } from '@roundtable/config';
import { JobQueue, QUEUES } from '@roundtable/database';
import { FINAL_STATES, ReferralNotifications } from '@roundtable/referrals';
import { WORKER_CONFIG } from './worker-config';

/**
 * Every few minutes: referrals without activity for REFERRAL_EXPIRY_DAYS expire, and referrals that became
 * overdue (deadline passed, or no reaction within the receiving organisation's response time) are reported
 * once to both sides.
 */
@Injectable()
export class ReferralSweeper implements OnApplicationBootstrap {
  private readonly logger = new Logger(ReferralSweeper.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queue: JobQueue,
    private readonly notifications: ReferralNotifications,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.work(QUEUES.referralSweep, { batchSize: 1, pollingIntervalSeconds: this.config.QUEUE_POLL_SECONDS }, () => this.sweep().then(() => undefined));
    await this.queue.schedule(QUEUES.referralSweep, this.config.REFERRAL_SWEEP_CRON);
  }

  async sweep(): Promise<{ expired: number; overdue: number }> {
    const expired: Array<{ id: string; event_id: string }> = await this.db.transaction(async (tx) => {
      // TypeORM answers an UPDATE ... RETURNING with [rows, count].
      const [moved]: [Array<{ id: string; from_state: string }>, number] = await tx.query(
        `WITH due AS (
           SELECT id, state FROM referral
            WHERE state IN ('sent','accepted','in_progress','on_hold') AND last_activity_at < now() - make_interval(days => $1)
            FOR UPDATE SKIP LOCKED)
         UPDATE referral r SET state = 'expired', closed_at = now(), last_activity_at = now()
           FROM due WHERE r.id = due.id
         RETURNING r.id, due.state AS from_state`,
        [this.config.REFERRAL_EXPIRY_DAYS],
      );
      const events = [];
      for (const m of moved) {
        const [event] = await tx.query(
          `INSERT INTO referral_event (referral_id, from_state, to_state, note) VALUES ($1, $2, 'expired', $3) RETURNING id AS event_id, referral_id AS id`,
          [m.id, m.from_state, `no activity for ${this.config.REFERRAL_EXPIRY_DAYS} days`],
        );
        events.push(event);
      }
      return events;
    });
    for (const e of expired) await this.notifications.changed(e.id, `event/${e.event_id}`, 'system');

    const [overdue]: [Array<{ id: string }>, number] = await this.db.query(
      `UPDATE referral r SET overdue_notified_at = now()
         FROM organisation t
        WHERE t.id = r.to_organisation_id AND r.overdue_notified_at IS NULL
          AND r.state NOT IN (${FINAL_STATES.map((s) => `'${s}'`).join(',')})
          AND ((r.deadline IS NOT NULL AND r.deadline < (now() AT TIME ZONE 'Europe/Berlin')::date)
               OR (r.state = 'sent' AND r.sent_at + make_interval(days => t.response_time_days) < now()))
        RETURNING r.id`,
    );
    for (const o of overdue) await this.notifications.overdue(o.id);
    if (expired.length || overdue.length) this.logger.log(`referrals: ${expired.length} expired, ${overdue.length} overdue reported`);
    return { expired: expired.length, overdue: overdue.length };
  }
}
