import { MigrationInterface, QueryRunner } from 'typeorm';

/** One row per (bulletin version, recipient): the unique key is what keeps a bulletin from reaching anybody twice. */
export class BulletinDeliveries1763900700000 implements MigrationInterface {
  name = 'BulletinDeliveries1763900700000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE bulletin_delivery (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        bulletin_id uuid NOT NULL,
        version integer NOT NULL,
        subscriber_id uuid,
        email text NOT NULL,
        language text NOT NULL,
        state text NOT NULL DEFAULT 'pending',
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        claimed_at timestamptz,
        sent_at timestamptz,
        last_error text,
        message_id text NOT NULL,
        unsubscribe_token_hash text,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT bulletin_delivery_once UNIQUE (bulletin_id, version, email),
        CONSTRAINT bulletin_delivery_state_check CHECK (state IN ('pending','sending','sent','failed')),
        CONSTRAINT bulletin_delivery_version_fkey FOREIGN KEY (bulletin_id, version) REFERENCES bulletin_version (bulletin_id, version) ON DELETE CASCADE,
        CONSTRAINT bulletin_delivery_subscriber_id_fkey FOREIGN KEY (subscriber_id) REFERENCES subscriber (id) ON DELETE SET NULL
      )`);
    await q.query(`CREATE INDEX bulletin_delivery_due_idx ON bulletin_delivery (state, next_attempt_at)`);
    await q.query(`CREATE UNIQUE INDEX bulletin_delivery_unsubscribe_key ON bulletin_delivery (unsubscribe_token_hash)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE bulletin_delivery`);
  }
}
