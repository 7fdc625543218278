import { useState } from 'react';
import { Link } from 'react-aria-components';
import { useParams, useSearchParams } from 'react-router';
import { DATA_CATEGORIES, type AccessBasis, type ClientView, type ConsentView } from '@roundtable/contracts';
import { api } from '../api';
import { useI18n } from '../i18n';
import { useHasRole } from '../me';
import { ConfirmButton } from '../shell/ConfirmButton';
import { ErrorSummary } from '../shell/ErrorSummary';
import { LoadingOrError, Page } from '../shell/Page';
import { useApi } from '../use-api';
import { ConsentForm } from './ConsentForm';
import { formatDate, formatDateTime, useClientMessages } from './use-client-messages';

/**
 * One client as the viewer may see it. Every data area is listed; an area the api left out is shown as
 * "not shared", so the redaction is visible rather than silent.
 */
export function ClientDetailPage() {
  const { id } = useParams();
  const [params] = useSearchParams();
  const purpose = params.get('purpose');
  const c = useClientMessages();
  const { lang } = useI18n();
  const client = useApi<ClientView>(`/clients/${id}${purpose ? `?purpose=${purpose}` : ''}`);
  const isStaff = useHasRole('integration-manager', 'caseworker', 'abh-liaison');
  const [error, setError] = useState<string | null>(null);

  if (!client.data) return <LoadingOrError loading={client.loading} error={client.error} onRetry={client.reload} />;
  const view = client.data;
  const own = !purpose;
  const basisLabel = (b: AccessBasis) => (b.kind === 'ownership' ? c.basisOwnership : b.kind === 'consent' ? c.basisConsent : c.basisStatutory);

  return (
    <Page title={view.pseudonym}>
      <ErrorSummary error={error} />
      <dl className="facts">
        <dt>{c.owner}</dt>
        <dd>{view.owner.name}</dd>
        {purpose && (
          <>
            <dt>{c.readAs}</dt>
            <dd>{c.purposeNames[purpose as keyof typeof c.purposeNames] ?? purpose}</dd>
          </>
        )}
      </dl>
      <div className="category-grid">
        {DATA_CATEGORIES.map((category) => {
          const basis = view.access[category];
          const data = view.data[category] as Record<string, string> | undefined;
          return (
            <section key={category} className={basis ? 'card' : 'card redacted'} aria-labelledby={`cat-${category}`}>
              <h2 id={`cat-${category}`}>{c.categoryNames[category]}</h2>
              {!basis ? (
                <p>
                  <strong>{c.notShared}.</strong> {c.notSharedHint}
                </p>
              ) : (
                <>
                  <p className="card-meta">
                    {c.basis}: {basisLabel(basis)}
                  </p>
                  {data && Object.keys(data).length ? (
                    <dl className="facts">
                      {Object.entries(data).map(([field, value]) => (
                        <div key={field} className="fact">
                          <dt>{c.fieldNames[field] ?? field}</dt>
                          <dd>{value}</dd>
                        </div>
                      ))}
                    </dl>
                  ) : (
                    <p>—</p>
                  )}
                </>
              )}
            </section>
          );
        })}
      </div>
      {own && isStaff && <OwnerConsents clientId={view.id} pseudonym={view.pseudonym} onError={setError} lang={lang} />}
    </Page>
  );
}

function OwnerConsents({ clientId, pseudonym, onError, lang }: { clientId: string; pseudonym: string; onError(e: string | null): void; lang: string }) {
  const c = useClientMessages();
  const consents = useApi<ConsentView[]>(`/clients/${clientId}/consents`);
  return (
    <>
      <h2>{c.consents}</h2>
      <p className="button-row">
        <Link href={`/clients/${clientId}/report`}>{c.report}</Link>
      </p>
      {consents.data?.length === 0 && <p>{c.noConsents}</p>}
      {consents.data?.map((k) => (
        <section key={k.id} className="card" aria-label={`${k.kind === 'consent' ? c.basisConsent : c.basisStatutory} ${formatDate(k.validFrom, lang)}`}>
          <p>
            <span className={`badge badge-${k.status === 'active' ? 'open' : 'closed'}`}>{c.statusNames[k.status]}</span>{' '}
            {k.kind === 'consent' ? c.basisConsent : `${c.basisStatutory}: ${k.legalBasis}`}
          </p>
          <dl className="facts">
            <dt>{c.grantees}</dt>
            <dd>{k.grantees.map((g) => g.name).join(', ')}</dd>
            <dt>{c.purposes}</dt>
            <dd>{k.purposes.map((p) => c.purposeNames[p]).join(', ')}</dd>
            <dt>{c.categories}</dt>
            <dd>{k.categories.map((x) => c.categoryNames[x]).join(', ')}</dd>
            <dt>{c.validFrom}</dt>
            <dd>
              {formatDate(k.validFrom, lang)} – {k.validUntil ? formatDate(k.validUntil, lang) : c.receiptUntilOpen}
            </dd>
            {k.evidence && (
              <>
                <dt>{c.evidenceType}</dt>
                <dd>
                  {c.evidenceNames[k.evidence.type]}
                  {k.evidence.witnessName && ` (${k.evidence.witnessName})`}
                  {k.evidence.sha256 && <span className="cell-note">SHA-256 {k.evidence.sha256}</span>}
                </dd>
              </>
            )}
            {k.notices.length > 0 && (
              <>
                <dt>{c.acknowledgements}</dt>
                <dd>
                  {k.notices.map((n) => `${n.organisation.name}${n.acknowledgedAt ? ` (${c.acknowledged} ${formatDateTime(n.acknowledgedAt, lang)})` : ''}`).join('; ')}
                </dd>
              </>
            )}
          </dl>
          <div className="button-row">
            {k.kind === 'consent' && <Link href={`/clients/${clientId}/consents/${k.id}/receipt`}>{c.receipt}</Link>}
            {k.status !== 'withdrawn' && (
              <ConfirmButton
                label={c.withdraw}
                accessibleLabel={`${c.withdraw}: ${k.grantees.map((g) => g.name).join(', ')}`}
                question={c.withdrawQuestion}
                hint={c.withdrawHint}
                onConfirm={() => {
                  onError(null);
                  api(`/consents/${k.id}/withdraw`, { method: 'POST' }).then(consents.reload, (e: Error) => onError(e.message));
                }}
              />
            )}
          </div>
        </section>
      ))}
      <h2>{c.recordConsent}</h2>
      <ConsentForm clientId={clientId} pseudonym={pseudonym} onSaved={consents.reload} />
    </>
  );
}
