import { MigrationInterface, QueryRunner } from 'typeorm';

const CATEGORIES = `'residence_matters','migration_counselling','legal_advice','language_course','employment',
  'recognition_of_qualifications','housing','health','family_and_children','education','volunteer_support','interpreting'`;
const STATES = `'draft','sent','accepted','declined','in_progress','on_hold','completed','failed','withdrawn','expired'`;
const OUTCOMES = `'got_help','referred_elsewhere','not_eligible','no_capacity','could_not_contact','no_longer_interested'`;

/** Referrals between organisations, their history and message thread; each organisation's response time. */
export class Referrals1763900300000 implements MigrationInterface {
  name = 'Referrals1763900300000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE organisation ADD COLUMN response_time_days integer NOT NULL DEFAULT 3`);
    await q.query(`ALTER TABLE organisation ADD CONSTRAINT organisation_response_time_check CHECK (response_time_days BETWEEN 1 AND 60)`);
    await q.query(`
      CREATE TABLE referral (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        from_organisation_id uuid NOT NULL,
        from_member_id uuid NOT NULL,
        to_organisation_id uuid NOT NULL,
        to_service_id uuid,
        service_category text NOT NULL,
        reason text NOT NULL,
        urgency text NOT NULL,
        deadline date,
        client_id uuid,
        state text NOT NULL DEFAULT 'draft',
        outcome text,
        decline_reason text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        accepted_at timestamptz,
        closed_at timestamptz,
        last_activity_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT referral_category_check CHECK (service_category IN (${CATEGORIES})),
        CONSTRAINT referral_state_check CHECK (state IN (${STATES})),
        CONSTRAINT referral_outcome_check CHECK (outcome IS NULL OR outcome IN (${OUTCOMES})),
        CONSTRAINT referral_urgency_check CHECK (urgency IN ('routine','urgent','emergency')),
        CONSTRAINT referral_emergency_deadline_check CHECK (urgency <> 'emergency' OR deadline IS NOT NULL),
        CONSTRAINT referral_reason_check CHECK (length(reason) BETWEEN 3 AND 4000),
        CONSTRAINT referral_two_organisations_check CHECK (from_organisation_id <> to_organisation_id),
        CONSTRAINT referral_from_organisation_id_fkey FOREIGN KEY (from_organisation_id) REFERENCES organisation (id) ON DELETE RESTRICT,
        CONSTRAINT referral_from_member_id_fkey FOREIGN KEY (from_member_id) REFERENCES member (id) ON DELETE RESTRICT,
        CONSTRAINT referral_to_organisation_id_fkey FOREIGN KEY (to_organisation_id) REFERENCES organisation (id) ON DELETE RESTRICT,
        CONSTRAINT referral_to_service_id_fkey FOREIGN KEY (to_service_id) REFERENCES partner_service (id) ON DELETE SET NULL,
        CONSTRAINT referral_client_id_fkey FOREIGN KEY (client_id) REFERENCES client (id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX referral_inbox_idx ON referral (to_organisation_id, state, deadline)`);
    await q.query(`CREATE INDEX referral_outbox_idx ON referral (from_organisation_id, state, deadline)`);

    await q.query(`
      CREATE TABLE referral_event (
        id bigserial PRIMARY KEY,
        referral_id uuid NOT NULL,
        at timestamptz NOT NULL DEFAULT now(),
        actor_member_id uuid,
        actor_organisation_id uuid,
        from_state text,
        to_state text NOT NULL,
        note text,
        CONSTRAINT referral_event_referral_id_fkey FOREIGN KEY (referral_id) REFERENCES referral (id) ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX referral_event_referral_idx ON referral_event (referral_id, at)`);

    await q.query(`
      CREATE TABLE referral_message (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        referral_id uuid NOT NULL,
        author_member_id uuid NOT NULL,
        author_organisation_id uuid NOT NULL,
        body text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT referral_message_body_check CHECK (length(body) BETWEEN 1 AND 4000),
        CONSTRAINT referral_message_referral_id_fkey FOREIGN KEY (referral_id) REFERENCES referral (id) ON DELETE CASCADE,
        CONSTRAINT referral_message_author_member_id_fkey FOREIGN KEY (author_member_id) REFERENCES member (id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX referral_message_referral_idx ON referral_message (referral_id, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE referral_message`);
    await q.query(`DROP TABLE referral_event`);
    await q.query(`DROP TABLE referral`);
    await q.query(`ALTER TABLE organisation DROP COLUMN response_time_days`);
  }
}
