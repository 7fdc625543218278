import { apiClient } from '../support/http';
import { accessToken, DEMO_USERS, login, resign } from '../support/realm';
import { startTestApp, type TestApp } from '../support/test-app';
import { testStack } from '../setup/test-stack';

describe('authentication and roles (tokens from the realm, checked by keycloak-connect)', () => {
  let t: TestApp;
  let benToken: string;

  beforeAll(async () => {
    t = await startTestApp();
    benToken = await accessToken(DEMO_USERS.ben);
  });
  afterAll(() => t.close());

  it('answers 401 without a token, and says how to send one', async () => {
    const res = await apiClient(t.url).get('/api/me');
    expect(res.status).toBe(401);
    expect(res.body.message).toMatch(/Authorization: Bearer/);
  });

  it('answers 401 for a header that is not a bearer token', async () => {
    const res = await apiClient(t.url).get('/api/me', { Authorization: `Basic ${Buffer.from('ben:demo').toString('base64')}` });
    expect(res.status).toBe(401);
  });

  it('answers 401 for an expired token signed by the realm', async () => {
    const expired = await resign(benToken, { exp: Math.floor(Date.now() / 1000) - 60 });
    const res = await apiClient(t.url, expired).get('/api/me');
    expect(res.status).toBe(401);
    expect(res.body.message).toMatch(/expired/);
  });

  it('answers 401 for a token forged with another key under the realm key id', async () => {
    const forged = await resign(benToken, { realm_access: { roles: ['network-admin'] } }, 'foreign');
    const res = await apiClient(t.url, forged).get('/api/me');
    expect(res.status).toBe(401);
    expect(res.body.message).toMatch(/signature/);
  });

  it('answers 401 for a token of another issuer, even when the signature is valid', async () => {
    const foreign = await resign(benToken, { iss: 'https://evil.example/realms/roundtable' });
    const res = await apiClient(t.url, foreign).get('/api/me');
    expect(res.status).toBe(401);
    expect(res.body.message).toMatch(/ISS/);
  });

  it('answers 401 for a token not meant for the api (audience)', async () => {
    const other = await resign(benToken, { aud: ['account'] });
    expect((await apiClient(t.url, other).get('/api/me')).status).toBe(401);
  });

  it('answers 401 for a refresh token used as an access token', async () => {
    const { refresh_token } = await login(DEMO_USERS.ben);
    expect((await apiClient(t.url, refresh_token).get('/api/me')).status).toBe(401);
  });

  it('lets a valid token through and mirrors the member with organisation and roles', async () => {
    const res = await apiClient(t.url, benToken).get('/api/me');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ username: 'ben.caritas', org: 'caritas-magdeburg', roles: ['integration-manager'] });
    await apiClient(t.url, benToken).get('/api/me');
    const rows = await t.sql(`SELECT username, org_slug, roles FROM member WHERE username = 'ben.caritas'`);
    expect(rows).toEqual([{ username: 'ben.caritas', org_slug: 'caritas-magdeburg', roles: ['integration-manager'] }]);
  });

  it('answers 403 when the token lacks the role the route needs', async () => {
    const res = await apiClient(t.url, benToken).post('/api/organisations', {
      slug: 'not-allowed', name: 'Not allowed', kind: 'welfare', address: { city: 'Magdeburg' },
    });
    expect(res.status).toBe(403);
    expect(res.body.message).toMatch(/network-admin/);
    expect(await t.sql(`SELECT 1 FROM organisation WHERE slug = 'not-allowed'`)).toHaveLength(0);
  });

  it('lets a member change the preferred language, and rejects unknown languages', async () => {
    const api = apiClient(t.url, await accessToken(DEMO_USERS.eva));
    expect((await api.patch('/api/me', { language: 'en' })).body.language).toBe('en');
    expect((await api.patch('/api/me', { language: 'fr' })).status).toBe(400);
    expect((await api.get('/api/me')).body.language).toBe('en');
  });

  it('keeps health and the web configuration public', async () => {
    const health = await apiClient(t.url).get('/api/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', checks: { database: { status: 'up' }, realm: { status: 'up' } } });
    const config = await apiClient(t.url).get('/api/web-config');
    expect(config.body.keycloak).toEqual({ url: testStack().keycloakUrl, realm: 'roundtable', clientId: 'roundtable-web' });
  });
});

describe('online validation (token introspection at the realm)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ KEYCLOAK_VALIDATION: 'online' });
  });
  afterAll(() => t.close());

  it('accepts an active token and rejects it once the session is logged out', async () => {
    const tokens = await login(DEMO_USERS.clara);
    const api = apiClient(t.url, tokens.access_token);
    expect((await api.get('/api/me')).status).toBe(200);

    const logout = await fetch(`${testStack().keycloakUrl}/realms/roundtable/protocol/openid-connect/logout`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ client_id: 'roundtable-web', refresh_token: tokens.refresh_token }),
    });
    expect(logout.status).toBe(204);
    const res = await api.get('/api/me');
    expect(res.status).toBe(401);
    expect(res.body.message).toMatch(/not active/);
  });

  it('rejects a forged token', async () => {
    const forged = await resign(await accessToken(DEMO_USERS.clara), {}, 'foreign');
    expect((await apiClient(t.url, forged).get('/api/me')).status).toBe(401);
  });
});
