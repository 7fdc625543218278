import { useContext, useEffect, useState } from 'react';
import { Button, Link } from 'react-aria-components';
import { useParams, useSearchParams } from 'react-router';
import type { AcknowledgementShare, BulletinQuestionView, BulletinView, DispatchProgress } from '@roundtable/contracts';
import { api } from '../api';
import { formatDateTime } from '../clients/use-client-messages';
import { Field } from '../directory/fields';
import { useI18n } from '../i18n';
import { MeContext, useHasRole } from '../me';
import { ApiForm } from '../shell/ApiForm';
import { ConfirmButton } from '../shell/ConfirmButton';
import { ErrorSummary } from '../shell/ErrorSummary';
import { LoadingOrError, Page } from '../shell/Page';
import { TextMessageForm } from '../shell/TextMessageForm';
import { useApi } from '../use-api';
import { useBulletinMessages } from './bulletin-messages';

/** One bulletin: the text (sanitised by the api), its provisions, review steps, dispatch progress, acknowledgement, Q&A. */
export function BulletinPage() {
  const { id } = useParams();
  const [params, setParams] = useSearchParams();
  const language = params.get('language') ?? 'de';
  const b = useBulletinMessages();
  const { lang } = useI18n();
  const me = useContext(MeContext);
  const bulletin = useApi<BulletinView>(`/bulletins/${id}?language=${language}`);
  const isAuthor = useHasRole('abh-liaison', 'bulletin-editor');
  const isLiaison = useHasRole('abh-liaison');
  const isStaff = useHasRole('abh-liaison', 'integration-manager', 'caseworker', 'bulletin-editor', 'network-admin');
  const [error, setError] = useState<string | null>(null);
  const [acknowledged, setAcknowledged] = useState(false);
  const published = bulletin.data?.state === 'published';

  useEffect(() => {
    if (published) void api(`/bulletins/${id}/read`, { method: 'POST' }).catch(() => undefined);
  }, [id, published]);

  if (!bulletin.data) return <LoadingOrError loading={bulletin.loading} error={bulletin.error} onRetry={bulletin.reload} />;
  const x = bulletin.data;
  const step = (name: string) =>
    api(`/bulletins/${x.id}/${name}`, { method: 'POST', body: JSON.stringify({}) }).then(bulletin.reload, (e: Error) => setError(e.message));
  const isOwn = me?.displayName === x.author;

  return (
    <Page title={x.title}>
      <ErrorSummary error={error} />
      <p className="lead">{x.summary}</p>
      <p className="card-meta">
        {b.states[x.state]}
        {x.publishedAt && x.publishedBy && ` · ${b.publishedBy(x.publishedBy, formatDateTime(x.publishedAt, lang))}`}
      </p>
      {x.availableLanguages.length > 1 && (
        <p className="button-row">
          {b.readIn}:{' '}
          {x.availableLanguages.map((l) => (
            <Button key={l} className={l === x.language ? 'tab tab-current' : 'tab'} onPress={() => setParams({ language: l })}>
              {b.languages[l]}
            </Button>
          ))}
        </p>
      )}
      {x.provisions.length > 0 && (
        <section className="card" aria-labelledby="provisions">
          <h2 id="provisions">{b.provisions}</h2>
          <ol className="timeline">
            {x.provisions.map((p, i) => (
              <li key={i}>
                <strong>{p.effective}</strong>: {p.text[x.language] ?? p.text.de ?? p.text.en}
                {p.refs.length > 0 && <span className="cell-note">{p.refs.join(', ')}</span>}
              </li>
            ))}
          </ol>
        </section>
      )}
      {/* The api renders Markdown and sanitises it (no script, no event handler survives). */}
      <div className="bulletin-body" dangerouslySetInnerHTML={{ __html: x.bodyHtml }} />

      {isAuthor && (
        <div className="button-row">
          {x.state === 'draft' && (
            <Button className="button" onPress={() => void step('submit')}>
              {b.submit}
            </Button>
          )}
          {x.state === 'in_review' && isLiaison && !isOwn && (
            <>
              <Button className="button" onPress={() => void step('publish')}>
                {b.publish}
              </Button>
              <Button className="button button-quiet-dark" onPress={() => void step('return')}>
                {b.giveBack}
              </Button>
            </>
          )}
          {x.state === 'in_review' && isOwn && <p className="muted">{b.fourEyes}</p>}
          {published && isLiaison && <ConfirmButton label={b.withdraw} question={b.withdrawQuestion} onConfirm={() => void step('withdraw')} />}
        </div>
      )}
      {isAuthor && (published || x.state === 'withdrawn') && <Progress id={x.id} canResume={isLiaison} />}
      {published && isStaff && (
        <p>
          {acknowledged ? (
            <span role="status">{b.acknowledged}</span>
          ) : (
            <Button className="button" onPress={() => api(`/bulletins/${x.id}/acknowledge`, { method: 'POST' }).then(() => setAcknowledged(true), (e: Error) => setError(e.message))}>
              {b.acknowledge}
            </Button>
          )}
        </p>
      )}
      {isAuthor && published && <Acknowledgements id={x.id} />}
      {published && <Questions id={x.id} canAnswer={isLiaison} />}
      <p>
        <Link href="/bulletins">{b.title}</Link>
      </p>
    </Page>
  );
}

/** Sent / pending / failed, refreshed every two seconds while mail is still going out. */
function Progress({ id, canResume }: { id: string; canResume: boolean }) {
  const b = useBulletinMessages();
  const progress = useApi<DispatchProgress>(`/bulletins/${id}/dispatch`);
  const busy = !!progress.data && (progress.data.pending > 0 || progress.data.sending > 0) && !progress.data.paused;
  useEffect(() => {
    if (!busy) return;
    const timer = setInterval(progress.reload, 2000);
    return () => clearInterval(timer);
  }, [busy, progress.reload]);
  if (!progress.data) return null;
  const p = progress.data;
  return (
    <section className="card" aria-labelledby="dispatch">
      <h2 id="dispatch">{b.progress}</h2>
      <progress max={Math.max(p.total, 1)} value={p.sent} aria-labelledby="dispatch" />
      <p role="status">{b.progressText(p.sent, p.total, p.pending + p.sending, p.failed)}</p>
      {p.unconfirmed > 0 && <p>{b.unconfirmed(p.unconfirmed)}</p>}
      {p.paused && (
        <p className="notice notice-error">
          {b.paused}: {p.pauseReason}{' '}
          {canResume && (
            <Button className="button" onPress={() => void api(`/bulletins/${id}/dispatch/resume`, { method: 'POST' }).then(progress.reload)}>
              {b.resume}
            </Button>
          )}
        </p>
      )}
    </section>
  );
}

function Acknowledgements({ id }: { id: string }) {
  const b = useBulletinMessages();
  const shares = useApi<AcknowledgementShare[]>(`/bulletins/${id}/acknowledgements`);
  if (!shares.data?.length) return null;
  return (
    <section aria-labelledby="acks">
      <h2 id="acks">{b.acknowledgements}</h2>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">{b.audienceNames.partner_staff}</th>
              <th scope="col">{b.staff}</th>
              <th scope="col">{b.read}</th>
              <th scope="col">{b.acknowledge}</th>
            </tr>
          </thead>
          <tbody>
            {shares.data.map((s) => (
              <tr key={s.organisation.id}>
                <th scope="row">{s.organisation.name}</th>
                <td>{s.staff}</td>
                <td>{s.read}</td>
                <td>
                  {s.acknowledged} ({Math.round(s.share * 100)} %)
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

function Questions({ id, canAnswer }: { id: string; canAnswer: boolean }) {
  const b = useBulletinMessages();
  const { lang } = useI18n();
  const questions = useApi<BulletinQuestionView[]>(`/bulletins/${id}/questions`);
  return (
    <section aria-labelledby="questions">
      <h2 id="questions">{b.questions}</h2>
      {questions.data?.length === 0 && <p>{b.noQuestions}</p>}
      <ul className="thread">
        {(questions.data ?? []).map((q) => (
          <li key={q.id}>
            <strong>{q.askedBy}</strong> <time dateTime={q.askedAt}>{formatDateTime(q.askedAt, lang)}</time>
            <p>{q.body}</p>
            {q.answer ? (
              <p>
                <strong>
                  {b.answer} ({q.answeredBy}){q.clarification && ` – ${b.clarification}`}:
                </strong>{' '}
                {q.answer}
              </p>
            ) : (
              canAnswer && <AnswerForm questionId={q.id} onDone={questions.reload} />
            )}
          </li>
        ))}
      </ul>
      <TextMessageForm
        label={b.ask}
        fieldLabel={b.question}
        onSend={async (body) => {
          await api(`/bulletins/${id}/questions`, { method: 'POST', body: JSON.stringify({ body }) });
          questions.reload();
        }}
      />
    </section>
  );
}

function AnswerForm({ questionId, onDone }: { questionId: string; onDone(): void }) {
  const b = useBulletinMessages();
  const [answer, setAnswer] = useState('');
  const [clarification, setClarification] = useState(false);
  return (
    <ApiForm
      label={b.sendAnswer}
      onSubmit={async () => {
        await api(`/bulletins/questions/${questionId}/answer`, { method: 'POST', body: JSON.stringify({ answer: answer.trim(), clarification }) });
        onDone();
      }}
    >
      <Field label={b.answer} value={answer} onChange={setAnswer} multiline isRequired />
      <label className="checkbox">
        <input type="checkbox" checked={clarification} onChange={(e) => setClarification(e.target.checked)} /> {b.clarification}
      </label>
      <div className="button-row">
        <Button type="submit" className="button">
          {b.sendAnswer}
        </Button>
      </div>
    </ApiForm>
  );
}
