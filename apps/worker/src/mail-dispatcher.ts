import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { WorkerConfig } from '@roundtable/config';
import { JobQueue, QUEUES } from '@roundtable/database';
import { MailMessage, MailTransport } from '@roundtable/mail';
import { WORKER_CONFIG } from './worker-config';

/** Sends the messages queued in `mail-send` over SMTP; failed sends are retried with backoff by the queue. */
@Injectable()
export class MailDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(MailDispatcher.name);
  private readonly transport: MailTransport;

  constructor(
    private readonly queue: JobQueue,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
  ) {
    this.transport = new MailTransport(config.SMTP_URL, config.MAIL_FROM);
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.work<MailMessage>(
      QUEUES.mail,
      { batchSize: this.config.MAIL_BATCH_SIZE, pollingIntervalSeconds: this.config.QUEUE_POLL_SECONDS },
      async (message, jobId) => {
        await this.transport.send({ ...message, headers: { ...message.headers, 'X-Roundtable-Job': jobId } });
      },
    );
    this.logger.log(`working queue ${QUEUES.mail}`);
  }

  onApplicationShutdown(): void {
    this.transport.close();
  }
}
