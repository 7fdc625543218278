import { createContext, useContext } from 'react';
import type { CurrentMember, Role } from '@roundtable/contracts';

/** The signed-in member, available to every page. */
export const MeContext = createContext<CurrentMember | null>(null);

export function useHasRole(...roles: Role[]): boolean {
  const me = useContext(MeContext);
  return !!me && roles.some((r) => me.roles.includes(r));
}
