import type { DataSource, EntityManager } from 'typeorm';
import type { Capacity, ContactPoint, OrganisationKind, ServiceCategory } from '@roundtable/contracts';
import { Organisation, PartnerService } from '@roundtable/database';
import { renderBulletinMarkdown } from '@roundtable/bulletins';
import { REFORM_PROVISIONS } from './demo-bulletin-provisions';
import { subjectOf } from './realm/realm-export';

interface DemoOrganisation {
  slug: string;
  name: string;
  kind: OrganisationKind;
  description: string;
  street: string;
  postalCode: string;
  city: string;
  website?: string;
  languages: string[];
  contactPoints: ContactPoint[];
  services: Array<{
    name: string;
    category: ServiceCategory;
    description: string;
    eligibility: string;
    languages: string[];
    capacity: Capacity;
  }>;
}

/**
 * A partner network like Magdeburg's (shared/seeds): the ABH, welfare associations, the Jobcenter,
 * a volunteer initiative and a hospital as employer. The slugs match the `org` attribute of the demo
 * users in docker/keycloak/roundtable-realm.json.
 */
export const DEMO_ORGANISATIONS: DemoOrganisation[] = [
  {
    slug: 'abh-magdeburg',
    name: 'Ausländerbehörde Magdeburg',
    kind: 'authority',
    description: 'Immigration authority of the state capital; a "welcome authority" that works with partners on hard cases.',
    street: 'Breiter Weg 222', postalCode: '39104', city: 'Magdeburg',
    languages: ['de', 'en'],
    contactPoints: [{ name: 'Anna Albrecht', role: 'Liaison officer for partners', email: 'anna.abh@roundtable.example', phone: '+49 391 540-0' }],
    services: [
      { name: 'Residence permits and extensions', category: 'residence_matters', description: 'Issuing and extending residence titles, including the EU Blue Card and skilled-worker permits.', eligibility: 'Residents of Magdeburg without German or EU citizenship.', languages: ['de', 'en'], capacity: 'waitlist' },
      { name: 'Partner consultation hour', category: 'residence_matters', description: 'A weekly slot where counselling services and integration managers discuss individual cases.', eligibility: 'Staff of partner organisations in the network.', languages: ['de'], capacity: 'open' },
    ],
  },
  {
    slug: 'stadt-magdeburg-integration',
    name: 'Landeshauptstadt Magdeburg – Integrationskoordination',
    kind: 'authority',
    description: 'Coordinates the municipal integration network and operates the Roundtable platform.',
    street: 'Alter Markt 6', postalCode: '39104', city: 'Magdeburg',
    languages: ['de', 'en'],
    contactPoints: [{ name: 'Felix Adam', role: 'Platform operator', email: 'felix.admin@roundtable.example' }],
    services: [
      { name: 'Integration network coordination', category: 'volunteer_support', description: 'Brings authorities, welfare associations and initiatives together; runs the network meetings.', eligibility: 'Organisations working with migrants in Magdeburg.', languages: ['de'], capacity: 'open' },
    ],
  },
  {
    slug: 'caritas-magdeburg',
    name: 'Caritasverband für das Bistum Magdeburg',
    kind: 'welfare',
    description: 'Migration counselling for adults, refugee counselling and integration management.',
    street: 'Langer Weg 66', postalCode: '39112', city: 'Magdeburg',
    languages: ['de', 'en', 'ar', 'fa'],
    contactPoints: [{ name: 'Ben Cramer', role: 'Integration manager', email: 'ben.caritas@roundtable.example', phone: '+49 391 6058-0' }],
    services: [
      { name: 'Migration counselling for adults (MBE)', category: 'migration_counselling', description: 'Individual counselling on residence, work, language courses and everyday life.', eligibility: 'Adult immigrants, for up to three years after arrival or in a new situation.', languages: ['de', 'en', 'ar'], capacity: 'open' },
      { name: 'Refugee counselling', category: 'legal_advice', description: 'Support in the asylum procedure and with toleration (Duldung), including lane change.', eligibility: 'Asylum seekers and people with a toleration.', languages: ['de', 'ar', 'fa'], capacity: 'waitlist' },
    ],
  },
  {
    slug: 'diakonie-magdeburg',
    name: 'Diakonie Mitteldeutschland – Migrationsdienst Magdeburg',
    kind: 'welfare',
    description: 'Youth migration service and psychosocial counselling; regular case talks with the ABH.',
    street: 'Leibnizstraße 4', postalCode: '39104', city: 'Magdeburg',
    languages: ['de', 'en', 'uk', 'ru'],
    contactPoints: [{ name: 'Clara Dietrich', role: 'Integration manager', email: 'clara.diakonie@roundtable.example' }],
    services: [
      { name: 'Youth migration service (JMD)', category: 'migration_counselling', description: 'Counselling for young people aged 12 to 27 on school, training and residence (§ 25a AufenthG).', eligibility: 'Young immigrants aged 12 to 27.', languages: ['de', 'uk', 'ru'], capacity: 'open' },
      { name: 'Psychosocial counselling', category: 'health', description: 'Counselling for people affected by flight and trauma, with interpreters.', eligibility: 'Refugees and their families.', languages: ['de', 'en', 'uk'], capacity: 'waitlist' },
    ],
  },
  {
    slug: 'jobcenter-magdeburg',
    name: 'Jobcenter Landeshauptstadt Magdeburg',
    kind: 'jobcentre',
    description: 'Basic income support and job placement, with a team for refugees.',
    street: 'Otto-von-Guericke-Straße 15', postalCode: '39104', city: 'Magdeburg',
    languages: ['de', 'en'],
    contactPoints: [{ name: 'David Jankowski', role: 'Caseworker, refugee team', email: 'david.jobcenter@roundtable.example' }],
    services: [
      { name: 'Job placement for refugees', category: 'employment', description: 'Placement in work and training, integration courses combined with work.', eligibility: 'People receiving benefits under SGB II.', languages: ['de', 'en'], capacity: 'open' },
      { name: 'Recognition advice', category: 'recognition_of_qualifications', description: 'Help with getting foreign qualifications recognised.', eligibility: 'Benefit recipients with foreign qualifications.', languages: ['de'], capacity: 'open' },
    ],
  },
  {
    slug: 'arbeitsagentur-magdeburg',
    name: 'Agentur für Arbeit Magdeburg',
    kind: 'employment_agency',
    description: 'Employment agency: approval of employment for foreign workers, career guidance.',
    street: 'Frankefelde 1', postalCode: '39116', city: 'Magdeburg',
    languages: ['de', 'en'],
    contactPoints: [{ name: 'Team Arbeitsmarktzulassung', email: 'magdeburg@arbeitsagentur.example' }],
    services: [
      { name: 'Approval of employment', category: 'employment', description: 'Checks working conditions for residence permits that need the agency\'s approval.', eligibility: 'Employers and the immigration authority.', languages: ['de'], capacity: 'open' },
    ],
  },
  {
    slug: 'fluechtlingsrat-lsa',
    name: 'Flüchtlingsrat Sachsen-Anhalt',
    kind: 'refugee_council',
    description: 'Independent advice on asylum and residence law, training for volunteers.',
    street: 'Schellingstraße 3-4', postalCode: '39104', city: 'Magdeburg',
    languages: ['de', 'en', 'fr', 'ar'],
    contactPoints: [{ name: 'Beratung', email: 'info@fluechtlingsrat.example' }],
    services: [
      { name: 'Advice on asylum and residence law', category: 'legal_advice', description: 'Independent legal advice, also on the skilled-immigration reform.', eligibility: 'Refugees, their supporters and counselling services.', languages: ['de', 'en', 'fr', 'ar'], capacity: 'open' },
      { name: 'Training for volunteers', category: 'volunteer_support', description: 'Workshops on residence law basics for volunteer initiatives.', eligibility: 'Volunteers in Saxony-Anhalt.', languages: ['de'], capacity: 'open' },
    ],
  },
  {
    slug: 'willkommen-magdeburg',
    name: 'Willkommen in Magdeburg e.V.',
    kind: 'volunteer_group',
    description: 'Volunteer initiative: mentoring, accompanying people to appointments, language cafés.',
    street: 'Hegelstraße 42', postalCode: '39104', city: 'Magdeburg',
    languages: ['de', 'en', 'uk', 'ar', 'ti'],
    contactPoints: [{ name: 'Eva Vogel', role: 'Coordinator', email: 'eva.volunteer@roundtable.example' }],
    services: [
      { name: 'Language café', category: 'language_course', description: 'Weekly informal German practice with volunteers.', eligibility: 'Everyone.', languages: ['de', 'en', 'ar', 'uk'], capacity: 'open' },
      { name: 'Accompanying to appointments', category: 'interpreting', description: 'Volunteers go along to offices and doctors and help with language.', eligibility: 'Newcomers in Magdeburg.', languages: ['de', 'ar', 'ti', 'uk'], capacity: 'waitlist' },
    ],
  },
  {
    slug: 'klinikum-magdeburg',
    name: 'Klinikum Magdeburg',
    kind: 'employer',
    description: 'Municipal hospital recruiting international nurses and doctors.',
    street: 'Birkenallee 34', postalCode: '39130', city: 'Magdeburg',
    languages: ['de', 'en'],
    contactPoints: [{ name: 'HR – International recruitment', email: 'recruiting@klinikum.example' }],
    services: [
      { name: 'Recognition partnership for nurses', category: 'recognition_of_qualifications', description: 'Work as a nursing assistant while the nursing qualification is being recognised (§ 16d AufenthG).', eligibility: 'Nurses with a foreign qualification and German B1.', languages: ['de', 'en'], capacity: 'waitlist' },
      { name: 'Vocational training in nursing', category: 'education', description: 'Three-year training with a residence permit for vocational training (§ 16g AufenthG).', eligibility: 'School leavers with German B2.', languages: ['de'], capacity: 'closed' },
    ],
  },
];

/**
 * Inserts the demo network into an empty directory; leaves a directory with data alone. Returns how many
 * organisations it added. With `activity`, also demo members (under the stand-in realm's subjects), clients
 * with consents, and referrals in every state with their history.
 */
export async function seedDemoData(db: DataSource, options: { activity?: boolean } = {}): Promise<number> {
  return db.transaction(async (tx) => {
    if ((await tx.getRepository(Organisation).count()) > 0) return 0;
    for (const { services, ...org } of DEMO_ORGANISATIONS) {
      const saved = await tx.getRepository(Organisation).save(tx.getRepository(Organisation).create(org));
      await tx.getRepository(PartnerService).save(services.map((s) => ({ ...s, organisationId: saved.id })));
    }
    await tx.query(`UPDATE member m SET organisation_id = o.id FROM organisation o WHERE o.slug = m.org_slug`);
    if (options.activity) await seedActivity(tx);
    return DEMO_ORGANISATIONS.length;
  });
}

const DEMO_MEMBERS = [
  ['anna.abh', 'Anna Albrecht', 'abh-magdeburg', 'abh-liaison', 'de'],
  ['ben.caritas', 'Ben Cramer', 'caritas-magdeburg', 'integration-manager', 'de'],
  ['clara.diakonie', 'Clara Dietrich', 'diakonie-magdeburg', 'integration-manager', 'de'],
  ['david.jobcenter', 'David Jankowski', 'jobcenter-magdeburg', 'caseworker', 'de'],
  ['eva.volunteer', 'Eva Vogel', 'willkommen-magdeburg', 'volunteer', 'en'],
  ['felix.admin', 'Felix Adam', 'stadt-magdeburg-integration', 'network-admin', 'de'],
  ['greta.editor', 'Greta Engel', 'diakonie-magdeburg', 'bulletin-editor', 'de'],
] as const;

/** Clients, consents and referrals in every state, so that a demo shows the inbox, the outbox and the indicators. */
async function seedActivity(tx: EntityManager): Promise<void> {
  const org = async (slug: string) => (await tx.query('SELECT id FROM organisation WHERE slug = $1', [slug]))[0].id as string;
  const member: Record<string, string> = {};
  for (const [username, name, slug, role, language] of DEMO_MEMBERS) {
    const [row] = await tx.query(
      `INSERT INTO member (subject, username, display_name, email, org_slug, organisation_id, roles, language)
       VALUES ($1, $2, $3, $4, $5, (SELECT id FROM organisation WHERE slug = $5), $6, $7)
       ON CONFLICT (subject) DO UPDATE SET organisation_id = EXCLUDED.organisation_id RETURNING id`,
      [subjectOf('roundtable', username), username, name, `${username}@roundtable.example`, slug, [role], language],
    );
    member[username] = row.id;
  }
  const caritas = await org('caritas-magdeburg');
  const jobcenter = await org('jobcenter-magdeburg');
  const diakonie = await org('diakonie-magdeburg');
  const willkommen = await org('willkommen-magdeburg');

  const client = async (pseudonym: string, given: string, family: string, residence: string) => {
    const [row] = await tx.query(
      `INSERT INTO client (owner_organisation_id, pseudonym, created_by) VALUES ($1, $2, $3) RETURNING id`,
      [caritas, pseudonym, member['ben.caritas']],
    );
    await tx.query(
      `INSERT INTO client_data (client_id, category, data) VALUES ($1, 'identity', $2), ($1, 'residence', $3), ($1, 'health', $4)`,
      [row.id, JSON.stringify({ givenNames: given, familyName: family }), JSON.stringify({ status: residence }), JSON.stringify({ notes: 'Attest liegt vor' })],
    );
    return row.id as string;
  };
  const amina = await client('K-7F3Q9A', 'Amina', 'Yusuf', 'Duldung (§ 60a AufenthG)');
  const yonas = await client('K-4MZT2B', 'Yonas', 'Tesfaye', 'Aufenthaltserlaubnis § 25 Abs. 2 AufenthG');
  await tx.query(
    `INSERT INTO consent (client_id, kind, grantee_organisation_ids, purposes, categories, valid_from, valid_until, evidence_type, recorded_by)
     VALUES ($1, 'consent', $2, '{referral,case_conference}', '{identity,residence}', now() - interval '10 days', now() + interval '1 year', 'digital', $3)`,
    [amina, [jobcenter], member['ben.caritas']],
  );

  await seedBulletin(tx, member['greta.editor'], member['anna.abh']);

  const path: Record<string, string[]> = {
    draft: ['draft'],
    sent: ['draft', 'sent'],
    accepted: ['draft', 'sent', 'accepted'],
    declined: ['draft', 'sent', 'declined'],
    in_progress: ['draft', 'sent', 'accepted', 'in_progress'],
    on_hold: ['draft', 'sent', 'accepted', 'in_progress', 'on_hold'],
    completed: ['draft', 'sent', 'accepted', 'in_progress', 'completed'],
    failed: ['draft', 'sent', 'accepted', 'failed'],
    withdrawn: ['draft', 'sent', 'withdrawn'],
    expired: ['draft', 'sent', 'expired'],
  };
  const plans: Array<[string, string, string, string, string | null, string | null, string | null]> = [
    // state, to, category, urgency, client, outcome, decline reason
    ['draft', jobcenter, 'employment', 'routine', yonas, null, null],
    ['sent', jobcenter, 'employment', 'emergency', amina, null, null],
    ['accepted', diakonie, 'health', 'urgent', null, null, null],
    ['declined', jobcenter, 'housing', 'routine', null, null, 'Wohnungssuche ist nicht unser Angebot – bitte an die Stadt wenden.'],
    ['in_progress', willkommen, 'interpreting', 'routine', null, null, null],
    ['on_hold', diakonie, 'migration_counselling', 'routine', null, null, null],
    ['completed', jobcenter, 'employment', 'urgent', amina, 'got_help', null],
    ['failed', willkommen, 'language_course', 'routine', null, 'could_not_contact', null],
    ['withdrawn', diakonie, 'family_and_children', 'routine', null, null, null],
    ['expired', jobcenter, 'recognition_of_qualifications', 'routine', null, null, null],
  ];
  for (const [i, [state, to, category, urgency, clientId, outcome, declineReason]] of plans.entries()) {
    const days = 20 - i;
    const [row] = await tx.query(
      `INSERT INTO referral (from_organisation_id, from_member_id, to_organisation_id, service_category, reason, urgency, deadline, client_id,
                             state, outcome, decline_reason, created_at, sent_at, accepted_at, closed_at, last_activity_at)
       VALUES ($1, $2, $3, $4, $5, $6, CASE WHEN $6 = 'emergency' THEN (now() + interval '5 days')::date END, $7, $8, $9, $10,
               now() - make_interval(days => $11), CASE WHEN $8 <> 'draft' THEN now() - make_interval(days => $11) END,
               CASE WHEN $8 IN ('accepted','in_progress','on_hold','completed','failed') THEN now() - make_interval(days => $11) + interval '20 hours' END,
               CASE WHEN $8 IN ('declined','completed','failed','withdrawn','expired') THEN now() - make_interval(days => $11 - 3) END,
               now() - make_interval(days => greatest($11 - 4, 0)))
       RETURNING id`,
      [caritas, member['ben.caritas'], to, category, 'Demo: Bitte um Unterstützung (Beispieldaten).', urgency, clientId, state, outcome, declineReason, days],
    );
    const steps = path[state];
    for (const [k, step] of steps.entries()) {
      const byRecipient = ['accepted', 'declined', 'in_progress', 'on_hold', 'completed', 'failed'].includes(step);
      const bySystem = step === 'expired';
      await tx.query(
        `INSERT INTO referral_event (referral_id, at, actor_member_id, actor_organisation_id, from_state, to_state)
         VALUES ($1, now() - make_interval(days => $2) + make_interval(hours => $3), $4, $5, $6, $7)`,
        [row.id, days, k * 10, bySystem ? null : byRecipient ? null : member['ben.caritas'], bySystem ? null : byRecipient ? to : caritas, k ? steps[k - 1] : null, step],
      );
    }
  }
}

/** The reform bulletin the seeds ask for: provisions on staggered dates, in German, English and Einfache Sprache, published by a second person. */
async function seedBulletin(tx: EntityManager, authorId: string, publisherId: string): Promise<void> {
  const variants = {
    de: {
      title: 'Fachkräfteeinwanderung: Was gilt ab wann?',
      summary: 'Das Gesetz zur Weiterentwicklung der Fachkräfteeinwanderung tritt in Stufen in Kraft – nicht alles gilt seit März 2024.',
      bodyMarkdown: '## Vier Stufen\n\nViele Partner gingen davon aus, dass die Reform **insgesamt ab März 2024** gilt. Das stimmt nicht: Die Regeln treten in **vier Stufen** in Kraft (siehe Liste).\n\nBei Fragen zu einzelnen Fällen: nutzen Sie die **Fragen** unter dieser Meldung oder die Partner-Sprechstunde der Ausländerbehörde.',
    },
    en: {
      title: 'Skilled immigration: what applies when?',
      summary: 'The Act on the Further Development of Skilled Immigration comes into force in stages – not all of it applies since March 2024.',
      bodyMarkdown: '## Four stages\n\nMany partners assumed that the whole reform applies **from March 2024**. It does not: the rules come into force in **four stages** (see the list).\n\nFor questions about single cases, use the **questions** below this bulletin or the authority\'s partner consultation hour.',
    },
    'de-simple': {
      title: 'Neue Regeln für Arbeit in Deutschland',
      summary: 'Die neuen Regeln kommen nicht alle auf einmal. Es gibt 4 Schritte.',
      bodyMarkdown: 'Die neuen Regeln kommen **in 4 Schritten**.\n\nJeder Schritt hat ein eigenes Datum. Sie finden die Daten in der Liste.',
    },
  };
  const [bulletin] = await tx.query(
    `INSERT INTO bulletin (state, author_member_id, audiences, legal_refs, provisions, variants)
     VALUES ('published', $1, '{partner_staff,volunteers,employers,public}', $2, $3, $4) RETURNING id`,
    [authorId, ['§ 16g AufenthG', '§ 18a AufenthG', '§ 20a AufenthG', '§ 45c AufenthG'], JSON.stringify(REFORM_PROVISIONS), JSON.stringify(variants)],
  );
  const rendered = Object.fromEntries(Object.entries(variants).map(([l, v]) => [l, { ...v, bodyHtml: renderBulletinMarkdown(v.bodyMarkdown) }]));
  await tx.query(
    `INSERT INTO bulletin_version (bulletin_id, version, published_by, audiences, legal_refs, provisions, variants)
     SELECT id, 1, $2, audiences, legal_refs, provisions, $3 FROM bulletin WHERE id = $1`,
    [bulletin.id, publisherId, JSON.stringify(rendered)],
  );
  await tx.query(
    `INSERT INTO bulletin_review_event (bulletin_id, actor_member_id, step, from_state, to_state)
     VALUES ($1, $2, 'submit', 'draft', 'in_review'), ($1, $3, 'publish', 'in_review', 'published')`,
    [bulletin.id, authorId, publisherId],
  );
}
