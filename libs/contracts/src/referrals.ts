/** Closed-loop referrals between organisations (shared/DESIGN.md, "Referral"). */

export const REFERRAL_STATES = [
  'draft',
  'sent',
  'accepted',
  'declined',
  'in_progress',
  'on_hold',
  'completed',
  'failed',
  'withdrawn',
  'expired',
] as const;
export type ReferralState = (typeof REFERRAL_STATES)[number];

export const REFERRAL_ACTIONS = ['send', 'accept', 'decline', 'start', 'hold', 'complete', 'fail', 'withdraw', 'expire'] as const;
export type ReferralAction = (typeof REFERRAL_ACTIONS)[number];

export const URGENCIES = ['routine', 'urgent', 'emergency'] as const;
export type Urgency = (typeof URGENCIES)[number];

/** Outcomes as practice names them; the first two close a referral as completed, the others as failed. */
export const SUCCESS_OUTCOMES = ['got_help', 'referred_elsewhere'] as const;
export const FAILURE_OUTCOMES = ['not_eligible', 'no_capacity', 'could_not_contact', 'no_longer_interested'] as const;
export const OUTCOMES = [...SUCCESS_OUTCOMES, ...FAILURE_OUTCOMES] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Who acts: the sending organisation, the receiving one, or the platform itself (expiry). */
export type ReferralSide = 'sender' | 'recipient' | 'system';
