import type { Outcome, ReferralAction, ReferralSide, ReferralState } from '@roundtable/contracts';
import { FAILURE_OUTCOMES, SUCCESS_OUTCOMES } from '@roundtable/contracts';

/**
 * The referral state machine as plain data: for each action, who may take it and from which states.
 *
 *   draft -> sent (sender); sent -> accepted | declined (recipient); accepted -> in_progress <-> on_hold
 *   (recipient); accepted | in_progress | on_hold -> completed | failed with an outcome (recipient);
 *   anything open -> withdrawn (sender); sent | accepted | in_progress | on_hold -> expired (system).
 */
const RULES: Record<ReferralAction, { side: ReferralSide; from: readonly ReferralState[]; to: ReferralState }> = {
  send: { side: 'sender', from: ['draft'], to: 'sent' },
  accept: { side: 'recipient', from: ['sent'], to: 'accepted' },
  decline: { side: 'recipient', from: ['sent'], to: 'declined' },
  start: { side: 'recipient', from: ['accepted', 'on_hold'], to: 'in_progress' },
  hold: { side: 'recipient', from: ['in_progress'], to: 'on_hold' },
  complete: { side: 'recipient', from: ['accepted', 'in_progress', 'on_hold'], to: 'completed' },
  fail: { side: 'recipient', from: ['accepted', 'in_progress', 'on_hold'], to: 'failed' },
  withdraw: { side: 'sender', from: ['draft', 'sent', 'accepted', 'in_progress', 'on_hold'], to: 'withdrawn' },
  expire: { side: 'system', from: ['sent', 'accepted', 'in_progress', 'on_hold'], to: 'expired' },
};

export const FINAL_STATES: readonly ReferralState[] = ['declined', 'completed', 'failed', 'withdrawn', 'expired'];

/** The actions this side may take in this state. */
export function allowedActions(state: ReferralState, side: ReferralSide): ReferralAction[] {
  return (Object.keys(RULES) as ReferralAction[]).filter((a) => RULES[a].side === side && RULES[a].from.includes(state));
}

export type TransitionResult =
  | { ok: true; to: ReferralState }
  | { ok: false; problem: 'not_allowed'; allowed: ReferralAction[] }
  | { ok: false; problem: 'reason_required' | 'outcome_required' | 'outcome_does_not_fit' };

/** Whether `side` may take `action` in `state`, with what a decline or a closing needs. */
export function transition(
  state: ReferralState,
  action: ReferralAction,
  side: ReferralSide,
  details: { reason?: string; outcome?: Outcome } = {},
): TransitionResult {
  const rule = RULES[action];
  if (rule.side !== side || !rule.from.includes(state)) {
    return { ok: false, problem: 'not_allowed', allowed: allowedActions(state, side) };
  }
  if (action === 'decline' && !details.reason?.trim()) return { ok: false, problem: 'reason_required' };
  if (action === 'complete' || action === 'fail') {
    if (!details.outcome) return { ok: false, problem: 'outcome_required' };
    const fits = action === 'complete' ? SUCCESS_OUTCOMES : FAILURE_OUTCOMES;
    if (!(fits as readonly string[]).includes(details.outcome)) return { ok: false, problem: 'outcome_does_not_fit' };
  }
  return { ok: true, to: rule.to };
}
