import type { Audience, Role } from '@roundtable/contracts';

/**
 * The audiences a member reads (in the app and by mail): volunteers the volunteers' bulletins, everybody else
 * the partner staff's and the employers'; all read public ones.
 */
export function readableAudiences(roles: readonly Role[]): Audience[] {
  const audiences: Audience[] = ['public'];
  if (roles.some((r) => r !== 'volunteer')) audiences.push('partner_staff', 'employers');
  if (roles.includes('volunteer')) audiences.push('volunteers');
  return audiences;
}
