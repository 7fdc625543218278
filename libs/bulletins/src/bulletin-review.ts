import type { BulletinState, Role } from '@roundtable/contracts';

/** Who may write bulletins, and who may publish them (always a second person). */
export const AUTHOR_ROLES: readonly Role[] = ['abh-liaison', 'bulletin-editor'];
export const PUBLISHER_ROLES: readonly Role[] = ['abh-liaison'];

export type ReviewStep = 'submit' | 'return' | 'publish' | 'withdraw';

export type ReviewDecision = { ok: true; to: BulletinState } | { ok: false; problem: 'role' | 'four_eyes' | 'state'; allowedFrom?: BulletinState[] };

const STEPS: Record<ReviewStep, { from: BulletinState[]; to: BulletinState; roles: readonly Role[] }> = {
  submit: { from: ['draft'], to: 'in_review', roles: AUTHOR_ROLES },
  return: { from: ['in_review'], to: 'draft', roles: PUBLISHER_ROLES },
  publish: { from: ['in_review'], to: 'published', roles: PUBLISHER_ROLES },
  withdraw: { from: ['published'], to: 'withdrawn', roles: PUBLISHER_ROLES },
};

/**
 * The four-eyes rule: a version is published only by someone with the right to publish who did not write it,
 * whatever roles the author holds. Returning a draft for changes and withdrawing follow the same rights.
 */
export function reviewStep(
  step: ReviewStep,
  state: BulletinState,
  actor: { memberId: string; roles: readonly Role[] },
  authorMemberId: string,
): ReviewDecision {
  const rule = STEPS[step];
  if (!actor.roles.some((r) => rule.roles.includes(r))) return { ok: false, problem: 'role' };
  if (!rule.from.includes(state)) return { ok: false, problem: 'state', allowedFrom: rule.from };
  if ((step === 'publish' || step === 'return') && actor.memberId === authorMemberId) return { ok: false, problem: 'four_eyes' };
  return { ok: true, to: rule.to };
}
