import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface RealmKeys {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  publicJwk: JWK;
}

/**
 * The realm's RS256 signing key. Kept in a file when a path is given (tokens then survive a
 * restart of the local stack), otherwise generated fresh.
 */
export async function loadRealmKeys(file?: string): Promise<RealmKeys> {
  let privateJwk: JWK;
  if (file && existsSync(file)) {
    privateJwk = JSON.parse(readFileSync(file, 'utf8'));
  } else {
    const { privateKey } = await generateKeyPair('RS256', { modulusLength: 2048, extractable: true });
    privateJwk = await exportJWK(privateKey);
    if (file) {
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(privateJwk), { mode: 0o600 });
    }
  }
  const { n, e } = privateJwk;
  const publicJwk: JWK = { kty: 'RSA', n, e };
  const kid = await calculateJwkThumbprint(publicJwk);
  return {
    kid,
    privateKey: (await importJWK({ ...privateJwk, alg: 'RS256' }, 'RS256')) as CryptoKey,
    publicKey: (await importJWK({ ...publicJwk, alg: 'RS256' }, 'RS256')) as CryptoKey,
    publicJwk: { ...publicJwk, kid, alg: 'RS256', use: 'sig' },
  };
}
