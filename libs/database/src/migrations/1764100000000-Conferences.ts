import { MigrationInterface, QueryRunner } from 'typeorm';

/** Case conferences: series, meetings, invitees and their answers, agenda items, the list of speakers, decisions, action items. */
export class Conferences1764100000000 implements MigrationInterface {
  name = 'Conferences1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE conference_series (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title text NOT NULL,
        recurrence text NOT NULL,
        convenor_member_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT conference_series_recurrence_check CHECK (recurrence IN ('weekly','biweekly','monthly')),
        CONSTRAINT conference_series_convenor_member_id_fkey FOREIGN KEY (convenor_member_id) REFERENCES member (id) ON DELETE RESTRICT
      )`);
    await q.query(`
      CREATE TABLE conference (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        series_id uuid,
        title text NOT NULL,
        starts_at timestamptz NOT NULL,
        duration_minutes integer NOT NULL,
        online_url text,
        room text,
        convenor_member_id uuid NOT NULL,
        convenor_organisation_id uuid NOT NULL,
        moderator_member_id uuid NOT NULL,
        state text NOT NULL DEFAULT 'scheduled',
        sequence integer NOT NULL DEFAULT 0,
        started_at timestamptz,
        ended_at timestamptz,
        minutes_sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT conference_title_check CHECK (length(title) BETWEEN 3 AND 200),
        CONSTRAINT conference_duration_check CHECK (duration_minutes BETWEEN 5 AND 600),
        CONSTRAINT conference_place_check CHECK (online_url IS NOT NULL OR room IS NOT NULL),
        CONSTRAINT conference_state_check CHECK (state IN ('scheduled','live','ended','cancelled')),
        CONSTRAINT conference_series_id_fkey FOREIGN KEY (series_id) REFERENCES conference_series (id) ON DELETE SET NULL,
        CONSTRAINT conference_convenor_member_id_fkey FOREIGN KEY (convenor_member_id) REFERENCES member (id) ON DELETE RESTRICT,
        CONSTRAINT conference_convenor_organisation_id_fkey FOREIGN KEY (convenor_organisation_id) REFERENCES organisation (id) ON DELETE RESTRICT,
        CONSTRAINT conference_moderator_member_id_fkey FOREIGN KEY (moderator_member_id) REFERENCES member (id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX conference_starts_idx ON conference (starts_at)`);
    await q.query(`CREATE INDEX conference_series_idx ON conference (series_id, starts_at)`);
    await q.query(`
      CREATE TABLE conference_invitee (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        conference_id uuid NOT NULL,
        member_id uuid,
        organisation_id uuid,
        CONSTRAINT conference_invitee_one_check CHECK ((member_id IS NULL) <> (organisation_id IS NULL)),
        CONSTRAINT conference_invitee_member_key UNIQUE (conference_id, member_id),
        CONSTRAINT conference_invitee_organisation_key UNIQUE (conference_id, organisation_id),
        CONSTRAINT conference_invitee_conference_id_fkey FOREIGN KEY (conference_id) REFERENCES conference (id) ON DELETE CASCADE,
        CONSTRAINT conference_invitee_member_id_fkey FOREIGN KEY (member_id) REFERENCES member (id) ON DELETE CASCADE,
        CONSTRAINT conference_invitee_organisation_id_fkey FOREIGN KEY (organisation_id) REFERENCES organisation (id) ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE conference_response (
        conference_id uuid NOT NULL,
        member_id uuid NOT NULL,
        answer text NOT NULL,
        answered_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT conference_response_pkey PRIMARY KEY (conference_id, member_id),
        CONSTRAINT conference_response_answer_check CHECK (answer IN ('yes','no','maybe')),
        CONSTRAINT conference_response_conference_id_fkey FOREIGN KEY (conference_id) REFERENCES conference (id) ON DELETE CASCADE,
        CONSTRAINT conference_response_member_id_fkey FOREIGN KEY (member_id) REFERENCES member (id) ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE agenda_item (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        conference_id uuid NOT NULL,
        position integer NOT NULL,
        kind text NOT NULL,
        title text NOT NULL,
        client_id uuid,
        categories text[] NOT NULL DEFAULT '{}',
        bulletin_id uuid,
        time_box_minutes integer NOT NULL,
        presenting_organisation_id uuid NOT NULL,
        minutes text NOT NULL DEFAULT '',
        minutes_version integer NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT agenda_item_kind_check CHECK (kind IN ('case','topic')),
        CONSTRAINT agenda_item_case_check CHECK ((kind = 'case') = (client_id IS NOT NULL)),
        CONSTRAINT agenda_item_categories_check CHECK (kind = 'topic' OR cardinality(categories) >= 1),
        CONSTRAINT agenda_item_title_check CHECK (length(title) BETWEEN 3 AND 200),
        CONSTRAINT agenda_item_time_box_check CHECK (time_box_minutes BETWEEN 1 AND 240),
        CONSTRAINT agenda_item_conference_id_fkey FOREIGN KEY (conference_id) REFERENCES conference (id) ON DELETE CASCADE,
        CONSTRAINT agenda_item_client_id_fkey FOREIGN KEY (client_id) REFERENCES client (id) ON DELETE RESTRICT,
        CONSTRAINT agenda_item_bulletin_id_fkey FOREIGN KEY (bulletin_id) REFERENCES bulletin (id) ON DELETE SET NULL,
        CONSTRAINT agenda_item_presenting_organisation_id_fkey FOREIGN KEY (presenting_organisation_id) REFERENCES organisation (id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX agenda_item_conference_idx ON agenda_item (conference_id, position)`);
    await q.query(`
      ALTER TABLE conference ADD COLUMN current_item_id uuid,
        ADD CONSTRAINT conference_current_item_id_fkey FOREIGN KEY (current_item_id) REFERENCES agenda_item (id) ON DELETE SET NULL`);
    await q.query(`
      CREATE TABLE speaker_entry (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        conference_id uuid NOT NULL,
        item_id uuid NOT NULL,
        member_id uuid NOT NULL,
        organisation_id uuid,
        kind text NOT NULL,
        position double precision NOT NULL,
        state text NOT NULL DEFAULT 'waiting',
        requested_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        ended_at timestamptz,
        CONSTRAINT speaker_entry_kind_check CHECK (kind IN ('hand','point_of_order')),
        CONSTRAINT speaker_entry_state_check CHECK (state IN ('waiting','speaking','done','removed')),
        CONSTRAINT speaker_entry_conference_id_fkey FOREIGN KEY (conference_id) REFERENCES conference (id) ON DELETE CASCADE,
        CONSTRAINT speaker_entry_item_id_fkey FOREIGN KEY (item_id) REFERENCES agenda_item (id) ON DELETE CASCADE,
        CONSTRAINT speaker_entry_member_id_fkey FOREIGN KEY (member_id) REFERENCES member (id) ON DELETE CASCADE,
        CONSTRAINT speaker_entry_organisation_id_fkey FOREIGN KEY (organisation_id) REFERENCES organisation (id) ON DELETE SET NULL
      )`);
    await q.query(`CREATE INDEX speaker_entry_item_idx ON speaker_entry (item_id, state, position)`);
    await q.query(`
      CREATE TABLE conference_decision (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        item_id uuid NOT NULL,
        text text NOT NULL,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT conference_decision_text_check CHECK (length(text) BETWEEN 2 AND 2000),
        CONSTRAINT conference_decision_item_id_fkey FOREIGN KEY (item_id) REFERENCES agenda_item (id) ON DELETE CASCADE,
        CONSTRAINT conference_decision_created_by_fkey FOREIGN KEY (created_by) REFERENCES member (id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX conference_decision_item_idx ON conference_decision (item_id, created_at)`);
    await q.query(`
      CREATE TABLE action_item (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        conference_id uuid NOT NULL,
        item_id uuid NOT NULL,
        text text NOT NULL,
        owner_organisation_id uuid NOT NULL,
        due_date date NOT NULL,
        state text NOT NULL DEFAULT 'open',
        referral_id uuid,
        created_by uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        done_at timestamptz,
        reminded_at timestamptz,
        CONSTRAINT action_item_text_check CHECK (length(text) BETWEEN 2 AND 2000),
        CONSTRAINT action_item_state_check CHECK (state IN ('open','done')),
        CONSTRAINT action_item_conference_id_fkey FOREIGN KEY (conference_id) REFERENCES conference (id) ON DELETE CASCADE,
        CONSTRAINT action_item_item_id_fkey FOREIGN KEY (item_id) REFERENCES agenda_item (id) ON DELETE CASCADE,
        CONSTRAINT action_item_owner_organisation_id_fkey FOREIGN KEY (owner_organisation_id) REFERENCES organisation (id) ON DELETE RESTRICT,
        CONSTRAINT action_item_created_by_fkey FOREIGN KEY (created_by) REFERENCES member (id) ON DELETE RESTRICT,
        CONSTRAINT action_item_referral_id_fkey FOREIGN KEY (referral_id) REFERENCES referral (id) ON DELETE SET NULL
      )`);
    await q.query(`CREATE INDEX action_item_conference_idx ON action_item (conference_id, state)`);
    await q.query(`CREATE INDEX action_item_owner_idx ON action_item (owner_organisation_id, state, due_date)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE conference DROP COLUMN current_item_id`);
    await q.query(`DROP TABLE action_item, conference_decision, speaker_entry, agenda_item, conference_response, conference_invitee, conference, conference_series`);
  }
}
