export const CONFERENCE_STATES = ['scheduled', 'live', 'ended', 'cancelled'] as const;
export type ConferenceState = (typeof CONFERENCE_STATES)[number];

export const RECURRENCES = ['weekly', 'biweekly', 'monthly'] as const;
export type Recurrence = (typeof RECURRENCES)[number];

export const RSVP_ANSWERS = ['yes', 'no', 'maybe'] as const;
export type RsvpAnswer = (typeof RSVP_ANSWERS)[number];

/** Roles that convene case conferences (and may moderate them). */
export const CONVENOR_ROLES = ['abh-liaison', 'integration-manager'] as const;

export interface ConferenceParticipantView {
  member: { id: string; displayName: string };
  organisation: { id: string; name: string } | null;
  /** Invited by name, or as a member of an invited organisation. */
  invitedAs: 'member' | 'organisation';
  answer: RsvpAnswer | null;
}

export interface ConferenceView {
  id: string;
  seriesId: string | null;
  recurrence: Recurrence | null;
  title: string;
  /** UTC, ISO 8601; shown in Europe/Berlin. */
  startsAt: string;
  endsAt: string;
  durationMinutes: number;
  onlineUrl: string | null;
  room: string | null;
  state: ConferenceState;
  sequence: number;
  convenor: { id: string; displayName: string };
  convenorOrganisation: { id: string; name: string };
  moderator: { id: string; displayName: string };
  invitedOrganisations: Array<{ id: string; name: string }>;
  participants: ConferenceParticipantView[];
  /** The viewer's own answer, and whether they convene or moderate. */
  myAnswer: RsvpAnswer | null;
  canManage: boolean;
  isModerator: boolean;
}
