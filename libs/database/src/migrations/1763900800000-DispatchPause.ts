import { MigrationInterface, QueryRunner } from 'typeorm';

/** A bulletin version's dispatch can pause itself after a burst of failures, until someone resumes it. */
export class DispatchPause1763900800000 implements MigrationInterface {
  name = 'DispatchPause1763900800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE bulletin_version ADD COLUMN dispatch_paused_at timestamptz`);
    await q.query(`ALTER TABLE bulletin_version ADD COLUMN dispatch_pause_reason text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE bulletin_version DROP COLUMN dispatch_pause_reason`);
    await q.query(`ALTER TABLE bulletin_version DROP COLUMN dispatch_paused_at`);
  }
}
