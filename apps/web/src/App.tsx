import { useCallback } from 'react';
import { RouterProvider } from 'react-aria-components';
import { Route, Routes, useHref, useNavigate } from 'react-router';
import type { CurrentMember } from '@roundtable/contracts';
import { api } from './api';
import { BulletinFormPage } from './bulletins/BulletinFormPage';
import { BulletinPage } from './bulletins/BulletinPage';
import { BulletinsPage } from './bulletins/BulletinsPage';
import { TimelinePage } from './bulletins/TimelinePage';
import { ClientDetailPage } from './clients/ClientDetailPage';
import { ClientNewPage } from './clients/ClientNewPage';
import { ClientsPage } from './clients/ClientsPage';
import { ConsentReceiptPage } from './clients/ConsentReceiptPage';
import { DisclosureReportPage } from './clients/DisclosureReportPage';
import { RecordsPage } from './clients/RecordsPage';
import { DirectoryPage } from './directory/DirectoryPage';
import { IndicatorsPage } from './referrals/IndicatorsPage';
import { ReferralDetailPage } from './referrals/ReferralDetailPage';
import { ReferralNewPage } from './referrals/ReferralNewPage';
import { ReferralsPage } from './referrals/ReferralsPage';
import { OrganisationEditPage } from './directory/OrganisationEditPage';
import { OrganisationPage } from './directory/OrganisationPage';
import { I18nProvider, useI18n } from './i18n';
import { MeContext } from './me';
import type { Language } from './messages';
import { OverviewPage } from './OverviewPage';
import { AppShell } from './shell/AppShell';
import { Page } from './shell/Page';
import { useApi } from './use-api';
import { ConferenceNewPage } from './conferences/ConferenceNewPage';
import { ConferencePage } from './conferences/ConferencePage';
import { ConferencesPage } from './conferences/ConferencesPage';
import { LiveRoomPage } from './conferences/LiveRoomPage';
import { MinutesPage } from './conferences/MinutesPage';

export function App() {
  const navigate = useNavigate();
  const me = useApi<CurrentMember>('/me');
  const persistLanguage = useCallback((language: Language) => {
    void api('/me', { method: 'PATCH', body: JSON.stringify({ language }) }).catch(() => undefined);
  }, []);
  if (!me.data) {
    // Before the member (and so the language) is known: a bilingual message, no i18n yet.
    return (
      <main className="boot">
        {me.error ? (
          <p role="alert">
            Roundtable ist nicht erreichbar / Roundtable cannot be reached: {me.error}{' '}
            <button type="button" className="button" onClick={me.reload}>
              Erneut versuchen / Try again
            </button>
          </p>
        ) : (
          <p>Roundtable wird geladen … / Loading …</p>
        )}
      </main>
    );
  }
  const stored = localStorage.getItem('roundtable.language');
  const initial = (stored === 'de' || stored === 'en' ? stored : me.data.language) as Language;
  return (
    <MeContext.Provider value={me.data}>
    <RouterProvider navigate={navigate} useHref={useHref}>
      <I18nProvider initial={initial} onChange={persistLanguage}>
        <AppShell me={me.data}>
          <Routes>
            <Route path="/" element={<OverviewPage me={me.data} />} />
            <Route path="/directory" element={<DirectoryPage />} />
            <Route path="/directory/new" element={<OrganisationEditPage />} />
            <Route path="/directory/:id" element={<OrganisationPage />} />
            <Route path="/directory/:id/edit" element={<OrganisationEditPage />} />
            <Route path="/clients" element={<ClientsPage />} />
            <Route path="/clients/new" element={<ClientNewPage />} />
            <Route path="/clients/:id" element={<ClientDetailPage />} />
            <Route path="/clients/:id/report" element={<DisclosureReportPage />} />
            <Route path="/clients/:id/consents/:consentId/receipt" element={<ConsentReceiptPage />} />
            <Route path="/records" element={<RecordsPage />} />
            <Route path="/referrals" element={<ReferralsPage />} />
            <Route path="/referrals/new" element={<ReferralNewPage />} />
            <Route path="/referrals/indicators" element={<IndicatorsPage />} />
            <Route path="/referrals/:id" element={<ReferralDetailPage />} />
            <Route path="/bulletins" element={<BulletinsPage />} />
            <Route path="/bulletins/new" element={<BulletinFormPage />} />
            <Route path="/bulletins/timeline" element={<TimelinePage />} />
            <Route path="/bulletins/:id" element={<BulletinPage />} />
            <Route path="/conferences" element={<ConferencesPage />} />
            <Route path="/conferences/new" element={<ConferenceNewPage />} />
            <Route path="/conferences/:id" element={<ConferencePage />} />
            <Route path="/conferences/:id/live" element={<LiveRoomPage />} />
            <Route path="/conferences/:id/minutes" element={<MinutesPage />} />
            <Route path="*" element={<NotFound />} />
          </Routes>
        </AppShell>
      </I18nProvider>
    </RouterProvider>
    </MeContext.Provider>
  );
}

function NotFound() {
  const { t } = useI18n();
  return <Page title={t.notFound}>{null}</Page>;
}
