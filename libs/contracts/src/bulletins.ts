/** Legal-change bulletins (shared/DESIGN.md, "Bulletin"). */

export const AUDIENCES = ['partner_staff', 'volunteers', 'employers', 'public'] as const;
export type Audience = (typeof AUDIENCES)[number];

/** German, English, and German in Einfache Sprache (plain language). */
export const BULLETIN_LANGUAGES = ['de', 'en', 'de-simple'] as const;
export type BulletinLanguage = (typeof BULLETIN_LANGUAGES)[number];

export const BULLETIN_STATES = ['draft', 'in_review', 'published', 'withdrawn'] as const;
export type BulletinState = (typeof BULLETIN_STATES)[number];

export interface BulletinVariant {
  title: string;
  summary: string;
  bodyMarkdown: string;
}

/** One provision of a law with its own entry into force (a date, not a time). */
export interface Provision {
  effective: string;
  refs: string[];
  text: Partial<Record<BulletinLanguage, string>>;
}

export interface BulletinView {
  id: string;
  state: BulletinState;
  /** The version shown: the published one, or for authors of a draft the working copy. */
  version: number;
  audiences: Audience[];
  legalRefs: string[];
  provisions: Provision[];
  language: BulletinLanguage;
  availableLanguages: BulletinLanguage[];
  title: string;
  summary: string;
  /** Sanitised HTML of the body in `language`. */
  bodyHtml: string;
  author: string;
  publishedAt: string | null;
  publishedBy: string | null;
  changeNote: string | null;
}

export interface TimelineEntry {
  effective: string;
  refs: string[];
  text: string;
  bulletin: { id: string; title: string };
}

/** Live progress of a bulletin version's dispatch. */
export interface DispatchProgress {
  version: number;
  total: number;
  sent: number;
  /** Of the sent: handed over completely, but the worker stopped before the server confirmed. */
  unconfirmed: number;
  sending: number;
  pending: number;
  failed: number;
  paused: boolean;
  pauseReason: string | null;
}

export interface AcknowledgementShare {
  organisation: { id: string; name: string };
  staff: number;
  read: number;
  acknowledged: number;
  /** acknowledged / staff, 0..1 */
  share: number;
}

export interface BulletinQuestionView {
  id: string;
  body: string;
  askedBy: string;
  askedAt: string;
  answer: string | null;
  answeredBy: string | null;
  answeredAt: string | null;
  clarification: boolean;
}

/** A member's own mail subscription to the bulletins (GET /api/me/subscription). */
export interface MemberSubscriptionView {
  subscribed: boolean;
  /** The address of the member's account, where the mail goes. */
  email: string | null;
  language: BulletinLanguage;
  audiences: Audience[];
  reminders: boolean;
  /** What the member may choose: the audiences they read. */
  allowedAudiences: Audience[];
}
