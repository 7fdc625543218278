import type { VerifiedToken } from './keycloak-token-verifier';

/** The caller of a request: the verified token plus the local member record it is mirrored to. */
export interface AuthUser extends VerifiedToken {
  memberId: string;
  organisationId: string | null;
}

/** Mirrors a verified token into the local member table; provided by the app that owns members. */
export abstract class MemberMirror {
  abstract mirror(token: VerifiedToken): Promise<AuthUser>;
}
