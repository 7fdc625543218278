import { Link } from 'react-aria-components';
import { CONVENOR_ROLES, type ConferenceView } from '@roundtable/contracts';
import { useHasRole } from '../me';
import { useI18n } from '../i18n';
import { LoadingOrError, Page } from '../shell/Page';
import { useApi } from '../use-api';
import { berlinWhen, useConferenceMessages } from './conference-messages';

/** The member's conferences of the next 90 days, by day (Berlin time). */
export function ConferencesPage() {
  const c = useConferenceMessages();
  const { lang } = useI18n();
  const list = useApi<ConferenceView[]>('/conferences');
  const canConvene = useHasRole(...CONVENOR_ROLES);
  const byDay = new Map<string, ConferenceView[]>();
  for (const conf of list.data ?? []) {
    const day = new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'de-DE', { timeZone: 'Europe/Berlin', dateStyle: 'full' }).format(new Date(conf.startsAt));
    byDay.set(day, [...(byDay.get(day) ?? []), conf]);
  }
  return (
    <Page title={c.title}>
      {canConvene && (
        <div className="button-row">
          <Link className="button" href="/conferences/new">
            {c.create}
          </Link>
        </div>
      )}
      <p className="result-count" role="status">
        {list.data ? c.count(list.data.length) : ''}
      </p>
      <LoadingOrError loading={list.loading && !list.data} error={list.error} onRetry={list.reload} />
      {list.data?.length === 0 && <p>{c.none}</p>}
      {[...byDay].map(([day, confs]) => (
        <section key={day} aria-label={day}>
          <h2>{day}</h2>
          <ul className="result-list">
            {confs.map((conf) => (
              <li key={conf.id} className="card">
                <h3 className="card-title">
                  <Link href={`/conferences/${conf.id}`}>{conf.title}</Link>
                </h3>
                <p>{berlinWhen(lang, conf.startsAt, conf.endsAt)}</p>
                <p className="card-meta">
                  {c.states[conf.state]} · {c.moderator}: {conf.moderator.displayName}
                  {conf.myAnswer ? ` · ${c.answered(c.answers[conf.myAnswer])}` : ''}
                </p>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </Page>
  );
}
