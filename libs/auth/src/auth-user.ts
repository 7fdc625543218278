import type { Role } from '@roundtable/contracts';
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

export function hasRole(user: Pick<AuthUser, 'roles'>, ...roles: Role[]): boolean {
  return roles.some((r) => user.roles.includes(r));
}
