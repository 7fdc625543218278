import { Body, Controller, HttpCode, Post } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { Auth, AuthUser, CurrentUser } from '@roundtable/auth';
import { JobQueue, QUEUES } from '@roundtable/database';
import type { MailMessage } from '@roundtable/mail';
import { TestMailDto } from './test-mail.dto';

@ApiTags('operations')
@Controller('admin')
export class AdminController {
  constructor(private readonly queue: JobQueue) {}

  /**
   * Queues a test message through the worker and SMTP, so an operator can check that mail
   * leaves the platform. Answers with the queued job's id.
   */
  @Post('test-mail')
  @HttpCode(202)
  @Auth('network-admin')
  async testMail(@CurrentUser() user: AuthUser, @Body() body: TestMailDto): Promise<{ jobId: string }> {
    const message: MailMessage = {
      to: body.to,
      subject: 'Roundtable: Testnachricht / test message',
      text:
        `Diese Testnachricht hat ${user.displayName} über Roundtable verschickt. Der Versand funktioniert.\n\n` +
        `${user.displayName} sent this test message through Roundtable. Mail delivery works.\n`,
    };
    const jobId = await this.queue.send(QUEUES.mail, message);
    return { jobId: jobId! };
  }
}
