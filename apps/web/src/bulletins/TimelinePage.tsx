import { useState } from 'react';
import { Link } from 'react-aria-components';
import type { TimelineEntry } from '@roundtable/contracts';
import { SearchBox } from '../shell/SearchBox';
import { LoadingOrError, Page } from '../shell/Page';
import { useApi } from '../use-api';
import { useBulletinMessages } from './bulletin-messages';

/** What is in force on a chosen date and what comes next, from the provisions of published bulletins. */
export function TimelinePage() {
  const b = useBulletinMessages();
  const [date, setDate] = useState('');
  const [asked, setAsked] = useState('');
  const timeline = useApi<{ date: string; inForce: TimelineEntry[]; upcoming: TimelineEntry[] }>(`/bulletins/timeline${asked ? `?date=${asked}` : ''}`);
  const list = (entries: TimelineEntry[]) => (
    <ol className="timeline">
      {entries.map((e, i) => (
        <li key={i}>
          <strong>{e.effective}</strong>: {e.text} {e.refs.length > 0 && <span className="cell-note">{e.refs.join(', ')}</span>}
          <span className="cell-note">
            <Link href={`/bulletins/${e.bulletin.id}`}>{e.bulletin.title}</Link>
          </span>
        </li>
      ))}
    </ol>
  );
  return (
    <Page title={b.timelineTitle}>
      <div className="filters">
        <SearchBox label={b.date} value={date} onChange={setDate} onSearch={setAsked} />
      </div>
      <LoadingOrError loading={timeline.loading && !timeline.data} error={timeline.error} onRetry={timeline.reload} />
      {timeline.data && (
        <>
          <p role="status">{timeline.data.date}</p>
          <h2>{b.inForce}</h2>
          {list(timeline.data.inForce)}
          <h2>{b.upcoming}</h2>
          {list(timeline.data.upcoming)}
        </>
      )}
    </Page>
  );
}
