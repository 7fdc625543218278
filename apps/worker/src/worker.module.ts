import { DynamicModule, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import type { DataSource } from 'typeorm';
import type { WorkerConfig } from '@roundtable/config';
import { DatabaseModule, JobQueue, JobQueueModule } from '@roundtable/database';
import { ReferralNotifications } from '@roundtable/referrals';
import { ActionItemReminders } from './action-item-reminders';
import { BulletinDispatcher } from './bulletin-dispatcher';
import { BulletinReminders } from './bulletin-reminders';
import { MailDispatcher } from './mail-dispatcher';
import { ReferralSweeper } from './referral-sweeper';
import { SocketEmitter } from './socket-emitter';
import { WORKER_CONFIG } from './worker-config';

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
