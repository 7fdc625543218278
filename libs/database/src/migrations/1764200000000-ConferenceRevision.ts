import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The live room of a case conference changes in one statement per request (one round trip, whichever api
 * instance serves it): `conference_room_change` checks the request against the room's rules, applies it and
 * returns the room's new state; `conference_room_state` reads the state. Every change raises the conference's
 * revision first: its row lock puts concurrent changes to one room in order, and the revision lets clients
 * served by several api instances keep the newest state whatever order the broadcasts arrive in. Speaking time
 * per organisation is added up as each speech ends (conference.speaking_seconds), so reading the state does
 * not grow with the length of the conference. A refused request raises an exception whose DETAIL is the
 * refusal's code; the statement then changes nothing.
 */
export class ConferenceRevision1764200000000 implements MigrationInterface {
  name = 'ConferenceRevision1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE conference ADD COLUMN revision integer NOT NULL DEFAULT 0, ADD COLUMN speaking_seconds jsonb NOT NULL DEFAULT '{}'`);
    await q.query(`
      UPDATE conference c SET speaking_seconds = t.seconds
        FROM (SELECT conference_id, jsonb_object_agg(org, seconds) AS seconds
                FROM (SELECT conference_id, coalesce(organisation_id::text, '') AS org, sum(extract(epoch FROM ended_at - started_at)) AS seconds
                        FROM speaker_entry WHERE started_at IS NOT NULL AND ended_at IS NOT NULL GROUP BY 1, 2) per_org
               GROUP BY conference_id) t
       WHERE t.conference_id = c.id`);
    await q.query(`CREATE INDEX speaker_entry_conference_idx ON speaker_entry (conference_id, state)`);
    // A live conference's row changes with every request: room on its page keeps those updates in the page
    // (HOT updates, no index entries), and autovacuum comes by often enough to prune what they leave behind.
    await q.query(`ALTER TABLE conference SET (fillfactor = 50, autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 200)`);
    await q.query(`ALTER TABLE speaker_entry SET (autovacuum_vacuum_scale_factor = 0.02)`);
    await q.query(ROOM_STATE);
    await q.query(ADD_SPEECH);
    await q.query(STOP_SPEAKERS);
    await q.query(ROOM_CHANGE);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION conference_room_change(uuid, uuid, uuid, jsonb)`);
    await q.query(`DROP FUNCTION conference_stop_speakers(uuid, uuid, text)`);
    await q.query(`DROP FUNCTION conference_add_speech(uuid, text, numeric)`);
    await q.query(`DROP FUNCTION conference_room_state(uuid)`);
    await q.query(`ALTER TABLE speaker_entry RESET (autovacuum_vacuum_scale_factor)`);
    await q.query(`ALTER TABLE conference RESET (fillfactor, autovacuum_vacuum_scale_factor, autovacuum_vacuum_threshold)`);
    await q.query(`DROP INDEX speaker_entry_conference_idx`);
    await q.query(`ALTER TABLE conference DROP COLUMN revision, DROP COLUMN speaking_seconds`);
  }
}

/**
 * The room as everyone in it sees it (ConferenceRoomState without presence): the current speaker first, then
 * the waiting list. PL/pgSQL rather than SQL so that each connection plans the query once, not on every call.
 */
export const ROOM_STATE = `
CREATE FUNCTION conference_room_state(p_conference uuid) RETURNS json LANGUAGE plpgsql STABLE AS $fn$
BEGIN
  RETURN (SELECT json_build_object(
    'conferenceId', c.id, 'revision', c.revision, 'state', c.state, 'currentItemId', c.current_item_id,
    'moderator', json_build_object('id', m.id, 'displayName', m.display_name),
    'speakers', coalesce((
      SELECT json_agg(json_build_object(
               'id', s.id, 'member', json_build_object('id', s.member_id, 'displayName', sm.display_name),
               'organisation', CASE WHEN s.organisation_id IS NULL THEN NULL ELSE json_build_object('id', s.organisation_id, 'name', o.name) END,
               'kind', s.kind, 'state', s.state,
               'startedAt', to_char(s.started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
             ORDER BY s.state = 'speaking' DESC, s.position)
        FROM speaker_entry s JOIN member sm ON sm.id = s.member_id LEFT JOIN organisation o ON o.id = s.organisation_id
       WHERE s.conference_id = c.id AND s.state IN ('speaking','waiting') -- the index reads only the list, however long the meeting
         AND (s.state = 'speaking' OR s.item_id = c.current_item_id)), '[]'),
    'speakingTime', coalesce((
      SELECT json_agg(json_build_object(
               'organisation', CASE WHEN t.org IS NULL THEN NULL ELSE json_build_object('id', t.org, 'name', o.name) END,
               'seconds', round(t.seconds)::int) ORDER BY t.seconds DESC, o.name)
        FROM (SELECT org, sum(seconds) AS seconds
                FROM (SELECT nullif(e.key, '')::uuid AS org, e.value::numeric AS seconds FROM jsonb_each_text(c.speaking_seconds) e
                      UNION ALL -- the speech going on
                      SELECT s.organisation_id, extract(epoch FROM now() - s.started_at)::numeric FROM speaker_entry s
                       WHERE s.conference_id = c.id AND s.state = 'speaking') x
               GROUP BY org) t
        LEFT JOIN organisation o ON o.id = t.org), '[]'))
    FROM conference c JOIN member m ON m.id = c.moderator_member_id
   WHERE c.id = p_conference);
END
$fn$`;

/** Adds a finished speech's seconds to its organisation's ('' for none) speaking time in the conference. */
export const ADD_SPEECH = `
CREATE FUNCTION conference_add_speech(p_conference uuid, p_org text, p_seconds numeric) RETURNS void LANGUAGE plpgsql AS $fn$
BEGIN
  IF p_seconds IS NOT NULL THEN
    UPDATE conference SET speaking_seconds = jsonb_set(speaking_seconds, ARRAY[p_org], to_jsonb(coalesce((speaking_seconds->>p_org)::numeric, 0) + p_seconds))
     WHERE id = p_conference;
  END IF;
END
$fn$`;

/**
 * Takes entries off the list: the speech going on (p_entry NULL) or one entry, waiting or speaking. A speech
 * that ends adds its length to its organisation's speaking time. Returns how many entries it took off.
 */
export const STOP_SPEAKERS = `
CREATE FUNCTION conference_stop_speakers(p_conference uuid, p_entry uuid, p_state text) RETURNS integer LANGUAGE plpgsql AS $fn$
DECLARE
  r record;
  n integer := 0;
BEGIN
  -- Two statements rather than one with a condition on p_entry, so that each can use its index.
  IF p_entry IS NULL THEN
    FOR r IN
      UPDATE speaker_entry SET state = p_state, ended_at = now()
       WHERE conference_id = p_conference AND state = 'speaking'
      RETURNING coalesce(organisation_id::text, '') AS org, extract(epoch FROM ended_at - started_at)::numeric AS seconds
    LOOP
      n := n + 1;
      PERFORM conference_add_speech(p_conference, r.org, r.seconds);
    END LOOP;
  ELSE
    FOR r IN
      UPDATE speaker_entry SET state = p_state, ended_at = CASE WHEN state = 'speaking' THEN now() END
       WHERE id = p_entry AND conference_id = p_conference AND state IN ('waiting','speaking')
      RETURNING coalesce(organisation_id::text, '') AS org, extract(epoch FROM ended_at - started_at)::numeric AS seconds
    LOOP
      n := n + 1;
      PERFORM conference_add_speech(p_conference, r.org, r.seconds);
    END LOOP;
  END IF;
  RETURN n;
END
$fn$`;

/**
 * One request to the room by member p_member (of organisation p_organisation). p_request.action is one of
 * raise (pointOfOrder), withdraw, or the moderator's start, end, item (itemId), next-speaker,
 * remove-speaker (entryId), move-speaker (entryId, index). Returns the new state.
 */
export const ROOM_CHANGE = `
CREATE FUNCTION conference_room_change(p_conference uuid, p_member uuid, p_organisation uuid, p_request jsonb) RETURNS json LANGUAGE plpgsql AS $fn$
DECLARE
  c conference%ROWTYPE;
  v_action text := p_request->>'action';
  v_entry uuid := (p_request->>'entryId')::uuid;
  v_item uuid := (p_request->>'itemId')::uuid;
  v_index integer := (p_request->>'index')::integer;
  v_point_of_order boolean := coalesce((p_request->>'pointOfOrder')::boolean, false);
  v_position double precision;
  v_before double precision;
  v_after double precision;
  v_waiting integer;
  v_last_point double precision;
  v_first_hand double precision;
BEGIN
  UPDATE conference SET revision = revision + 1 WHERE id = p_conference RETURNING * INTO c;
  IF NOT FOUND THEN
    RAISE EXCEPTION 'No conference with id %.', p_conference USING DETAIL = 'conference_not_found';
  END IF;

  IF v_action = 'raise' THEN
    IF c.state <> 'live' OR c.current_item_id IS NULL THEN
      RAISE EXCEPTION 'Hands go up while the conference is live, on its current item.' USING DETAIL = 'not_live';
    END IF;
    IF EXISTS (SELECT 1 FROM speaker_entry WHERE item_id = c.current_item_id AND state = 'waiting' AND member_id = p_member) THEN
      RAISE EXCEPTION 'You are on the list already.' USING DETAIL = 'already_waiting';
    END IF;
    IF v_point_of_order THEN
      -- A point of order goes after earlier points of order, before every waiting hand.
      SELECT max(position) INTO v_last_point FROM speaker_entry WHERE item_id = c.current_item_id AND state = 'waiting' AND kind = 'point_of_order';
      SELECT min(position) INTO v_first_hand FROM speaker_entry
       WHERE item_id = c.current_item_id AND state = 'waiting' AND kind = 'hand' AND (v_last_point IS NULL OR position > v_last_point);
      v_position := CASE WHEN v_last_point IS NOT NULL AND v_first_hand IS NOT NULL THEN (v_last_point + v_first_hand) / 2
                         WHEN v_last_point IS NOT NULL THEN v_last_point + 1
                         WHEN v_first_hand IS NOT NULL THEN v_first_hand - 1
                         ELSE 1 END;
    ELSE
      SELECT coalesce(max(position), 0) + 1 INTO v_position FROM speaker_entry WHERE item_id = c.current_item_id AND state = 'waiting';
    END IF;
    INSERT INTO speaker_entry (conference_id, item_id, member_id, organisation_id, kind, position)
    VALUES (c.id, c.current_item_id, p_member, p_organisation,
            CASE WHEN v_point_of_order THEN 'point_of_order' ELSE 'hand' END, v_position);
    RETURN conference_room_state(c.id);
  END IF;

  IF v_action = 'withdraw' THEN
    UPDATE speaker_entry SET state = 'removed' WHERE conference_id = c.id AND member_id = p_member AND state = 'waiting';
    IF NOT FOUND THEN
      RAISE EXCEPTION 'You are not on the list.' USING DETAIL = 'not_waiting';
    END IF;
    RETURN conference_room_state(c.id);
  END IF;

  -- Everything else is the moderator's.
  IF c.moderator_member_id IS DISTINCT FROM p_member THEN
    RAISE EXCEPTION 'Only the moderator can do this.' USING DETAIL = 'not_moderator';
  END IF;
  IF v_action = 'start' THEN
    IF c.state <> 'scheduled' THEN
      RAISE EXCEPTION 'The conference is %; only a scheduled one starts.', c.state USING DETAIL = 'state';
    END IF;
    UPDATE conference SET state = 'live', started_at = now(),
           current_item_id = (SELECT id FROM agenda_item WHERE conference_id = c.id ORDER BY position LIMIT 1)
     WHERE id = c.id;
    RETURN conference_room_state(c.id);
  END IF;
  IF v_action NOT IN ('end', 'item', 'next-speaker', 'remove-speaker', 'move-speaker') THEN
    RAISE EXCEPTION 'Unknown moderator action.' USING DETAIL = 'unknown_action';
  END IF;
  IF c.state <> 'live' THEN
    RAISE EXCEPTION 'The conference is %.', c.state USING DETAIL = 'not_live';
  END IF;

  IF v_action = 'remove-speaker' THEN
    IF v_entry IS NULL OR conference_stop_speakers(c.id, v_entry, 'removed') = 0 THEN
      RAISE EXCEPTION 'Nobody with that entry is on the list.' USING DETAIL = 'speaker_not_found';
    END IF;
  ELSIF v_action = 'move-speaker' THEN
    IF NOT EXISTS (SELECT 1 FROM speaker_entry WHERE id = v_entry AND item_id = c.current_item_id AND state = 'waiting') THEN
      RAISE EXCEPTION 'Nobody with that entry is waiting.' USING DETAIL = 'speaker_not_found';
    END IF;
    SELECT count(*) INTO v_waiting FROM speaker_entry WHERE item_id = c.current_item_id AND state = 'waiting';
    IF v_index IS NULL OR v_index < 0 OR v_index >= v_waiting THEN
      RAISE EXCEPTION 'index must be between 0 and %.', v_waiting - 1 USING DETAIL = 'bad_index';
    END IF;
    -- Between the neighbours it gets among the others.
    SELECT max(position) FILTER (WHERE n = v_index), max(position) FILTER (WHERE n = v_index + 1) INTO v_before, v_after
      FROM (SELECT position, row_number() OVER (ORDER BY position) AS n FROM speaker_entry
             WHERE item_id = c.current_item_id AND state = 'waiting' AND id <> v_entry) others;
    v_position := CASE WHEN v_before IS NULL THEN coalesce(v_after, 1) - 1 WHEN v_after IS NULL THEN v_before + 1 ELSE (v_before + v_after) / 2 END;
    UPDATE speaker_entry SET position = v_position WHERE id = v_entry;
  ELSE
    -- end, item and next-speaker end the speech going on.
    PERFORM conference_stop_speakers(c.id, NULL, 'done');
    IF v_action = 'end' THEN
      UPDATE conference SET state = 'ended', ended_at = now() WHERE id = c.id;
    ELSIF v_action = 'item' THEN
      IF NOT EXISTS (SELECT 1 FROM agenda_item WHERE id = v_item AND conference_id = c.id) THEN
        RAISE EXCEPTION 'No such item on this agenda.' USING DETAIL = 'item_not_found';
      END IF;
      UPDATE conference SET current_item_id = v_item WHERE id = c.id;
    ELSE
      UPDATE speaker_entry SET state = 'speaking', started_at = now()
       WHERE id = (SELECT id FROM speaker_entry WHERE item_id = c.current_item_id AND state = 'waiting' ORDER BY position LIMIT 1);
    END IF;
  END IF;
  RETURN conference_room_state(c.id);
END
$fn$`;
