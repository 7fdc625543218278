import { Fragment, useContext } from 'react';
import { Button, Link } from 'react-aria-components';
import { useParams } from 'react-router';
import { RSVP_ANSWERS, type ActionReview, type AgendaItemView, type AgendaPreview, type ConferenceView, type RsvpAnswer } from '@roundtable/contracts';
import { api } from '../api';
import { useI18n } from '../i18n';
import { MeContext } from '../me';
import { LoadingOrError, Page } from '../shell/Page';
import { useApi, type Loaded } from '../use-api';
import { AgendaEditor } from './AgendaEditor';
import { ItemOutcome, ReviewOfActions } from './ItemOutcome';
import { berlinWhen, useConferenceMessages } from './conference-messages';

/** One conference: when and where, who comes, my answer, the agenda as I may see it, and the convenor's preview. */
export function ConferencePage() {
  const { id } = useParams();
  const c = useConferenceMessages();
  const { lang } = useI18n();
  const conference = useApi<ConferenceView>(`/conferences/${id}`);
  const agenda = useApi<AgendaItemView[]>(`/conferences/${id}/agenda`);
  const review = useApi<ActionReview>(`/conferences/${id}/review`);
  const manages = conference.data && (conference.data.canManage || conference.data.isModerator);
  const preview = useApi<AgendaPreview[]>(manages ? `/conferences/${id}/agenda/preview` : null);
  const me = useContext(MeContext);
  const conf = conference.data;
  if (!conf) return <LoadingOrError loading={conference.loading} error={conference.error} onRetry={conference.reload} />;
  const answer = (a: RsvpAnswer) => void api(`/conferences/${id}/response`, { method: 'PUT', body: JSON.stringify({ answer: a }) }).then(conference.reload);
  const isInvited = conf.participants.some((p) => p.member.id === me?.id);
  return (
    <Page title={conf.title}>
      <dl className="facts">
        <dt>{c.when}</dt>
        <dd>{berlinWhen(lang, conf.startsAt, conf.endsAt)} ({c.states[conf.state]})</dd>
        <dt>{c.where}</dt>
        <dd>
          {conf.room && `${c.room}: ${conf.room}`}
          {conf.room && conf.onlineUrl && ' · '}
          {conf.onlineUrl && (
            <a href={conf.onlineUrl}>
              {c.online}: {conf.onlineUrl}
            </a>
          )}
        </dd>
        <dt>{c.moderator}</dt>
        <dd>{conf.moderator.displayName}</dd>
        <dt>{c.convenor}</dt>
        <dd>
          {conf.convenor.displayName} ({conf.convenorOrganisation.name})
        </dd>
        {conf.invitedOrganisations.length > 0 && (
          <>
            <dt>{c.inviteOrganisations}</dt>
            <dd>{conf.invitedOrganisations.map((o) => o.name).join(', ')}</dd>
          </>
        )}
      </dl>

      <p className="button-row">
        {(conf.state === 'scheduled' || conf.state === 'live') && (
          <Link className="button" href={`/conferences/${conf.id}/live`}>
            {c.toLive}
          </Link>
        )}
        {conf.state !== 'scheduled' && (
          <Link className="button button-quiet-dark" href={`/conferences/${conf.id}/minutes`}>
            {c.toMinutes}
          </Link>
        )}
      </p>

      {isInvited && conf.state === 'scheduled' && (
        <section className="card" aria-labelledby="rsvp">
          <h2 id="rsvp">{c.yourAnswer}</h2>
          <p role="status">{conf.myAnswer ? c.answered(c.answers[conf.myAnswer]) : c.noAnswer}</p>
          <div className="button-row">
            {RSVP_ANSWERS.map((a) => (
              <Button key={a} className={conf.myAnswer === a ? 'button' : 'button button-quiet-dark'} aria-pressed={conf.myAnswer === a} onPress={() => answer(a)}>
                {c.answers[a]}
              </Button>
            ))}
          </div>
        </section>
      )}

      <ReviewOfActions review={review.data} conference={conf} onChanged={review.reload} />
      <section aria-labelledby="agenda">
        <h2 id="agenda">{c.agenda}</h2>
        <LoadingOrError loading={agenda.loading && !agenda.data} error={agenda.error} onRetry={agenda.reload} />
        {agenda.data?.length === 0 && <p>{c.noAgenda}</p>}
        <ol className="result-list">
          {(agenda.data ?? []).map((item) => (
            <li key={item.id} className="card">
              <h3 className="card-title">{item.title}</h3>
              <p className="card-meta">
                {c.minutes(item.timeBoxMinutes)} · {item.presentingOrganisation.name} {c.presents}
                {item.client ? ` · ${c.caseOf(item.client.pseudonym)}` : ` · ${c.topic}`}
              </p>
              {item.client && Object.keys(item.client.data).length === 0 && <p>{c.pseudonymOnly}</p>}
              {item.client && Object.keys(item.client.data).length > 0 && (
                <dl className="facts">
                  {Object.entries(item.client.data).map(([category, data]) => (
                    <Fragment key={category}>
                      <dt>{c.categories[category as keyof typeof c.categories]}</dt>
                      <dd>{Object.values(data as Record<string, unknown>).filter(Boolean).join(', ')}</dd>
                    </Fragment>
                  ))}
                </dl>
              )}
              <ItemOutcome item={item} conference={conf} onChanged={agenda.reload} />
            </li>
          ))}
        </ol>
      </section>

      <section aria-labelledby="participants">
        <h2 id="participants">{c.participants}</h2>
        <ul>
          {conf.participants.map((p) => (
            <li key={p.member.id}>
              {p.member.displayName}
              {p.organisation && ` (${p.organisation.name})`} – {p.answer ? c.answers[p.answer] : c.noAnswer}, {c.invitedAs[p.invitedAs]}
            </li>
          ))}
        </ul>
      </section>

      {(conf.canManage || conf.isModerator) && conf.state !== 'ended' && conf.state !== 'cancelled' && (
        <AgendaEditor conference={conf} items={agenda.data ?? []} onChange={() => (agenda.reload(), preview.reload())} />
      )}
      {(conf.canManage || conf.isModerator) && <Preview preview={preview} />}
    </Page>
  );
}

function Preview({ preview }: { preview: Loaded<AgendaPreview[]> }) {
  const c = useConferenceMessages();
  return (
    <section aria-labelledby="preview">
      <h2 id="preview">{c.preview}</h2>
      <p>{c.previewIntro}</p>
      <LoadingOrError loading={preview.loading && !preview.data} error={preview.error} onRetry={preview.reload} />
      {(preview.data ?? []).map((org) => (
        <div key={org.organisation.id} className="card">
          <h3 className="card-title">{org.organisation.name}</h3>
          <ul>
            {org.items.map((i) => (
              <li key={i.itemId}>
                {i.title}:{' '}
                {i.categories.length === 0
                  ? c.sees(c.topic)
                  : i.pseudonymOnly
                    ? c.seesPseudonym
                    : c.sees(Object.keys(i.access).map((k) => c.categories[k as keyof typeof c.categories]).join(', '))}
              </li>
            ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
