import { DataSource } from 'typeorm';
import { seedDemoData } from '../../apps/local-stack/src/demo-data';
import { apiClient } from '../support/http';
import { accessToken, DEMO_USERS } from '../support/realm';
import { startTestApp, type TestApp } from '../support/test-app';

/** The skilled-immigration reform's stages (shared/data), the case the seeds describe. */
const reform = () => ({
  audiences: ['partner_staff', 'volunteers'],
  legalRefs: ['§ 18a AufenthG', '§ 16g AufenthG'],
  provisions: [
    { effective: '2024-03-01', refs: ['§ 16g AufenthG'], text: { de: 'Spurwechsel und Ausbildungsaufenthalt', en: 'Lane change and training permit' } },
    { effective: '2023-11-18', refs: ['§ 18a AufenthG'], text: { de: 'Blaue Karte EU', en: 'EU Blue Card' } },
    { effective: '2024-06-01', refs: ['§ 20a AufenthG'], text: { de: 'Chancenkarte', en: 'Opportunity card' } },
  ],
  variants: {
    de: { title: 'Fachkräfteeinwanderung: Was gilt ab wann?', summary: 'Die Reform tritt in drei Stufen in Kraft – nicht alles gilt ab März.', bodyMarkdown: '## Stufen\n\nErst **November 2023**, dann März und Juni 2024.<script>alert(1)</script><img src=x onerror=alert(2)>' },
    en: { title: 'Skilled immigration: what applies when?', summary: 'The reform comes into force in three stages, not all in March.', bodyMarkdown: '## Stages\n\nFirst **November 2023**, then March and June 2024.' },
    'de-simple': { title: 'Neue Regeln für Arbeit in Deutschland', summary: 'Die neuen Regeln kommen nicht alle auf einmal. Es gibt 3 Schritte.', bodyMarkdown: 'Es gibt **3 Schritte**.' },
  },
});

describe('bulletins: authoring and four eyes', () => {
  let t: TestApp;
  let greta: ReturnType<typeof apiClient>; // bulletin-editor
  let anna: ReturnType<typeof apiClient>; // abh-liaison
  let ben: ReturnType<typeof apiClient>; // partner staff
  let eva: ReturnType<typeof apiClient>; // volunteer
  let id: string;
  const count = async () => Number((await t.sql('SELECT count(*) AS n FROM bulletin'))[0].n);

  beforeAll(async () => {
    t = await startTestApp();
    await seedDemoData(t.app.get(DataSource));
    [greta, anna, ben, eva] = await Promise.all([DEMO_USERS.greta, DEMO_USERS.anna, DEMO_USERS.ben, DEMO_USERS.eva].map(async (u) => apiClient(t.url, await accessToken(u))));
  });
  afterAll(() => t.close());

  it('lets an editor draft a bulletin in three languages, invisible to readers', async () => {
    const res = await greta.post('/api/bulletins', reform());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ state: 'draft', version: 1, availableLanguages: ['de', 'en', 'de-simple'], author: 'Greta Engel' });
    expect(res.body.provisions.map((p: { effective: string }) => p.effective)).toEqual(['2023-11-18', '2024-03-01', '2024-06-01']);
    id = res.body.id;
    expect((await ben.get(`/api/bulletins/${id}`)).status).toBe(404);
    expect((await ben.post('/api/bulletins', reform())).status).toBe(403);
  });

  it('keeps script out of the HTML', async () => {
    const html = (await greta.get(`/api/bulletins/${id}`)).body.bodyHtml;
    expect(html).toContain('<strong>November 2023</strong>');
    expect(html).not.toMatch(/<script|onerror|<img/);
  });

  it('is published only by a second person with the right to publish', async () => {
    expect((await greta.post(`/api/bulletins/${id}/publish`)).status).toBe(403); // an editor has no right to publish
    expect((await anna.post(`/api/bulletins/${id}/publish`)).status).toBe(409); // not in review yet
    expect((await greta.post(`/api/bulletins/${id}/submit`)).body.state).toBe('in_review');
    expect((await greta.patch(`/api/bulletins/${id}`, reform())).status).toBe(409); // no editing in review
    const published = await anna.post(`/api/bulletins/${id}/publish`);
    expect(published.status).toBe(200);
    expect(published.body).toMatchObject({ state: 'published', version: 1, publishedBy: 'Anna Albrecht' });
    expect((await greta.patch(`/api/bulletins/${id}`, reform())).status).toBe(409);
    const trail = await t.sql<{ step: string; to_state: string }>('SELECT step, to_state FROM bulletin_review_event WHERE bulletin_id = $1 ORDER BY id', [id]);
    expect(trail).toEqual([{ step: 'submit', to_state: 'in_review' }, { step: 'publish', to_state: 'published' }]);
  });

  it('never lets the author publish their own bulletin', async () => {
    const own = (await anna.post('/api/bulletins', reform())).body.id;
    await anna.post(`/api/bulletins/${own}/submit`);
    const res = await anna.post(`/api/bulletins/${own}/publish`);
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/second person/);
    expect((await anna.get(`/api/bulletins/${own}`)).body.state).toBe('in_review');
    expect(await t.sql('SELECT 1 FROM bulletin_version WHERE bulletin_id = $1', [own])).toHaveLength(0);
  });

  it('reaches partner staff and volunteers in their language, with a timeline of what is in force', async () => {
    const feed = await ben.get('/api/bulletins?language=en');
    expect(feed.body.map((b: { id: string }) => b.id)).toEqual([id]);
    expect(feed.body[0]).toMatchObject({ language: 'en', title: 'Skilled immigration: what applies when?' });
    expect((await eva.get(`/api/bulletins/${id}?language=de-simple`)).body.title).toBe('Neue Regeln für Arbeit in Deutschland');

    const timeline = await ben.get('/api/bulletins/timeline?date=2024-01-15');
    expect(timeline.body.inForce.map((e: { effective: string }) => e.effective)).toEqual(['2023-11-18']);
    expect(timeline.body.upcoming.map((e: { effective: string; text: string }) => `${e.effective} ${e.text}`)).toEqual([
      '2024-03-01 Spurwechsel und Ausbildungsaufenthalt',
      '2024-06-01 Chancenkarte',
    ]);
  });

  it('records reads and acknowledgements, with the share of each organisation', async () => {
    expect((await ben.post(`/api/bulletins/${id}/read`)).status).toBe(204);
    expect((await ben.post(`/api/bulletins/${id}/acknowledge`)).status).toBe(200);
    expect((await eva.post(`/api/bulletins/${id}/acknowledge`)).status).toBe(403); // volunteers read, partner staff acknowledge
    const clara = apiClient(t.url, await accessToken(DEMO_USERS.clara));
    await clara.post(`/api/bulletins/${id}/read`);
    const shares = (await anna.get(`/api/bulletins/${id}/acknowledgements`)).body as Array<{ organisation: { name: string }; staff: number; read: number; acknowledged: number; share: number }>;
    const caritas = shares.find((s) => s.organisation.name.startsWith('Caritas'))!;
    expect(caritas).toMatchObject({ staff: 1, read: 1, acknowledged: 1, share: 1 });
    const diakonie = shares.find((s) => s.organisation.name.startsWith('Diakonie'))!;
    expect(diakonie).toMatchObject({ staff: 2, read: 1, acknowledged: 0, share: 0 }); // Clara and Greta
    expect((await ben.get(`/api/bulletins/${id}/acknowledgements`)).status).toBe(403);
  });

  it('takes questions from members and volunteers, answered by the ABH', async () => {
    const asked = await eva.post(`/api/bulletins/${id}/questions`, { body: 'Gilt die Chancenkarte auch für Menschen mit Duldung?' });
    expect(asked.status).toBe(201);
    expect((await eva.post(`/api/bulletins/${id}/questions`, { body: '' })).status).toBe(400);
    expect((await greta.post(`/api/bulletins/questions/${asked.body.id}/answer`, { answer: 'x'.repeat(10) })).status).toBe(403);
    const answered = await anna.post(`/api/bulletins/questions/${asked.body.id}/answer`, { answer: 'Nein, die Chancenkarte setzt ein Visum voraus.', clarification: true });
    expect(answered.body).toMatchObject({ answeredBy: 'Anna Albrecht', clarification: true });
    expect((await ben.get(`/api/bulletins/${id}/questions`)).body).toEqual([expect.objectContaining({ askedBy: 'Eva Vogel', answer: 'Nein, die Chancenkarte setzt ein Visum voraus.' })]);
  });

  it('publishes public bulletins in an Atom feed and an archive, without login and without script', async () => {
    const publicOne = (await greta.post('/api/bulletins', { ...reform(), audiences: ['public'] })).body.id;
    await greta.post(`/api/bulletins/${publicOne}/submit`);
    await anna.post(`/api/bulletins/${publicOne}/publish`);
    const atom = await fetch(`${t.url}/api/public/bulletins/feed.atom?lang=en`);
    expect(atom.headers.get('content-type')).toContain('application/atom+xml');
    const xml = await atom.text();
    expect(xml).toContain(`<id>urn:uuid:${publicOne}</id>`);
    expect(xml).toContain('<title>Skilled immigration: what applies when?</title>');
    expect(xml).not.toContain(`urn:uuid:${id}`); // not a public bulletin
    const page = await (await fetch(`${t.url}/api/public/bulletins/${publicOne}`)).text();
    expect(page).toContain('<strong>November 2023</strong>');
    expect(page).not.toMatch(/<script|onerror/);
    expect((await fetch(`${t.url}/api/public/bulletins/${id}`)).status).toBe(404);
    expect(await (await fetch(`${t.url}/api/public/bulletins?lang=de`)).text()).toContain('Fachkräfteeinwanderung: Was gilt ab wann?');
    await anna.post(`/api/bulletins/${publicOne}/withdraw`);
    expect(await (await fetch(`${t.url}/api/public/bulletins/feed.atom`)).text()).not.toContain(publicOne);
  });

  it('can be withdrawn, and leaves the feed', async () => {
    expect((await anna.post(`/api/bulletins/${id}/withdraw`)).body.state).toBe('withdrawn');
    expect((await ben.get('/api/bulletins')).body).toEqual([]);
  });

  describe('bad input gets a 400 and stores nothing', () => {
    it.each([
      ['an unknown audience', { audiences: ['politicians'] }, /audiences must be some of/],
      ['an effective date that is not a date', { provisions: [{ effective: '1. März 2024', text: { de: 'x' } }] }, /effective must be a date/],
      ['an oversize body', { variants: { de: { title: 'Titel', summary: 'Eine Zusammenfassung', bodyMarkdown: 'x'.repeat(50_001) } } }, /at most 50,000/],
      ['no German variant', { variants: { en: { title: 'Title', summary: 'A summary here', bodyMarkdown: 'x' } } }, /de/],
      ['an unknown language', { variants: { de: reform().variants.de, fr: reform().variants.en } }, /property fr should not exist/],
    ])('rejects %s', async (_label, change, message) => {
      const before = await count();
      const res = await greta.post('/api/bulletins', { ...reform(), ...change });
      expect(res.status).toBe(400);
      expect(JSON.stringify(res.body.message)).toMatch(message);
      expect(await count()).toBe(before);
    });

    it('rejects malformed ids and dates', async () => {
      expect((await ben.get('/api/bulletins/not-a-uuid')).status).toBe(400);
      expect((await ben.get('/api/bulletins/timeline?date=tomorrow')).status).toBe(400);
      expect((await ben.get('/api/bulletins?language=fr')).status).toBe(400);
    });
  });
});
