import { readFileSync } from 'node:fs';
import { generateKeyPair, importJWK, SignJWT, type JWTPayload } from 'jose';
import { testStack } from '../setup/test-stack';

export const DEMO_USERS = {
  anna: 'anna.abh',
  ben: 'ben.caritas',
  clara: 'clara.diakonie',
  david: 'david.jobcenter',
  eva: 'eva.volunteer',
  felix: 'felix.admin',
  greta: 'greta.editor',
} as const;

export interface TokenSet {
  access_token: string;
  refresh_token: string;
  id_token?: string;
  expires_in: number;
}

/** Logs in at the realm (password grant of the web client, enabled in the demo realm). */
export async function login(username: string, password = 'demo'): Promise<TokenSet> {
  const response = await fetch(`${testStack().keycloakUrl}/realms/roundtable/protocol/openid-connect/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'password', client_id: 'roundtable-web', username, password, scope: 'openid' }),
  });
  if (!response.ok) throw new Error(`login of ${username} failed: ${response.status} ${await response.text()}`);
  return (await response.json()) as TokenSet;
}

export async function accessToken(username: string): Promise<string> {
  return (await login(username)).access_token;
}

export function decodePayload(jwt: string): JWTPayload & Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8'));
}

/**
 * Re-signs a real token's claims with changes, either with the realm's own key (to make an expired or
 * wrong-issuer token the realm could have issued) or with a foreign key under the realm's key id (a forgery).
 */
export async function resign(jwt: string, changes: Record<string, unknown>, key: 'realm' | 'foreign' = 'realm'): Promise<string> {
  const header = JSON.parse(Buffer.from(jwt.split('.')[0], 'base64url').toString('utf8'));
  const signingKey =
    key === 'realm'
      ? await importJWK({ ...JSON.parse(readFileSync(testStack().realmKeysFile, 'utf8')), alg: 'RS256' }, 'RS256')
      : (await generateKeyPair('RS256')).privateKey;
  return new SignJWT({ ...decodePayload(jwt), ...changes }).setProtectedHeader(header).sign(signingKey);
}
