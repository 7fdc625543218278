import { useState } from 'react';
import { Link } from 'react-aria-components';
import { BULLETIN_LANGUAGES, type BulletinView } from '@roundtable/contracts';
import { ChoiceSelect } from '../directory/ChoiceSelect';
import { useHasRole } from '../me';
import { LoadingOrError, Page } from '../shell/Page';
import { useApi } from '../use-api';
import { useBulletinMessages } from './bulletin-messages';
import { MailSubscription } from './MailSubscription';

/** The member's bulletins, newest first, in the language they choose; authors also see drafts and reviews. */
export function BulletinsPage() {
  const b = useBulletinMessages();
  const [language, setLanguage] = useState(localStorage.getItem('roundtable.bulletin-language') ?? 'de');
  const feed = useApi<BulletinView[]>(`/bulletins?language=${language}`);
  const isAuthor = useHasRole('abh-liaison', 'bulletin-editor');
  return (
    <Page title={b.title}>
      <div className="button-row">
        {isAuthor && (
          <Link className="button" href="/bulletins/new">
            {b.create}
          </Link>
        )}
        <Link className="tab" href="/bulletins/timeline">
          {b.timeline}
        </Link>
      </div>
      <div className="filters">
        <ChoiceSelect
          label={b.readIn}
          value={language}
          required
          options={BULLETIN_LANGUAGES.map((id) => ({ id, name: b.languages[id] }))}
          onChange={(v) => {
            localStorage.setItem('roundtable.bulletin-language', v);
            setLanguage(v);
          }}
        />
      </div>
      <LoadingOrError loading={feed.loading && !feed.data} error={feed.error} onRetry={feed.reload} />
      {feed.data?.length === 0 && <p>{b.none}</p>}
      <ul className="result-list">
        {(feed.data ?? []).map((x) => (
          <li key={x.id} className="card">
            <h2 className="card-title">
              <Link href={`/bulletins/${x.id}?language=${language}`}>{x.title}</Link>
            </h2>
            <p>{x.summary}</p>
            <p className="card-meta">
              {b.states[x.state]} · {x.audiences.map((a) => b.audienceNames[a]).join(', ')}
            </p>
          </li>
        ))}
      </ul>
      <MailSubscription />
    </Page>
  );
}
