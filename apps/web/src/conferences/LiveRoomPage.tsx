import { useContext, useEffect, useState } from 'react';
import { Button, Label, TextArea, TextField } from 'react-aria-components';
import { useParams } from 'react-router';
import { isNewerRoomState, type AgendaItemView, type ConferencePresence, type ConferenceRoomState, type ConferenceView, type RoomAck } from '@roundtable/contracts';
import { MeContext } from '../me';
import { liveSocket } from '../realtime';
import { LoadingOrError, Page } from '../shell/Page';
import { useApi } from '../use-api';
import { useConferenceMessages } from './conference-messages';
import { ItemOutcome } from './ItemOutcome';
import { ChoiceSelect } from '../directory/ChoiceSelect';
import { Field } from '../directory/fields';

type Emit = (event: string, body: Record<string, unknown>) => Promise<RoomAck>;

/**
 * The live room: the current item as the member may see it, the list of speakers with the speech timer, and -
 * for the moderator - the controls. Every control is a button (keyboard first); speaker changes are announced
 * through a polite live region; refused requests appear in an alert.
 */
export function LiveRoomPage() {
  const { id = '' } = useParams();
  const c = useConferenceMessages();
  const me = useContext(MeContext);
  const conference = useApi<ConferenceView>(`/conferences/${id}`);
  const [room, setRoom] = useState<ConferenceRoomState | null>(null);
  const [present, setPresent] = useState<ConferencePresence['present']>([]);
  const [agenda, setAgenda] = useState<AgendaItemView[]>([]);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    const socket = liveSocket();
    const join = () => socket.emit('conference.join', { conferenceId: id }, (ack) => !ack.ok && setProblem(ack.message));
    // States from several api instances may arrive out of order: keep the newest.
    const onState = (s: ConferenceRoomState) => s.conferenceId === id && setRoom((old) => (isNewerRoomState(old, s) ? s : old));
    const onPresence = (p: ConferencePresence) => p.conferenceId === id && setPresent(p.present);
    const onAgenda = (e: { conferenceId: string; items: AgendaItemView[] }) => e.conferenceId === id && setAgenda(e.items);
    socket.on('conference.state', onState);
    socket.on('conference.presence', onPresence);
    socket.on('conference.agenda', onAgenda);
    socket.on('connect', join); // after a reconnect, back into the room
    if (socket.connected) join();
    return () => {
      socket.off('conference.state', onState);
      socket.off('conference.presence', onPresence);
      socket.off('conference.agenda', onAgenda);
      socket.off('connect', join);
      socket.emit('conference.leave', { conferenceId: id }, () => undefined);
    };
  }, [id]);

  const emit: Emit = (event, body) =>
    new Promise((resolve) =>
      (liveSocket().emit as unknown as (e: string, b: object, ack: (r: RoomAck) => void) => void)(event, { conferenceId: id, ...body }, (ack: RoomAck) => {
        setProblem(ack.ok ? null : ack.message);
        resolve(ack);
      }),
    );

  const conf = conference.data;
  if (!conf) return <LoadingOrError loading={conference.loading} error={conference.error} onRetry={conference.reload} />;
  const moderator = room?.moderator.id === me?.id;
  const current = agenda.find((i) => i.id === room?.currentItemId) ?? null;
  const speaking = room?.speakers.find((s) => s.state === 'speaking') ?? null;
  const waiting = room?.speakers.filter((s) => s.state === 'waiting') ?? [];
  const mine = waiting.some((s) => s.member.id === me?.id);

  return (
    <Page title={c.liveTitle(conf.title)}>
      <p className="visually-hidden" aria-live="polite" role="status">
        {speaking ? c.nowSpeaking(`${speaking.member.displayName}${speaking.organisation ? `, ${speaking.organisation.name}` : ''}`) : ''}
      </p>
      {problem && (
        <p className="notice notice-error" role="alert">
          {problem}
        </p>
      )}
      {room?.state === 'scheduled' && <p>{c.notStarted}</p>}
      {room?.state === 'ended' && <p>{c.ended}</p>}

      {moderator && (
        <div className="button-row" aria-label={c.moderator} role="group">
          {room?.state === 'scheduled' && (
            <Button className="button" onPress={() => void emit('conference.moderate', { action: 'start' })}>
              {c.start}
            </Button>
          )}
          {room?.state === 'live' && (
            <>
              <Button className="button" onPress={() => void emit('conference.moderate', { action: 'next-speaker' })}>
                {c.nextSpeaker}
              </Button>
              <Button className="button button-danger" onPress={() => void emit('conference.moderate', { action: 'end' })}>
                {c.end}
              </Button>
            </>
          )}
        </div>
      )}

      <section aria-labelledby="current-item">
        <h2 id="current-item">
          {c.currentItem}: {current?.title ?? '–'}
        </h2>
        {current?.client && (
          <p>
            {c.caseOf(current.client.pseudonym)}
            {Object.keys(current.client.data).length === 0 && ` – ${c.pseudonymOnly}`}
          </p>
        )}
        {current && <ItemRecord item={current} conference={conf} moderator={moderator && room?.state !== 'scheduled'} emit={emit} />}
        {moderator && room?.state === 'live' && (
          <div className="button-row">
            {agenda
              .filter((i) => i.id !== current?.id)
              .map((i) => (
                <Button key={i.id} className="button button-quiet-dark" onPress={() => void emit('conference.moderate', { action: 'item', itemId: i.id })}>
                  {c.goToItem(i.title)}
                </Button>
              ))}
          </div>
        )}
      </section>

      <section aria-labelledby="speakers">
        <h2 id="speakers">{c.speakers}</h2>
        {speaking && (
          <p>
            <strong>{speaking.member.displayName}</strong> ({speaking.organisation?.name}) {c.speaking} <Timer since={speaking.startedAt} />
          </p>
        )}
        {!speaking && !waiting.length && <p>{c.noSpeakers}</p>}
        <ol>
          {waiting.map((s, index) => (
            <li key={s.id}>
              {s.member.displayName} ({s.organisation?.name}){s.kind === 'point_of_order' && ` – ${c.pointOfOrder}`}
              {moderator && (
                <span className="button-row">
                  {index > 0 && (
                    <Button className="button button-quiet-dark" onPress={() => void emit('conference.moderate', { action: 'move-speaker', entryId: s.id, index: index - 1 })}>
                      {c.moveUp(s.member.displayName)}
                    </Button>
                  )}
                  <Button className="button button-quiet-dark" onPress={() => void emit('conference.moderate', { action: 'remove-speaker', entryId: s.id })}>
                    {c.remove(s.member.displayName)}
                  </Button>
                </span>
              )}
            </li>
          ))}
        </ol>
        {room?.state === 'live' && (
          <div className="button-row">
            {mine ? (
              <Button className="button button-quiet-dark" onPress={() => void emit('speakers.withdraw', {})}>
                {c.withdraw}
              </Button>
            ) : (
              <>
                <Button className="button" onPress={() => void emit('speakers.raise', {})}>
                  {c.raiseHand}
                </Button>
                <Button className="button button-quiet-dark" onPress={() => void emit('speakers.raise', { pointOfOrder: true })}>
                  {c.raisePointOfOrder}
                </Button>
              </>
            )}
          </div>
        )}
      </section>

      <section aria-labelledby="present">
        <h2 id="present">{c.present}</h2>
        <ul>
          {present.map((p) => (
            <li key={p.member.id}>
              {p.member.displayName}
              {p.organisation && ` (${p.organisation.name})`}
            </li>
          ))}
        </ul>
        {!!room?.speakingTime.length && (
          <>
            <h3>{c.speakingTime}</h3>
            <ul>
              {room.speakingTime.map((t) => (
                <li key={t.organisation?.id ?? 'none'}>
                  {t.organisation?.name ?? '–'}: {c.seconds(t.seconds)}
                </li>
              ))}
            </ul>
          </>
        )}
      </section>
    </Page>
  );
}

/** The organisations taking part: the convenor's, the invited ones, and those of members invited by name. */
function participatingOrganisations(conf: ConferenceView): Array<{ id: string; name: string }> {
  const all = [conf.convenorOrganisation, ...conf.invitedOrganisations, ...conf.participants.flatMap((p) => (p.organisation ? [p.organisation] : []))];
  return [...new Map(all.map((o) => [o.id, o])).values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Minutes, decisions and action items of an item; the moderator records them. */
function ItemRecord({ item, conference, moderator, emit }: { item: AgendaItemView; conference: ConferenceView; moderator: boolean; emit: Emit }) {
  const c = useConferenceMessages();
  const [minutes, setMinutes] = useState(item.minutes ?? '');
  const [decision, setDecision] = useState('');
  const [action, setAction] = useState({ text: '', owner: '', dueDate: '' });
  const [saved, setSaved] = useState(false);
  useEffect(() => setMinutes(item.minutes ?? ''), [item.id, item.minutes]);
  return (
    <>
      {moderator ? (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void emit('conference.record', { itemId: item.id, action: 'minutes', text: minutes, version: item.minutesVersion }).then((ack) => setSaved(ack.ok));
          }}
        >
          <TextField className="field" value={minutes} onChange={(v) => (setMinutes(v), setSaved(false))}>
            <Label>{c.minutesLabel}</Label>
            <TextArea rows={4} />
          </TextField>
          <Button type="submit" className="button">
            {c.saveMinutes}
          </Button>
          {saved && <span role="status"> {c.minutesSaved}</span>}
        </form>
      ) : (
        <>
          <h3>{c.minutesLabel}</h3>
          <p>{item.minutes === null ? c.withheld : item.minutes || '–'}</p>
        </>
      )}
      {moderator && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void emit('conference.record', { itemId: item.id, action: 'decision', text: decision }).then((ack) => ack.ok && setDecision(''));
          }}
        >
          <TextField className="field" value={decision} onChange={setDecision}>
            <Label>{c.decision}</Label>
            <TextArea rows={2} />
          </TextField>
          <Button type="submit" className="button">
            {c.addDecision}
          </Button>
        </form>
      )}
      {moderator && (
        <form
          aria-label={c.addActionItem}
          onSubmit={(e) => {
            e.preventDefault();
            void emit('conference.record', { itemId: item.id, action: 'action-item', text: action.text, ownerOrganisationId: action.owner, dueDate: action.dueDate.trim() }).then(
              (ack) => ack.ok && setAction({ text: '', owner: action.owner, dueDate: '' }),
            );
          }}
        >
          <Field label={c.actionText} value={action.text} onChange={(text) => setAction({ ...action, text })} multiline isRequired />
          <ChoiceSelect label={c.owner} value={action.owner} required options={participatingOrganisations(conference)} onChange={(owner) => setAction({ ...action, owner })} />
          <Field label={c.dueDate} value={action.dueDate} onChange={(dueDate) => setAction({ ...action, dueDate })} isRequired />
          <Button type="submit" className="button">
            {c.addActionItem}
          </Button>
        </form>
      )}
      <ItemOutcome item={item} conference={conference} />
    </>
  );
}

/** Time since a speech began, ticking each second (not announced: the live region says who speaks, not how long). */
function Timer({ since }: { since: string | null }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  if (!since) return null;
  const seconds = Math.max(0, Math.floor((now - new Date(since).getTime()) / 1000));
  return <span className="timer">{`${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`}</span>;
}
