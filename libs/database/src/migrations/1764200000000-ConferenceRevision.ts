import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Every change to a live room raises its conference's revision in the same transaction (whose row lock also
 * puts concurrent changes to one room in order), so that clients served by several api instances keep the
 * newest state whatever order the broadcasts arrive in. Speaking time per organisation sums the speeches of
 * one conference: an index to read them without scanning other conferences' lists.
 */
export class ConferenceRevision1764200000000 implements MigrationInterface {
  name = 'ConferenceRevision1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE conference ADD COLUMN revision integer NOT NULL DEFAULT 0`);
    await q.query(`CREATE INDEX speaker_entry_conference_idx ON speaker_entry (conference_id, state)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX speaker_entry_conference_idx`);
    await q.query(`ALTER TABLE conference DROP COLUMN revision`);
  }
}
