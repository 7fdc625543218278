import { Link } from 'react-aria-components';
import { useSearchParams } from 'react-router';
import { REFERRAL_STATES, URGENCIES, type Page as PageOf, type ReferralView } from '@roundtable/contracts';
import { ChoiceSelect } from '../directory/ChoiceSelect';
import { useI18n } from '../i18n';
import { LoadingOrError, Page } from '../shell/Page';
import { useServerEvent } from '../realtime';
import { useApi } from '../use-api';
import { useReferralMessages } from './referral-messages';

/** Inbox and outbox of the organisation, filtered by state, urgency and overdue; deadline first. */
export function ReferralsPage() {
  const r = useReferralMessages();
  const { t } = useI18n();
  const [params, setParams] = useSearchParams();
  const box = params.get('box') === 'outbox' ? 'outbox' : 'inbox';
  const query = new URLSearchParams({ box, limit: '50' });
  for (const name of ['state', 'urgency', 'overdue']) if (params.get(name)) query.set(name, params.get(name)!);
  const list = useApi<PageOf<ReferralView>>(`/referrals?${query}`);
  useServerEvent('referral.changed', () => list.reload());
  const set = (name: string, value: string) => {
    const next = new URLSearchParams(params);
    if (value) next.set(name, value);
    else next.delete(name);
    setParams(next, { replace: true });
  };
  return (
    <Page title={r.title}>
      <div className="button-row">
        {(['inbox', 'outbox'] as const).map((b) => (
          <Link key={b} className={box === b ? 'tab tab-current' : 'tab'} href={`/referrals?box=${b}`} aria-current={box === b ? 'page' : undefined}>
            {r[b]}
          </Link>
        ))}
        <Link className="button" href="/referrals/new">
          {r.create}
        </Link>
        <Link className="tab" href="/referrals/indicators">
          {r.indicators}
        </Link>
      </div>
      <div className="filters">
        <ChoiceSelect label={r.state} value={params.get('state') ?? ''} options={REFERRAL_STATES.map((id) => ({ id, name: r.states[id] }))} onChange={(v) => set('state', v)} />
        <ChoiceSelect label={r.urgency} value={params.get('urgency') ?? ''} options={URGENCIES.map((id) => ({ id, name: r.urgencies[id] }))} onChange={(v) => set('urgency', v)} />
        <label className="checkbox">
          <input type="checkbox" checked={params.get('overdue') === 'true'} onChange={(e) => set('overdue', e.target.checked ? 'true' : '')} />
          {r.overdueOnly}
        </label>
      </div>
      <p className="result-count" role="status">
        {list.data ? r.count(list.data.total) : ''}
      </p>
      <LoadingOrError loading={list.loading && !list.data} error={list.error} onRetry={list.reload} />
      {list.data?.items.length === 0 && <p>{r.none}</p>}
      {!!list.data?.items.length && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{box === 'inbox' ? r.from : r.to}</th>
                <th scope="col">{r.area}</th>
                <th scope="col">{r.urgency}</th>
                <th scope="col">{r.deadline.split(' ')[0]}</th>
                <th scope="col">{r.state}</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((x) => (
                <tr key={x.id}>
                  <th scope="row">
                    <Link href={`/referrals/${x.id}`}>{box === 'inbox' ? x.from.organisation.name : x.to.organisation.name}</Link>
                    {x.client && <span className="cell-note">{x.client.pseudonym}</span>}
                  </th>
                  <td>{t.categories[x.serviceCategory as keyof typeof t.categories] ?? x.serviceCategory}</td>
                  <td>{r.urgencies[x.urgency]}</td>
                  <td>{x.deadline ?? '—'}</td>
                  <td>
                    {r.states[x.state]}
                    {x.overdue && <span className="badge badge-closed"> {r.overdue}</span>}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}
