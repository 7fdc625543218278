import { MigrationInterface, QueryRunner } from 'typeorm';

/** Who read and acknowledged a bulletin; questions and answers under it. */
export class BulletinReadsQuestions1763900900000 implements MigrationInterface {
  name = 'BulletinReadsQuestions1763900900000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE bulletin_read (
        bulletin_id uuid NOT NULL,
        member_id uuid NOT NULL,
        version integer NOT NULL,
        read_at timestamptz NOT NULL DEFAULT now(),
        acknowledged_at timestamptz,
        CONSTRAINT bulletin_read_pkey PRIMARY KEY (bulletin_id, member_id),
        CONSTRAINT bulletin_read_bulletin_id_fkey FOREIGN KEY (bulletin_id) REFERENCES bulletin (id) ON DELETE CASCADE,
        CONSTRAINT bulletin_read_member_id_fkey FOREIGN KEY (member_id) REFERENCES member (id) ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE bulletin_question (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        bulletin_id uuid NOT NULL,
        asked_by uuid NOT NULL,
        body text NOT NULL,
        asked_at timestamptz NOT NULL DEFAULT now(),
        answer text,
        answered_by uuid,
        answered_at timestamptz,
        clarification boolean NOT NULL DEFAULT false,
        CONSTRAINT bulletin_question_body_check CHECK (length(body) BETWEEN 3 AND 4000),
        CONSTRAINT bulletin_question_bulletin_id_fkey FOREIGN KEY (bulletin_id) REFERENCES bulletin (id) ON DELETE CASCADE,
        CONSTRAINT bulletin_question_asked_by_fkey FOREIGN KEY (asked_by) REFERENCES member (id) ON DELETE RESTRICT,
        CONSTRAINT bulletin_question_answered_by_fkey FOREIGN KEY (answered_by) REFERENCES member (id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX bulletin_question_bulletin_idx ON bulletin_question (bulletin_id, asked_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE bulletin_question`);
    await q.query(`DROP TABLE bulletin_read`);
  }
}
