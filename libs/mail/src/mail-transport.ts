import { Logger } from '@nestjs/common';
import nodemailer, { SendMailOptions, Transporter } from 'nodemailer';
import type { Readable } from 'node:stream';
import { HandOverGate } from './hand-over-gate';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
  headers?: Record<string, string>;
  /** A stable id (e.g. a delivery row's id) so receivers and logs can tell retries apart. */
  messageId?: string;
  /** An iCalendar invitation (text/calendar with its METHOD), e.g. for a case conference. */
  icalEvent?: { method: 'REQUEST' | 'CANCEL'; content: string };
  /**
   * Called once the whole message is with the server, just before the line that ends DATA; the message is
   * completed only if it resolves. See HandOverGate.
   */
  onHandOver?: () => Promise<void>;
}

export interface SentMail {
  messageId: string;
  /** The server's final reply, e.g. "250 2.0.0 Ok: queued as 4F1C2". */
  response: string;
}

interface ComposedMail {
  data: { onHandOver?: () => Promise<void> };
  message: { createReadStream(): Readable };
}

/** Sends mail over SMTP (SMTP_URL) with nodemailer, reusing connections. */
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
    // The gate goes around the finished message (after any signing), right before nodemailer's DATA encoder.
    this.transporter.use('stream', (mail, done) => {
      const { data, message } = mail as unknown as ComposedMail;
      const onHandOver = data.onHandOver;
      if (onHandOver) {
        const compose = message.createReadStream.bind(message);
        message.createReadStream = () => new HandOverGate(compose(), onHandOver);
      }
      done();
    });
  }

  async send(message: MailMessage): Promise<SentMail> {
    const info = await this.transporter.sendMail({
      from: this.from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      html: message.html,
      headers: message.headers,
      messageId: message.messageId,
      icalEvent: message.icalEvent && { ...message.icalEvent, filename: 'invite.ics' },
      onHandOver: message.onHandOver,
    } as SendMailOptions);
    this.logger.log(`mail sent to ${message.to}: ${info.messageId}`);
    return { messageId: info.messageId as string, response: String(info.response ?? '') };
  }

  close(): void {
    this.transporter.close();
  }
}
