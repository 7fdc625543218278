import { Button } from 'react-aria-components';
import { useParams } from 'react-router';
import type { AgendaItemView, ConferenceView } from '@roundtable/contracts';
import { useI18n } from '../i18n';
import { LoadingOrError, Page } from '../shell/Page';
import { useApi } from '../use-api';
import { berlinWhen, useConferenceMessages } from './conference-messages';
import { ItemOutcome } from './ItemOutcome';

/** The minutes as the member may see them, laid out for printing (the print stylesheet hides the workspace around it). */
export function MinutesPage() {
  const { id } = useParams();
  const c = useConferenceMessages();
  const { lang } = useI18n();
  const conference = useApi<ConferenceView>(`/conferences/${id}`);
  const agenda = useApi<AgendaItemView[]>(`/conferences/${id}/agenda`);
  const conf = conference.data;
  if (!conf) return <LoadingOrError loading={conference.loading} error={conference.error} onRetry={conference.reload} />;
  return (
    <Page title={c.minutesTitle(conf.title)}>
      <p>
        {berlinWhen(lang, conf.startsAt, conf.endsAt)} · {c.moderator}: {conf.moderator.displayName}
      </p>
      <p className="no-print">
        <Button className="button" onPress={() => window.print()}>
          {c.print}
        </Button>
      </p>
      <LoadingOrError loading={agenda.loading && !agenda.data} error={agenda.error} onRetry={agenda.reload} />
      {(agenda.data ?? []).map((item) => (
        <section key={item.id} aria-labelledby={`item-${item.id}`}>
          <h2 id={`item-${item.id}`}>
            {item.position}. {item.title}
            {item.client && ` (${c.caseOf(item.client.pseudonym)})`}
          </h2>
          <p>{item.minutes === null ? c.withheld : item.minutes || '–'}</p>
          <ItemOutcome item={item} conference={conf} onChanged={agenda.reload} />
        </section>
      ))}
    </Page>
  );
}
