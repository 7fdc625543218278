import { Button, Link } from 'react-aria-components';
import { useParams } from 'react-router';
import type { DisclosureReport } from '@roundtable/contracts';
import { useI18n } from '../i18n';
import { LoadingOrError, Page } from '../shell/Page';
import { useApi } from '../use-api';
import { formatDateTime, useClientMessages } from './use-client-messages';

/** The client's Art. 15 report, printable: who received which data, when and on what basis. */
export function DisclosureReportPage() {
  const { id } = useParams();
  const c = useClientMessages();
  const { lang } = useI18n();
  const report = useApi<DisclosureReport>(`/clients/${id}/disclosure-report`);
  if (!report.data) return <LoadingOrError loading={report.loading} error={report.error} onRetry={report.reload} />;
  const r = report.data;
  return (
    <Page title={`${c.report}: ${r.client.pseudonym}`}>
      <p className="no-print button-row">
        <Link href={`/clients/${id}`}>{r.client.pseudonym}</Link>
        <Button className="button" onPress={() => window.print()}>
          {c.print}
        </Button>
      </p>
      <p>{c.reportIntro(r.client.pseudonym)}</p>
      <p className="card-meta">
        {c.owner}: {r.client.owner.name} · {formatDateTime(r.generatedAt, lang)}
      </p>
      {r.disclosures.length === 0 ? (
        <p>{c.noDisclosures}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{c.when}</th>
                <th scope="col">{c.recipient}</th>
                <th scope="col">{c.categories}</th>
                <th scope="col">{c.purpose}</th>
                <th scope="col">{c.basis}</th>
              </tr>
            </thead>
            <tbody>
              {r.disclosures.map((d, i) => (
                <tr key={i}>
                  <td>{formatDateTime(d.at, lang)}</td>
                  <th scope="row">{d.recipient.name}</th>
                  <td>{d.categories.map((x) => c.categoryNames[x]).join(', ')}</td>
                  <td>{c.purposeNames[d.purpose]}</td>
                  <td>
                    {d.basis.kind === 'consent' ? c.basisConsent : d.basis.kind === 'statutory' ? `${c.basisStatutory} (${d.basis.legalBasis})` : c.basisOwnership}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Page>
  );
}
