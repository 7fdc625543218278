/** Keycloak realm roles of the roundtable realm (see shared/DESIGN.md, "Users and roles"). */
export const ROLES = [
  'network-admin',
  'abh-liaison',
  'integration-manager',
  'caseworker',
  'volunteer',
  'bulletin-editor',
] as const;
export type Role = (typeof ROLES)[number];

export interface CurrentMember {
  id: string;
  username: string;
  displayName: string;
  email: string | null;
  org: string | null;
  organisation: { id: string; name: string; kind: string } | null;
  roles: Role[];
  language: string;
}
