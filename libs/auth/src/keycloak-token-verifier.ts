import { Injectable } from '@nestjs/common';
import KeycloakConnect from 'keycloak-connect';
import { decodeJwt } from 'jose';
import { ROLES, type Role } from '@roundtable/contracts';

export interface KeycloakOptions {
  /** Base URL of the Keycloak server, without /realms/... */
  url: string;
  realm: string;
  /** The api's client; access tokens must name it in `aud`. */
  clientId: string;
  clientSecret?: string;
  /** offline: check signatures against the realm's keys (default); online: ask the realm to introspect. */
  validation: 'offline' | 'online';
}

/** What the api knows about a caller once the realm's token has been checked. */
export interface VerifiedToken {
  subject: string;
  username: string;
  displayName: string;
  email: string | null;
  org: string | null;
  roles: Role[];
  locale: string | null;
  sessionId: string | null;
  expiresAt: Date;
}

export class TokenRejectedError extends Error {}

interface KeycloakClaims {
  sub?: string;
  exp?: number;
  sid?: string;
  preferred_username?: string;
  name?: string;
  email?: string;
  org?: string;
  locale?: string;
  realm_access?: { roles?: string[] };
}

/**
 * The one place that talks to keycloak-connect (upstream calls the Node adapter deprecated, so keep it
 * replaceable here). Validates access tokens issued by the configured realm, offline against the realm's
 * published keys or online through token introspection.
 */
@Injectable()
export class KeycloakTokenVerifier {
  private readonly keycloak: KeycloakConnect.Keycloak;

  constructor(private readonly options: KeycloakOptions) {
    this.keycloak = new KeycloakConnect(
      {},
      {
        realm: options.realm,
        'auth-server-url': options.url,
        resource: options.clientId,
        'bearer-only': true,
        'ssl-required': 'external',
        'confidential-port': 0,
        'verify-token-audience': true,
        credentials: { secret: options.clientSecret ?? '' },
      } as unknown as KeycloakConnect.KeycloakConfig,
    );
  }

  get realmUrl(): string {
    return `${this.options.url.replace(/\/+$/, '')}/realms/${this.options.realm}`;
  }

  async verify(jwt: string): Promise<VerifiedToken> {
    let claims: KeycloakClaims;
    if (this.options.validation === 'online') {
      const active = await this.keycloak.grantManager.validateAccessToken(jwt).catch((err: Error) => {
        throw new TokenRejectedError(`the realm could not be asked (${err.message})`);
      });
      if (!active) throw new TokenRejectedError('the realm reports the token as not active');
      claims = decodeJwt(jwt) as KeycloakClaims;
    } else {
      const grant = await this.keycloak.grantManager.createGrant({ access_token: jwt } as never).catch((err: Error) => {
        throw new TokenRejectedError(err.message.replace(/^Grant validation failed\. Reason: /, ''));
      });
      claims = (grant.access_token as unknown as { content: KeycloakClaims }).content;
    }
    if (!claims.sub || !claims.exp) throw new TokenRejectedError('the token has no subject or expiry');
    const roles = (claims.realm_access?.roles ?? []).filter((r): r is Role => (ROLES as readonly string[]).includes(r));
    return {
      subject: claims.sub,
      username: claims.preferred_username ?? claims.sub,
      displayName: claims.name ?? claims.preferred_username ?? claims.sub,
      email: claims.email ?? null,
      org: claims.org ?? null,
      roles,
      locale: claims.locale ?? null,
      sessionId: claims.sid ?? null,
      expiresAt: new Date(claims.exp * 1000),
    };
  }
}
