import { useState } from 'react';
import { Button } from 'react-aria-components';
import { DATA_CATEGORIES, type AgendaItemView, type ClientView, type ConferenceView, type Page as PageOf } from '@roundtable/contracts';
import { api } from '../api';
import { ChoiceSelect } from '../directory/ChoiceSelect';
import { Field } from '../directory/fields';
import { ApiForm } from '../shell/ApiForm';
import { Choices } from '../shell/Choices';
import { useApi } from '../use-api';
import { useConferenceMessages } from './conference-messages';

/**
 * For convenor and moderator: add a case (a client of their organisation and the categories the discussion
 * needs) or a topic, reorder and remove. The api refuses a case no consent covers, with a message shown here.
 */
export function AgendaEditor({ conference, items, onChange }: { conference: ConferenceView; items: AgendaItemView[]; onChange(): void }) {
  const c = useConferenceMessages();
  const clients = useApi<PageOf<ClientView>>('/clients?limit=100');
  const organisations = new Map<string, string>([[conference.convenorOrganisation.id, conference.convenorOrganisation.name]]);
  for (const o of conference.invitedOrganisations) organisations.set(o.id, o.name);
  for (const p of conference.participants) if (p.organisation) organisations.set(p.organisation.id, p.organisation.name);
  const [kind, setKind] = useState<'case' | 'topic'>('topic');
  const [title, setTitle] = useState('');
  const [client, setClient] = useState('');
  const [categories, setCategories] = useState<string[]>(['identity']);
  const [timeBox, setTimeBox] = useState('15');
  const [presenter, setPresenter] = useState(conference.convenorOrganisation.id);

  const add = async () => {
    await api(`/conferences/${conference.id}/agenda`, {
      method: 'POST',
      body: JSON.stringify({
        kind,
        title: title.trim(),
        timeBoxMinutes: Number(timeBox),
        presentingOrganisationId: presenter,
        ...(kind === 'case' && { clientId: client, categories }),
      }),
    });
    setTitle('');
    onChange();
  };
  const order = (ids: string[]) => void api(`/conferences/${conference.id}/agenda/order`, { method: 'PUT', body: JSON.stringify({ itemIds: ids }) }).then(onChange);

  return (
    <section aria-labelledby="agenda-editor">
      <h2 id="agenda-editor">{c.addItem}</h2>
      {items.length > 0 && (
        <ul>
          {items.map((item, index) => (
            <li key={item.id}>
              {item.position}. {item.title}{' '}
              <span className="button-row">
                {index > 0 && (
                  <Button className="button button-quiet-dark" onPress={() => order(items.map((i) => i.id).toSpliced(index - 1, 2, item.id, items[index - 1].id))}>
                    {c.moveItemUp(item.title)}
                  </Button>
                )}
                <Button className="button button-quiet-dark" onPress={() => void api(`/conferences/${conference.id}/agenda/${item.id}`, { method: 'DELETE' }).then(onChange)}>
                  {c.removeItem(item.title)}
                </Button>
              </span>
            </li>
          ))}
        </ul>
      )}
      <ApiForm onSubmit={add} label={c.addItem}>
        <ChoiceSelect label={c.kindLabel} value={kind} required options={(['topic', 'case'] as const).map((id) => ({ id, name: c.kinds[id] }))} onChange={(v) => setKind(v as 'case' | 'topic')} />
        <Field label={c.itemTitle} value={title} onChange={setTitle} isRequired />
        {kind === 'case' && (
          <>
            <ChoiceSelect
              label={c.clientLabel}
              value={client}
              required
              options={(clients.data?.items ?? []).map((k) => ({ id: k.id, name: `${k.pseudonym}${k.data.identity ? ` – ${k.data.identity.givenNames ?? ''} ${k.data.identity.familyName ?? ''}` : ''}` }))}
              onChange={setClient}
            />
            <Choices label={c.categoriesLabel} options={DATA_CATEGORIES.map((id) => ({ id, name: c.categories[id] }))} value={categories} onChange={setCategories} />
          </>
        )}
        <Field label={c.timeBox} value={timeBox} onChange={setTimeBox} isRequired />
        <ChoiceSelect label={c.presenter} value={presenter} required options={[...organisations].map(([id, name]) => ({ id, name }))} onChange={setPresenter} />
        <Button type="submit" className="button">
          {c.addItem}
        </Button>
      </ApiForm>
    </section>
  );
}
