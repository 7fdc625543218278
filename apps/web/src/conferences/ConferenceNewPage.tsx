import { useContext, useState } from 'react';
import { Button } from 'react-aria-components';
import { useNavigate } from 'react-router';
import { CONVENOR_ROLES, RECURRENCES, type ConferenceView, type MemberView, type OrganisationSummary, type Page as PageOf } from '@roundtable/contracts';
import { api } from '../api';
import { ChoiceSelect } from '../directory/ChoiceSelect';
import { Field } from '../directory/fields';
import { MeContext } from '../me';
import { ApiForm } from '../shell/ApiForm';
import { Choices } from '../shell/Choices';
import { Page } from '../shell/Page';
import { useApi } from '../use-api';
import { useConferenceMessages } from './conference-messages';

/** Schedule a case conference (or a series): invitations go out by mail with a calendar entry. */
export function ConferenceNewPage() {
  const c = useConferenceMessages();
  const me = useContext(MeContext);
  const navigate = useNavigate();
  const organisations = useApi<PageOf<OrganisationSummary>>('/organisations?limit=100');
  const colleagues = useApi<MemberView[]>(me?.organisation ? `/organisations/${me.organisation.id}/members` : null);
  const [title, setTitle] = useState('');
  const [date, setDate] = useState('');
  const [time, setTime] = useState('10:00');
  const [duration, setDuration] = useState('60');
  const [room, setRoom] = useState('');
  const [onlineUrl, setOnlineUrl] = useState('');
  const [moderator, setModerator] = useState(me?.id ?? '');
  const [invited, setInvited] = useState<string[]>([]);
  const [repeat, setRepeat] = useState('once');
  const [count, setCount] = useState('6');

  const moderators = (colleagues.data ?? []).filter((m) => m.roles.some((r) => (CONVENOR_ROLES as readonly string[]).includes(r)));
  const submit = async () => {
    const created = await api<ConferenceView>('/conferences', {
      method: 'POST',
      body: JSON.stringify({
        title: title.trim(),
        startsAt: `${date.trim()}T${time.trim()}`,
        durationMinutes: Number(duration),
        ...(room.trim() && { room: room.trim() }),
        ...(onlineUrl.trim() && { onlineUrl: onlineUrl.trim() }),
        moderatorMemberId: moderator,
        invitedOrganisationIds: invited,
        ...(repeat !== 'once' && { recurrence: { frequency: repeat, count: Number(count) } }),
      }),
    });
    navigate(`/conferences/${created.id}`);
  };

  return (
    <Page title={c.create}>
      <ApiForm onSubmit={submit}>
        <Field label={c.heading} value={title} onChange={setTitle} isRequired />
        <Field label={c.date} value={date} onChange={setDate} isRequired />
        <Field label={c.time} value={time} onChange={setTime} isRequired />
        <Field label={c.duration} value={duration} onChange={setDuration} isRequired />
        <Field label={c.roomField} value={room} onChange={setRoom} />
        <Field label={c.onlineField} value={onlineUrl} onChange={setOnlineUrl} type="url" />
        <ChoiceSelect
          label={c.moderatorField}
          value={moderator}
          required
          options={(moderators.length ? moderators : me ? [{ id: me.id, displayName: me.displayName }] : []).map((m) => ({ id: m.id, name: m.displayName }))}
          onChange={setModerator}
        />
        <Choices label={c.inviteOrganisations} options={(organisations.data?.items ?? []).map((o) => ({ id: o.id, name: o.name }))} value={invited} onChange={setInvited} />
        <ChoiceSelect
          label={c.repeat}
          value={repeat}
          required
          options={[{ id: 'once', name: c.once }, ...RECURRENCES.map((id) => ({ id, name: c.frequencies[id] }))]}
          onChange={setRepeat}
        />
        {repeat !== 'once' && <Field label={c.meetings} value={count} onChange={setCount} isRequired />}
        <Button type="submit" className="button">
          {c.schedule}
        </Button>
      </ApiForm>
    </Page>
  );
}
