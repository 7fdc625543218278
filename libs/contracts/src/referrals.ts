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

export interface ReferralView {
  id: string;
  state: ReferralState;
  urgency: Urgency;
  /** A date (YYYY-MM-DD), Europe/Berlin. */
  deadline: string | null;
  serviceCategory: string;
  reason: string;
  from: { organisation: { id: string; name: string }; member: string };
  to: { organisation: { id: string; name: string }; service: { id: string; name: string } | null };
  /** Pseudonym always; the client's data only as far as a consent or statutory basis covers the viewer for `referral`. */
  client: { id: string; pseudonym: string; data: import('./clients').ClientDataView; access: import('./clients').ClientView['access'] } | null;
  outcome: Outcome | null;
  declineReason: string | null;
  createdAt: string;
  sentAt: string | null;
  acceptedAt: string | null;
  closedAt: string | null;
  lastActivityAt: string;
  overdue: boolean;
  /** The viewer's side and what it may do now. */
  side: 'sender' | 'recipient';
  allowedActions: ReferralAction[];
}

export interface ReferralEventView {
  at: string;
  actor: string | null;
  organisation: string | null;
  from: ReferralState | null;
  to: ReferralState;
  note: string | null;
}

export interface ReferralMessageView {
  id: string;
  author: string;
  organisation: { id: string; name: string };
  body: string;
  createdAt: string;
}

/** Network indicators per organisation pair and service (no personal data). */
export interface ReferralIndicator {
  from: { id: string; name: string };
  to: { id: string; name: string };
  service: { id: string; name: string } | null;
  total: number;
  byState: Partial<Record<ReferralState, number>>;
  byOutcome: Partial<Record<Outcome, number>>;
  /** Median hours from sending to acceptance, and to completion; null without data. */
  medianHoursToAccept: number | null;
  medianHoursToComplete: number | null;
}
