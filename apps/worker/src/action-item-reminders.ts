import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { WorkerConfig } from '@roundtable/config';
import { berlinToday } from '@roundtable/contracts';
import { JobQueue, QUEUES } from '@roundtable/database';
import { WORKER_CONFIG } from './worker-config';

/**
 * Reminds the owner organisation of a case conference's action item that it falls due (ACTION_REMINDER_DAYS
 * ahead), once. The mail names the conference, the agenda item's non-personal title and the date - not the
 * action's text, which may concern a client: that is read in the app, under the consent rules.
 */
@Injectable()
export class ActionItemReminders implements OnApplicationBootstrap {
  private readonly logger = new Logger(ActionItemReminders.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly queue: JobQueue,
    @Inject(WORKER_CONFIG) private readonly config: WorkerConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.queue.work(QUEUES.actionItemReminders, { batchSize: 1, pollingIntervalSeconds: this.config.QUEUE_POLL_SECONDS }, () => this.remind().then(() => undefined));
    await this.queue.schedule(QUEUES.actionItemReminders, this.config.REMINDER_CRON);
  }

  /** Sends the reminders now due; returns how many action items were reminded. */
  async remind(today = berlinToday()): Promise<number> {
    const due: Array<{ id: string; due_date: string; conference_id: string; conference_title: string; item_title: string; owner_organisation_id: string }> = await this.db.query(
      `SELECT a.id, to_char(a.due_date, 'YYYY-MM-DD') AS due_date, c.id AS conference_id, c.title AS conference_title, i.title AS item_title, a.owner_organisation_id
         FROM action_item a JOIN conference c ON c.id = a.conference_id JOIN agenda_item i ON i.id = a.item_id
        WHERE a.state = 'open' AND a.reminded_at IS NULL AND a.due_date <= $1::date + $2::int
        ORDER BY a.due_date LIMIT 500`,
      [today, this.config.ACTION_REMINDER_DAYS],
    );
    for (const a of due) {
      const staff: Array<{ id: string; email: string; language: string }> = await this.db.query(
        `SELECT id, email, language FROM member WHERE organisation_id = $1 AND email IS NOT NULL
            AND roles && ARRAY['integration-manager','caseworker','abh-liaison']::text[]`,
        [a.owner_organisation_id],
      );
      for (const m of staff) {
        const de = m.language !== 'en';
        await this.queue.send(
          QUEUES.mail,
          {
            to: m.email,
            subject: de ? `Roundtable: Aufgabe fällig am ${a.due_date}` : `Roundtable: action item due on ${a.due_date}`,
            text: [
              de ? `Ihre Organisation hat in der Fallkonferenz „${a.conference_title}“ eine Aufgabe übernommen.` : `Your organisation took on an action item in the case conference "${a.conference_title}".`,
              `${de ? 'Tagesordnungspunkt' : 'Agenda item'}: ${a.item_title}`,
              `${de ? 'Fällig am' : 'Due on'}: ${a.due_date}`,
              `${de ? 'Öffnen' : 'Open'}: ${this.config.PUBLIC_URL}/conferences/${a.conference_id}`,
            ].join('\n'),
          },
          { singletonKey: `action-reminder:${a.id}:${m.id}` },
        );
      }
      await this.db.query('UPDATE action_item SET reminded_at = now() WHERE id = $1', [a.id]);
    }
    if (due.length) this.logger.log(`${due.length} action item(s) reminded`);
    return due.length;
  }
}
