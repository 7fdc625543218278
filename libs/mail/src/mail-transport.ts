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
    this.transporter = nodemailer.createTransport(`${smtpUrl}${smtpUrl.includes("?") ? "&" : "?"}pool=true`);
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

  /** Checks the connection and, where the server asks for it, the credentials. */
  verify(): Promise<true> {
    return this.transporter.verify();
  }

  close(): void {
    this.transporter.close();
  }
}
