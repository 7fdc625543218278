import express, { type NextFunction, type Request, type Response, type Router } from 'express';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import { jwtVerify, SignJWT, type JWTPayload } from 'jose';
import {
  allowedOrigins,
  checkPassword,
  findUser,
  mappedAttributes,
  mappedAudiences,
  redirectAllowed,
  subjectOf,
  type RealmClient,
  type RealmExport,
  type RealmUser,
} from './realm-export';
import type { RealmKeys } from './realm-keys';
import {
  errorPage,
  LOGIN_STATUS_IFRAME,
  loginPage,
  THIRD_PARTY_COOKIES_STEP1,
  THIRD_PARTY_COOKIES_STEP2,
  type PageLanguage,
} from './realm-pages';

export interface StandInRealmOptions {
  realm: RealmExport;
  keys: RealmKeys;
  /** The base URL browsers and services use, e.g. http://localhost:8080 (no trailing slash). */
  baseUrl: string;
  /** Shows the demo-account hint on the login page. */
  showDemoHint?: boolean;
}

interface SsoSession {
  id: string;
  username: string;
  startedAt: number;
  lastRefresh: number;
}

interface AuthCode {
  clientId: string;
  redirectUri: string;
  sessionId: string;
  nonce?: string;
  scope: string;
  codeChallenge?: string;
  codeChallengeMethod?: string;
  expiresAt: number;
}

class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly error: string,
    description: string,
  ) {
    super(description);
  }
}

const SESSION_COOKIE = 'KEYCLOAK_SESSION';
const IDENTITY_COOKIE = 'KEYCLOAK_IDENTITY';
const LOCALE_COOKIE = 'KEYCLOAK_LOCALE';

function parseCookies(header: string | undefined): Record<string, string> {
  const cookies: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0) cookies[part.slice(0, eq).trim()] = decodeURIComponent(part.slice(eq + 1).trim());
  }
  return cookies;
}

function base64url(buffer: Buffer): string {
  return buffer.toString('base64').replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * A stand-in for a Keycloak realm, for machines without Keycloak. It reads the same realm-export
 * file that docker/ imports into real Keycloak and serves Keycloak's OpenID Connect endpoints with
 * RS256 tokens shaped as Keycloak issues them, so keycloak-connect and keycloak-js work unchanged.
 * Sessions live in memory: restarting the stand-in signs everybody out.
 */
export class StandInRealm {
  readonly issuer: string;
  private readonly sessions = new Map<string, SsoSession>();
  private readonly codes = new Map<string, AuthCode>();
  private readonly accessLifespan: number;
  private readonly idleLifespan: number;
  private readonly maxLifespan: number;

  constructor(private readonly options: StandInRealmOptions) {
    this.issuer = `${options.baseUrl.replace(/\/+$/, '')}/realms/${options.realm.realm}`;
    this.accessLifespan = options.realm.accessTokenLifespan ?? 300;
    this.idleLifespan = options.realm.ssoSessionIdleTimeout ?? 1800;
    this.maxLifespan = options.realm.ssoSessionMaxLifespan ?? 36000;
  }

  /** An express app serving `/realms/<realm>/...`. */
  app(): express.Express {
    const app = express();
    app.disable('x-powered-by');
    app.use(`/realms/${this.options.realm.realm}`, this.router());
    app.get('/', (_req, res) => res.redirect(`/realms/${this.options.realm.realm}/.well-known/openid-configuration`));
    return app;
  }

  async listen(port: number, host = '127.0.0.1'): Promise<Server> {
    const server = this.app().listen(port, host);
    await new Promise<void>((resolve, reject) => server.once('listening', resolve).once('error', reject));
    return server;
  }

  private router(): Router {
    const r = express.Router();
    const oidc = '/protocol/openid-connect';
    r.use(express.urlencoded({ extended: false, limit: '64kb' }));
    r.use((req, res, next) => this.cors(req, res, next));

    r.get('/', (_req, res) => {
      res.json({
        realm: this.options.realm.realm,
        'token-service': `${this.issuer}${oidc}`,
        'account-service': `${this.issuer}/account`,
        'tokens-not-before': 0,
      });
    });
    r.get('/.well-known/openid-configuration', (_req, res) => res.json(this.discovery()));
    r.get(`${oidc}/certs`, (_req, res) => res.json({ keys: [this.options.keys.publicJwk] }));
    r.get(`${oidc}/auth`, (req, res) => this.authorize(req, res));
    r.post('/login-actions/authenticate', (req, res) => this.authenticate(req, res));
    r.post(`${oidc}/token`, (req, res) => this.handle(res, () => this.token(req, res)));
    r.all(`${oidc}/userinfo`, (req, res) => this.handle(res, () => this.userinfo(req, res)));
    r.post(`${oidc}/token/introspect`, (req, res) => this.handle(res, () => this.introspect(req, res)));
    r.get(`${oidc}/logout`, (req, res) => this.logoutFromBrowser(req, res));
    r.post(`${oidc}/logout`, (req, res) => this.handle(res, () => this.logoutFromClient(req, res)));
    r.get(`${oidc}/login-status-iframe.html`, (_req, res) => res.type('html').send(LOGIN_STATUS_IFRAME));
    r.get(`${oidc}/login-status-iframe.html/init`, (req, res) => {
      const client = this.client(String(req.query.client_id ?? ''));
      const origin = String(req.query.origin ?? '');
      res.status(client && allowedOrigins(client).includes(origin) ? 204 : 403).end();
    });
    r.get(`${oidc}/3p-cookies/step1.html`, (_req, res) => res.type('html').send(THIRD_PARTY_COOKIES_STEP1));
    r.get(`${oidc}/3p-cookies/step2.html`, (_req, res) => res.type('html').send(THIRD_PARTY_COOKIES_STEP2));
    return r;
  }

  private discovery() {
    const oidc = `${this.issuer}/protocol/openid-connect`;
    return {
      issuer: this.issuer,
      authorization_endpoint: `${oidc}/auth`,
      token_endpoint: `${oidc}/token`,
      introspection_endpoint: `${oidc}/token/introspect`,
      userinfo_endpoint: `${oidc}/userinfo`,
      end_session_endpoint: `${oidc}/logout`,
      jwks_uri: `${oidc}/certs`,
      check_session_iframe: `${oidc}/login-status-iframe.html`,
      grant_types_supported: ['authorization_code', 'refresh_token', 'password', 'client_credentials'],
      response_types_supported: ['code'],
      response_modes_supported: ['query', 'fragment'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      token_endpoint_auth_methods_supported: ['client_secret_basic', 'client_secret_post'],
      code_challenge_methods_supported: ['S256', 'plain'],
      scopes_supported: ['openid', 'profile', 'email', 'roles', 'web-origins'],
      claims_supported: ['sub', 'iss', 'name', 'preferred_username', 'email', 'email_verified', 'org', 'locale'],
    };
  }

  private cors(req: Request, res: Response, next: NextFunction): void {
    const origin = req.headers.origin;
    if (origin && this.options.realm.clients.some((c) => allowedOrigins(c).includes(origin))) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Access-Control-Allow-Credentials', 'true');
      res.setHeader('Vary', 'Origin');
      if (req.method === 'OPTIONS') {
        res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
        res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
        res.status(204).end();
        return;
      }
    }
    next();
  }

  private async handle(res: Response, action: () => Promise<void>): Promise<void> {
    try {
      await action();
    } catch (err) {
      if (err instanceof OAuthError) {
        res.status(err.status).json({ error: err.error, error_description: err.message });
      } else {
        res.status(500).json({ error: 'server_error', error_description: (err as Error).message });
      }
    }
  }

  private client(clientId: string): RealmClient | undefined {
    return this.options.realm.clients.find((c) => c.clientId === clientId && c.enabled !== false);
  }

  private language(req: Request): PageLanguage {
    const asked = String(req.query.kc_locale ?? req.query.ui_locales ?? parseCookies(req.headers.cookie)[LOCALE_COOKIE] ?? '');
    if (asked.startsWith('en')) return 'en';
    if (asked.startsWith('de')) return 'de';
    return (this.options.realm.defaultLocale ?? 'de').startsWith('en') ? 'en' : 'de';
  }

  // ---- browser flow --------------------------------------------------------------------------

  private authorize(req: Request, res: Response): void {
    const lang = this.language(req);
    const q = req.query as Record<string, string | undefined>;
    const client = this.client(q.client_id ?? '');
    if (!client || client.standardFlowEnabled === false) {
      res.status(400).type('html').send(errorPage(lang, 'Client not found or not allowed to sign in users.'));
      return;
    }
    if (!q.redirect_uri || !redirectAllowed(client, q.redirect_uri)) {
      res.status(400).type('html').send(errorPage(lang, 'Invalid parameter: redirect_uri'));
      return;
    }
    if (q.response_type !== 'code') {
      this.redirectWithError(res, q, 'unsupported_response_type', 'Only the authorization code flow is supported');
      return;
    }
    if (client.attributes?.['pkce.code.challenge.method'] === 'S256' && q.code_challenge_method !== 'S256') {
      this.redirectWithError(res, q, 'invalid_request', 'Missing parameter: code_challenge_method');
      return;
    }
    if (q.kc_locale) res.cookie(LOCALE_COOKIE, lang, { path: `/realms/${this.options.realm.realm}/`, sameSite: 'lax' });
    const session = this.sessionFromCookie(req);
    if (session && q.prompt !== 'login') {
      this.issueCode(res, q, session);
      return;
    }
    if (q.prompt === 'none') {
      this.redirectWithError(res, q, 'login_required', 'Login required');
      return;
    }
    this.renderLogin(req, res, lang, false);
  }

  private renderLogin(req: Request, res: Response, lang: PageLanguage, failed: boolean, username?: string): void {
    const params = new URLSearchParams(req.query as Record<string, string>);
    params.delete('kc_locale');
    const base = `/realms/${this.options.realm.realm}`;
    const switchParams = new URLSearchParams(params);
    switchParams.set('kc_locale', lang === 'de' ? 'en' : 'de');
    params.set('kc_locale', lang);
    res
      .status(failed ? 401 : 200)
      .type('html')
      .setHeader('Cache-Control', 'no-store')
      .send(
        loginPage({
          lang,
          action: `${base}/login-actions/authenticate?${params}`,
          switchHref: `${base}/protocol/openid-connect/auth?${switchParams}`,
          username,
          failed,
          showDemoHint: this.options.showDemoHint ?? false,
        }),
      );
  }

  private authenticate(req: Request, res: Response): void {
    const lang = this.language(req);
    const q = req.query as Record<string, string | undefined>;
    const client = this.client(q.client_id ?? '');
    if (!client || !q.redirect_uri || !redirectAllowed(client, q.redirect_uri)) {
      res.status(400).type('html').send(errorPage(lang, 'Invalid parameter: redirect_uri'));
      return;
    }
    const username = String(req.body?.username ?? '');
    const user = findUser(this.options.realm, username);
    if (!user || !checkPassword(user, String(req.body?.password ?? ''))) {
      this.renderLogin(req, res, lang, true, username);
      return;
    }
    const session: SsoSession = { id: randomUUID(), username: user.username, startedAt: now(), lastRefresh: now() };
    this.sessions.set(session.id, session);
    const path = `/realms/${this.options.realm.realm}/`;
    res.cookie(IDENTITY_COOKIE, session.id, { path, httpOnly: true, sameSite: 'lax' });
    res.cookie(SESSION_COOKIE, `${this.options.realm.realm}/${subjectOf(this.options.realm.realm, user.username)}/${session.id}`, {
      path,
      sameSite: 'lax',
      encode: String,
    });
    this.issueCode(res, q, session);
  }

  private sessionFromCookie(req: Request): SsoSession | undefined {
    const id = parseCookies(req.headers.cookie)[IDENTITY_COOKIE];
    const session = id ? this.sessions.get(id) : undefined;
    return session && this.sessionAlive(session) ? session : undefined;
  }

  private sessionAlive(session: SsoSession): boolean {
    const t = now();
    return t - session.lastRefresh < this.idleLifespan && t - session.startedAt < this.maxLifespan;
  }

  private issueCode(res: Response, q: Record<string, string | undefined>, session: SsoSession): void {
    const code = base64url(randomBytes(32));
    this.codes.set(code, {
      clientId: q.client_id!,
      redirectUri: q.redirect_uri!,
      sessionId: session.id,
      nonce: q.nonce,
      scope: q.scope ?? 'openid',
      codeChallenge: q.code_challenge,
      codeChallengeMethod: q.code_challenge_method,
      expiresAt: now() + 60,
    });
    this.redirectBack(res, q, { code, state: q.state, session_state: session.id, iss: this.issuer });
  }

  private redirectWithError(res: Response, q: Record<string, string | undefined>, error: string, description: string): void {
    this.redirectBack(res, q, { error, error_description: description, state: q.state });
  }

  private redirectBack(res: Response, q: Record<string, string | undefined>, values: Record<string, string | undefined>): void {
    const params = new URLSearchParams();
    for (const [k, v] of Object.entries(values)) if (v !== undefined) params.set(k, v);
    const separator = q.response_mode === 'fragment' ? '#' : q.redirect_uri!.includes('?') ? '&' : '?';
    res.redirect(302, `${q.redirect_uri}${separator}${params}`);
  }

  private logoutFromBrowser(req: Request, res: Response): void {
    const session = this.sessionFromCookie(req);
    if (session) this.sessions.delete(session.id);
    const path = `/realms/${this.options.realm.realm}/`;
    res.clearCookie(IDENTITY_COOKIE, { path });
    res.clearCookie(SESSION_COOKIE, { path });
    const redirect = String(req.query.post_logout_redirect_uri ?? req.query.redirect_uri ?? '');
    const client = this.client(String(req.query.client_id ?? ''));
    if (redirect && client && redirectAllowed(client, redirect)) {
      res.redirect(302, redirect);
      return;
    }
    res.type('html').send(errorPage(this.language(req), 'You are signed out. / Sie sind abgemeldet.'));
  }

  // ---- back channel ---------------------------------------------------------------------------

  /** Client authentication: public clients name themselves, confidential ones need their secret. */
  private authenticateClient(req: Request): RealmClient {
    let clientId = String(req.body?.client_id ?? '');
    let secret = req.body?.client_secret as string | undefined;
    const basic = /^Basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
    if (basic) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      clientId = decodeURIComponent(decoded.slice(0, colon));
      secret = decodeURIComponent(decoded.slice(colon + 1));
    }
    const client = this.client(clientId);
    if (!client) throw new OAuthError(401, 'invalid_client', 'Invalid client or Invalid client credentials');
    if (!client.publicClient && (!secret || secret !== client.secret)) {
      throw new OAuthError(401, 'unauthorized_client', 'Invalid client or Invalid client credentials');
    }
    return client;
  }

  private async token(req: Request, res: Response): Promise<void> {
    const client = this.authenticateClient(req);
    const grant = String(req.body?.grant_type ?? '');
    res.setHeader('Cache-Control', 'no-store');
    switch (grant) {
      case 'password': {
        if (!client.directAccessGrantsEnabled) throw new OAuthError(400, 'unauthorized_client', 'Client not allowed for direct access grants');
        const user = findUser(this.options.realm, String(req.body?.username ?? ''));
        if (!user || !checkPassword(user, String(req.body?.password ?? ''))) {
          throw new OAuthError(401, 'invalid_grant', 'Invalid user credentials');
        }
        const session: SsoSession = { id: randomUUID(), username: user.username, startedAt: now(), lastRefresh: now() };
        this.sessions.set(session.id, session);
        res.json(await this.tokenResponse(client, user, session, String(req.body?.scope ?? 'openid')));
        return;
      }
      case 'authorization_code': {
        const code = this.codes.get(String(req.body?.code ?? ''));
        this.codes.delete(String(req.body?.code ?? ''));
        if (!code || code.expiresAt < now()) throw new OAuthError(400, 'invalid_grant', 'Code not valid');
        if (code.clientId !== client.clientId) throw new OAuthError(400, 'invalid_grant', 'Code was issued to another client');
        if (code.redirectUri !== req.body?.redirect_uri) throw new OAuthError(400, 'invalid_grant', 'Incorrect redirect_uri');
        if (code.codeChallenge) {
          const verifier = String(req.body?.code_verifier ?? '');
          const computed = code.codeChallengeMethod === 'S256' ? base64url(createHash('sha256').update(verifier).digest()) : verifier;
          if (computed !== code.codeChallenge) throw new OAuthError(400, 'invalid_grant', 'PKCE verification failed: Code mismatch');
        }
        const session = this.sessions.get(code.sessionId);
        const user = session && findUser(this.options.realm, session.username);
        if (!session || !user) throw new OAuthError(400, 'invalid_grant', 'Session not active');
        res.json(await this.tokenResponse(client, user, session, code.scope, code.nonce));
        return;
      }
      case 'refresh_token': {
        const payload = await this.verifyOwn(String(req.body?.refresh_token ?? ''), 'Refresh').catch(() => {
          throw new OAuthError(400, 'invalid_grant', 'Invalid refresh token');
        });
        if (payload.azp !== client.clientId) throw new OAuthError(400, 'invalid_grant', 'Invalid refresh token. Token client and authorized client don\'t match');
        const session = this.sessions.get(String(payload.sid));
        if (!session || !this.sessionAlive(session)) throw new OAuthError(400, 'invalid_grant', 'Session not active');
        const user = findUser(this.options.realm, session.username);
        if (!user) throw new OAuthError(400, 'invalid_grant', 'User disabled');
        session.lastRefresh = now();
        res.json(await this.tokenResponse(client, user, session, String(payload.scope ?? 'openid')));
        return;
      }
      case 'client_credentials': {
        if (client.publicClient || !client.serviceAccountsEnabled) {
          throw new OAuthError(400, 'unauthorized_client', 'Client not enabled to retrieve service account');
        }
        const serviceUser: RealmUser = { username: `service-account-${client.clientId}`, realmRoles: [] };
        res.json(await this.tokenResponse(client, serviceUser, undefined, 'profile email'));
        return;
      }
      default:
        throw new OAuthError(400, 'unsupported_grant_type', `Unsupported grant_type: ${grant || '(none)'}`);
    }
  }

  private async tokenResponse(client: RealmClient, user: RealmUser, session: SsoSession | undefined, scope: string, nonce?: string) {
    const iat = now();
    const sub = subjectOf(this.options.realm.realm, user.username);
    const identity = {
      email_verified: user.emailVerified ?? false,
      name: [user.firstName, user.lastName].filter(Boolean).join(' ') || undefined,
      preferred_username: user.username,
      given_name: user.firstName,
      family_name: user.lastName,
      email: user.email,
      locale: user.attributes?.locale?.[0],
      ...mappedAttributes(client, user),
    };
    const scopes = ['openid', 'profile', 'email'].filter((s) => s !== 'openid' || scope.split(' ').includes('openid'));
    const access = await this.sign({
      exp: iat + this.accessLifespan,
      iat,
      auth_time: session?.startedAt,
      jti: randomUUID(),
      iss: this.issuer,
      aud: [...mappedAudiences(client), 'account'],
      sub,
      typ: 'Bearer',
      azp: client.clientId,
      sid: session?.id,
      session_state: session?.id,
      acr: '1',
      'allowed-origins': allowedOrigins(client),
      realm_access: { roles: [...(user.realmRoles ?? []), 'offline_access', 'uma_authorization'] },
      resource_access: { account: { roles: ['manage-account', 'manage-account-links', 'view-profile'] } },
      scope: scopes.join(' '),
      ...identity,
    });
    const response: Record<string, unknown> = {
      access_token: access,
      expires_in: this.accessLifespan,
      token_type: 'Bearer',
      'not-before-policy': 0,
      scope: scopes.join(' '),
    };
    if (session) {
      const refreshExpires = Math.min(iat + this.idleLifespan, session.startedAt + this.maxLifespan);
      response.refresh_token = await this.sign({
        exp: refreshExpires,
        iat,
        jti: randomUUID(),
        iss: this.issuer,
        aud: this.issuer,
        sub,
        typ: 'Refresh',
        azp: client.clientId,
        sid: session.id,
        scope: scopes.join(' '),
      });
      response.refresh_expires_in = refreshExpires - iat;
      response.session_state = session.id;
    }
    if (scopes.includes('openid')) {
      response.id_token = await this.sign({
        exp: iat + this.accessLifespan,
        iat,
        auth_time: session?.startedAt,
        jti: randomUUID(),
        iss: this.issuer,
        aud: client.clientId,
        sub,
        typ: 'ID',
        azp: client.clientId,
        nonce,
        sid: session?.id,
        session_state: session?.id,
        acr: '1',
        ...identity,
      });
    }
    return response;
  }

  private sign(payload: Record<string, unknown>): Promise<string> {
    const clean = Object.fromEntries(Object.entries(payload).filter(([, v]) => v !== undefined)) as JWTPayload;
    return new SignJWT(clean)
      .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: this.options.keys.kid })
      .sign(this.options.keys.privateKey);
  }

  private async verifyOwn(token: string, type: string): Promise<JWTPayload> {
    const { payload } = await jwtVerify(token, this.options.keys.publicKey, { issuer: this.issuer, algorithms: ['RS256'] });
    if (payload.typ !== type) throw new Error('wrong token type');
    if (payload.sid) {
      const session = this.sessions.get(String(payload.sid));
      if (!session || !this.sessionAlive(session)) throw new Error('session not active');
    }
    return payload;
  }

  private async userinfo(req: Request, res: Response): Promise<void> {
    const match = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    const payload = match ? await this.verifyOwn(match[1], 'Bearer').catch(() => undefined) : undefined;
    if (!payload) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="' + this.options.realm.realm + '", error="invalid_token"');
      throw new OAuthError(401, 'invalid_token', 'Token verification failed');
    }
    const { sub, email_verified, name, preferred_username, given_name, family_name, email, org, locale } = payload as Record<string, unknown>;
    res.json({ sub, email_verified, name, preferred_username, given_name, family_name, email, org, locale });
  }

  private async introspect(req: Request, res: Response): Promise<void> {
    const client = this.authenticateClient(req);
    if (client.publicClient) throw new OAuthError(403, 'unauthorized_client', 'Public clients are not allowed to introspect');
    const payload = await this.verifyOwn(String(req.body?.token ?? ''), 'Bearer').catch(() => undefined);
    res.json(payload ? { ...payload, active: true, client_id: payload.azp, username: payload.preferred_username, token_type: 'Bearer' } : { active: false });
  }

  private async logoutFromClient(req: Request, res: Response): Promise<void> {
    const client = this.authenticateClient(req);
    const payload = await this.verifyOwn(String(req.body?.refresh_token ?? ''), 'Refresh').catch(() => {
      throw new OAuthError(400, 'invalid_grant', 'Invalid refresh token');
    });
    if (payload.azp !== client.clientId) throw new OAuthError(400, 'invalid_grant', 'Invalid refresh token');
    this.sessions.delete(String(payload.sid));
    res.status(204).end();
  }
}

function now(): number {
  return Math.floor(Date.now() / 1000);
}
