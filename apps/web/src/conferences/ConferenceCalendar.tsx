import { Button, Link } from 'react-aria-components';
import type { ConferenceView } from '@roundtable/contracts';
import { useI18n } from '../i18n';
import { LoadingOrError } from '../shell/Page';
import { useApi } from '../use-api';
import { useConferenceMessages } from './conference-messages';

/** YYYY-MM-DD of an instant in Berlin. */
const berlinDate = (at: string) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(at));
const iso = (year: number, month: number, day: number) => new Date(Date.UTC(year, month, day)).toISOString().slice(0, 10);

/**
 * One month (Berlin days) as a table: weeks as rows from Monday, each day with its conferences as links. A
 * table with a caption and column headers, so a screen reader announces day and weekday; the month is chosen
 * with two buttons. `month` is YYYY-MM.
 */
export function ConferenceCalendar({ month, onMonth }: { month: string; onMonth(month: string): void }) {
  const c = useConferenceMessages();
  const { lang } = useI18n();
  const [year, monthIndex] = [Number(month.slice(0, 4)), Number(month.slice(5, 7)) - 1];
  const from = iso(year, monthIndex, 1);
  const to = iso(year, monthIndex + 1, 1);
  const list = useApi<ConferenceView[]>(`/conferences?from=${from}&to=${to}`);
  const byDay = new Map<string, ConferenceView[]>();
  for (const conf of list.data ?? []) {
    const day = berlinDate(conf.startsAt);
    byDay.set(day, [...(byDay.get(day) ?? []), conf]);
  }

  const days = new Date(Date.UTC(year, monthIndex + 1, 0)).getUTCDate();
  const lead = (new Date(Date.UTC(year, monthIndex, 1)).getUTCDay() + 6) % 7; // Monday first
  const cells: Array<number | null> = [...Array(lead).fill(null), ...Array.from({ length: days }, (_, i) => i + 1)];
  while (cells.length % 7) cells.push(null);
  const weeks = Array.from({ length: cells.length / 7 }, (_, w) => cells.slice(w * 7, w * 7 + 7));
  const locale = lang === 'en' ? 'en-GB' : 'de-DE';
  const monthName = new Intl.DateTimeFormat(locale, { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(year, monthIndex, 1)));
  const time = (at: string) => new Intl.DateTimeFormat(locale, { timeZone: 'Europe/Berlin', timeStyle: 'short' }).format(new Date(at));

  return (
    <>
      <div className="button-row">
        <Button className="button button-quiet-dark" onPress={() => onMonth(iso(year, monthIndex - 1, 1).slice(0, 7))}>
          {c.previousMonth}
        </Button>
        <Button className="button button-quiet-dark" onPress={() => onMonth(iso(year, monthIndex + 1, 1).slice(0, 7))}>
          {c.nextMonth}
        </Button>
      </div>
      <LoadingOrError loading={list.loading && !list.data} error={list.error} onRetry={list.reload} />
      <table className="calendar">
        <caption>{c.monthCaption(monthName, list.data?.length ?? 0)}</caption>
        <thead>
          <tr>
            {c.weekdays.map((d) => (
              <th key={d} scope="col">
                {d}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week, w) => (
            <tr key={w}>
              {week.map((day, d) => {
                const confs = day ? (byDay.get(iso(year, monthIndex, day)) ?? []) : [];
                return (
                  <td key={d} className={day ? undefined : 'calendar-empty'}>
                    {day && <span className="calendar-day">{day}</span>}
                    {!!confs.length && (
                      <ul>
                        {confs.map((conf) => (
                          <li key={conf.id}>
                            <Link href={`/conferences/${conf.id}`}>
                              {time(conf.startsAt)} {conf.title}
                            </Link>
                          </li>
                        ))}
                      </ul>
                    )}
                  </td>
                );
              })}
            </tr>
          ))}
        </tbody>
      </table>
    </>
  );
}
