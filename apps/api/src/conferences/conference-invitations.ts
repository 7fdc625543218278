import ical, { ICalAttendeeRole, ICalAttendeeStatus, ICalCalendarMethod, ICalEventStatus } from 'ical-generator';
import type { MailMessage } from '@roundtable/mail';

export interface InvitationSubject {
  id: string;
  title: string;
  startsAt: Date;
  durationMinutes: number;
  onlineUrl: string | null;
  room: string | null;
  sequence: number;
  convenor: { displayName: string; email: string | null };
}

export interface Invitee {
  displayName: string;
  email: string;
  language: string;
}

export type InvitationKind = 'request' | 'update' | 'cancel';

const whenFormat = (lang: string) =>
  new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'de-DE', { timeZone: 'Europe/Berlin', dateStyle: 'full', timeStyle: 'short' });
const timeFormat = (lang: string) => new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'de-DE', { timeZone: 'Europe/Berlin', timeStyle: 'short' });

/**
 * The iCalendar part of an invitation (RFC 5545/5546): METHOD:REQUEST for a new or changed meeting, CANCEL
 * for a cancelled one; one UID per conference and a SEQUENCE that grows with every change, so calendars update
 * the entry they have. Times are in UTC; calendars show them in the reader's zone.
 */
export function conferenceCalendar(c: InvitationSubject, invitee: Pick<Invitee, 'displayName' | 'email'>, kind: InvitationKind, organizerFallback: string, link: string): string {
  const calendar = ical({
    prodId: { company: 'Roundtable', product: 'case-conferences', language: 'DE' },
    method: kind === 'cancel' ? ICalCalendarMethod.CANCEL : ICalCalendarMethod.REQUEST,
  });
  calendar.createEvent({
    id: `conference-${c.id}@roundtable`,
    sequence: c.sequence,
    start: c.startsAt,
    end: new Date(c.startsAt.getTime() + c.durationMinutes * 60_000),
    summary: c.title,
    location: [c.room, c.onlineUrl].filter(Boolean).join(' · ') || null,
    url: link,
    description: `Roundtable: ${link}`,
    status: kind === 'cancel' ? ICalEventStatus.CANCELLED : ICalEventStatus.CONFIRMED,
    organizer: { name: c.convenor.displayName, email: c.convenor.email ?? organizerFallback },
    attendees: [{ name: invitee.displayName, email: invitee.email, rsvp: true, role: ICalAttendeeRole.REQ, status: ICalAttendeeStatus.NEEDSACTION }],
  });
  return calendar.toString();
}

/** The mail that carries the calendar part, in the invitee's language. */
export function invitationMail(c: InvitationSubject, invitee: Invitee, kind: InvitationKind, organizerFallback: string, publicUrl: string): MailMessage {
  const en = invitee.language === 'en';
  const link = `${publicUrl}/conferences/${c.id}`;
  const when = `${whenFormat(invitee.language).format(c.startsAt)}–${timeFormat(invitee.language).format(new Date(c.startsAt.getTime() + c.durationMinutes * 60_000))}`;
  const subject = {
    request: en ? `Invitation: ${c.title}` : `Einladung: ${c.title}`,
    update: en ? `Changed: ${c.title}` : `Geändert: ${c.title}`,
    cancel: en ? `Cancelled: ${c.title}` : `Abgesagt: ${c.title}`,
  }[kind];
  const lead = {
    request: en ? `${c.convenor.displayName} invites you to a case conference.` : `${c.convenor.displayName} lädt Sie zu einer Fallkonferenz ein.`,
    update: en ? 'The case conference has changed. This is the current invitation.' : 'Die Fallkonferenz hat sich geändert. Dies ist die aktuelle Einladung.',
    cancel: en ? 'The case conference has been cancelled.' : 'Die Fallkonferenz wurde abgesagt.',
  }[kind];
  const lines = [
    lead,
    '',
    `${c.title}`,
    `${en ? 'When' : 'Wann'}: ${when} (${en ? 'Berlin time' : 'Berliner Zeit'})`,
    ...(c.room ? [`${en ? 'Room' : 'Raum'}: ${c.room}`] : []),
    ...(c.onlineUrl ? [`Online: ${c.onlineUrl}`] : []),
    '',
    kind === 'cancel' ? '' : `${en ? 'Agenda and your answer (yes / no / maybe)' : 'Tagesordnung und Ihre Zusage (ja / nein / vielleicht)'}: ${link}`,
  ];
  return {
    to: invitee.email,
    subject,
    text: lines.join('\n'),
    icalEvent: { method: kind === 'cancel' ? 'CANCEL' : 'REQUEST', content: conferenceCalendar(c, invitee, kind, organizerFallback, link) },
  };
}
