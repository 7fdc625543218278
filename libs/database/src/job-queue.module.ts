import { DynamicModule, Module, OnApplicationShutdown } from '@nestjs/common';
import { JobQueue, JobQueueOptions } from './job-queue';

class JobQueueLifecycle implements OnApplicationShutdown {
  constructor(private readonly queue: JobQueue) {}
  async onApplicationShutdown(): Promise<void> {
    await this.queue.stop();
  }
}

/** Provides a started JobQueue to the whole app and stops it on shutdown. */
@Module({})
export class JobQueueModule {
  static forRoot(options: JobQueueOptions): DynamicModule {
    return {
      module: JobQueueModule,
      global: true,
      providers: [
        {
          provide: JobQueue,
          useFactory: async () => {
            const queue = new JobQueue(options);
            await queue.start();
            return queue;
          },
        },
        { provide: JobQueueLifecycle, useFactory: (q: JobQueue) => new JobQueueLifecycle(q), inject: [JobQueue] },
      ],
      exports: [JobQueue],
    };
  }
}
