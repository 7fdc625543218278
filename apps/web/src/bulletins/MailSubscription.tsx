import { useEffect, useState } from 'react';
import { Button, Checkbox } from 'react-aria-components';
import { BULLETIN_LANGUAGES, type Audience, type BulletinLanguage, type MemberSubscriptionView } from '@roundtable/contracts';
import { api } from '../api';
import { ChoiceSelect } from '../directory/ChoiceSelect';
import { ApiForm } from '../shell/ApiForm';
import { Choices } from '../shell/Choices';
import { useApi } from '../use-api';
import { useBulletinMessages } from './bulletin-messages';

type Choice = { language: BulletinLanguage; audiences: Audience[]; reminders: boolean };

/** The member's own mail subscription: to their account's address, with language, audiences and reminders. */
export function MailSubscription() {
  const b = useBulletinMessages();
  const subscription = useApi<MemberSubscriptionView>('/me/subscription');
  const [choice, setChoice] = useState<Choice | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const s = subscription.data;
  useEffect(() => {
    if (s) setChoice({ language: s.language, audiences: s.audiences, reminders: s.reminders });
  }, [s]);
  if (!s || !choice) return null;
  const done = (view: MemberSubscriptionView, message: string) => {
    subscription.reload();
    setNotice(view.subscribed ? `${message} ${b.mailOn(view.email ?? '')}` : b.mailOff);
  };
  return (
    <section className="card" aria-labelledby="mail-subscription">
      <h2 id="mail-subscription">{b.mailTitle}</h2>
      <p role="status">{notice ?? (s.subscribed ? b.mailOn(s.email ?? '') : s.email ? b.mailOff : b.mailNoAddress)}</p>
      {s.email && (
        <ApiForm
          label={b.mailTitle}
          onSubmit={async () => done(await api<MemberSubscriptionView>('/me/subscription', { method: 'PUT', body: JSON.stringify(choice) }), b.mailSaved)}
        >
          <ChoiceSelect
            label={b.mailLanguage}
            value={choice.language}
            required
            options={BULLETIN_LANGUAGES.map((id) => ({ id, name: b.languages[id] }))}
            onChange={(v) => setChoice({ ...choice, language: v as BulletinLanguage })}
          />
          <Choices
            label={b.audiences}
            options={s.allowedAudiences.map((id) => ({ id, name: b.audienceNames[id] }))}
            value={choice.audiences}
            onChange={(v) => setChoice({ ...choice, audiences: v as Audience[] })}
          />
          <Checkbox className="checkbox" isSelected={choice.reminders} onChange={(reminders) => setChoice({ ...choice, reminders })}>
            <span className="checkbox-box" aria-hidden="true" />
            {b.mailReminders}
          </Checkbox>
          <div className="button-row">
            <Button type="submit" className="button">
              {s.subscribed ? b.mailSave : b.mailSubscribe}
            </Button>
            {s.subscribed && (
              <Button
                className="button button-quiet-dark"
                onPress={() => void api<MemberSubscriptionView>('/me/subscription', { method: 'DELETE' }).then((view) => done(view, ''))}
              >
                {b.mailUnsubscribe}
              </Button>
            )}
          </div>
        </ApiForm>
      )}
    </section>
  );
}
