import { MigrationInterface, QueryRunner } from 'typeorm';
import { ADD_SPEECH, ROOM_CHANGE, ROOM_STATE, STOP_SPEAKERS } from './1764200000000-ConferenceRevision';

/**
 * Live rooms move from PostgreSQL functions into the api instance that hosts each room (RoomHostService): the
 * rules run in memory, and the database stores what changed. `room_epoch` counts the hosts a room has had: an
 * instance that takes the room raises it, and a host writes only under its own epoch, so a former host's late
 * write changes nothing. The room functions of ConferenceRevision are no longer used.
 */
export class RoomHosts1764300000000 implements MigrationInterface {
  name = 'RoomHosts1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE conference ADD COLUMN room_epoch integer NOT NULL DEFAULT 0`);
    await q.query(`DROP FUNCTION conference_room_change(uuid, uuid, uuid, jsonb)`);
    await q.query(`DROP FUNCTION conference_stop_speakers(uuid, uuid, text)`);
    await q.query(`DROP FUNCTION conference_add_speech(uuid, text, numeric)`);
    await q.query(`DROP FUNCTION conference_room_state(uuid)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const fn of [ROOM_STATE, ADD_SPEECH, STOP_SPEAKERS, ROOM_CHANGE]) await q.query(fn);
    await q.query(`ALTER TABLE conference DROP COLUMN room_epoch`);
  }
}
