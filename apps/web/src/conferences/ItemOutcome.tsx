import { useContext, useState } from 'react';
import { Button, Link } from 'react-aria-components';
import { SERVICE_CATEGORIES, URGENCIES, type ActionItemView, type ActionReview, type AgendaItemView, type ConferenceView, type ReferralState } from '@roundtable/contracts';
import { api } from '../api';
import { ChoiceSelect } from '../directory/ChoiceSelect';
import { Field } from '../directory/fields';
import { useI18n } from '../i18n';
import { MeContext, useHasRole } from '../me';
import { useReferralMessages } from '../referrals/referral-messages';
import { ApiForm } from '../shell/ApiForm';
import { berlinDay, useConferenceMessages } from './conference-messages';

/**
 * An item's decisions and action items, as the member may see them (texts withheld where consent does not
 * cover). With `conference`, open action items can be marked done (owner organisation, convenor, moderator)
 * and handed on as a referral to their owner (by anyone else taking part); `onChanged` reloads what changed.
 */
export function ItemOutcome({ item, conference, onChanged }: { item: AgendaItemView; conference?: ConferenceView; onChanged?: () => void }) {
  const c = useConferenceMessages();
  return (
    <>
      {!!item.decisions.length && (
        <>
          <h3>{c.decisions}</h3>
          <ul>
            {item.decisions.map((d) => (
              <li key={d.id}>{d.text ?? c.withheld}</li>
            ))}
          </ul>
        </>
      )}
      {!!item.actionItems.length && (
        <>
          <h3>{c.actionItems}</h3>
          <ul>
            {item.actionItems.map((a) => (
              <li key={a.id}>
                <ActionItem action={a} conferenceId={conference?.id} mayManage={!!conference && (conference.canManage || conference.isModerator)} onChanged={onChanged} />
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

/**
 * "Review of previous actions": the previous meeting of the series' action items that are still open or became
 * referrals, first on the agenda of the next one.
 */
export function ReviewOfActions({ review, conference, onChanged }: { review: ActionReview | undefined; conference: ConferenceView; onChanged: () => void }) {
  const c = useConferenceMessages();
  const { lang } = useI18n();
  if (!review?.previousConference || !review.actionItems.length) return null;
  const previous = review.previousConference;
  return (
    <section aria-labelledby="review">
      <h2 id="review">{c.reviewTitle}</h2>
      <p>
        {c.reviewFrom} <Link href={`/conferences/${previous.id}`}>{previous.title}</Link>, {berlinDay(lang, previous.startsAt)}
      </p>
      <ul>
        {review.actionItems.map((a) => (
          <li key={a.id}>
            {a.itemTitle}: <ActionItem action={a} conferenceId={previous.id} mayManage={conference.canManage || conference.isModerator} onChanged={onChanged} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function ActionItem({ action: a, conferenceId, mayManage, onChanged }: { action: ActionItemView; conferenceId?: string; mayManage: boolean; onChanged?: () => void }) {
  const c = useConferenceMessages();
  const r = useReferralMessages();
  const me = useContext(MeContext);
  const [handingOn, setHandingOn] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);
  const label = a.text ?? c.actionItems;
  const mayComplete = !!conferenceId && (a.ownerOrganisation.id === me?.organisation?.id || mayManage);
  const mayRefer = useHasRole('integration-manager', 'caseworker', 'abh-liaison'); // who may send referrals
  const mayHandOn = !!conferenceId && mayRefer && !a.referral && a.ownerOrganisation.id !== me?.organisation?.id;
  const complete = () =>
    api(`/conferences/${conferenceId}/action-items/${a.id}/done`, { method: 'POST' }).then(
      () => onChanged?.(),
      (err: Error) => setProblem(err.message),
    );
  return (
    <>
      {a.text ?? c.withheld} ({a.ownerOrganisation.name}, {c.due} {a.dueDate})
      {a.state === 'done' && ` – ${c.done}`}
      {a.referral && (
        <>
          {' – '}
          <Link href={`/referrals/${a.referral.id}`}>{c.referral(r.states[a.referral.state as ReferralState] ?? a.referral.state)}</Link>
          {a.referral.outcome && ` (${a.referral.outcome})`}
        </>
      )}
      {a.state === 'open' && (mayComplete || mayHandOn) && (
        <span className="button-row no-print">
          {mayComplete && (
            <Button className="button button-quiet-dark" onPress={() => void complete()}>
              {c.markDone(label)}
            </Button>
          )}
          {mayHandOn && !handingOn && (
            <Button className="button button-quiet-dark" onPress={() => setHandingOn(true)}>
              {c.handOn(label)}
            </Button>
          )}
        </span>
      )}
      {problem && (
        <p className="notice notice-error" role="alert">
          {problem}
        </p>
      )}
      {handingOn && conferenceId && <HandOnForm conferenceId={conferenceId} action={a} onDone={() => (setHandingOn(false), onChanged?.())} />}
    </>
  );
}

/** The referral an action item becomes: to its owner organisation, with the case's client where the caller's organisation owns it. */
function HandOnForm({ conferenceId, action, onDone }: { conferenceId: string; action: ActionItemView; onDone: () => void }) {
  const c = useConferenceMessages();
  const r = useReferralMessages();
  const { t } = useI18n();
  const [category, setCategory] = useState('employment');
  const [urgency, setUrgency] = useState('routine');
  const [reason, setReason] = useState(action.text ?? '');
  const submit = async () => {
    await api(`/conferences/${conferenceId}/action-items/${action.id}/referral`, {
      method: 'POST',
      body: JSON.stringify({ serviceCategory: category, urgency, reason: reason.trim(), send: true }),
    });
    onDone();
  };
  return (
    <ApiForm onSubmit={submit} className="form no-print" label={c.handOnTitle(action.ownerOrganisation.name)}>
      <ChoiceSelect label={r.area} value={category} required options={SERVICE_CATEGORIES.map((id) => ({ id, name: t.categories[id] }))} onChange={setCategory} />
      <ChoiceSelect label={r.urgency} value={urgency} required options={URGENCIES.map((id) => ({ id, name: r.urgencies[id] }))} onChange={setUrgency} />
      <Field label={r.reason} value={reason} onChange={setReason} multiline isRequired />
      <Button type="submit" className="button">
        {c.handOnSend}
      </Button>
    </ApiForm>
  );
}
