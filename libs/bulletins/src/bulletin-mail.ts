import type { BulletinLanguage, BulletinVariant, Provision } from '@roundtable/contracts';

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const T = {
  de: {
    correction: 'Korrektur',
    from: 'Gilt ab',
    unsubscribe: 'Abbestellen',
    preferences: 'Einstellungen',
    online: 'Online lesen',
    why: 'Sie erhalten diese E-Mail, weil Sie die Rechtsänderungen der Ausländerbehörde abonniert haben.',
    inForce: 'Ab heute in Kraft',
    inForceIntro: (date: string) => `Ab heute, ${date}, gilt:`,
    clarification: 'Klarstellung',
    question: 'Frage',
    answer: 'Antwort der Ausländerbehörde',
  },
  en: {
    correction: 'Correction',
    from: 'In force from',
    unsubscribe: 'Unsubscribe',
    preferences: 'Preferences',
    online: 'Read online',
    why: 'You receive this mail because you subscribed to the immigration authority\'s legal-change bulletins.',
    inForce: 'In force from today',
    inForceIntro: (date: string) => `From today, ${date}, this applies:`,
    clarification: 'Clarification',
    question: 'Question',
    answer: 'The immigration authority\'s answer',
  },
};

/** What every mail to a subscriber has: who, in which language, which bulletin, and the links to leave. */
export interface SubscriberMailInput {
  to: string;
  language: BulletinLanguage;
  variant: BulletinVariant & { bodyHtml: string };
  provisions: Provision[];
  /** e.g. https://roundtable.example.org/api/public/unsubscribe/<token> */
  unsubscribeUrl: string;
  preferencesUrl: string;
  onlineUrl: string;
  messageId: string;
}

export interface BulletinMailInput extends SubscriberMailInput {
  /** For a corrected version: what changed. */
  changeNote?: string | null;
}

const provisionText = (p: Provision, language: BulletinLanguage) => p.text[language] ?? p.text.de ?? p.text.en ?? '';
const byDate = (provisions: Provision[]) => [...provisions].sort((a, b) => a.effective.localeCompare(b.effective));

/**
 * Wraps a mail's content with the footer every subscriber mail has - a visible unsubscribe link and the
 * preferences - and the RFC 8058 headers, set by hand (nodemailer's `list` option would write List-Unsubscribe twice).
 */
function subscriberMail(input: SubscriberMailInput, subject: string, text: string[], html: string) {
  const t = T[input.language === 'en' ? 'en' : 'de'];
  return {
    to: input.to,
    subject,
    text: [...text, '', `${t.online}: ${input.onlineUrl}`, '', '--', t.why, `${t.unsubscribe}: ${input.unsubscribeUrl}`, `${t.preferences}: ${input.preferencesUrl}`].join('\n'),
    html: `<!doctype html><html lang="${input.language === 'en' ? 'en' : 'de'}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:system-ui,sans-serif;line-height:1.5;color:#111827;max-width:40rem">
${html}
<p><a href="${escapeHtml(input.onlineUrl)}">${t.online}</a></p>
<hr><p style="font-size:0.9em">${t.why} <a href="${escapeHtml(input.unsubscribeUrl)}">${t.unsubscribe}</a> · <a href="${escapeHtml(input.preferencesUrl)}">${t.preferences}</a></p>
</body></html>`,
    messageId: input.messageId,
    headers: {
      'List-Unsubscribe': `<${input.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}

/** A bulletin (version) as mail: text and (already sanitised) HTML. */
export function bulletinMail(input: BulletinMailInput) {
  const t = T[input.language === 'en' ? 'en' : 'de'];
  const provisions = byDate(input.provisions);
  const correction = input.changeNote ? `${t.correction}: ${input.changeNote}` : null;
  return subscriberMail(
    input,
    input.changeNote ? `${t.correction}: ${input.variant.title}` : input.variant.title,
    [
      input.variant.title,
      '',
      ...(correction ? [correction, ''] : []),
      input.variant.summary,
      '',
      ...provisions.map((p) => `${t.from} ${p.effective}: ${provisionText(p, input.language)}${p.refs.length ? ` (${p.refs.join(', ')})` : ''}`),
    ],
    `<h1>${escapeHtml(input.variant.title)}</h1>${correction ? `<p><strong>${escapeHtml(correction)}</strong></p>` : ''}<p><strong>${escapeHtml(input.variant.summary)}</strong></p>
${provisions.length ? `<ul>${provisions.map((p) => `<li><strong>${t.from} ${p.effective}</strong>: ${escapeHtml(provisionText(p, input.language))}</li>`).join('')}</ul>` : ''}
${input.variant.bodyHtml}`,
  );
}

/** "In force today": the provisions of a bulletin that take effect on `date`. */
export function inForceReminderMail(input: SubscriberMailInput & { date: string }) {
  const t = T[input.language === 'en' ? 'en' : 'de'];
  const today = input.provisions.filter((p) => p.effective === input.date);
  const line = (p: Provision) => `${provisionText(p, input.language)}${p.refs.length ? ` (${p.refs.join(', ')})` : ''}`;
  return subscriberMail(
    input,
    `${t.inForce}: ${input.variant.title}`,
    [input.variant.title, '', t.inForceIntro(input.date), ...today.map((p) => `- ${line(p)}`), '', input.variant.summary],
    `<h1>${escapeHtml(`${t.inForce}: ${input.variant.title}`)}</h1><p>${escapeHtml(t.inForceIntro(input.date))}</p>
<ul>${today.map((p) => `<li>${escapeHtml(line(p))}</li>`).join('')}</ul><p>${escapeHtml(input.variant.summary)}</p>`,
  );
}

/** A question under a bulletin and the ABH's answer, marked as a clarification for everyone who received it. */
export function clarificationMail(input: SubscriberMailInput & { question: string; answer: string }) {
  const t = T[input.language === 'en' ? 'en' : 'de'];
  return subscriberMail(
    input,
    `${t.clarification}: ${input.variant.title}`,
    [`${t.clarification}: ${input.variant.title}`, '', `${t.question}: ${input.question}`, '', `${t.answer}: ${input.answer}`],
    `<h1>${escapeHtml(`${t.clarification}: ${input.variant.title}`)}</h1>
<h2>${t.question}</h2><p>${escapeHtml(input.question)}</p><h2>${t.answer}</h2><p>${escapeHtml(input.answer).replace(/\n/g, '<br>')}</p>`,
  );
}
