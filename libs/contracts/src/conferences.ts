import type { AccessBasis, ClientDataView, DataCategory } from './clients';

export const CONFERENCE_STATES = ['scheduled', 'live', 'ended', 'cancelled'] as const;
export type ConferenceState = (typeof CONFERENCE_STATES)[number];

export const RECURRENCES = ['weekly', 'biweekly', 'monthly'] as const;
export type Recurrence = (typeof RECURRENCES)[number];

export const RSVP_ANSWERS = ['yes', 'no', 'maybe'] as const;
export type RsvpAnswer = (typeof RSVP_ANSWERS)[number];

/** Roles that convene case conferences (and may moderate them). */
export const CONVENOR_ROLES = ['abh-liaison', 'integration-manager'] as const;

export const AGENDA_ITEM_KINDS = ['case', 'topic'] as const;
export type AgendaItemKind = (typeof AGENDA_ITEM_KINDS)[number];

/** An agenda item as one viewer may see it: a case item's client data only as far as the consent decision allows. */
export interface AgendaItemView {
  id: string;
  position: number;
  kind: AgendaItemKind;
  /** The non-personal topic, seen by everyone. */
  title: string;
  timeBoxMinutes: number;
  presentingOrganisation: { id: string; name: string };
  bulletin: { id: string; title: string } | null;
  /**
   * What was said and agreed. For a case item only for viewers whose organisation owns the client or is covered
   * for every category of the item; otherwise null (the texts are about the client).
   */
  minutes: string | null;
  minutesVersion: number;
  decisions: Array<{ id: string; text: string | null; createdAt: string }>;
  actionItems: ActionItemView[];
  /** For a case: the pseudonym always; data only for the categories the viewer's organisation is covered for. */
  client: {
    pseudonym: string;
    categories: DataCategory[];
    access: Partial<Record<DataCategory, AccessBasis>>;
    data: ClientDataView;
  } | null;
}

export interface ActionItemView {
  id: string;
  /** Null where the viewer may not see the case it belongs to. */
  text: string | null;
  ownerOrganisation: { id: string; name: string };
  dueDate: string;
  state: 'open' | 'done';
  /** The referral it became, with its state and outcome. */
  referral: { id: string; state: string; outcome: string | null } | null;
}

/** "Review of previous actions": the previous meeting of the series' action items still open or handed on as referrals. */
export interface ActionReview {
  previousConference: { id: string; title: string; startsAt: string } | null;
  actionItems: Array<ActionItemView & { itemTitle: string }>;
}

/** Before the meeting: what each participating organisation will see of each item (no data, only the decision). */
export interface AgendaPreview {
  organisation: { id: string; name: string };
  items: Array<{ itemId: string; title: string; pseudonymOnly: boolean; categories: DataCategory[]; access: Partial<Record<DataCategory, AccessBasis>> }>;
}

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

export interface SpeakerView {
  id: string;
  member: { id: string; displayName: string };
  organisation: { id: string; name: string } | null;
  kind: 'hand' | 'point_of_order';
  state: 'waiting' | 'speaking';
  /** When the current speech began (for its timer). */
  startedAt: string | null;
}

/** The live room as everyone in it sees it; it holds no client data (that comes with the agenda, redacted). */
export interface ConferenceRoomState {
  conferenceId: string;
  /**
   * The room's host's term: raised whenever an api instance takes the room (first use, failover, reload), so
   * that its states win over anything an earlier host sent.
   */
  epoch: number;
  /**
   * Raised by every change to the room. States can arrive out of order when several api instances serve one
   * room: a client keeps the newest by (epoch, revision) - see isNewerRoomState.
   */
  revision: number;
  state: ConferenceState;
  currentItemId: string | null;
  moderator: { id: string; displayName: string };
  /** The current speaker first (if any), then the waiting list in order. */
  speakers: SpeakerView[];
  /** Seconds spoken so far in this conference, per organisation. */
  speakingTime: Array<{ organisation: { id: string; name: string } | null; seconds: number }>;
}

/** Who is in the live room (sockets on any api instance); sent when somebody joins or leaves. */
export interface ConferencePresence {
  conferenceId: string;
  present: Array<{ member: { id: string; displayName: string }; organisation: { id: string; name: string } | null }>;
}

export type ModeratorAction =
  | { conferenceId: string; action: 'start' | 'end' | 'next-speaker' }
  | { conferenceId: string; action: 'item'; itemId: string }
  | { conferenceId: string; action: 'remove-speaker'; entryId: string }
  | { conferenceId: string; action: 'move-speaker'; entryId: string; index: number };

/** What the moderator (or the convenor) records in the room, on an item of the agenda. */
export type MinutesAction =
  | { conferenceId: string; itemId: string; action: 'minutes'; text: string; version: number }
  | { conferenceId: string; itemId: string; action: 'decision'; text: string }
  | { conferenceId: string; itemId: string; action: 'action-item'; text: string; ownerOrganisationId: string; dueDate: string };

/** The answer to every room request; a change to the room's state says the epoch and revision it produced, once stored. */
export type RoomAck = { ok: true; epoch?: number; revision?: number } | { ok: false; code: string; message: string };

/** Whether `next` should replace `current` on a client's screen: another conference, a newer epoch, or a newer revision in the same epoch. */
export function isNewerRoomState(current: ConferenceRoomState | null, next: ConferenceRoomState): boolean {
  if (!current || current.conferenceId !== next.conferenceId) return true;
  return next.epoch !== current.epoch ? next.epoch > current.epoch : next.revision >= current.revision;
}
