import { OUTCOMES, REFERRAL_ACTIONS, REFERRAL_STATES, type ReferralAction, type ReferralSide, type ReferralState } from '@roundtable/contracts';
import { allowedActions, FINAL_STATES, transition } from './referral-state';

/** The whole table: every state, action and side, against the rules as the issue states them. */
const EXPECTED: Array<[ReferralState, ReferralAction, ReferralSide, ReferralState]> = [
  ['draft', 'send', 'sender', 'sent'],
  ['sent', 'accept', 'recipient', 'accepted'],
  ['sent', 'decline', 'recipient', 'declined'],
  ['accepted', 'start', 'recipient', 'in_progress'],
  ['on_hold', 'start', 'recipient', 'in_progress'],
  ['in_progress', 'hold', 'recipient', 'on_hold'],
  ['accepted', 'complete', 'recipient', 'completed'],
  ['in_progress', 'complete', 'recipient', 'completed'],
  ['on_hold', 'complete', 'recipient', 'completed'],
  ['accepted', 'fail', 'recipient', 'failed'],
  ['in_progress', 'fail', 'recipient', 'failed'],
  ['on_hold', 'fail', 'recipient', 'failed'],
  ['draft', 'withdraw', 'sender', 'withdrawn'],
  ['sent', 'withdraw', 'sender', 'withdrawn'],
  ['accepted', 'withdraw', 'sender', 'withdrawn'],
  ['in_progress', 'withdraw', 'sender', 'withdrawn'],
  ['on_hold', 'withdraw', 'sender', 'withdrawn'],
  ['sent', 'expire', 'system', 'expired'],
  ['accepted', 'expire', 'system', 'expired'],
  ['in_progress', 'expire', 'system', 'expired'],
  ['on_hold', 'expire', 'system', 'expired'],
];
const details = (action: ReferralAction) =>
  action === 'decline' ? { reason: 'no capacity this month' } : action === 'complete' ? { outcome: 'got_help' as const } : action === 'fail' ? { outcome: 'no_capacity' as const } : {};

describe('referral state machine', () => {
  const sides: ReferralSide[] = ['sender', 'recipient', 'system'];

  it.each(REFERRAL_STATES.flatMap((s) => REFERRAL_ACTIONS.flatMap((a) => sides.map((side) => [s, a, side] as const))))(
    '%s --%s by %s--> as the rules say',
    (state, action, side) => {
      const expected = EXPECTED.find(([s, a, d]) => s === state && a === action && d === side);
      const result = transition(state, action, side, details(action));
      if (expected) expect(result).toEqual({ ok: true, to: expected[3] });
      else expect(result).toEqual({ ok: false, problem: 'not_allowed', allowed: allowedActions(state, side) });
    },
  );

  it('names the allowed actions when refusing', () => {
    expect(transition('sent', 'complete', 'recipient', { outcome: 'got_help' })).toEqual({ ok: false, problem: 'not_allowed', allowed: ['accept', 'decline'] });
    expect(allowedActions('sent', 'sender')).toEqual(['withdraw']);
    expect(allowedActions('in_progress', 'recipient')).toEqual(['hold', 'complete', 'fail']);
  });

  it('lets nobody move a referral out of a final state', () => {
    for (const state of FINAL_STATES) for (const side of sides) expect(allowedActions(state, side)).toEqual([]);
  });

  it('wants a reason to decline', () => {
    expect(transition('sent', 'decline', 'recipient')).toEqual({ ok: false, problem: 'reason_required' });
    expect(transition('sent', 'decline', 'recipient', { reason: '   ' })).toEqual({ ok: false, problem: 'reason_required' });
  });

  it('wants an outcome that fits to close', () => {
    expect(transition('in_progress', 'complete', 'recipient')).toEqual({ ok: false, problem: 'outcome_required' });
    expect(transition('in_progress', 'complete', 'recipient', { outcome: 'no_capacity' })).toEqual({ ok: false, problem: 'outcome_does_not_fit' });
    expect(transition('in_progress', 'fail', 'recipient', { outcome: 'got_help' })).toEqual({ ok: false, problem: 'outcome_does_not_fit' });
    for (const outcome of OUTCOMES) {
      const action = outcome === 'got_help' || outcome === 'referred_elsewhere' ? 'complete' : 'fail';
      expect(transition('in_progress', action, 'recipient', { outcome }).ok).toBe(true);
    }
  });
});
