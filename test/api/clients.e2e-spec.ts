import type { INestApplicationContext } from '@nestjs/common';
import { createHash } from 'node:crypto';
import { DataSource } from 'typeorm';
import { seedDemoData } from '../../apps/local-stack/src/demo-data';
import { apiClient } from '../support/http';
import { mailsTo } from '../support/mail';
import { accessToken, DEMO_USERS } from '../support/realm';
import { startTestApp, startTestWorker, type TestApp } from '../support/test-app';

type Api = ReturnType<typeof apiClient>;

describe('clients, consent and the disclosure ledger (tokens of five organisations)', () => {
  let t: TestApp;
  let worker: INestApplicationContext;
  let ben: Api; // Caritas, owner of the client
  let david: Api; // Jobcenter, the grantee
  let clara: Api; // Diakonie, another organisation
  let eva: Api; // volunteer initiative
  let anna: Api; // ABH
  let felix: Api; // network-admin
  const org: Record<string, string> = {};
  let clientId: string;
  let consentId: string;

  const count = async (table: string) => Number((await t.sql(`SELECT count(*) AS n FROM ${table}`))[0].n);
  const ledgerRows = () => t.sql<{ actor_organisation_id: string; categories: string[]; basis_kind: string; basis_id: string | null; purpose: string }>(
    `SELECT actor_organisation_id, categories, basis_kind, basis_id, purpose FROM disclosure_event ORDER BY seq`,
  );

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoData(t.app.get(DataSource));
    worker = await startTestWorker(t.databaseUrl);
    for (const row of await t.sql<{ id: string; slug: string }>('SELECT id, slug FROM organisation')) org[row.slug] = row.id;
    [ben, david, clara, eva, anna, felix] = await Promise.all(
      [DEMO_USERS.ben, DEMO_USERS.david, DEMO_USERS.clara, DEMO_USERS.eva, DEMO_USERS.anna, DEMO_USERS.felix].map(async (u) =>
        apiClient(t.url, await accessToken(u)),
      ),
    );
  });
  afterAll(async () => {
    await worker.close();
    await t.close();
  });

  it('registers a client owned by the registering organisation, with a pseudonym', async () => {
    const res = await ben.post('/api/clients', {
      identity: { givenNames: 'Amina', familyName: 'Yusuf', dateOfBirth: '1994-05-02', nationality: 'SO' },
      residence: { status: 'Duldung (§ 60a AufenthG)', permitValidUntil: '2027-01-31' },
      employment: { employer: 'Klinikum Magdeburg', occupation: 'Pflegehelferin' },
      health: { notes: 'Attest liegt vor' },
      contact: { phone: '+49 391 555-0101' },
    });
    expect(res.status).toBe(201);
    expect(res.body.pseudonym).toMatch(/^K-[0-9A-Z]{6}$/);
    expect(res.body.owner).toEqual({ id: org['caritas-magdeburg'], name: expect.any(String) });
    expect(Object.keys(res.body.data).sort()).toEqual(['contact', 'employment', 'health', 'identity', 'residence']);
    expect(res.body.access.health).toEqual({ kind: 'ownership' });
    clientId = res.body.id;
  });

  it('lists and searches only within the own organisation', async () => {
    expect((await ben.get('/api/clients?q=yusuf')).body.items.map((c: { id: string }) => c.id)).toEqual([clientId]);
    expect((await ben.get('/api/clients?q=nobody')).body.total).toBe(0);
    for (const other of [david, clara]) expect((await other.get('/api/clients')).body).toMatchObject({ items: [], total: 0 });
  });

  it('shows another organisation only the pseudonym without a basis, and wants a purpose', async () => {
    expect((await david.get(`/api/clients/${clientId}`)).status).toBe(400);
    const res = await david.get(`/api/clients/${clientId}?purpose=referral`);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: clientId, pseudonym: expect.stringMatching(/^K-/), data: {}, access: {} });
    expect((await david.get('/api/clients/shared?purpose=referral')).body.total).toBe(0);
    expect(await count('disclosure_event')).toBe(0); // nothing was disclosed
  });

  it('records a consent for the Jobcenter and shares exactly its categories for its purpose', async () => {
    const res = await ben.post(`/api/clients/${clientId}/consents`, {
      granteeOrganisationIds: [org['jobcenter-magdeburg']],
      purposes: ['referral'],
      categories: ['identity', 'employment'],
      validUntil: '2099-01-01',
      evidenceType: 'digital',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'consent', status: 'active', recordedBy: 'Ben Cramer', categories: ['identity', 'employment'] });
    consentId = res.body.id;

    const detail = await david.get(`/api/clients/${clientId}?purpose=referral`);
    expect(Object.keys(detail.body.data).sort()).toEqual(['employment', 'identity']);
    expect(detail.body.data.health).toBeUndefined();
    expect(JSON.stringify(detail.body)).not.toContain('Attest');
    expect(detail.body.access.identity).toEqual({ kind: 'consent', id: consentId });

    const shared = await david.get('/api/clients/shared?purpose=referral');
    expect(shared.body.total).toBe(1);
    expect(Object.keys(shared.body.items[0].data).sort()).toEqual(['employment', 'identity']);
    expect((await david.get('/api/clients/shared?purpose=counselling')).body.total).toBe(0);
    expect((await david.get(`/api/clients/${clientId}?purpose=counselling`)).body.data).toEqual({});
  });

  it('leaks nothing to organisations the consent does not name, whatever the endpoint', async () => {
    for (const other of [clara, eva, anna]) {
      expect((await other.get(`/api/clients/${clientId}?purpose=referral`)).body.data).toEqual({});
      expect((await other.get('/api/clients/shared?purpose=referral')).body.total).toBe(0);
      expect((await other.get('/api/clients?q=yusuf')).body.total).toBe(0);
      expect((await other.get(`/api/clients/${clientId}/consents`)).status).toBe(404);
      expect((await other.get(`/api/consents/${consentId}/evidence`)).status).toBe(403);
    }
    expect((await felix.get(`/api/clients/${clientId}?purpose=referral`)).status).toBe(403); // network-admin: no client data by role
    expect((await felix.get('/api/clients')).status).toBe(403);
  });

  it('records every read by another organisation in the ledger, naming the basis', async () => {
    const rows = await ledgerRows();
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const row of rows) {
      expect(row).toEqual({
        actor_organisation_id: org['jobcenter-magdeburg'],
        categories: ['employment', 'identity'],
        basis_kind: 'consent',
        basis_id: consentId,
        purpose: 'referral',
      });
    }
    expect((await felix.get('/api/ledger/verify')).body).toEqual({ valid: true, rows: rows.length });
    expect((await ben.get('/api/ledger/verify')).status).toBe(403);
  });

  it('makes a withdrawal effective on the very next request', async () => {
    expect((await clara.post(`/api/consents/${consentId}/withdraw`)).status).toBe(403);
    const withdrawn = await ben.post(`/api/consents/${consentId}/withdraw`);
    expect(withdrawn.status).toBe(200);
    expect(withdrawn.body).toMatchObject({ status: 'withdrawn', withdrawnBy: 'Ben Cramer' });
    expect((await david.get(`/api/clients/${clientId}?purpose=referral`)).body.data).toEqual({});
    expect((await david.get('/api/clients/shared?purpose=referral')).body.total).toBe(0);
    expect((await ben.post(`/api/consents/${consentId}/withdraw`)).status).toBe(409);
  });

  it('tells the organisations that received data under it, by notice and mail, and shows the owner who acknowledged', async () => {
    const notices = await david.get('/api/withdrawal-notices');
    expect(notices.body).toEqual([
      expect.objectContaining({ consentId, clientPseudonym: expect.stringMatching(/^K-/), acknowledgedAt: null }),
    ]);
    expect((await clara.get('/api/withdrawal-notices')).body).toEqual([]); // Diakonie never received anything
    const pseudonym = notices.body[0].clientPseudonym;

    const mails = await mailsTo('david.jobcenter@roundtable.example', (m) => m.subject.includes(pseudonym));
    expect(mails).toHaveLength(1);
    expect(mails[0].text).not.toContain('Yusuf'); // the mail names only the pseudonym

    const before = (await ben.get(`/api/clients/${clientId}/consents`)).body.find((c: { id: string }) => c.id === consentId);
    expect(before.notices).toEqual([{ organisation: { id: org['jobcenter-magdeburg'], name: expect.any(String) }, notifiedAt: expect.any(String), acknowledgedAt: null }]);
    const ack = await david.post(`/api/withdrawal-notices/${consentId}/acknowledge`);
    expect(ack.status).toBe(200);
    expect(ack.body).toMatchObject({ acknowledgedBy: 'David Jankowski' });
    expect((await david.post(`/api/withdrawal-notices/${consentId}/acknowledge`)).status).toBe(409);
    expect((await clara.post(`/api/withdrawal-notices/${consentId}/acknowledge`)).status).toBe(404);
    const after = (await ben.get(`/api/clients/${clientId}/consents`)).body.find((c: { id: string }) => c.id === consentId);
    expect(after.notices[0].acknowledgedAt).toEqual(expect.any(String));
  });

  it('treats a statutory disclosure like a consent and says which it is', async () => {
    const abhClient = await anna.post('/api/clients', { identity: { givenNames: 'Omar', familyName: 'Haddad' }, residence: { status: 'Aufenthaltsgestattung' } });
    expect((await ben.post(`/api/clients/${abhClient.body.id}/statutory-disclosures`, {})).status).toBe(403);
    const res = await anna.post(`/api/clients/${abhClient.body.id}/statutory-disclosures`, {
      granteeOrganisationIds: [org['jobcenter-magdeburg']],
      purposes: ['information_exchange'],
      categories: ['residence'],
      legalBasis: '§ 87 Abs. 1 AufenthG',
      justification: 'Die Jobcenter benötigt den Aufenthaltsstatus für die Leistungsgewährung.',
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ kind: 'statutory', legalBasis: '§ 87 Abs. 1 AufenthG', evidence: null });
    const seen = await david.get(`/api/clients/${abhClient.body.id}?purpose=information_exchange`);
    expect(seen.body.data).toEqual({ residence: { status: 'Aufenthaltsgestattung' } });
    expect(seen.body.access).toEqual({ residence: { kind: 'statutory', id: res.body.id } });
  });

  it('never shows health data to volunteers, even with consent', async () => {
    await ben.post(`/api/clients/${clientId}/consents`, {
      granteeOrganisationIds: [org['willkommen-magdeburg']], purposes: ['counselling'],
      categories: ['identity', 'health', 'contact'], evidenceType: 'verbal_with_witness', witnessName: 'Clara Dietrich',
    });
    const seen = await eva.get(`/api/clients/${clientId}?purpose=counselling`);
    expect(Object.keys(seen.body.data).sort()).toEqual(['contact', 'identity']);
    expect(Object.keys((await eva.get('/api/clients/shared?purpose=counselling')).body.items[0].data).sort()).toEqual(['contact', 'identity']);
  });

  it('stores a signed form with its SHA-256 and gives it back to the owner', async () => {
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
    const form = new FormData();
    form.set('consent', JSON.stringify({
      granteeOrganisationIds: [org['diakonie-magdeburg']], purposes: ['case_conference'], categories: ['identity'], evidenceType: 'signed_form',
    }));
    form.set('evidence', new Blob([pdf], { type: 'application/pdf' }), 'einwilligung.pdf');
    const res = await fetch(`${t.url}/api/clients/${clientId}/consents`, {
      method: 'POST', body: form, headers: { Authorization: `Bearer ${await accessToken(DEMO_USERS.ben)}` },
    });
    expect(res.status).toBe(201);
    const consent = await res.json() as { id: string; evidence: { sha256: string; mediaType: string } };
    const digest = createHash('sha256').update(pdf).digest('hex');
    expect(consent.evidence).toMatchObject({ type: 'signed_form', sha256: digest, mediaType: 'application/pdf' });
    const download = await fetch(`${t.url}/api/consents/${consent.id}/evidence`, { headers: { Authorization: `Bearer ${await accessToken(DEMO_USERS.ben)}` } });
    expect(download.headers.get('x-content-sha256')).toBe(digest);
    expect(Buffer.from(await download.arrayBuffer()).equals(pdf)).toBe(true);
  });

  describe('bad input gets a 4xx and stores nothing', () => {
    let before: { consents: number; evidence: number; clients: number };
    beforeEach(async () => {
      before = { consents: await count('consent'), evidence: await count('consent_evidence'), clients: await count('client') };
    });
    afterEach(async () => {
      expect({ consents: await count('consent'), evidence: await count('consent_evidence'), clients: await count('client') }).toEqual(before);
    });
    const valid = () => ({ granteeOrganisationIds: [org['jobcenter-magdeburg']], purposes: ['referral'], categories: ['identity'], evidenceType: 'digital' });

    it.each([
      ['an unknown category', { categories: ['identity', 'religion'] }, /categories must be some of/],
      ['an unknown purpose', { purposes: ['marketing'] }, /purposes must be some of/],
      ['an end before the start', { validFrom: '2026-12-01', validUntil: '2026-11-01' }, /validUntil must be after validFrom/],
      ['the owner as grantee', { granteeOrganisationIds: ['OWNER'] }, /cannot be a grantee/],
      ['an unknown grantee', { granteeOrganisationIds: ['00000000-0000-4000-8000-000000000000'] }, /not in the directory/],
      ['a malformed grantee id', { granteeOrganisationIds: ['caritas'] }, /organisation ids/],
      ['a verbal consent without witness', { evidenceType: 'verbal_with_witness' }, /witness/],
      ['a signed form without the file', { evidenceType: 'signed_form' }, /needs the scanned form: upload it/],
      ['an unknown field', { note: 'x' }, /property note should not exist/],
      ['a date that is no date', { validFrom: 'tomorrow' }, /validFrom must be a date/],
    ])('rejects %s', async (_label, change, message) => {
      const body = { ...valid(), ...change } as Record<string, unknown>;
      if ((body.granteeOrganisationIds as string[])[0] === 'OWNER') body.granteeOrganisationIds = [org['caritas-magdeburg']];
      const res = await ben.post(`/api/clients/${clientId}/consents`, body);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.message)).toMatch(message);
    });

    const upload = async (content: Buffer, type: string) => {
      const form = new FormData();
      form.set('consent', JSON.stringify({ ...valid(), evidenceType: 'signed_form' }));
      form.set('evidence', new Blob([content], { type }), 'form');
      return fetch(`${t.url}/api/clients/${clientId}/consents`, { method: 'POST', body: form, headers: { Authorization: `Bearer ${await accessToken(DEMO_USERS.ben)}` } });
    };

    it('rejects an upload that is not a PDF or image, whatever it claims', async () => {
      const res = await upload(Buffer.from('MZ\x90\x00 not a pdf'), 'application/pdf');
      expect(res.status).toBe(400);
      expect(((await res.json()) as { message: string }).message).toMatch(/PDF, PNG or JPEG/);
    });

    it('rejects an oversize upload', async () => {
      const res = await upload(Buffer.concat([Buffer.from('%PDF-1.4\n'), Buffer.alloc(10 * 1024 * 1024 + 1)]), 'application/pdf');
      expect(res.status).toBe(413);
    });

    it('rejects malformed ids and bad client data', async () => {
      expect((await ben.get('/api/clients/K-1234')).status).toBe(400);
      expect((await ben.post('/api/consents/not-a-uuid/withdraw')).status).toBe(400);
      expect((await ben.post('/api/clients', { identity: { givenNames: 'A' } })).status).toBe(400);
      expect((await ben.post('/api/clients', { identity: { givenNames: 'A', familyName: 'B' }, religion: {} })).status).toBe(400);
      expect((await ben.post('/api/clients', { identity: { givenNames: 'A', familyName: 'B', shoeSize: '42' } })).status).toBe(400);
      expect((await ben.post('/api/clients', { identity: { givenNames: 'A', familyName: 'B' }, education: { germanLevel: 'B3' } })).status).toBe(400);
      expect((await david.get('/api/clients/shared')).status).toBe(400); // purpose is required
    });
  });

  it('gives the owner the Art. 15 report from the ledger, and nobody else', async () => {
    const report = await ben.get(`/api/clients/${clientId}/disclosure-report`);
    expect(report.status).toBe(200);
    expect(report.body.client).toMatchObject({ id: clientId, owner: { id: org['caritas-magdeburg'] } });
    const jobcenterReads = report.body.disclosures.filter((d: { recipient: { id: string } }) => d.recipient.id === org['jobcenter-magdeburg']);
    expect(jobcenterReads.length).toBeGreaterThan(0);
    expect(jobcenterReads[0]).toMatchObject({ action: 'read', purpose: 'referral', categories: ['employment', 'identity'], basis: { kind: 'consent', id: consentId } });
    expect(report.body.bases.map((b: { id: string }) => b.id)).toContain(consentId);
    for (const other of [david, clara, eva]) expect((await other.get(`/api/clients/${clientId}/disclosure-report`)).status).toBe(403);
    expect((await felix.get(`/api/clients/${clientId}/disclosure-report`)).status).toBe(403);
  });

  it('exports only what the viewer may see, and records the export', async () => {
    const statutory = (await anna.get('/api/clients?q=haddad')).body.items[0];
    const exported = await david.get(`/api/clients/${statutory.id}/export?purpose=information_exchange`);
    expect(exported.headers.get('content-disposition')).toContain(statutory.pseudonym);
    expect(exported.body.data).toEqual({ residence: { status: 'Aufenthaltsgestattung' } });
    expect((await clara.get(`/api/clients/${statutory.id}/export?purpose=information_exchange`)).body.data).toEqual({});
    const [last] = await t.sql<{ action: string; basis_kind: string }>('SELECT action, basis_kind FROM disclosure_event ORDER BY seq DESC LIMIT 1');
    expect(last).toEqual({ action: 'export', basis_kind: 'statutory' });
  });

  it('gives the network admin the Art. 30 register without client data', async () => {
    const register = await felix.get('/api/records-of-processing');
    expect(register.status).toBe(200);
    expect(register.body.purposes.map((p: { purpose: string }) => p.purpose)).toEqual(['case_conference', 'referral', 'counselling', 'information_exchange']);
    const info = register.body.purposes.find((p: { purpose: string }) => p.purpose === 'information_exchange');
    expect(info.recipients).toEqual([{ id: org['jobcenter-magdeburg'], name: expect.any(String) }]);
    expect(register.body.categories.find((c: { category: string }) => c.category === 'health')).toEqual({ category: 'health', specialCategory: true, clients: 1 });
    expect(JSON.stringify(register.body)).not.toMatch(/Yusuf|Haddad|K-[0-9A-Z]{6}/);
    expect((await ben.get('/api/records-of-processing')).status).toBe(403);
  });

  it('detects a ledger row changed directly in the database', async () => {
    const [{ seq }] = await t.sql<{ seq: string }>('SELECT seq FROM disclosure_event ORDER BY seq LIMIT 1 OFFSET 1');
    await t.sql('ALTER TABLE disclosure_event DISABLE TRIGGER disclosure_event_no_update_or_delete');
    await t.sql(`UPDATE disclosure_event SET categories = ARRAY['health'] WHERE seq = $1`, [seq]);
    await t.sql('ALTER TABLE disclosure_event ENABLE TRIGGER disclosure_event_no_update_or_delete');
    expect((await felix.get('/api/ledger/verify')).body).toMatchObject({ valid: false, firstBadSeq: Number(seq) });
  });
});
