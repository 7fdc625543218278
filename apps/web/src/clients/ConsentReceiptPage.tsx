import { useEffect } from 'react';
import { Button, Link } from 'react-aria-components';
import { useParams } from 'react-router';
import type { ClientView, ConsentView } from '@roundtable/contracts';
import { LoadingOrError } from '../shell/Page';
import { useApi } from '../use-api';
import { CLIENT_MESSAGES } from './client-messages';
import { formatDate, useClientMessages } from './use-client-messages';

/** A printable receipt for the client, in German and in English: who may see what, why, until when, how to withdraw. */
export function ConsentReceiptPage() {
  const { id, consentId } = useParams();
  const c = useClientMessages();
  const client = useApi<ClientView>(`/clients/${id}`);
  const consents = useApi<ConsentView[]>(`/clients/${id}/consents`);
  const consent = consents.data?.find((k) => k.id === consentId);
  useEffect(() => {
    document.title = `${c.receipt} – Roundtable`;
  }, [c.receipt]);
  if (!client.data || !consent) {
    return <LoadingOrError loading={client.loading || consents.loading} error={client.error ?? consents.error ?? (consents.data ? 'not found' : undefined)} onRetry={consents.reload} />;
  }
  const owner = client.data.owner.name;
  return (
    <article className="printable">
      <p className="no-print button-row">
        <Link href={`/clients/${id}`}>{client.data.pseudonym}</Link>
        <Button className="button" onPress={() => window.print()}>
          {c.print}
        </Button>
      </p>
      {(['de', 'en'] as const).map((lang) => {
        const m = CLIENT_MESSAGES[lang];
        return (
          <section key={lang} lang={lang} className="receipt" aria-labelledby={`receipt-${lang}`}>
            {lang === 'de' ? <h1 id="receipt-de">{m.receipt}</h1> : <h2 id="receipt-en">{m.receipt}</h2>}
            <p>{m.receiptIntro(client.data!.pseudonym, owner)}</p>
            <dl className="facts">
              <dt>{m.receiptWho}</dt>
              <dd>{consent.grantees.map((g) => g.name).join(', ')}</dd>
              <dt>{m.receiptWhat}</dt>
              <dd>{consent.categories.map((x) => m.categoryNames[x]).join(', ')}</dd>
              <dt>{m.receiptWhy}</dt>
              <dd>{consent.purposes.map((p) => m.purposeNames[p]).join(', ')}</dd>
              <dt>{m.receiptUntil}</dt>
              <dd>
                {formatDate(consent.validFrom, lang)} – {consent.validUntil ? formatDate(consent.validUntil, lang) : m.receiptUntilOpen}
              </dd>
              <dt>{m.receiptHow}</dt>
              <dd>{m.receiptHowText(owner)}</dd>
            </dl>
          </section>
        );
      })}
    </article>
  );
}
