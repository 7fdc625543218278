import { useState } from 'react';
import { Button, Link } from 'react-aria-components';
import { useSearchParams } from 'react-router';
import { ORGANISATION_KINDS, SERVICE_CATEGORIES, type OrganisationSummary, type Page as PageOf } from '@roundtable/contracts';
import { useI18n } from '../i18n';
import { useHasRole } from '../me';
import { useDirectoryChanges } from '../realtime';
import { LoadingOrError, Page } from '../shell/Page';
import { SearchBox } from '../shell/SearchBox';
import { useApi } from '../use-api';
import { ChoiceSelect } from './ChoiceSelect';

const PAGE_SIZE = 20;
/** Languages most asked for in the network; any ISO code works through the api. */
const LANGUAGE_CHOICES = ['de', 'en', 'ar', 'fa', 'uk', 'ru', 'tr', 'fr', 'ti', 'ku', 'ps', 'so'];
const FILTERS = ['q', 'kind', 'category', 'language'] as const;

export function DirectoryPage() {
  const { t, languageName } = useI18n();
  const [params, setParams] = useSearchParams();
  const [query, setQuery] = useState(params.get('q') ?? '');
  const isAdmin = useHasRole('network-admin');
  const offset = Number(params.get('offset') ?? 0) || 0;

  const apiParams = new URLSearchParams({ limit: String(PAGE_SIZE), offset: String(offset) });
  for (const name of FILTERS) if (params.get(name)) apiParams.set(name, params.get(name)!);
  const result = useApi<PageOf<OrganisationSummary>>(`/organisations?${apiParams}`);
  useDirectoryChanges(() => result.reload());

  const setFilter = (name: (typeof FILTERS)[number] | 'offset', value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    if (name !== 'offset') next.delete('offset');
    setParams(next, { replace: name !== 'offset' });
  };

  const total = result.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const current = Math.floor(offset / PAGE_SIZE) + 1;

  return (
    <Page title={t.directoryTitle}>
      <p>{t.directoryIntro}</p>
      {isAdmin && (
        <p>
          <Link className="button" href="/directory/new">
            {t.addOrganisation}
          </Link>
        </p>
      )}
      <search className="filters" aria-label={t.search}>
        <SearchBox label={t.search} value={query} onChange={setQuery} onSearch={(q) => setFilter('q', q)} placeholder={t.searchPlaceholder} />
        <ChoiceSelect
          label={t.kind}
          value={params.get('kind') ?? ''}
          options={ORGANISATION_KINDS.map((id) => ({ id, name: t.kinds[id] }))}
          onChange={(v) => setFilter('kind', v)}
        />
        <ChoiceSelect
          label={t.category}
          value={params.get('category') ?? ''}
          options={SERVICE_CATEGORIES.map((id) => ({ id, name: t.categories[id] })).sort((a, b) => a.name.localeCompare(b.name))}
          onChange={(v) => setFilter('category', v)}
        />
        <ChoiceSelect
          label={t.languageFilter}
          value={params.get('language') ?? ''}
          options={LANGUAGE_CHOICES.map((id) => ({ id, name: languageName(id) }))}
          onChange={(v) => setFilter('language', v)}
        />
        {FILTERS.some((f) => params.get(f)) && (
          <Button
            className="button button-quiet"
            onPress={() => {
              setQuery('');
              setParams(new URLSearchParams(), { replace: true });
            }}
          >
            {t.resetFilters}
          </Button>
        )}
      </search>

      <p className="result-count" role="status">
        {result.data ? t.results(total) : ''}
      </p>
      <LoadingOrError loading={result.loading && !result.data} error={result.error} onRetry={result.reload} />
      {result.data && result.data.items.length === 0 && <p>{t.noResults}</p>}
      {result.data && result.data.items.length > 0 && (
        <ul className="result-list">
          {result.data.items.map((org) => (
            <li key={org.id} className="card">
              <h2 className="card-title">
                <Link href={`/directory/${org.id}`}>{org.name}</Link>
              </h2>
              <p className="card-meta">
                {t.kinds[org.kind]} · {org.city} · {t.services(org.serviceCount)}
              </p>
              {org.serviceCategories.length > 0 && (
                <ul className="tags" aria-label={t.servicesHeading}>
                  {org.serviceCategories.map((c) => (
                    <li key={c}>{t.categories[c]}</li>
                  ))}
                </ul>
              )}
              <p className="card-meta">
                {t.languages}: {org.languages.map(languageName).join(', ')}
              </p>
            </li>
          ))}
        </ul>
      )}
      {pages > 1 && (
        <nav className="pager" aria-label={t.page(current, pages)}>
          <Button className="button" isDisabled={current <= 1} onPress={() => setFilter('offset', String(offset - PAGE_SIZE))}>
            {t.previous}
          </Button>
          <span>{t.page(current, pages)}</span>
          <Button className="button" isDisabled={current >= pages} onPress={() => setFilter('offset', String(offset + PAGE_SIZE))}>
            {t.next}
          </Button>
        </nav>
      )}
    </Page>
  );
}
