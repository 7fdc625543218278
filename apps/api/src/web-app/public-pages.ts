/** Small server-rendered pages for people following a mail link, who may have no account: referral links, subscriptions. */

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `body{margin:0;font-family:system-ui,sans-serif;background:#f3f4f6;color:#111827;line-height:1.5}
header{background:#1e3a5f;color:#fff;padding:.75rem 1.5rem;font-weight:700}
main{max-width:34rem;margin:2rem auto;background:#fff;padding:1.5rem 2rem;border-radius:.5rem;box-shadow:0 1px 3px rgba(0,0,0,.15)}
label{display:block;font-weight:600;margin:1rem 0 .25rem}input,select{width:100%;box-sizing:border-box;padding:.5rem;border:1px solid #4b5563;border-radius:.25rem;font:inherit}fieldset{border:1px solid #d1d5db;border-radius:.25rem;margin-top:1rem}.check{display:flex;gap:.5rem;align-items:center;font-weight:400;margin:.25rem 0}.check input{width:auto}textarea{width:100%;box-sizing:border-box;padding:.5rem;border:1px solid #4b5563;border-radius:.25rem;font:inherit}
button{margin-top:1rem;padding:.6rem 1rem;background:#1e3a5f;color:#fff;border:0;border-radius:.25rem;font:inherit;font-weight:600;cursor:pointer}
:focus{outline:3px solid #b45309;outline-offset:2px}.error{background:#fef2f2;border:1px solid #b91c1c;color:#7f1d1d;padding:.75rem;border-radius:.25rem}
.ok{background:#ecfdf5;border:1px solid #047857;color:#064e3b;padding:.75rem;border-radius:.25rem}a{color:#1d4ed8}`;

export function linkPage(lang: 'de' | 'en', title: string, body: string): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>${escapeHtml(title)} – Roundtable</title><style>${STYLE}</style></head>
<body><header>Roundtable</header><main><h1>${escapeHtml(title)}</h1>${body}</main></body></html>`;
}

export function confirmPage(lang: 'de' | 'en', action: 'accept' | 'decline', summary: string[], openUrl: string): string {
  const de = lang === 'de';
  const facts = `<ul>${summary.map((s) => `<li>${escapeHtml(s)}</li>`).join('')}</ul>`;
  const form =
    action === 'accept'
      ? `<form method="post"><button type="submit">${de ? 'Überleitung annehmen' : 'Accept the referral'}</button></form>`
      : `<form method="post"><label for="reason">${de ? 'Begründung (die sendende Organisation sieht sie)' : 'Reason (the sending organisation sees it)'}</label>
<textarea id="reason" name="reason" rows="4" required maxlength="2000"></textarea>
<button type="submit">${de ? 'Überleitung ablehnen' : 'Decline the referral'}</button></form>`;
  return linkPage(
    lang,
    action === 'accept' ? (de ? 'Überleitung annehmen' : 'Accept the referral') : de ? 'Überleitung ablehnen' : 'Decline the referral',
    `${facts}${form}<p><a href="${escapeHtml(openUrl)}">${de ? 'Stattdessen in Roundtable öffnen' : 'Open in Roundtable instead'}</a></p>`,
  );
}

export function resultPage(lang: 'de' | 'en', ok: boolean, message: string, openUrl?: string, openLabel?: string): string {
  const de = lang === 'de';
  return linkPage(
    lang,
    ok ? (de ? 'Erledigt' : 'Done') : de ? 'Das ging nicht' : 'That did not work',
    `<p class="${ok ? 'ok' : 'error'}" role="${ok ? 'status' : 'alert'}">${escapeHtml(message)}</p>${
      openUrl ? `<p><a href="${escapeHtml(openUrl)}">${escapeHtml(openLabel ?? (de ? 'In Roundtable öffnen' : 'Open in Roundtable'))}</a></p>` : ''
    }`,
  );
}
