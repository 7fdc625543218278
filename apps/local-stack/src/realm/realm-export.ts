import { createHash, timingSafeEqual } from 'node:crypto';
import { v5 as uuidv5 } from 'uuid';
import { readFileSync } from 'node:fs';

/** The parts of a Keycloak realm export the stand-in realm understands. */
export interface RealmExport {
  realm: string;
  displayName?: string;
  accessTokenLifespan?: number;
  ssoSessionIdleTimeout?: number;
  ssoSessionMaxLifespan?: number;
  defaultLocale?: string;
  supportedLocales?: string[];
  roles?: { realm?: Array<{ name: string; description?: string }> };
  clients: RealmClient[];
  users: RealmUser[];
}

export interface RealmClient {
  clientId: string;
  enabled?: boolean;
  publicClient?: boolean;
  secret?: string;
  standardFlowEnabled?: boolean;
  directAccessGrantsEnabled?: boolean;
  serviceAccountsEnabled?: boolean;
  redirectUris?: string[];
  webOrigins?: string[];
  attributes?: Record<string, string>;
  protocolMappers?: Array<{ protocolMapper: string; config: Record<string, string> }>;
}

export interface RealmUser {
  username: string;
  enabled?: boolean;
  email?: string;
  emailVerified?: boolean;
  firstName?: string;
  lastName?: string;
  attributes?: Record<string, string[]>;
  credentials?: Array<{ type: string; value: string }>;
  realmRoles?: string[];
}

/**
 * Resolves `${NAME:default}` placeholders the way Keycloak's realm import does, so the
 * stand-in and real Keycloak read the file alike.
 */
export function resolvePlaceholders(text: string, env: NodeJS.ProcessEnv = process.env): string {
  return text.replace(/\$\{([A-Z0-9_]+)(?::([^}]*))?\}/g, (_m, name: string, fallback: string | undefined) => {
    const value = env[name] ?? fallback;
    if (value === undefined) throw new Error(`realm file: environment variable ${name} is not set and has no default`);
    return JSON.stringify(value).slice(1, -1);
  });
}

export function loadRealmExport(path: string, env: NodeJS.ProcessEnv = process.env): RealmExport {
  return JSON.parse(resolvePlaceholders(readFileSync(path, 'utf8'), env)) as RealmExport;
}

/** Namespace of the stand-in realm's user ids. */
const SUBJECT_NAMESPACE = 'a3c3b0e4-5f4e-4f0a-9d55-0d7a9b1f6c21';

/** A stable UUID per username (name-based, v5), so subjects survive restarts. */
export function subjectOf(realm: string, username: string): string {
  return uuidv5(`${realm}/${username}`, SUBJECT_NAMESPACE);
}

export function checkPassword(user: RealmUser, password: string): boolean {
  const stored = user.credentials?.find((c) => c.type === 'password')?.value;
  if (stored === undefined) return false;
  const a = createHash('sha256').update(stored).digest();
  const b = createHash('sha256').update(password).digest();
  return timingSafeEqual(a, b);
}

export function findUser(realm: RealmExport, login: string): RealmUser | undefined {
  const needle = login.trim().toLowerCase();
  return realm.users.find(
    (u) => u.enabled !== false && (u.username.toLowerCase() === needle || u.email?.toLowerCase() === needle),
  );
}

/** Keycloak's redirect-URI rule: exact, or a prefix when the registered URI ends in `*`. */
export function redirectAllowed(client: RealmClient, redirectUri: string): boolean {
  return (client.redirectUris ?? []).some((pattern) =>
    pattern.endsWith('*') ? redirectUri.startsWith(pattern.slice(0, -1)) : redirectUri === pattern,
  );
}

/** Web origins: explicit ones, or `+` for the origins of the redirect URIs. */
export function allowedOrigins(client: RealmClient): string[] {
  const origins = new Set<string>();
  for (const origin of client.webOrigins ?? []) {
    if (origin === '+') {
      for (const uri of client.redirectUris ?? []) {
        try {
          origins.add(new URL(uri.replace(/\*$/, '')).origin);
        } catch {
          /* not an absolute URI */
        }
      }
    } else origins.add(origin);
  }
  return [...origins];
}

/** Claims the client's user-attribute mappers add, e.g. `org`. */
export function mappedAttributes(client: RealmClient, user: RealmUser): Record<string, string> {
  const claims: Record<string, string> = {};
  for (const mapper of client.protocolMappers ?? []) {
    if (mapper.protocolMapper !== 'oidc-usermodel-attribute-mapper') continue;
    const value = user.attributes?.[mapper.config['user.attribute']]?.[0];
    if (value !== undefined) claims[mapper.config['claim.name']] = value;
  }
  return claims;
}

/** Audiences the client's audience mappers add to access tokens. */
export function mappedAudiences(client: RealmClient): string[] {
  return (client.protocolMappers ?? [])
    .filter((m) => m.protocolMapper === 'oidc-audience-mapper' && m.config['access.token.claim'] !== 'false')
    .map((m) => m.config['included.client.audience']);
}
