import { MigrationInterface, QueryRunner } from 'typeorm';

const AUDIENCES = `ARRAY['partner_staff','volunteers','employers','public']::text[]`;

/** Legal-change bulletins: the working copy, immutable published versions, and the review trail. */
export class Bulletins1763900500000 implements MigrationInterface {
  name = 'Bulletins1763900500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE bulletin (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        state text NOT NULL DEFAULT 'draft',
        author_member_id uuid NOT NULL,
        author_organisation_id uuid,
        version integer NOT NULL DEFAULT 1,
        audiences text[] NOT NULL,
        legal_refs text[] NOT NULL DEFAULT '{}',
        provisions jsonb NOT NULL DEFAULT '[]',
        variants jsonb NOT NULL,
        change_note text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT bulletin_state_check CHECK (state IN ('draft','in_review','published','withdrawn')),
        CONSTRAINT bulletin_audiences_check CHECK (cardinality(audiences) >= 1 AND audiences <@ ${AUDIENCES}),
        CONSTRAINT bulletin_variants_check CHECK (variants ? 'de'),
        CONSTRAINT bulletin_author_member_id_fkey FOREIGN KEY (author_member_id) REFERENCES member (id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX bulletin_state_idx ON bulletin (state, updated_at)`);
    await q.query(`
      CREATE TABLE bulletin_version (
        bulletin_id uuid NOT NULL,
        version integer NOT NULL,
        published_at timestamptz NOT NULL DEFAULT now(),
        published_by uuid NOT NULL,
        audiences text[] NOT NULL,
        legal_refs text[] NOT NULL,
        provisions jsonb NOT NULL,
        variants jsonb NOT NULL,
        change_note text,
        CONSTRAINT bulletin_version_pkey PRIMARY KEY (bulletin_id, version),
        CONSTRAINT bulletin_version_bulletin_id_fkey FOREIGN KEY (bulletin_id) REFERENCES bulletin (id) ON DELETE CASCADE,
        CONSTRAINT bulletin_version_published_by_fkey FOREIGN KEY (published_by) REFERENCES member (id) ON DELETE RESTRICT
      )`);
    await q.query(`
      CREATE TABLE bulletin_review_event (
        id bigserial PRIMARY KEY,
        bulletin_id uuid NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        actor_member_id uuid NOT NULL,
        step text NOT NULL,
        from_state text NOT NULL,
        to_state text NOT NULL,
        note text,
        CONSTRAINT bulletin_review_event_bulletin_id_fkey FOREIGN KEY (bulletin_id) REFERENCES bulletin (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX bulletin_review_event_bulletin_idx ON bulletin_review_event (bulletin_id, at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE bulletin_review_event`);
    await q.query(`DROP TABLE bulletin_version`);
    await q.query(`DROP TABLE bulletin`);
  }
}
