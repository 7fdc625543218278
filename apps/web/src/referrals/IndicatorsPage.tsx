import { REFERRAL_STATES, type ReferralIndicator } from '@roundtable/contracts';
import { useI18n } from '../i18n';
import { LoadingOrError, Page } from '../shell/Page';
import { useApi } from '../use-api';
import { useReferralMessages } from './referral-messages';

/** Colours per state with enough contrast against white; the figures are always given as text too. */
const STATE_COLOURS: Record<string, string> = {
  sent: '#1d4ed8', accepted: '#0369a1', in_progress: '#047857', on_hold: '#a16207', completed: '#15803d',
  failed: '#b91c1c', declined: '#9d174d', withdrawn: '#4b5563', expired: '#6b7280',
};

/** How referrals fare between the partners: per pair and service, states and outcomes, median times. */
export function IndicatorsPage() {
  const r = useReferralMessages();
  const { lang } = useI18n();
  const data = useApi<ReferralIndicator[]>('/referrals/indicators');
  const hours = (h: number | null) => (h === null ? '—' : h < 48 ? `${h} h` : `${Math.round((h / 24) * 10) / 10} ${lang === 'de' ? 'Tage' : 'days'}`);
  return (
    <Page title={r.indicatorsTitle}>
      <p>{r.indicatorsIntro}</p>
      <LoadingOrError loading={data.loading && !data.data} error={data.error} onRetry={data.reload} />
      {data.data?.length === 0 && <p>{r.none}</p>}
      {!!data.data?.length && (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{r.from} → {r.to}</th>
                <th scope="col">{r.state}</th>
                <th scope="col">{r.outcome}</th>
                <th scope="col">{r.medianAccept}</th>
                <th scope="col">{r.medianComplete}</th>
              </tr>
            </thead>
            <tbody>
              {data.data.map((i) => (
                <tr key={`${i.from.id}-${i.to.id}-${i.service?.id ?? ''}`}>
                  <th scope="row">
                    {i.from.name} → {i.to.name}
                    {i.service && <span className="cell-note">{i.service.name}</span>}
                  </th>
                  <td>
                    <div className="bar" aria-hidden="true">
                      {REFERRAL_STATES.filter((s) => i.byState[s]).map((s) => (
                        <span key={s} style={{ flexGrow: i.byState[s], background: STATE_COLOURS[s] }} />
                      ))}
                    </div>
                    {REFERRAL_STATES.filter((s) => i.byState[s]).map((s) => `${r.states[s]} ${i.byState[s]}`).join(', ')} ({i.total})
                  </td>
                  <td>{Object.entries(i.byOutcome).map(([o, n]) => `${r.outcomes[o as keyof typeof r.outcomes]} ${n}`).join(', ') || '—'}</td>
                  <td>{hours(i.medianHoursToAccept)}</td>
                  <td>{hours(i.medianHoursToComplete)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}
