import { MigrationInterface, QueryRunner } from 'typeorm';

/** Single-use mail links for referrals, and when an overdue referral was last reported. */
export class ReferralNotifications1763900400000 implements MigrationInterface {
  name = 'ReferralNotifications1763900400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE referral_link_use (
        jti uuid PRIMARY KEY,
        used_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`ALTER TABLE referral ADD COLUMN overdue_notified_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE referral DROP COLUMN overdue_notified_at`);
    await q.query(`DROP TABLE referral_link_use`);
  }
}
