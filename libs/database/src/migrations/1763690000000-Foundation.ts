import { MigrationInterface, QueryRunner } from 'typeorm';

/** Partner directory (organisations, their services), mirrored members, and the socket.io adapter's table. */
export class Foundation1763690000000 implements MigrationInterface {
  name = 'Foundation1763690000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organisation (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        slug text NOT NULL UNIQUE CHECK (slug ~ '^[a-z0-9][a-z0-9-]{1,62}$'),
        name text NOT NULL CHECK (length(name) BETWEEN 2 AND 200),
        kind text NOT NULL CHECK (kind IN ('authority','welfare','jobcentre','employment_agency','counselling',
          'refugee_council','migrant_org','employer','volunteer_group')),
        description text NOT NULL DEFAULT '',
        street text,
        postal_code text,
        city text NOT NULL,
        website text,
        languages text[] NOT NULL DEFAULT '{}',
        contact_points jsonb NOT NULL DEFAULT '[]',
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX organisation_kind_idx ON organisation (kind)`);
    await q.query(`CREATE INDEX organisation_languages_idx ON organisation USING gin (languages)`);

    await q.query(`
      CREATE TABLE partner_service (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        organisation_id uuid NOT NULL REFERENCES organisation (id) ON DELETE CASCADE,
        name text NOT NULL CHECK (length(name) BETWEEN 2 AND 200),
        description text NOT NULL DEFAULT '',
        category text NOT NULL CHECK (category IN ('residence_matters','migration_counselling','legal_advice',
          'language_course','employment','recognition_of_qualifications','housing','health','family_and_children',
          'education','volunteer_support','interpreting')),
        eligibility text NOT NULL DEFAULT '',
        languages text[] NOT NULL DEFAULT '{}',
        capacity text NOT NULL DEFAULT 'open' CHECK (capacity IN ('open','waitlist','closed')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX partner_service_organisation_idx ON partner_service (organisation_id)`);
    await q.query(`CREATE INDEX partner_service_category_idx ON partner_service (category)`);
    await q.query(`CREATE INDEX partner_service_languages_idx ON partner_service USING gin (languages)`);

    await q.query(`
      CREATE TABLE member (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        subject text NOT NULL UNIQUE,
        username text NOT NULL,
        display_name text NOT NULL,
        email text,
        org_slug text,
        organisation_id uuid REFERENCES organisation (id) ON DELETE SET NULL,
        roles text[] NOT NULL DEFAULT '{}',
        language text NOT NULL DEFAULT 'de',
        notification_preferences jsonb NOT NULL DEFAULT '{}',
        first_seen_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX member_organisation_idx ON member (organisation_id)`);
    await q.query(`CREATE INDEX member_org_slug_idx ON member (org_slug)`);

    // Table used by @socket.io/postgres-adapter for payloads too large for NOTIFY.
    await q.query(`
      CREATE TABLE socket_io_attachments (
        id bigserial UNIQUE,
        created_at timestamptz DEFAULT now(),
        payload bytea
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE socket_io_attachments`);
    await q.query(`DROP TABLE member`);
    await q.query(`DROP TABLE partner_service`);
    await q.query(`DROP TABLE organisation`);
  }
}
