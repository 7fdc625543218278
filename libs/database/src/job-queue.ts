import { Logger } from '@nestjs/common';
import PgBoss from 'pg-boss';

/** Queue names; every queue is created when the queue starts, before anything is sent to it. */
export const QUEUES = {
  mail: 'mail-send',
  referralSweep: 'referral-sweep',
  bulletinReminders: 'bulletin-reminders',
  actionItemReminders: 'action-item-reminders',
} as const;
export type QueueName = (typeof QUEUES)[keyof typeof QUEUES];

export interface JobQueueOptions {
  connectionString: string;
  /** Only workers run pg-boss maintenance (expiry, archiving); senders leave it off. */
  supervise: boolean;
}

/**
 * The job queue in PostgreSQL (pg-boss 10). pg-boss manages its own `pgboss` schema;
 * the application's schema stays under TypeORM migrations.
 */
export class JobQueue {
  private readonly logger = new Logger(JobQueue.name);
  private readonly boss: PgBoss;

  constructor(options: JobQueueOptions) {
    this.boss = new PgBoss({
      connectionString: options.connectionString,
      application_name: 'roundtable-jobs',
      max: 4,
      supervise: options.supervise,
      schedule: options.supervise,
      migrate: true,
    });
    this.boss.on('error', (err) => this.logger.error(`job queue: ${err.message}`));
  }

  async start(): Promise<void> {
    await this.boss.start();
    for (const name of Object.values(QUEUES)) {
      await this.boss.createQueue(name, { name, retryLimit: 5, retryDelay: 10, retryBackoff: true });
    }
  }

  send<T extends object>(queue: QueueName, data: T, options: PgBoss.SendOptions = {}): Promise<string | null> {
    return this.boss.send(queue, data, options);
  }

  /**
   * Handles jobs in batches; each job succeeds or fails on its own, so one bad job never
   * re-sends its neighbours.
   */
  async work<T extends object>(
    queue: QueueName,
    options: { batchSize: number; pollingIntervalSeconds: number },
    handle: (data: T, jobId: string) => Promise<void>,
  ): Promise<string> {
    return this.boss.work<T>(queue, options, async (jobs) => {
      await Promise.all(
        jobs.map(async (job) => {
          try {
            await handle(job.data, job.id);
          } catch (err) {
            this.logger.warn(`job ${queue}/${job.id} failed: ${(err as Error).message}`);
            await this.boss.fail(queue, job.id, { message: (err as Error).message });
          }
        }),
      );
    });
  }

  /** Runs a job on a cron schedule (Europe/Berlin); only one of many workers gets each run. */
  async schedule(queue: QueueName, cron: string): Promise<void> {
    await this.boss.schedule(queue, cron, {}, { tz: 'Europe/Berlin', singletonKey: queue });
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: true, wait: true, timeout: 10_000 });
  }
}
