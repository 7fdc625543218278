import type { AccessBasis, BasisKind, BasisStatus, DataCategory, Purpose, Role } from '@roundtable/contracts';

/** Who is looking. */
export interface Viewer {
  organisationId: string | null;
  roles: readonly Role[];
}

/** A consent or statutory disclosure as the decision needs it. */
export interface SharingBasis {
  id: string;
  kind: BasisKind;
  clientId: string;
  granteeOrganisationIds: readonly string[];
  purposes: readonly Purpose[];
  categories: readonly DataCategory[];
  validFrom: Date;
  /** Exclusive end; null: until withdrawn. */
  validUntil: Date | null;
  withdrawnAt: Date | null;
}

export type CategoryDecision =
  | { allowed: true; basis: AccessBasis }
  | { allowed: false; reason: 'no_organisation' | 'role' | 'no_basis' };

export type Decision = Partial<Record<DataCategory, CategoryDecision>>;

/** Roles that work with client data at all; network-admin and bulletin-editor alone never do. */
export const CLIENT_DATA_ROLES: readonly Role[] = ['abh-liaison', 'integration-manager', 'caseworker', 'volunteer'];

/** Categories a role may never see, whatever the basis. */
const ROLE_EXCLUSIONS: Partial<Record<Role, readonly DataCategory[]>> = {
  volunteer: ['health'],
};

export function basisStatus(basis: Pick<SharingBasis, 'validFrom' | 'validUntil' | 'withdrawnAt'>, at: Date): BasisStatus {
  if (basis.withdrawnAt && basis.withdrawnAt <= at) return 'withdrawn';
  if (basis.validUntil && basis.validUntil <= at) return 'expired';
  if (basis.validFrom > at) return 'not_yet_valid';
  return 'active';
}

/** The categories a viewer's roles allow at most: the union over their client-data roles. */
function roleAllows(viewer: Viewer, category: DataCategory): boolean {
  return viewer.roles.some((role) => CLIENT_DATA_ROLES.includes(role) && !(ROLE_EXCLUSIONS[role] ?? []).includes(category));
}

/**
 * The consent decision: the one rule by which any client data reaches anybody.
 *
 * Per requested category: allowed when the viewer's roles permit the category and either the viewer's
 * organisation owns the client, or an active consent or statutory basis of this client names the viewer's
 * organisation, the purpose and the category. Among several covering bases the one valid longest is named.
 */
export function decide(
  viewer: Viewer,
  client: { id: string; ownerOrganisationId: string },
  purpose: Purpose,
  categories: readonly DataCategory[],
  at: Date,
  bases: readonly SharingBasis[],
): Decision {
  const decision: Decision = {};
  for (const category of categories) {
    if (!viewer.organisationId) {
      decision[category] = { allowed: false, reason: 'no_organisation' };
    } else if (!roleAllows(viewer, category)) {
      decision[category] = { allowed: false, reason: 'role' };
    } else if (viewer.organisationId === client.ownerOrganisationId) {
      decision[category] = { allowed: true, basis: { kind: 'ownership' } };
    } else {
      const covering = bases
        .filter(
          (b) =>
            b.clientId === client.id &&
            basisStatus(b, at) === 'active' &&
            b.granteeOrganisationIds.includes(viewer.organisationId!) &&
            b.purposes.includes(purpose) &&
            b.categories.includes(category),
        )
        .sort((a, b) => a.validFrom.getTime() - b.validFrom.getTime() || a.id.localeCompare(b.id))[0];
      decision[category] = covering
        ? { allowed: true, basis: { kind: covering.kind, id: covering.id } }
        : { allowed: false, reason: 'no_basis' };
    }
  }
  return decision;
}

export function allowedCategories(decision: Decision): DataCategory[] {
  return (Object.keys(decision) as DataCategory[]).filter((c) => decision[c]!.allowed);
}
