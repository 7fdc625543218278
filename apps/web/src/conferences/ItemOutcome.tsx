import type { AgendaItemView } from '@roundtable/contracts';
import { useConferenceMessages } from './conference-messages';

/** An item's decisions and action items, as the member may see them (texts withheld where consent does not cover). */
export function ItemOutcome({ item }: { item: AgendaItemView }) {
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
                {a.text ?? c.withheld} ({a.ownerOrganisation.name}, {c.due} {a.dueDate})
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
