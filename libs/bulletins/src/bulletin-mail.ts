import type { BulletinLanguage, BulletinVariant, Provision } from '@roundtable/contracts';

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const T = {
  de: { correction: 'Korrektur', from: 'Gilt ab', unsubscribe: 'Abbestellen', preferences: 'Einstellungen', online: 'Online lesen', why: 'Sie erhalten diese E-Mail, weil Sie die Rechtsänderungen der Ausländerbehörde abonniert haben.' },
  en: { correction: 'Correction', from: 'In force from', unsubscribe: 'Unsubscribe', preferences: 'Preferences', online: 'Read online', why: 'You receive this mail because you subscribed to the immigration authority\'s legal-change bulletins.' },
};

export interface BulletinMailInput {
  to: string;
  language: BulletinLanguage;
  variant: BulletinVariant & { bodyHtml: string };
  provisions: Provision[];
  /** e.g. https://roundtable.example.org/api/public/unsubscribe/<token> */
  unsubscribeUrl: string;
  preferencesUrl: string;
  onlineUrl: string;
  messageId: string;
  /** For a corrected version: what changed. */
  changeNote?: string | null;
}

/**
 * A bulletin as mail: text and (already sanitised) HTML, a visible unsubscribe link, and the RFC 8058 headers
 * set by hand (nodemailer's `list` option would write List-Unsubscribe twice).
 */
export function bulletinMail(input: BulletinMailInput) {
  const t = T[input.language === 'en' ? 'en' : 'de'];
  const provisions = [...input.provisions].sort((a, b) => a.effective.localeCompare(b.effective));
  const provisionText = (p: Provision) => p.text[input.language] ?? p.text.de ?? p.text.en ?? '';
  const correction = input.changeNote ? `${t.correction}: ${input.changeNote}` : null;
  const text = [
    input.variant.title,
    '',
    ...(correction ? [correction, ''] : []),
    input.variant.summary,
    '',
    ...provisions.map((p) => `${t.from} ${p.effective}: ${provisionText(p)}${p.refs.length ? ` (${p.refs.join(', ')})` : ''}`),
    '',
    `${t.online}: ${input.onlineUrl}`,
    '',
    '--',
    t.why,
    `${t.unsubscribe}: ${input.unsubscribeUrl}`,
    `${t.preferences}: ${input.preferencesUrl}`,
  ].join('\n');
  const html = `<!doctype html><html lang="${input.language === 'en' ? 'en' : 'de'}"><head><meta charset="utf-8"><title>${escapeHtml(input.variant.title)}</title></head>
<body style="font-family:system-ui,sans-serif;line-height:1.5;color:#111827;max-width:40rem">
<h1>${escapeHtml(input.variant.title)}</h1>${correction ? `<p><strong>${escapeHtml(correction)}</strong></p>` : ''}<p><strong>${escapeHtml(input.variant.summary)}</strong></p>
${provisions.length ? `<ul>${provisions.map((p) => `<li><strong>${t.from} ${p.effective}</strong>: ${escapeHtml(provisionText(p))}</li>`).join('')}</ul>` : ''}
${input.variant.bodyHtml}
<p><a href="${escapeHtml(input.onlineUrl)}">${t.online}</a></p>
<hr><p style="font-size:0.9em">${t.why} <a href="${escapeHtml(input.unsubscribeUrl)}">${t.unsubscribe}</a> · <a href="${escapeHtml(input.preferencesUrl)}">${t.preferences}</a></p>
</body></html>`;
  return {
    to: input.to,
    subject: input.changeNote ? `${t.correction}: ${input.variant.title}` : input.variant.title,
    text,
    html,
    messageId: input.messageId,
    headers: {
      'List-Unsubscribe': `<${input.unsubscribeUrl}>`,
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  };
}
