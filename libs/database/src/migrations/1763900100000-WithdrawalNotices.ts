import { MigrationInterface, QueryRunner } from 'typeorm';

/** A withdrawn consent reaches every organisation that received data under it; each acknowledges. */
export class WithdrawalNotices1763900100000 implements MigrationInterface {
  name = 'WithdrawalNotices1763900100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE withdrawal_notice (
        consent_id uuid NOT NULL,
        organisation_id uuid NOT NULL,
        notified_at timestamptz NOT NULL DEFAULT now(),
        acknowledged_at timestamptz,
        acknowledged_by uuid,
        CONSTRAINT withdrawal_notice_pkey PRIMARY KEY (consent_id, organisation_id),
        CONSTRAINT withdrawal_notice_consent_id_fkey FOREIGN KEY (consent_id) REFERENCES consent (id) ON DELETE CASCADE,
        CONSTRAINT withdrawal_notice_organisation_id_fkey FOREIGN KEY (organisation_id) REFERENCES organisation (id) ON DELETE CASCADE,
        CONSTRAINT withdrawal_notice_acknowledged_by_fkey FOREIGN KEY (acknowledged_by) REFERENCES member (id) ON DELETE SET NULL
      )`);
    await q.query(`CREATE INDEX withdrawal_notice_organisation_idx ON withdrawal_notice (organisation_id, acknowledged_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE withdrawal_notice`);
  }
}
