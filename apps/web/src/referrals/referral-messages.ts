import type { Outcome, ReferralAction, ReferralState, Urgency } from '@roundtable/contracts';
import { useI18n } from '../i18n';
import type { Language } from '../messages';

const de = {
  nav: 'Überleitungen',
  title: 'Überleitungen',
  inbox: 'Eingang',
  outbox: 'Ausgang',
  create: 'Neue Überleitung',
  createTitle: 'Neue Überleitung',
  to: 'An Organisation',
  from: 'Von',
  service: 'Angebot (optional)',
  noService: 'Kein bestimmtes Angebot',
  area: 'Bereich',
  reason: 'Anlass',
  urgency: 'Dringlichkeit',
  deadline: 'Frist (JJJJ-MM-TT)',
  client: 'Klient:in (optional)',
  noClient: 'Ohne Personendaten: nur um Kontaktaufnahme bitten',
  saveDraft: 'Als Entwurf speichern',
  sendNow: 'Senden',
  state: 'Status',
  overdue: 'überfällig',
  overdueOnly: 'Nur überfällige',
  none: 'Keine Überleitungen.',
  count: (n: number) => (n === 1 ? '1 Überleitung' : `${n} Überleitungen`),
  history: 'Verlauf',
  thread: 'Nachrichten',
  message: 'Nachricht',
  sendMessage: 'Nachricht senden',
  noMessages: 'Noch keine Nachrichten.',
  declineReason: 'Begründung der Ablehnung',
  outcome: 'Ergebnis',
  clientData: 'Klient:in',
  noSharedData: 'Für Ihre Organisation ist zu diesem Zweck nichts freigegeben: nur das Pseudonym.',
  contactOnly: 'Ohne Personendaten – bitte Kontakt aufnehmen.',
  live: 'Die Überleitung wurde gerade geändert.',
  indicators: 'Kennzahlen',
  indicatorsTitle: 'Kennzahlen des Netzwerks',
  indicatorsIntro: 'Wie Überleitungen zwischen den Partnern verlaufen – ohne Personendaten.',
  medianAccept: 'Median bis zur Annahme',
  medianComplete: 'Median bis zum Abschluss',
  note: 'Notiz (optional)',
  states: { draft: 'Entwurf', sent: 'gesendet', accepted: 'angenommen', declined: 'abgelehnt', in_progress: 'in Bearbeitung', on_hold: 'pausiert', completed: 'abgeschlossen', failed: 'ohne Erfolg', withdrawn: 'zurückgezogen', expired: 'abgelaufen' } satisfies Record<ReferralState, string>,
  actions: { send: 'Senden', accept: 'Annehmen', decline: 'Ablehnen', start: 'In Bearbeitung nehmen', hold: 'Pausieren', complete: 'Abschließen', fail: 'Ohne Erfolg beenden', withdraw: 'Zurückziehen', expire: 'Ablaufen lassen' } satisfies Record<ReferralAction, string>,
  urgencies: { routine: 'Routine', urgent: 'dringend', emergency: 'Notfall' } satisfies Record<Urgency, string>,
  outcomes: { got_help: 'Hilfe erhalten', referred_elsewhere: 'weitervermittelt', not_eligible: 'nicht berechtigt', no_capacity: 'keine Kapazität', could_not_contact: 'nicht erreicht', no_longer_interested: 'kein Interesse mehr' } satisfies Record<Outcome, string>,
};

export type ReferralMessages = typeof de;

const en: ReferralMessages = {
  nav: 'Referrals',
  title: 'Referrals',
  inbox: 'Inbox',
  outbox: 'Outbox',
  create: 'New referral',
  createTitle: 'New referral',
  to: 'To organisation',
  from: 'From',
  service: 'Service (optional)',
  noService: 'No particular service',
  area: 'Area',
  reason: 'Reason',
  urgency: 'Urgency',
  deadline: 'Deadline (YYYY-MM-DD)',
  client: 'Client (optional)',
  noClient: 'Without personal data: only ask to make contact',
  saveDraft: 'Save as draft',
  sendNow: 'Send',
  state: 'State',
  overdue: 'overdue',
  overdueOnly: 'Overdue only',
  none: 'No referrals.',
  count: (n: number) => (n === 1 ? '1 referral' : `${n} referrals`),
  history: 'History',
  thread: 'Messages',
  message: 'Message',
  sendMessage: 'Send message',
  noMessages: 'No messages yet.',
  declineReason: 'Reason for declining',
  outcome: 'Outcome',
  clientData: 'Client',
  noSharedData: 'Nothing is shared with your organisation for this purpose: only the pseudonym.',
  contactOnly: 'Without personal data: please make contact.',
  live: 'The referral was just changed.',
  indicators: 'Indicators',
  indicatorsTitle: 'Network indicators',
  indicatorsIntro: 'How referrals between the partners fare, without personal data.',
  medianAccept: 'Median time to accept',
  medianComplete: 'Median time to complete',
  note: 'Note (optional)',
  states: { draft: 'draft', sent: 'sent', accepted: 'accepted', declined: 'declined', in_progress: 'in progress', on_hold: 'on hold', completed: 'completed', failed: 'without success', withdrawn: 'withdrawn', expired: 'expired' },
  actions: { send: 'Send', accept: 'Accept', decline: 'Decline', start: 'Start work', hold: 'Put on hold', complete: 'Complete', fail: 'Close without success', withdraw: 'Withdraw', expire: 'Expire' },
  urgencies: { routine: 'routine', urgent: 'urgent', emergency: 'emergency' },
  outcomes: { got_help: 'got help', referred_elsewhere: 'referred elsewhere', not_eligible: 'not eligible', no_capacity: 'no capacity', could_not_contact: 'could not contact', no_longer_interested: 'no longer interested' },
};

const MESSAGES: Record<Language, ReferralMessages> = { de, en };

export function useReferralMessages(): ReferralMessages {
  return MESSAGES[useI18n().lang];
}

export function referralNav(lang: Language): string {
  return MESSAGES[lang].nav;
}
