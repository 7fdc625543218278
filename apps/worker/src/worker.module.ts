import { DynamicModule, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { Pool } from 'pg';
import type { DataSource } from 'typeorm';
import type { WorkerConfig } from '@roundtable/config';
import { EVENTS_CHANNEL, type ReferralChangedEvent } from '@roundtable/contracts';
import { DatabaseModule, JobQueue, JobQueueModule } from '@roundtable/database';
import { ReferralNotifications } from '@roundtable/referrals';
import { ActionItemReminders } from './action-item-reminders';
import { BulletinDispatcher } from './bulletin-dispatcher';
import { BulletinReminders } from './bulletin-reminders';
import { MailDispatcher } from './mail-dispatcher';
import { ReferralSweeper } from './referral-sweeper';
import { WORKER_CONFIG } from './worker-config';

/** Publishes events for the members' sockets: every api instance listens on EVENTS_CHANNEL and passes them on. */
class SocketEmitter implements OnApplicationShutdown {
  private readonly pool: Pool;
  constructor(databaseUrl: string) {
    this.pool = new Pool({ connectionString: databaseUrl, max: 1, application_name: 'roundtable-worker-events' });
    this.pool.on('error', (err) => new Logger('SocketEmitter').warn(err.message));
  }
  referralChanged(data: ReferralChangedEvent): void {
    this.pool
      .query('SELECT pg_notify($1, $2)', [EVENTS_CHANNEL, JSON.stringify({ event: 'referral.changed', data })])
      .catch((err: Error) => new Logger('SocketEmitter').warn(err.message));
  }
  async onApplicationShutdown(): Promise<void> {
    await this.pool.end().catch(() => undefined);
  }
}

@Module({})
export class WorkerModule {
  static forRoot(config: WorkerConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        LoggerModule.forRoot({ pinoHttp: { level: config.LOG_LEVEL } }),
        DatabaseModule.forRoot({ url: config.DATABASE_URL, poolSize: 4 }),
        JobQueueModule.forRoot({ connectionString: config.DATABASE_URL, supervise: true }),
      ],
      providers: [
        { provide: WORKER_CONFIG, useValue: config },
        { provide: SocketEmitter, useFactory: () => new SocketEmitter(config.DATABASE_URL) },
        {
          provide: ReferralNotifications,
          useFactory: (db: DataSource, queue: JobQueue, sockets: SocketEmitter) =>
            new ReferralNotifications({
              db,
              queue,
              emit: (event) => sockets.referralChanged(event),
              publicUrl: config.PUBLIC_URL,
            }),
          inject: [getDataSourceToken(), JobQueue, SocketEmitter],
        },
        MailDispatcher,
        ReferralSweeper,
        BulletinDispatcher,
        BulletinReminders,
        ActionItemReminders,
      ],
    };
  }
}
