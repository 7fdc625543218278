import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { AuthUser } from '@roundtable/auth';
import type { AcknowledgementShare, BulletinQuestionView } from '@roundtable/contracts';
import { BulletinQuestion } from '@roundtable/database';
import { BulletinsService } from './bulletins.service';

/** What readers do with a bulletin: read it, acknowledge it (partner staff), ask about it; the ABH answers. */
@Injectable()
export class BulletinFeedbackService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly bulletins: BulletinsService,
  ) {}

  /** Records that the member opened the published version (the read receipt). */
  async read(user: AuthUser, id: string): Promise<void> {
    const view = await this.bulletins.get(user, id);
    await this.db.query(
      `INSERT INTO bulletin_read (bulletin_id, member_id, version) VALUES ($1, $2, $3)
       ON CONFLICT (bulletin_id, member_id) DO UPDATE SET version = EXCLUDED.version, read_at = now()`,
      [id, user.memberId, view.version],
    );
  }

  async acknowledge(user: AuthUser, id: string): Promise<{ acknowledgedAt: string }> {
    const view = await this.bulletins.get(user, id);
    if (view.state !== 'published') throw new ConflictException({ code: 'not_published', message: 'Only a published bulletin can be acknowledged.' });
    const [row] = await this.db.query(
      `INSERT INTO bulletin_read (bulletin_id, member_id, version, acknowledged_at) VALUES ($1, $2, $3, now())
       ON CONFLICT (bulletin_id, member_id) DO UPDATE SET acknowledged_at = coalesce(bulletin_read.acknowledged_at, now())
       RETURNING acknowledged_at`,
      [id, user.memberId, view.version],
    );
    return { acknowledgedAt: (row.acknowledged_at as Date).toISOString() };
  }

  /** Per organisation: how many of its staff (members without only the volunteer role) read and acknowledged. */
  async shares(id: string): Promise<AcknowledgementShare[]> {
    const rows: Array<{ id: string; name: string; staff: number; read: number; acknowledged: number }> = await this.db.query(
      `SELECT o.id, o.name, count(m.id)::int AS staff, count(r.member_id)::int AS read, count(r.acknowledged_at)::int AS acknowledged
         FROM organisation o
         JOIN member m ON m.organisation_id = o.id AND m.roles && ARRAY['abh-liaison','integration-manager','caseworker','bulletin-editor','network-admin']::text[]
         LEFT JOIN bulletin_read r ON r.member_id = m.id AND r.bulletin_id = $1
        GROUP BY o.id ORDER BY o.name`,
      [id],
    );
    return rows.map((r) => ({ organisation: { id: r.id, name: r.name }, staff: r.staff, read: r.read, acknowledged: r.acknowledged, share: r.staff ? r.acknowledged / r.staff : 0 }));
  }

  async questions(user: AuthUser, id: string): Promise<BulletinQuestionView[]> {
    await this.bulletins.get(user, id);
    const questions = await this.db.getRepository(BulletinQuestion).find({ where: { bulletinId: id }, relations: { asker: true, answerer: true }, order: { askedAt: 'ASC' } });
    return questions.map((q) => ({
      id: q.id,
      body: q.body,
      askedBy: q.asker.displayName,
      askedAt: q.askedAt.toISOString(),
      answer: q.answer,
      answeredBy: q.answerer?.displayName ?? null,
      answeredAt: q.answeredAt?.toISOString() ?? null,
      clarification: q.clarification,
    }));
  }

  async ask(user: AuthUser, id: string, body: string): Promise<BulletinQuestionView> {
    const view = await this.bulletins.get(user, id);
    if (view.state !== 'published') throw new ConflictException({ code: 'not_published', message: 'Questions are asked under published bulletins.' });
    const saved = await this.db.getRepository(BulletinQuestion).save({ bulletinId: id, askedBy: user.memberId, body });
    return (await this.questions(user, id)).find((q) => q.id === saved.id)!;
  }

  /**
   * The ABH answers. An answer marked as a clarification is mailed to everyone who received the bulletin by mail
   * (and is still subscribed) - once per question, however often the answer is edited.
   */
  async answer(user: AuthUser, questionId: string, answer: string, clarification: boolean): Promise<BulletinQuestionView> {
    const question = await this.db.getRepository(BulletinQuestion).findOneBy({ id: questionId });
    if (!question) throw new NotFoundException({ code: 'question_not_found', message: `No question with id ${questionId}.` });
    await this.db.transaction(async (tx) => {
      await tx.getRepository(BulletinQuestion).update({ id: questionId }, { answer, answeredBy: user.memberId, answeredAt: new Date(), clarification });
      if (!clarification) return;
      await tx.query(
        `INSERT INTO bulletin_delivery (bulletin_id, version, kind, ref, subscriber_id, email, language, message_id)
         SELECT $1, (SELECT max(version) FROM bulletin_version WHERE bulletin_id = $1), 'clarification', $2, s.id, s.email, s.language, '<' || gen_random_uuid() || '@roundtable>'
           FROM subscriber s
          WHERE s.status = 'active'
            AND EXISTS (SELECT 1 FROM bulletin_delivery d WHERE d.bulletin_id = $1 AND d.kind = 'bulletin' AND d.state = 'sent' AND d.subscriber_id = s.id)
         ON CONFLICT ON CONSTRAINT bulletin_delivery_once DO NOTHING`,
        [question.bulletinId, questionId],
      );
    });
    return (await this.questions(user, question.bulletinId)).find((q) => q.id === questionId)!;
  }
}
