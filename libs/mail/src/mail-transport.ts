import { Logger } from '@nestjs/common';
import nodemailer, { Transporter } from 'nodemailer';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
  /** A stable id (e.g. a delivery row's id) so receivers and logs can tell retries apart. */
  messageId?: string;
}

/** Sends mail over SMTP (SMTP_URL) with nodemailer. */
export class MailTransport {
  private readonly logger = new Logger(MailTransport.name);
  private readonly transporter: Transporter;

  constructor(
    smtpUrl: string,
    private readonly from: string,
  ) {
    const url = new URL(smtpUrl);
    url.searchParams.set('pool', 'true'); // reuse connections across messages
    this.transporter = nodemailer.createTransport(url.toString());
  }

  async send(message: MailMessage): Promise<string> {
    const info = await this.transporter.sendMail({
      from: this.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      headers: message.headers,
      messageId: message.messageId,
    });
    this.logger.log(`mail sent to ${message.to}: ${info.messageId}`);
    return info.messageId;
  }

  close(): void {
    this.transporter.close();
  }
}
