import type { ConferenceState, DataCategory, RsvpAnswer } from '@roundtable/contracts';
import { useI18n } from '../i18n';
import type { Language } from '../messages';

const de = {
  nav: 'Fallkonferenzen',
  title: 'Fallkonferenzen',
  none: 'Keine Fallkonferenzen in den nächsten 90 Tagen.',
  count: (n: number) => (n === 1 ? '1 Fallkonferenz' : `${n} Fallkonferenzen`),
  when: 'Wann',
  where: 'Wo',
  room: 'Raum',
  online: 'Online',
  moderator: 'Moderation',
  convenor: 'Einberufen von',
  participants: 'Teilnehmende',
  invitedAs: { member: 'persönlich eingeladen', organisation: 'über die Organisation eingeladen' },
  yourAnswer: 'Ihre Zusage',
  answers: { yes: 'Ja', no: 'Nein', maybe: 'Vielleicht' } satisfies Record<RsvpAnswer, string>,
  noAnswer: 'noch keine Antwort',
  answered: (a: string) => `Ihre Antwort: ${a}`,
  states: { scheduled: 'geplant', live: 'läuft', ended: 'beendet', cancelled: 'abgesagt' } satisfies Record<ConferenceState, string>,
  agenda: 'Tagesordnung',
  noAgenda: 'Noch keine Tagesordnungspunkte.',
  minutes: (n: number) => `${n} Min.`,
  presents: 'stellt vor',
  caseOf: (p: string) => `Fall ${p}`,
  pseudonymOnly: 'Für Ihre Organisation liegt keine Einwilligung vor: nur das Pseudonym.',
  categories: { identity: 'Identität', residence: 'Aufenthalt', employment: 'Arbeit', family: 'Familie', health: 'Gesundheit', education: 'Bildung', contact: 'Kontakt' } satisfies Record<DataCategory, string>,
  preview: 'Wer sieht was?',
  previewIntro: 'Vor der Sitzung: was jede teilnehmende Organisation von jedem Punkt sehen wird (Entscheidung der Einwilligungen, ohne Daten).',
  sees: (cats: string) => `sieht: ${cats}`,
  seesPseudonym: 'nur Pseudonym und Titel',
  topic: 'Thema',
};

const en: typeof de = {
  nav: 'Case conferences',
  title: 'Case conferences',
  none: 'No case conferences in the next 90 days.',
  count: (n: number) => (n === 1 ? '1 case conference' : `${n} case conferences`),
  when: 'When',
  where: 'Where',
  room: 'Room',
  online: 'Online',
  moderator: 'Moderator',
  convenor: 'Convened by',
  participants: 'Participants',
  invitedAs: { member: 'invited in person', organisation: 'invited through the organisation' },
  yourAnswer: 'Your answer',
  answers: { yes: 'Yes', no: 'No', maybe: 'Maybe' },
  noAnswer: 'no answer yet',
  answered: (a: string) => `Your answer: ${a}`,
  states: { scheduled: 'scheduled', live: 'live', ended: 'ended', cancelled: 'cancelled' },
  agenda: 'Agenda',
  noAgenda: 'No agenda items yet.',
  minutes: (n: number) => `${n} min`,
  presents: 'presents',
  caseOf: (p: string) => `Case ${p}`,
  pseudonymOnly: 'No consent covers your organisation: the pseudonym only.',
  categories: { identity: 'identity', residence: 'residence', employment: 'employment', family: 'family', health: 'health', education: 'education', contact: 'contact' },
  preview: 'Who sees what?',
  previewIntro: 'Before the meeting: what each participating organisation will see of each item (the consent decision, no data).',
  sees: (cats: string) => `sees: ${cats}`,
  seesPseudonym: 'pseudonym and title only',
  topic: 'Topic',
};

export type ConferenceMessages = typeof de;
const MESSAGES: Record<Language, ConferenceMessages> = { de, en };

export function useConferenceMessages(): ConferenceMessages {
  return MESSAGES[useI18n().lang];
}

export function conferenceNav(lang: Language): string {
  return MESSAGES[lang].nav;
}

/** A meeting's time in Berlin, in the reader's language. */
export function berlinWhen(lang: Language, startsAt: string, endsAt: string): string {
  const locale = lang === 'en' ? 'en-GB' : 'de-DE';
  const day = new Intl.DateTimeFormat(locale, { timeZone: 'Europe/Berlin', dateStyle: 'full', timeStyle: 'short' }).format(new Date(startsAt));
  const end = new Intl.DateTimeFormat(locale, { timeZone: 'Europe/Berlin', timeStyle: 'short' }).format(new Date(endsAt));
  return `${day}–${end}`;
}
