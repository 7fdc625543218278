import { createHash, randomBytes } from 'node:crypto';
import { testStack } from '../setup/test-stack';
import { decodePayload, login } from '../support/realm';

/** The stand-in realm speaks Keycloak's protocol: what keycloak-js and keycloak-connect rely on. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const json = (response: Response): Promise<any> => response.json();

describe('stand-in realm', () => {
  const realm = () => `${testStack().keycloakUrl}/realms/roundtable`;
  const oidc = () => `${realm()}/protocol/openid-connect`;
  const redirectUri = 'http://localhost:3999/app';
  const form = (values: Record<string, string>) => ({
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(values),
    redirect: 'manual' as const,
  });

  it('publishes discovery and its keys', async () => {
    const discovery = await json(await fetch(`${realm()}/.well-known/openid-configuration`));
    expect(discovery.issuer).toBe(realm());
    expect(discovery.check_session_iframe).toBe(`${oidc()}/login-status-iframe.html`);
    const { keys } = await json(await fetch(discovery.jwks_uri));
    expect(keys).toEqual([expect.objectContaining({ kty: 'RSA', alg: 'RS256', use: 'sig', kid: expect.any(String) })]);
    expect(keys[0].d).toBeUndefined();
  });

  it('issues tokens shaped as Keycloak issues them', async () => {
    const tokens = await login('ben.caritas');
    const access = decodePayload(tokens.access_token);
    expect(access).toMatchObject({
      iss: realm(),
      typ: 'Bearer',
      azp: 'roundtable-web',
      aud: expect.arrayContaining(['roundtable-api']),
      preferred_username: 'ben.caritas',
      email: 'ben.caritas@roundtable.example',
      name: 'Ben Cramer',
      org: 'caritas-magdeburg',
      realm_access: { roles: expect.arrayContaining(['integration-manager']) },
      resource_access: { account: { roles: expect.any(Array) } },
    });
    expect(access.sid).toEqual(expect.any(String));
    expect(JSON.parse(Buffer.from(tokens.access_token.split('.')[0], 'base64url').toString())).toMatchObject({ alg: 'RS256', kid: expect.any(String) });
    expect(decodePayload(tokens.id_token!)).toMatchObject({ typ: 'ID', aud: 'roundtable-web' });
    expect(decodePayload(tokens.refresh_token)).toMatchObject({ typ: 'Refresh', sid: access.sid });
  });

  it('rejects a wrong password', async () => {
    const res = await fetch(`${oidc()}/token`, form({ grant_type: 'password', client_id: 'roundtable-web', username: 'ben.caritas', password: 'nope' }));
    expect(res.status).toBe(401);
    expect(await json(res)).toEqual({ error: 'invalid_grant', error_description: 'Invalid user credentials' });
  });

  it('runs the authorization code flow with PKCE, through the login page', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const params = new URLSearchParams({
      client_id: 'roundtable-web', redirect_uri: redirectUri, response_type: 'code', response_mode: 'fragment',
      scope: 'openid', state: 'st4te', nonce: 'n0nce', code_challenge: challenge, code_challenge_method: 'S256',
    });
    const page = await fetch(`${oidc()}/auth?${params}`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<label for="username">');
    const action = /action="([^"]+)"/.exec(html)![1].replace(/&amp;/g, '&');

    const wrong = await fetch(new URL(action, realm()).toString(), form({ username: 'ben.caritas', password: 'wrong' }));
    expect(wrong.status).toBe(401);
    expect(await wrong.text()).toContain('role="alert"');

    const ok = await fetch(new URL(action, realm()).toString(), form({ username: 'ben.caritas', password: 'demo' }));
    expect(ok.status).toBe(302);
    const location = ok.headers.get('location')!;
    expect(location.startsWith(`${redirectUri}#`)).toBe(true);
    const answer = new URLSearchParams(location.split('#')[1]);
    expect(answer.get('state')).toBe('st4te');
    const cookies = ok.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    expect(cookies).toMatch(/KEYCLOAK_SESSION=roundtable\/[^/]+\/[0-9a-f-]+/);

    const badVerifier = await fetch(`${oidc()}/token`, form({
      grant_type: 'authorization_code', client_id: 'roundtable-web', code: answer.get('code')!, redirect_uri: redirectUri, code_verifier: 'x'.repeat(43),
    }));
    expect(badVerifier.status).toBe(400);

    // the code was spent by the failed attempt: log in again through the SSO cookie, no password asked
    const again = await fetch(`${oidc()}/auth?${params}`, { headers: { cookie: cookies }, redirect: 'manual' });
    expect(again.status).toBe(302);
    const code = new URLSearchParams(again.headers.get('location')!.split('#')[1]).get('code')!;
    const tokens = await fetch(`${oidc()}/token`, form({
      grant_type: 'authorization_code', client_id: 'roundtable-web', code, redirect_uri: redirectUri, code_verifier: verifier,
    }));
    expect(tokens.status).toBe(200);
    const body = await json(tokens);
    expect(decodePayload(body.id_token).nonce).toBe('n0nce');
    const reuse = await fetch(`${oidc()}/token`, form({
      grant_type: 'authorization_code', client_id: 'roundtable-web', code, redirect_uri: redirectUri, code_verifier: verifier,
    }));
    expect(reuse.status).toBe(400);

    const refreshed = await fetch(`${oidc()}/token`, form({ grant_type: 'refresh_token', client_id: 'roundtable-web', refresh_token: body.refresh_token }));
    expect(refreshed.status).toBe(200);
    const userinfo = await fetch(`${oidc()}/userinfo`, { headers: { Authorization: `Bearer ${(await json(refreshed)).access_token}` } });
    expect(await json(userinfo)).toMatchObject({ preferred_username: 'ben.caritas', org: 'caritas-magdeburg' });
  });

  it('refuses unknown redirect URIs and answers prompt=none without a session with login_required', async () => {
    const base = { client_id: 'roundtable-web', response_type: 'code', code_challenge: 'abc', code_challenge_method: 'S256' };
    const evil = await fetch(`${oidc()}/auth?${new URLSearchParams({ ...base, redirect_uri: 'https://evil.example/' })}`, { redirect: 'manual' });
    expect(evil.status).toBe(400);
    const silent = await fetch(`${oidc()}/auth?${new URLSearchParams({ ...base, redirect_uri: redirectUri, prompt: 'none', state: 's' })}`, { redirect: 'manual' });
    expect(silent.status).toBe(302);
    expect(silent.headers.get('location')).toContain('error=login_required');
  });

  it('issues service-account tokens to the confidential api client only with its secret', async () => {
    const ok = await fetch(`${oidc()}/token`, form({ grant_type: 'client_credentials', client_id: 'roundtable-api', client_secret: 'roundtable-api-dev-secret' }));
    expect(ok.status).toBe(200);
    expect(decodePayload((await json(ok)).access_token).preferred_username).toBe('service-account-roundtable-api');
    const bad = await fetch(`${oidc()}/token`, form({ grant_type: 'client_credentials', client_id: 'roundtable-api', client_secret: 'guess' }));
    expect(bad.status).toBe(401);
    const publicClient = await fetch(`${oidc()}/token`, form({ grant_type: 'client_credentials', client_id: 'roundtable-web' }));
    expect(publicClient.status).toBe(400);
  });

  it('serves the session-status and third-party-cookie iframes keycloak-js loads', async () => {
    expect(await (await fetch(`${oidc()}/login-status-iframe.html`)).text()).toContain("addEventListener('message'");
    const init = (origin: string) => fetch(`${oidc()}/login-status-iframe.html/init?client_id=roundtable-web&origin=${encodeURIComponent(origin)}`);
    expect((await init('http://localhost:3999')).status).toBe(204);
    expect((await init('https://evil.example')).status).toBe(403);
    expect(await (await fetch(`${oidc()}/3p-cookies/step1.html`)).text()).toContain('step2.html');
    expect(await (await fetch(`${oidc()}/3p-cookies/step2.html`)).text()).toContain("postMessage('supported'");
  });
});
