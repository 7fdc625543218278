import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { WorkerConfig } from '@roundtable/config';
import { DatabaseModule, JobQueueModule } from '@roundtable/database';
import { MailDispatcher } from './mail-dispatcher';
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
      providers: [{ provide: WORKER_CONFIG, useValue: config }, MailDispatcher],
    };
  }
}
