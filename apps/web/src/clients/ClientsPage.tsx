import { useState } from 'react';
import { Button, Link } from 'react-aria-components';
import { useSearchParams } from 'react-router';
import { PURPOSES, type ClientView, type Page as PageOf, type WithdrawalNoticeView } from '@roundtable/contracts';
import { api } from '../api';
import { ChoiceSelect } from '../directory/ChoiceSelect';
import { useI18n } from '../i18n';
import { useHasRole } from '../me';
import { ErrorSummary } from '../shell/ErrorSummary';
import { LoadingOrError, Page } from '../shell/Page';
import { SearchBox } from '../shell/SearchBox';
import { useApi } from '../use-api';
import { formatDateTime, useClientMessages } from './use-client-messages';

function displayName(client: ClientView): string | null {
  const identity = client.data.identity;
  return identity ? [identity.givenNames, identity.familyName].filter(Boolean).join(' ') : null;
}

/** Own clients (searchable), clients shared with the organisation for a purpose, and withdrawal notices. */
export function ClientsPage() {
  const c = useClientMessages();
  const { lang } = useI18n();
  const [params, setParams] = useSearchParams();
  const view = params.get('view') === 'shared' ? 'shared' : 'own';
  const purpose = params.get('purpose') ?? 'referral';
  const [query, setQuery] = useState(params.get('q') ?? '');
  const canRegister = useHasRole('integration-manager', 'caseworker', 'abh-liaison');
  const path =
    view === 'own'
      ? `/clients?limit=50${params.get('q') ? `&q=${encodeURIComponent(params.get('q')!)}` : ''}`
      : `/clients/shared?limit=50&purpose=${purpose}`;
  const list = useApi<PageOf<ClientView>>(path);
  const notices = useApi<WithdrawalNoticeView[]>('/withdrawal-notices');
  const [error, setError] = useState<string | null>(null);
  const set = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    for (const [k, v] of Object.entries(changes)) (v ? next.set(k, v) : next.delete(k));
    setParams(next, { replace: true });
  };

  const pending = (notices.data ?? []).filter((n) => !n.acknowledgedAt);
  return (
    <Page title={c.title}>
      <ErrorSummary error={error} />
      {pending.length > 0 && (
        <section className="card notice-warning" aria-labelledby="notices-heading">
          <h2 id="notices-heading">{c.notices}</h2>
          <ul>
            {pending.map((n) => (
              <li key={n.consentId}>
                {c.noticeText(n.clientPseudonym, n.owner.name)} ({formatDateTime(n.withdrawnAt, lang)}){' '}
                {canRegister && (
                  <Button
                    className="button button-quiet-dark"
                    onPress={() => api(`/withdrawal-notices/${n.consentId}/acknowledge`, { method: 'POST' }).then(notices.reload, (e: Error) => setError(e.message))}
                  >
                    {c.acknowledge}
                  </Button>
                )}
              </li>
            ))}
          </ul>
        </section>
      )}
      <div className="button-row">
        <Link className={view === 'own' ? 'tab tab-current' : 'tab'} href="/clients" aria-current={view === 'own' ? 'page' : undefined}>
          {c.ownTab}
        </Link>
        <Link className={view === 'shared' ? 'tab tab-current' : 'tab'} href="/clients?view=shared" aria-current={view === 'shared' ? 'page' : undefined}>
          {c.sharedTab}
        </Link>
        {canRegister && (
          <Link className="button" href="/clients/new">
            {c.register}
          </Link>
        )}
      </div>
      <div className="filters">
        {view === 'own' ? (
          <SearchBox label={c.searchLabel} value={query} onChange={setQuery} onSearch={(q) => set({ q: q || null })} />
        ) : (
          <ChoiceSelect label={c.purpose} value={purpose} required options={PURPOSES.map((id) => ({ id, name: c.purposeNames[id] }))} onChange={(v) => set({ purpose: v })} />
        )}
      </div>
      <p className="result-count" role="status">
        {list.data ? c.count(list.data.total) : ''}
      </p>
      <LoadingOrError loading={list.loading && !list.data} error={list.error} onRetry={list.reload} />
      {list.data && list.data.items.length === 0 && <p>{c.none}</p>}
      {list.data && list.data.items.length > 0 && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{c.pseudonym}</th>
                <th scope="col">{c.fieldNames.familyName}</th>
                {view === 'shared' && <th scope="col">{c.owner}</th>}
                <th scope="col">{c.categories}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((client) => (
                <tr key={client.id}>
                  <th scope="row">
                    <Link href={`/clients/${client.id}${view === 'shared' ? `?purpose=${purpose}` : ''}`}>{client.pseudonym}</Link>
                  </th>
                  <td>{displayName(client) ?? '—'}</td>
                  {view === 'shared' && <td>{client.owner.name}</td>}
                  <td>{Object.keys(client.access).map((k) => c.categoryNames[k as keyof typeof c.categoryNames]).join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}
