import { useState } from 'react';
import { Button } from 'react-aria-components';
import { useParams } from 'react-router';
import {
  FAILURE_OUTCOMES,
  SUCCESS_OUTCOMES,
  type ReferralAction,
  type ReferralEventView,
  type ReferralMessageView,
  type ReferralView,
} from '@roundtable/contracts';
import { api } from '../api';
import { CLIENT_MESSAGES } from '../clients/client-messages';
import { formatDateTime } from '../clients/use-client-messages';
import { ChoiceSelect } from '../directory/ChoiceSelect';
import { Field } from '../directory/fields';
import { useI18n } from '../i18n';
import { useServerEvent } from '../realtime';
import { ApiForm } from '../shell/ApiForm';
import { ConfirmButton } from '../shell/ConfirmButton';
import { ErrorSummary } from '../shell/ErrorSummary';
import { LoadingOrError, Page } from '../shell/Page';
import { TextMessageForm } from '../shell/TextMessageForm';
import { useApi } from '../use-api';
import { useReferralMessages } from './referral-messages';

/** One referral: what it is about, the client as far as shared, the next steps, the history and the thread. */
export function ReferralDetailPage() {
  const { id } = useParams();
  const r = useReferralMessages();
  const { lang, t } = useI18n();
  const referral = useApi<ReferralView>(`/referrals/${id}`);
  const history = useApi<ReferralEventView[]>(`/referrals/${id}/history`);
  const thread = useApi<ReferralMessageView[]>(`/referrals/${id}/messages`);
  const [pending, setPending] = useState<ReferralAction | null>(null);
  const [error, setError] = useState<string | null>(null);
  useServerEvent('referral.changed', (event) => {
    if (event.referralId === id) {
      referral.reload();
      history.reload();
      thread.reload();
    }
  });

  if (!referral.data) return <LoadingOrError loading={referral.loading} error={referral.error} onRetry={referral.reload} />;
  const x = referral.data;
  const c = CLIENT_MESSAGES[lang];
  const act = async (action: ReferralAction, extra: Record<string, string> = {}) => {
    setError(null);
    await api(`/referrals/${x.id}/actions`, { method: 'POST', body: JSON.stringify({ action, ...extra }) });
    setPending(null);
    referral.reload();
    history.reload();
  };
  const run = (action: ReferralAction) => act(action).catch((e: Error) => setError(e.message));

  return (
    <Page title={`${x.from.organisation.name} → ${x.to.organisation.name}`}>
      <ErrorSummary error={error} />
      <dl className="facts">
        <dt>{r.state}</dt>
        <dd>
          {r.states[x.state]}
          {x.overdue && <span className="badge badge-closed"> {r.overdue}</span>}
          {x.outcome && ` – ${r.outcomes[x.outcome]}`}
        </dd>
        <dt>{r.area}</dt>
        <dd>
          {t.categories[x.serviceCategory as keyof typeof t.categories] ?? x.serviceCategory}
          {x.to.service && ` (${x.to.service.name})`}
        </dd>
        <dt>{r.urgency}</dt>
        <dd>
          {r.urgencies[x.urgency]}
          {x.deadline && ` – ${x.deadline}`}
        </dd>
        <dt>{r.reason}</dt>
        <dd>{x.reason}</dd>
        {x.declineReason && (
          <>
            <dt>{r.declineReason}</dt>
            <dd>{x.declineReason}</dd>
          </>
        )}
        <dt>{r.from}</dt>
        <dd>
          {x.from.member}, {x.from.organisation.name}
        </dd>
      </dl>

      <section className="card" aria-labelledby="referral-client">
        <h2 id="referral-client">{r.clientData}</h2>
        {!x.client ? (
          <p>{r.contactOnly}</p>
        ) : (
          <>
            <p>{x.client.pseudonym}</p>
            {Object.keys(x.client.data).length === 0 ? (
              <p>{r.noSharedData}</p>
            ) : (
              <dl className="facts">
                {Object.entries(x.client.data).flatMap(([category, fields]) =>
                  Object.entries(fields as Record<string, string>).map(([field, value]) => (
                    <div key={`${category}.${field}`} className="fact">
                      <dt>{c.fieldNames[field] ?? field}</dt>
                      <dd>{value}</dd>
                    </div>
                  )),
                )}
              </dl>
            )}
          </>
        )}
      </section>

      {x.allowedActions.length > 0 && (
        <div className="button-row" role="group" aria-label={r.state}>
          {x.allowedActions.map((action) =>
            action === 'withdraw' ? (
              <ConfirmButton key={action} label={r.actions.withdraw} question={`${r.actions.withdraw}?`} onConfirm={() => void run('withdraw')} />
            ) : action === 'decline' || action === 'complete' || action === 'fail' ? (
              <Button key={action} className="button button-quiet-dark" onPress={() => setPending(action)}>
                {r.actions[action]}
              </Button>
            ) : (
              <Button key={action} className="button" onPress={() => void run(action)}>
                {r.actions[action]}
              </Button>
            ),
          )}
        </div>
      )}
      {pending && <StepForm key={pending} action={pending} onSubmit={(extra) => act(pending, extra)} onCancel={() => setPending(null)} />}

      <h2>{r.history}</h2>
      <ol className="history">
        {(history.data ?? []).map((e, i) => (
          <li key={i}>
            <time dateTime={e.at}>{formatDateTime(e.at, lang)}</time>: {e.from ? `${r.states[e.from]} → ` : ''}
            {r.states[e.to]}
            {e.actor && ` (${e.actor}, ${e.organisation})`}
            {e.note && ` – ${e.note}`}
          </li>
        ))}
      </ol>

      <h2>{r.thread}</h2>
      {thread.data?.length === 0 && <p>{r.noMessages}</p>}
      <ul className="thread">
        {(thread.data ?? []).map((m) => (
          <li key={m.id}>
            <strong>
              {m.author} ({m.organisation.name})
            </strong>{' '}
            <time dateTime={m.createdAt}>{formatDateTime(m.createdAt, lang)}</time>
            <p>{m.body}</p>
          </li>
        ))}
      </ul>
      <TextMessageForm
        label={r.sendMessage}
        fieldLabel={r.message}
        onSend={async (body) => {
          await api(`/referrals/${x.id}/messages`, { method: 'POST', body: JSON.stringify({ body }) });
          thread.reload();
        }}
      />
    </Page>
  );
}

/** Declining needs a reason; closing needs an outcome. */
function StepForm({ action, onSubmit, onCancel }: { action: ReferralAction; onSubmit(extra: Record<string, string>): Promise<void>; onCancel(): void }) {
  const r = useReferralMessages();
  const { t } = useI18n();
  const [reason, setReason] = useState('');
  const outcomes = action === 'complete' ? SUCCESS_OUTCOMES : FAILURE_OUTCOMES;
  const [outcome, setOutcome] = useState<string>(outcomes[0]);
  return (
    <ApiForm className="form card" label={r.actions[action]} onSubmit={() => onSubmit(action === 'decline' ? { reason } : { outcome })}>
      {action === 'decline' ? (
        <Field label={r.declineReason} value={reason} onChange={setReason} multiline isRequired />
      ) : (
        <ChoiceSelect label={r.outcome} value={outcome} required options={outcomes.map((id) => ({ id, name: r.outcomes[id] }))} onChange={setOutcome} />
      )}
      <div className="button-row">
        <Button type="submit" className="button">
          {r.actions[action]}
        </Button>
        <Button className="button button-quiet-dark" onPress={onCancel}>
          {t.cancel}
        </Button>
      </div>
    </ApiForm>
  );
}
