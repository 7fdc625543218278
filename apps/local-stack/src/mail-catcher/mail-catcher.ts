import express from 'express';
import type { Server } from 'node:http';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { escapeHtml } from '../realm/realm-pages';

export interface CaughtMail {
  id: number;
  receivedAt: string;
  envelope: { from: string | null; to: string[] };
  from: string;
  to: string;
  subject: string;
  text: string;
  html: string | null;
  headers: Record<string, string>;
  /** Attachments and alternative parts such as a text/calendar invitation; text parts as UTF-8, others base64. */
  attachments: Array<{ filename: string | null; contentType: string; content: string }>;
}

/**
 * A local SMTP server that keeps what it receives in memory (the newest 500 messages) and a page
 * that lists them, so a demo shows what recipients get. Tests read `GET /api/messages`.
 */
export class MailCatcher {
  private readonly messages: CaughtMail[] = [];
  private nextId = 1;
  private smtp?: SMTPServer;
  private web?: Server;

  async start(options: { smtpPort: number; webPort: number; host?: string }): Promise<void> {
    const host = options.host ?? '127.0.0.1';
    this.smtp = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      banner: 'Roundtable mail catcher',
      onData: (stream, session, callback) => {
        simpleParser(stream)
          .then((parsed) => {
            const headers: Record<string, string> = {};
            for (const line of parsed.headerLines) headers[line.key] = line.line.slice(line.line.indexOf(':') + 1).trim();
            this.messages.unshift({
              id: this.nextId++,
              receivedAt: new Date().toISOString(),
              envelope: {
                from: session.envelope.mailFrom ? session.envelope.mailFrom.address : null,
                to: session.envelope.rcptTo.map((r) => r.address),
              },
              from: parsed.from?.text ?? '',
              to: Array.isArray(parsed.to) ? parsed.to.map((a) => a.text).join(', ') : (parsed.to?.text ?? ''),
              subject: parsed.subject ?? '',
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : null,
              headers,
              attachments: parsed.attachments.map((a) => ({
                filename: a.filename ?? null,
                contentType: a.contentType,
                content: a.content.toString(a.contentType.startsWith('text/') ? 'utf8' : 'base64'),
              })),
            });
            this.messages.splice(500);
            callback();
          })
          .catch((err: Error) => callback(err));
      },
    });
    await new Promise<void>((resolve, reject) => {
      this.smtp!.once('error', reject);
      this.smtp!.listen(options.smtpPort, host, () => resolve());
    });
    this.smtp.on('error', (err) => console.warn(`mail catcher: ${err.message}`));
    this.web = this.app().listen(options.webPort, host);
    await new Promise<void>((resolve, reject) => this.web!.once('listening', resolve).once('error', reject));
  }

  list(): CaughtMail[] {
    return [...this.messages];
  }

  app(): express.Express {
    const app = express();
    app.disable('x-powered-by');
    app.get('/api/messages', (_req, res) => res.json(this.messages));
    app.delete('/api/messages', (_req, res) => {
      this.messages.length = 0;
      res.status(204).end();
    });
    app.get('/', (_req, res) => res.type('html').send(this.listPage()));
    app.get('/messages/:id', (req, res) => {
      const mail = this.messages.find((m) => m.id === Number(req.params.id));
      if (!mail) {
        res.status(404).type('html').send(page('Not found', '<h1>Message not found</h1><p><a href="/">All messages</a></p>'));
        return;
      }
      res.type('html').send(this.messagePage(mail));
    });
    app.get('/messages/:id/html', (req, res) => {
      const mail = this.messages.find((m) => m.id === Number(req.params.id));
      res.setHeader('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:");
      res.type('html').send(mail?.html ?? '');
    });
    return app;
  }

  private listPage(): string {
    const rows = this.messages
      .map(
        (m) =>
          `<tr><td><a href="/messages/${m.id}">${escapeHtml(m.subject || '(no subject)')}</a></td>` +
          `<td>${escapeHtml(m.to)}</td><td>${escapeHtml(m.from)}</td><td><time datetime="${m.receivedAt}">${escapeHtml(berlin(m.receivedAt))}</time></td></tr>`,
      )
      .join('');
    return page(
      'Caught mail',
      `<h1>Caught mail</h1>
<p>Mail sent by the local Roundtable stack lands here instead of in real inboxes. Newest first.</p>
${
  this.messages.length
    ? `<table><caption>${this.messages.length} messages</caption><thead><tr><th scope="col">Subject</th><th scope="col">To</th><th scope="col">From</th><th scope="col">Received (Europe/Berlin)</th></tr></thead><tbody>${rows}</tbody></table>`
    : '<p>No mail yet.</p>'
}`,
    );
  }

  private messagePage(m: CaughtMail): string {
    const headers = Object.entries(m.headers)
      .map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`)
      .join('');
    return page(
      m.subject,
      `<p><a href="/">All messages</a></p><h1>${escapeHtml(m.subject || '(no subject)')}</h1>
<h2>Text</h2><pre>${escapeHtml(m.text)}</pre>
${m.html ? `<h2>HTML</h2><iframe title="HTML version of the message" sandbox src="/messages/${m.id}/html"></iframe>` : ''}
<h2>Headers</h2><table><tbody>${headers}</tbody></table>`,
    );
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.smtp ? this.smtp.close(() => resolve()) : resolve()));
    await new Promise<void>((resolve) => (this.web ? this.web.close(() => resolve()) : resolve()));
  }
}

function berlin(iso: string): string {
  return new Date(iso).toLocaleString('de-DE', { timeZone: 'Europe/Berlin' });
}

function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} – Roundtable mail catcher</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;color:#111827;line-height:1.5}table{border-collapse:collapse;width:100%}
th,td{border-bottom:1px solid #d1d5db;padding:.4rem;text-align:left;vertical-align:top}pre{white-space:pre-wrap;background:#f3f4f6;padding:1rem}
iframe{width:100%;height:30rem;border:1px solid #9ca3af}a{color:#1d4ed8}</style></head><body><main>${body}</main></body></html>`;
}
