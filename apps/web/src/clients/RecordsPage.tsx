import { useState } from 'react';
import { Button } from 'react-aria-components';
import type { ProcessingRegister } from '@roundtable/contracts';
import { api } from '../api';
import { ErrorSummary } from '../shell/ErrorSummary';
import { LoadingOrError, Page } from '../shell/Page';
import { useApi } from '../use-api';
import { useClientMessages } from './use-client-messages';

type Verification = { valid: true; rows: number } | { valid: false; rows: number; firstBadSeq: number; problem: string };

/** For the network admin: verify the disclosure ledger and read the Art. 30 register. No client data. */
export function RecordsPage() {
  const c = useClientMessages();
  const register = useApi<ProcessingRegister>('/records-of-processing');
  const [result, setResult] = useState<Verification | null>(null);
  const [error, setError] = useState<string | null>(null);
  return (
    <Page title={c.ledgerTitle}>
      <ErrorSummary error={error} />
      <p>
        <Button className="button" onPress={() => api<Verification>('/ledger/verify').then(setResult, (e: Error) => setError(e.message))}>
          {c.verify}
        </Button>
      </p>
      <p role="status" className={result && !result.valid ? 'notice notice-error' : undefined}>
        {result ? (result.valid ? c.ledgerValid(result.rows) : c.ledgerInvalid(result.firstBadSeq, result.problem)) : ''}
      </p>
      <h2>{c.register30}</h2>
      <LoadingOrError loading={register.loading && !register.data} error={register.error} onRetry={register.reload} />
      {register.data && (
        <>
          <p>{register.data.controller}</p>
          <div className="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{c.purpose}</th>
                  <th scope="col">{c.activeBases}</th>
                  <th scope="col">{c.recipient}</th>
                </tr>
              </thead>
              <tbody>
                {register.data.purposes.map((p) => (
                  <tr key={p.purpose}>
                    <th scope="row">
                      {c.purposeNames[p.purpose]}
                      <span className="cell-note">{p.description}</span>
                    </th>
                    <td>{p.activeBases}</td>
                    <td>{p.recipients.map((r) => r.name).join(', ') || '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <h3>{c.categories}</h3>
          <ul>
            {register.data.categories.map((x) => (
              <li key={x.category}>
                {c.categoryNames[x.category]}
                {x.specialCategory && ` – ${c.specialCategory}`}: {x.clients}
              </li>
            ))}
          </ul>
          <h3>{c.retention}</h3>
          <ul>{register.data.retention.map((r) => <li key={r}>{r}</li>)}</ul>
          <h3>{c.safeguards}</h3>
          <ul>{register.data.safeguards.map((r) => <li key={r}>{r}</li>)}</ul>
        </>
      )}
    </Page>
  );
}
