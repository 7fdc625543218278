import { MigrationInterface, QueryRunner } from 'typeorm';

/** People who receive bulletins by mail, with or without an account; double opt-in. */
export class Subscribers1763900600000 implements MigrationInterface {
  name = 'Subscribers1763900600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE subscriber (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL,
        language text NOT NULL DEFAULT 'de',
        audiences text[] NOT NULL,
        status text NOT NULL DEFAULT 'pending',
        token_hash text NOT NULL,
        confirm_token_hash text,
        confirm_expires_at timestamptz,
        member_id uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        confirmed_at timestamptz,
        unsubscribed_at timestamptz,
        CONSTRAINT subscriber_email_check CHECK (email = lower(email) AND length(email) BETWEEN 3 AND 254),
        CONSTRAINT subscriber_language_check CHECK (language IN ('de','en','de-simple')),
        CONSTRAINT subscriber_audiences_check CHECK (cardinality(audiences) >= 1 AND audiences <@ ARRAY['partner_staff','volunteers','employers','public']::text[]),
        CONSTRAINT subscriber_status_check CHECK (status IN ('pending','active','unsubscribed')),
        CONSTRAINT subscriber_member_id_fkey FOREIGN KEY (member_id) REFERENCES member (id) ON DELETE SET NULL
      )`);
    await q.query(`CREATE UNIQUE INDEX subscriber_email_key ON subscriber (email)`);
    await q.query(`CREATE UNIQUE INDEX subscriber_token_key ON subscriber (token_hash)`);
    await q.query(`CREATE INDEX subscriber_active_idx ON subscriber (status, language)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE subscriber`);
  }
}
