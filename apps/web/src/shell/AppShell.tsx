import type { ReactNode } from 'react';
import { Button } from 'react-aria-components';
import { NavLink } from 'react-router';
import type { CurrentMember } from '@roundtable/contracts';
import { signOut } from '../auth';
import { bulletinNav } from '../bulletins/bulletin-messages';
import { CLIENT_MESSAGES } from '../clients/client-messages';
import { useI18n } from '../i18n';
import { referralNav } from '../referrals/referral-messages';
import { conferenceNav } from '../conferences/conference-messages';

/** Header, navigation and main landmark around every page. Later features add their entries to NAVIGATION. */
export function AppShell({ me, children }: { me: CurrentMember; children: ReactNode }) {
  const { t, lang, setLang } = useI18n();
  const navigation = [
    { to: '/', label: t.navOverview, end: true },
    { to: '/directory', label: t.navDirectory, end: false },
    { to: '/bulletins', label: bulletinNav(lang), end: false },
    ...(me.roles.some((r) => ['integration-manager', 'caseworker', 'abh-liaison', 'volunteer'].includes(r))
      ? [{ to: '/clients', label: CLIENT_MESSAGES[lang].nav, end: false }]
      : []),
    ...(me.roles.some((r) => ['integration-manager', 'caseworker', 'abh-liaison'].includes(r))
      ? [{ to: '/referrals', label: referralNav(lang), end: false }]
      : []),
    { to: '/conferences', label: conferenceNav(lang), end: false },
    ...(me.roles.includes('network-admin') ? [{ to: '/records', label: CLIENT_MESSAGES[lang].ledgerTitle, end: false }] : []),
  ];
  return (
    <>
      <a className="skip-link" href="#main">
        {t.skipToContent}
      </a>
      <header className="app-header">
        <a className="brand" href="/">
          {t.appName}
        </a>
        <div className="header-tools">
          <span className="who">
            <span className="visually-hidden">{t.signedInAs} </span>
            {me.displayName}
            {me.organisation && <span className="who-org"> · {me.organisation.name}</span>}
          </span>
          <Button
            className="button button-quiet"
            onPress={() => setLang(lang === 'de' ? 'en' : 'de')}
            aria-label={t.switchLanguageLabel}
          >
            <span lang={lang === 'de' ? 'en' : 'de'}>{t.switchLanguage}</span>
          </Button>
          <Button className="button button-quiet" onPress={signOut}>
            {t.signOut}
          </Button>
        </div>
      </header>
      <nav className="app-nav" aria-label={t.mainNavigation}>
        <ul>
          {navigation.map((item) => (
            <li key={item.to}>
              <NavLink to={item.to} end={item.end}>
                {item.label}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" className="app-main" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
