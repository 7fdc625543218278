import { MigrationInterface, QueryRunner } from 'typeorm';

const CATEGORIES = `ARRAY['identity','residence','employment','family','health','education','contact']::text[]`;
const PURPOSES = `ARRAY['case_conference','referral','counselling','information_exchange']::text[]`;

/** Clients with data by category, consents and statutory disclosures, and the append-only disclosure ledger. */
export class ClientsConsentLedger1763900000000 implements MigrationInterface {
  name = 'ClientsConsentLedger1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE client (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        owner_organisation_id uuid NOT NULL,
        pseudonym text NOT NULL,
        created_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT client_pseudonym_key UNIQUE (pseudonym),
        CONSTRAINT client_pseudonym_check CHECK (pseudonym ~ '^K-[0-9A-Z]{4,8}$'),
        CONSTRAINT client_owner_organisation_id_fkey FOREIGN KEY (owner_organisation_id) REFERENCES organisation (id) ON DELETE RESTRICT,
        CONSTRAINT client_created_by_fkey FOREIGN KEY (created_by) REFERENCES member (id) ON DELETE SET NULL
      )`);
    await q.query(`CREATE INDEX client_owner_idx ON client (owner_organisation_id, created_at)`);

    await q.query(`
      CREATE TABLE client_data (
        client_id uuid NOT NULL,
        category text NOT NULL,
        data jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT client_data_pkey PRIMARY KEY (client_id, category),
        CONSTRAINT client_data_category_check CHECK (category = ANY (${CATEGORIES})),
        CONSTRAINT client_data_client_id_fkey FOREIGN KEY (client_id) REFERENCES client (id) ON DELETE CASCADE
      )`);

    await q.query(`
      CREATE TABLE consent_evidence (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        media_type text NOT NULL,
        size_bytes integer NOT NULL,
        sha256 text NOT NULL,
        content bytea NOT NULL,
        uploaded_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT consent_evidence_media_type_check CHECK (media_type IN ('application/pdf','image/png','image/jpeg')),
        CONSTRAINT consent_evidence_size_check CHECK (size_bytes BETWEEN 1 AND 10485760)
      )`);

    await q.query(`
      CREATE TABLE consent (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        client_id uuid NOT NULL,
        kind text NOT NULL,
        grantee_organisation_ids uuid[] NOT NULL,
        purposes text[] NOT NULL,
        categories text[] NOT NULL,
        valid_from timestamptz NOT NULL,
        valid_until timestamptz,
        evidence_type text,
        witness_name text,
        evidence_id uuid,
        legal_basis text,
        justification text,
        recorded_by uuid NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        withdrawn_at timestamptz,
        withdrawn_by uuid,
        CONSTRAINT consent_kind_check CHECK (kind IN ('consent','statutory')),
        CONSTRAINT consent_grantees_check CHECK (cardinality(grantee_organisation_ids) >= 1),
        CONSTRAINT consent_purposes_check CHECK (cardinality(purposes) >= 1 AND purposes <@ ${PURPOSES}),
        CONSTRAINT consent_categories_check CHECK (cardinality(categories) >= 1 AND categories <@ ${CATEGORIES}),
        CONSTRAINT consent_period_check CHECK (valid_until IS NULL OR valid_until > valid_from),
        CONSTRAINT consent_evidence_check CHECK (
          (kind = 'consent' AND evidence_type IN ('signed_form','verbal_with_witness','digital')
            AND (evidence_type <> 'verbal_with_witness' OR witness_name IS NOT NULL)
            AND (evidence_type <> 'signed_form' OR evidence_id IS NOT NULL))
          OR (kind = 'statutory' AND legal_basis IS NOT NULL AND justification IS NOT NULL)),
        CONSTRAINT consent_client_id_fkey FOREIGN KEY (client_id) REFERENCES client (id) ON DELETE CASCADE,
        CONSTRAINT consent_evidence_id_fkey FOREIGN KEY (evidence_id) REFERENCES consent_evidence (id) ON DELETE RESTRICT,
        CONSTRAINT consent_recorded_by_fkey FOREIGN KEY (recorded_by) REFERENCES member (id) ON DELETE RESTRICT,
        CONSTRAINT consent_withdrawn_by_fkey FOREIGN KEY (withdrawn_by) REFERENCES member (id) ON DELETE RESTRICT
      )`);
    await q.query(`CREATE INDEX consent_client_idx ON consent (client_id)`);
    await q.query(`CREATE INDEX consent_grantees_idx ON consent USING gin (grantee_organisation_ids)`);

    // The disclosure ledger: append-only, each row chained to the one before by its hash.
    await q.query(`
      CREATE TABLE disclosure_event (
        seq bigint PRIMARY KEY,
        occurred_at timestamptz NOT NULL,
        actor_member_id uuid NOT NULL,
        actor_organisation_id uuid,
        client_id uuid NOT NULL,
        owner_organisation_id uuid NOT NULL,
        action text NOT NULL,
        purpose text NOT NULL,
        categories text[] NOT NULL,
        basis_kind text NOT NULL,
        basis_id uuid,
        prev_hash text NOT NULL,
        hash text NOT NULL,
        CONSTRAINT disclosure_event_action_check CHECK (action IN ('read','transmit','export')),
        CONSTRAINT disclosure_event_basis_check CHECK (basis_kind IN ('ownership','consent','statutory'))
      )`);
    await q.query(`CREATE INDEX disclosure_event_client_idx ON disclosure_event (client_id, seq)`);
    await q.query(`
      CREATE FUNCTION disclosure_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'disclosure_event is append-only: % is not allowed', TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    await q.query(`
      CREATE TRIGGER disclosure_event_no_update_or_delete BEFORE UPDATE OR DELETE ON disclosure_event
      FOR EACH ROW EXECUTE FUNCTION disclosure_event_is_append_only()`);
    await q.query(`
      CREATE TRIGGER disclosure_event_no_truncate BEFORE TRUNCATE ON disclosure_event
      FOR EACH STATEMENT EXECUTE FUNCTION disclosure_event_is_append_only()`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE disclosure_event`);
    await q.query(`DROP FUNCTION disclosure_event_is_append_only()`);
    await q.query(`DROP TABLE consent`);
    await q.query(`DROP TABLE consent_evidence`);
    await q.query(`DROP TABLE client_data`);
    await q.query(`DROP TABLE client`);
  }
}
