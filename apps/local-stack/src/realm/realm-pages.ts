/** HTML of the stand-in realm: an accessible login page, an error page, and Keycloak's helper iframes. */

export type PageLanguage = 'de' | 'en';

const TEXT = {
  de: {
    title: 'Anmelden bei Roundtable',
    heading: 'Anmelden',
    intro: 'Melden Sie sich mit Ihrem Konto des Partnernetzwerks an.',
    username: 'Benutzername oder E-Mail',
    password: 'Passwort',
    submit: 'Anmelden',
    invalid: 'Benutzername oder Passwort ist falsch. Bitte versuchen Sie es erneut.',
    switchTo: 'English',
    demo: 'Lokale Testumgebung: Demo-Konten mit dem Passwort „demo“, z. B. ben.caritas.',
    errorTitle: 'Anmeldung nicht möglich',
  },
  en: {
    title: 'Sign in to Roundtable',
    heading: 'Sign in',
    intro: 'Sign in with your partner network account.',
    username: 'Username or e-mail',
    password: 'Password',
    submit: 'Sign in',
    invalid: 'Invalid username or password. Please try again.',
    switchTo: 'Deutsch',
    demo: 'Local test stack: demo accounts use the password "demo", e.g. ben.caritas.',
    errorTitle: 'Sign-in not possible',
  },
} as const;

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const STYLE = `
  *{box-sizing:border-box}
  body{margin:0;font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;background:#f3f4f6;color:#111827;line-height:1.5}
  header{background:#1e3a5f;color:#fff;padding:0.75rem 1.5rem;display:flex;justify-content:space-between;align-items:center}
  header a{color:#fff}
  .brand{font-weight:700;font-size:1.125rem}
  main{max-width:26rem;margin:3rem auto;padding:2rem;background:#fff;border-radius:0.5rem;box-shadow:0 1px 3px rgba(0,0,0,.15)}
  h1{margin-top:0;font-size:1.5rem}
  label{display:block;font-weight:600;margin:1rem 0 0.25rem}
  input{width:100%;padding:0.6rem;border:1px solid #4b5563;border-radius:0.25rem;font-size:1rem}
  input:focus,button:focus,a:focus{outline:3px solid #f59e0b;outline-offset:2px}
  button{margin-top:1.5rem;width:100%;padding:0.7rem;background:#1e3a5f;color:#fff;border:0;border-radius:0.25rem;font-size:1rem;font-weight:600;cursor:pointer}
  button:hover{background:#16304f}
  .error{background:#fef2f2;border:1px solid #b91c1c;color:#7f1d1d;padding:0.75rem;border-radius:0.25rem}
  .hint{color:#374151;font-size:0.875rem;margin-top:1.5rem}`;

function layout(lang: PageLanguage, title: string, body: string, switchHref?: string): string {
  const t = TEXT[lang];
  const other = lang === 'de' ? 'en' : 'de';
  return `<!doctype html>
<html lang="${lang}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<link rel="icon" href="data:,"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>
<header><span class="brand">Roundtable</span>${
    switchHref ? `<a href="${escapeHtml(switchHref)}" lang="${other}" hreflang="${other}">${t.switchTo}</a>` : ''
  }</header>
<main>${body}</main>
</body></html>`;
}

export function loginPage(options: {
  lang: PageLanguage;
  action: string;
  switchHref: string;
  username?: string;
  failed?: boolean;
  showDemoHint: boolean;
}): string {
  const t = TEXT[options.lang];
  const error = options.failed ? `<p class="error" role="alert" id="login-error">${t.invalid}</p>` : '';
  const described = options.failed ? ' aria-describedby="login-error" aria-invalid="true"' : '';
  return layout(
    options.lang,
    t.title,
    `<h1>${t.heading}</h1>
<p>${t.intro}</p>
${error}
<form method="post" action="${escapeHtml(options.action)}">
  <label for="username">${t.username}</label>
  <input id="username" name="username" type="text" autocomplete="username" required autofocus value="${escapeHtml(options.username ?? '')}"${described}>
  <label for="password">${t.password}</label>
  <input id="password" name="password" type="password" autocomplete="current-password" required${described}>
  <button type="submit">${t.submit}</button>
</form>
${options.showDemoHint ? `<p class="hint">${t.demo}</p>` : ''}`,
    options.switchHref,
  );
}

export function errorPage(lang: PageLanguage, message: string): string {
  const t = TEXT[lang];
  return layout(lang, t.errorTitle, `<h1>${t.errorTitle}</h1><p class="error" role="alert">${escapeHtml(message)}</p>`);
}

/** Answers keycloak-js's "clientId sessionId" messages with unchanged / changed / error, like Keycloak's own iframe. */
export const LOGIN_STATUS_IFRAME = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Session status</title></head><body><script>
  var init;
  function getCookie(name) {
    var parts = document.cookie.split('; ');
    for (var i = 0; i < parts.length; i++) {
      var eq = parts[i].indexOf('=');
      if (parts[i].substring(0, eq) === name) return decodeURIComponent(parts[i].substring(eq + 1));
    }
    return null;
  }
  function compare(sessionState, callback) {
    var cookie = getCookie('KEYCLOAK_SESSION');
    if (!cookie) return callback(sessionState ? 'changed' : 'unchanged');
    callback(cookie.split('/')[2] === sessionState ? 'unchanged' : 'changed');
  }
  function checkState(clientId, origin, sessionState, callback) {
    if (init) {
      if (clientId !== init.clientId || origin !== init.origin) return callback('error');
      return compare(sessionState, callback);
    }
    var req = new XMLHttpRequest();
    req.open('GET', location.pathname + '/init?client_id=' + encodeURIComponent(clientId) + '&origin=' + encodeURIComponent(origin), true);
    req.onreadystatechange = function () {
      if (req.readyState !== 4) return;
      if (req.status !== 204) return callback('error');
      init = { clientId: clientId, origin: origin };
      compare(sessionState, callback);
    };
    req.send();
  }
  window.addEventListener('message', function (event) {
    if (typeof event.data !== 'string') return;
    var data = event.data.split(' ');
    if (data.length !== 2) return;
    checkState(data[0], event.origin, data[1], function (result) { event.source.postMessage(result, event.origin); });
  }, false);
</script></body></html>`;

export const THIRD_PARTY_COOKIES_STEP1 = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Cookie check</title></head><body><script>
  document.cookie = 'KEYCLOAK_3P_COOKIE_SAMESITE=supported; Max-Age=60; SameSite=None; Secure';
  document.cookie = 'KEYCLOAK_3P_COOKIE=supported; Max-Age=60';
  window.location = 'step2.html';
</script></body></html>`;

export const THIRD_PARTY_COOKIES_STEP2 = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Cookie check</title></head><body><script>
  if (document.cookie.indexOf('KEYCLOAK_3P_COOKIE') !== -1) {
    document.cookie = 'KEYCLOAK_3P_COOKIE_SAMESITE=; Max-Age=0; SameSite=None; Secure';
    document.cookie = 'KEYCLOAK_3P_COOKIE=; Max-Age=0';
    window.parent.postMessage('supported', '*');
  } else {
    window.parent.postMessage('unsupported', '*');
  }
</script></body></html>`;
