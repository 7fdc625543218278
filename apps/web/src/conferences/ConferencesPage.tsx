import { Button, Link } from 'react-aria-components';
import { useSearchParams } from 'react-router';
import { CONVENOR_ROLES, type ConferenceView } from '@roundtable/contracts';
import { useHasRole } from '../me';
import { useI18n } from '../i18n';
import { LoadingOrError, Page } from '../shell/Page';
import { useApi, type Loaded } from '../use-api';
import { ConferenceCalendar } from './ConferenceCalendar';
import { berlinDay, berlinWhen, useConferenceMessages } from './conference-messages';

/** The member's conferences: the next 90 days by day (Berlin time), or a month as a calendar (`?view=calendar&month=YYYY-MM`). */
export function ConferencesPage() {
  const c = useConferenceMessages();
  const [params, setParams] = useSearchParams();
  const calendar = params.get('view') === 'calendar';
  const month = /^\d{4}-(0[1-9]|1[0-2])$/.test(params.get('month') ?? '') ? params.get('month')! : new Date().toISOString().slice(0, 7);
  const list = useApi<ConferenceView[]>(calendar ? null : '/conferences');
  const canConvene = useHasRole(...CONVENOR_ROLES);
  return (
    <Page title={c.title}>
      {canConvene && (
        <div className="button-row">
          <Link className="button" href="/conferences/new">
            {c.create}
          </Link>
        </div>
      )}
      <div className="button-row" role="group" aria-label={c.view}>
        <Button className={calendar ? 'button button-quiet-dark' : 'button'} aria-pressed={!calendar} onPress={() => setParams({}, { replace: true })}>
          {c.listView}
        </Button>
        <Button className={calendar ? 'button' : 'button button-quiet-dark'} aria-pressed={calendar} onPress={() => setParams({ view: 'calendar', month }, { replace: true })}>
          {c.calendarView}
        </Button>
      </div>
      {calendar ? <ConferenceCalendar month={month} onMonth={(m) => setParams({ view: 'calendar', month: m }, { replace: true })} /> : <List list={list} />}
    </Page>
  );
}

function List({ list }: { list: Loaded<ConferenceView[]> }) {
  const c = useConferenceMessages();
  const { lang } = useI18n();
  const byDay = new Map<string, ConferenceView[]>();
  for (const conf of list.data ?? []) {
    const day = berlinDay(lang, conf.startsAt);
    byDay.set(day, [...(byDay.get(day) ?? []), conf]);
  }
  return (
    <>
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
    </>
  );
}
