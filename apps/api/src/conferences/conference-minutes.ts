import type { AgendaItemView } from '@roundtable/contracts';
import type { MailMessage } from '@roundtable/mail';

export interface MinutesSubject {
  id: string;
  title: string;
  startsAt: Date;
  moderator: string;
}

/**
 * The minutes of a conference as plain-text mail, for one recipient: built from the agenda as that recipient may
 * see it, so a case's data, minutes, decisions and action items appear only where consent covers them.
 */
export function minutesMail(c: MinutesSubject, items: AgendaItemView[], to: { email: string; language: string }, publicUrl: string): MailMessage {
  const en = to.language === 'en';
  const date = new Intl.DateTimeFormat(en ? 'en-GB' : 'de-DE', { timeZone: 'Europe/Berlin', dateStyle: 'full', timeStyle: 'short' }).format(c.startsAt);
  const withheld = en ? '(not shown: your organisation is not covered by a consent for this case)' : '(nicht angezeigt: keine Einwilligung deckt Ihre Organisation für diesen Fall)';
  const lines = [`${en ? 'Minutes' : 'Protokoll'}: ${c.title}`, `${date} · ${en ? 'Moderation' : 'Moderation'}: ${c.moderator}`, ''];
  for (const item of items) {
    const who = item.client ? ` [${item.client.pseudonym}]` : '';
    lines.push(`${item.position}. ${item.title}${who} (${item.presentingOrganisation.name})`);
    lines.push(item.minutes === null ? withheld : item.minutes || (en ? '(no minutes)' : '(kein Protokoll)'));
    for (const d of item.decisions) lines.push(`${en ? 'Decision' : 'Beschluss'}: ${d.text ?? withheld}`);
    for (const a of item.actionItems) lines.push(`${en ? 'Action' : 'Aufgabe'} (${a.ownerOrganisation.name}, ${en ? 'due' : 'bis'} ${a.dueDate}): ${a.text ?? withheld}`);
    lines.push('');
  }
  lines.push(`${en ? 'Printable and always current' : 'Druckfassung und aktueller Stand'}: ${publicUrl}/conferences/${c.id}/minutes`);
  return { to: to.email, subject: `${en ? 'Minutes' : 'Protokoll'}: ${c.title}`, text: lines.join('\n') };
}
