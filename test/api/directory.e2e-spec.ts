import { apiClient } from '../support/http';
import { accessToken, DEMO_USERS } from '../support/realm';
import { startTestApp, type TestApp } from '../support/test-app';

const caritas = {
  slug: 'caritas-magdeburg',
  name: 'Caritasverband Magdeburg',
  kind: 'welfare',
  description: 'Migration counselling for adults',
  address: { street: 'Langer Weg 66', postalCode: '39112', city: 'Magdeburg' },
  website: 'https://caritas.example',
  languages: ['de', 'ar'],
  contactPoints: [{ name: 'Ben Cramer', role: 'Integration manager', email: 'ben@caritas.example', phone: '+49 391 6058-0' }],
};

describe('partner directory', () => {
  let t: TestApp;
  let admin: ReturnType<typeof apiClient>;
  let member: ReturnType<typeof apiClient>;
  let volunteer: ReturnType<typeof apiClient>;

  beforeAll(async () => {
    t = await startTestApp();
    admin = apiClient(t.url, await accessToken(DEMO_USERS.felix));
    member = apiClient(t.url, await accessToken(DEMO_USERS.ben));
    volunteer = apiClient(t.url, await accessToken(DEMO_USERS.eva));
  });
  afterAll(() => t.close());

  const count = async (table: string) => Number((await t.sql(`SELECT count(*) AS n FROM ${table}`))[0].n);

  describe('create, read, update, delete', () => {
    let id: string;

    it('lets the network admin create an organisation', async () => {
      expect((await member.get('/api/me')).body.organisation).toBeNull(); // ben signs in before Caritas is listed
      const res = await admin.post('/api/organisations', caritas);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ ...caritas, services: [] });
      id = res.body.id;
    });

    it('links members who signed in before their organisation was listed', async () => {
      const me = await member.get('/api/me');
      expect(me.body.organisation).toMatchObject({ id, name: caritas.name });
      const members = await volunteer.get(`/api/organisations/${id}/members`);
      expect(members.status).toBe(200);
      expect(members.body.map((m: { username: string }) => m.username)).toEqual(['ben.caritas']);
    });

    it('lets every member read it, including volunteers', async () => {
      const res = await volunteer.get(`/api/organisations/${id}`);
      expect(res.status).toBe(200);
      expect(res.body.address).toEqual(caritas.address);
    });

    it('adds, changes and removes services', async () => {
      const created = await admin.post(`/api/organisations/${id}/services`, {
        name: 'Migration counselling for adults', category: 'migration_counselling', languages: ['de', 'ar'],
        eligibility: 'Adults, up to three years after arrival',
      });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ capacity: 'open', organisationId: id });
      const changed = await admin.patch(`/api/organisations/${id}/services/${created.body.id}`, { capacity: 'waitlist' });
      expect(changed.body.capacity).toBe('waitlist');
      expect((await member.patch(`/api/organisations/${id}/services/${created.body.id}`, { capacity: 'closed' })).status).toBe(403);
      const org = await member.get(`/api/organisations/${id}`);
      expect(org.body.services).toHaveLength(1);
      expect(org.body.services[0].capacity).toBe('waitlist');

      const extra = await admin.post(`/api/organisations/${id}/services`, { name: 'Refugee counselling', category: 'legal_advice' });
      expect((await admin.delete(`/api/organisations/${id}/services/${extra.body.id}`)).status).toBe(204);
      expect((await admin.delete(`/api/organisations/${id}/services/${extra.body.id}`)).status).toBe(404);
    });

    it('updates only what is sent', async () => {
      const res = await admin.patch(`/api/organisations/${id}`, { description: 'Counselling and integration management' });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ description: 'Counselling and integration management', name: caritas.name, languages: ['de', 'ar'] });
    });

    it('refuses a second organisation with the same slug (409) and keeps the first', async () => {
      const res = await admin.post('/api/organisations', { ...caritas, name: 'Copy' });
      expect(res.status).toBe(409);
      expect(res.body.message).toMatch(/slug/);
      expect(await count('organisation')).toBe(1);
    });

    it('deletes the organisation with its services; its members stay', async () => {
      expect((await member.delete(`/api/organisations/${id}`)).status).toBe(403);
      expect((await admin.delete(`/api/organisations/${id}`)).status).toBe(204);
      expect((await member.get(`/api/organisations/${id}`)).status).toBe(404);
      expect(await count('partner_service')).toBe(0);
      expect(await t.sql(`SELECT organisation_id FROM member WHERE username = 'ben.caritas'`)).toEqual([{ organisation_id: null }]);
    });
  });

  describe('search and filters', () => {
    beforeAll(async () => {
      await t.sql('DELETE FROM organisation');
      const orgs = [
        { slug: 'abh', name: 'Ausländerbehörde', kind: 'authority', languages: ['de', 'en'], services: [{ name: 'Residence permits', category: 'residence_matters', languages: ['de'] }] },
        { slug: 'diakonie', name: 'Diakonie', kind: 'welfare', languages: ['de'], services: [{ name: 'Youth migration service', category: 'migration_counselling', languages: ['uk'] }] },
        { slug: 'ehrenamt', name: 'Willkommen e.V.', kind: 'volunteer_group', languages: ['de', 'ar'], services: [{ name: 'Language café', category: 'language_course', languages: ['ar'] }] },
        { slug: 'klinik', name: 'Klinikum', kind: 'employer', languages: ['de'], services: [] },
      ];
      for (const { services, ...org } of orgs) {
        const created = await admin.post('/api/organisations', { ...org, address: { city: 'Magdeburg' } });
        for (const s of services) await admin.post(`/api/organisations/${created.body.id}/services`, s);
      }
    });

    const names = (res: { body: { items: Array<{ name: string }> } }) => res.body.items.map((o) => o.name);

    it('lists all, sorted by name, with their service categories', async () => {
      const res = await member.get('/api/organisations');
      expect(res.body.total).toBe(4);
      expect(names(res)).toEqual(['Ausländerbehörde', 'Diakonie', 'Klinikum', 'Willkommen e.V.']);
      expect(res.body.items[1]).toMatchObject({ serviceCount: 1, serviceCategories: ['migration_counselling'] });
    });

    it('filters by kind, service category and language (own or a service\'s)', async () => {
      expect(names(await member.get('/api/organisations?kind=welfare'))).toEqual(['Diakonie']);
      expect(names(await member.get('/api/organisations?category=language_course'))).toEqual(['Willkommen e.V.']);
      expect(names(await member.get('/api/organisations?language=uk'))).toEqual(['Diakonie']);
      expect(names(await member.get('/api/organisations?language=en'))).toEqual(['Ausländerbehörde']);
    });

    it('finds words in names and service names, taking % and _ literally', async () => {
      expect(names(await member.get('/api/organisations?q=caf%C3%A9'))).toEqual(['Willkommen e.V.']);
      expect(names(await member.get('/api/organisations?q=permit'))).toEqual(['Ausländerbehörde']);
      expect((await member.get('/api/organisations?q=%25')).body.total).toBe(0);
    });

    it('pages, and counts the total beyond the page', async () => {
      const page = await member.get('/api/organisations?limit=2&offset=2');
      expect(names(page)).toEqual(['Klinikum', 'Willkommen e.V.']);
      expect(page.body.total).toBe(4);
      expect((await member.get('/api/organisations?limit=2&offset=10')).body).toMatchObject({ items: [], total: 4 });
    });

    it('finds services across organisations', async () => {
      const res = await member.get('/api/services?language=ar');
      expect(res.body.items.map((s: { name: string; organisationName: string }) => [s.name, s.organisationName])).toEqual([
        ['Language café', 'Willkommen e.V.'],
      ]);
    });
  });

  describe('bad input gets a clear 400 and stores nothing', () => {
    const before = { organisations: 0, services: 0 };
    let orgId: string;
    beforeAll(async () => {
      orgId = (await admin.get('/api/organisations?limit=1')).body.items[0].id;
      before.organisations = await count('organisation');
      before.services = await count('partner_service');
    });
    afterEach(async () => {
      expect(await count('organisation')).toBe(before.organisations);
      expect(await count('partner_service')).toBe(before.services);
    });

    const valid = { slug: 'new-org', name: 'New organisation', kind: 'counselling', address: { city: 'Magdeburg' } };

    it.each([
      ['an unknown field', { ...valid, secretFlag: true }, /property secretFlag should not exist/],
      ['an unknown nested field', { ...valid, address: { city: 'Magdeburg', planet: 'Mars' } }, /planet should not exist/],
      ['a name of the wrong type', { ...valid, name: 42 }, /name must be/],
      ['an overlong name', { ...valid, name: 'x'.repeat(201) }, /name must be shorter than or equal to 200 characters/],
      ['an unknown kind', { ...valid, kind: 'ministry' }, /kind must be one of/],
      ['a bad slug', { ...valid, slug: 'Not A Slug' }, /slug must be/],
      ['a missing city', { ...valid, address: {} }, /city/],
      ['a bad language code', { ...valid, languages: ['German'] }, /ISO 639/],
      ['a bad contact e-mail', { ...valid, contactPoints: [{ name: 'X', email: 'not-mail' }] }, /e-mail/],
      ['a website without http(s)', { ...valid, website: 'javascript:alert(1)' }, /website/],
    ])('rejects %s', async (_label, body, message) => {
      const res = await admin.post('/api/organisations', body);
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.message)).toMatch(message);
    });

    it('rejects a body that is not JSON', async () => {
      expect((await admin.post('/api/organisations', '{"slug": ')).status).toBe(400);
    });

    it('rejects a bad service and a bad update', async () => {
      expect((await admin.post(`/api/organisations/${orgId}/services`, { name: 'S', category: 'x' })).status).toBe(400);
      expect((await admin.post(`/api/organisations/${orgId}/services`, { name: 'Service', category: 'health', capacity: 'full' })).status).toBe(400);
      const update = await admin.patch(`/api/organisations/${orgId}`, { name: '', kind: 'welfare' });
      expect(update.status).toBe(400);
      expect((await admin.get(`/api/organisations/${orgId}`)).body.kind).not.toBe('welfare');
    });

    it('rejects malformed ids and unknown query parameters', async () => {
      const bad = await member.get('/api/organisations/not-a-uuid');
      expect(bad.status).toBe(400);
      expect(bad.body.message).toMatch(/uuid/);
      expect((await member.get('/api/organisations?color=red')).status).toBe(400);
      expect((await member.get('/api/organisations?limit=1000')).status).toBe(400);
      expect((await member.get('/api/organisations?kind=ministry')).status).toBe(400);
      expect((await admin.post('/api/organisations/00000000-0000-4000-8000-000000000000/services', { name: 'Service', category: 'health' })).status).toBe(404);
    });
  });
});
