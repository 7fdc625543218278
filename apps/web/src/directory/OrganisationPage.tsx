import { useState } from 'react';
import { Button, Link } from 'react-aria-components';
import { useNavigate, useParams } from 'react-router';
import { api } from '../api';
import type { MemberView, OrganisationView } from '@roundtable/contracts';
import { useI18n } from '../i18n';
import { useHasRole } from '../me';
import { ConfirmButton } from '../shell/ConfirmButton';
import { ErrorSummary } from '../shell/ErrorSummary';
import { useDirectoryChanges } from '../realtime';
import { LoadingOrError, Page } from '../shell/Page';
import { useApi } from '../use-api';
import { ServiceForm } from './ServiceForm';

export function OrganisationPage() {
  const { id } = useParams();
  const { t, languageName } = useI18n();
  const org = useApi<OrganisationView>(`/organisations/${id}`);
  const members = useApi<MemberView[]>(`/organisations/${id}/members`);
  const navigate = useNavigate();
  const isAdmin = useHasRole('network-admin');
  /** 'new', a service id, or null: which service form is open. */
  const [editing, setEditing] = useState<string | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const act = (action: () => Promise<unknown>, then: () => void) => {
    setActionError(null);
    action().then(then, (err: Error) => setActionError(err.message));
  };
  useDirectoryChanges((event) => {
    if (event.organisationId === id) org.reload();
  });

  if (!org.data) {
    return (
      <>
        <p>
          <Link href="/directory">{t.backToDirectory}</Link>
        </p>
        <LoadingOrError loading={org.loading} error={org.error} onRetry={org.reload} />
      </>
    );
  }
  const o = org.data;
  return (
    <Page title={o.name}>
      <p>
        <Link href="/directory">{t.backToDirectory}</Link>
      </p>
      <ErrorSummary error={actionError} />
      {isAdmin && (
        <div className="button-row">
          <Link className="button" href={`/directory/${o.id}/edit`}>
            {t.edit}
          </Link>
          <ConfirmButton
            label={t.delete}
            question={t.deleteOrganisationQuestion(o.name)}
            hint={t.deleteOrganisationHint}
            onConfirm={() => act(() => api(`/organisations/${o.id}`, { method: 'DELETE' }), () => navigate('/directory'))}
          />
        </div>
      )}
      <p className="lead">
        {t.kinds[o.kind]}
        {o.description && ` – ${o.description}`}
      </p>
      <dl className="facts">
        <dt>{t.address}</dt>
        <dd>
          {[o.address.street, [o.address.postalCode, o.address.city].filter(Boolean).join(' ')].filter(Boolean).join(', ')}
        </dd>
        <dt>{t.languages}</dt>
        <dd>{o.languages.map(languageName).join(', ')}</dd>
        {o.website && (
          <>
            <dt>{t.website}</dt>
            <dd>
              <a href={o.website} rel="noopener noreferrer">
                {o.website}
              </a>
            </dd>
          </>
        )}
      </dl>

      <h2>{t.servicesHeading}</h2>
      {o.services.length === 0 ? (
        <p>{t.noServices}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t.serviceName}</th>
                <th scope="col">{t.serviceArea}</th>
                <th scope="col">{t.eligibility}</th>
                <th scope="col">{t.languages}</th>
                <th scope="col">{t.capacityLabel}</th>
                {isAdmin && <th scope="col">{t.actions}</th>}
              </tr>
            </thead>
            <tbody>
              {o.services.map((s) => (
                <tr key={s.id}>
                  <th scope="row">
                    {s.name}
                    {s.description && <span className="cell-note">{s.description}</span>}
                  </th>
                  <td>{t.categories[s.category]}</td>
                  <td>{s.eligibility}</td>
                  <td>{s.languages.map(languageName).join(', ')}</td>
                  <td>
                    <span className={`badge badge-${s.capacity}`}>{t.capacity[s.capacity]}</span>
                  </td>
                  {isAdmin && (
                    <td>
                      <div className="button-row">
                        <Button className="button button-quiet-dark" aria-label={t.editService(s.name)} onPress={() => setEditing(s.id)}>
                          {t.edit}
                        </Button>
                        <ConfirmButton
                          label={t.delete}
                          accessibleLabel={t.deleteServiceQuestion(s.name)}
                          question={t.deleteServiceQuestion(s.name)}
                          onConfirm={() => act(() => api(`/organisations/${o.id}/services/${s.id}`, { method: 'DELETE' }), org.reload)}
                        />
                      </div>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      {isAdmin && editing && (
        <ServiceForm
          key={editing}
          organisationId={o.id}
          initial={o.services.find((s) => s.id === editing)}
          onDone={(saved) => {
            setEditing(null);
            if (saved) org.reload();
          }}
        />
      )}
      {isAdmin && !editing && (
        <p>
          <Button className="button" onPress={() => setEditing('new')}>
            {t.addService}
          </Button>
        </p>
      )}

      <h2>{t.contacts}</h2>
      {o.contactPoints.length === 0 ? (
        <p>{t.noContacts}</p>
      ) : (
        <ul className="contact-list">
          {o.contactPoints.map((c, i) => (
            <li key={i}>
              <strong>{c.name}</strong>
              {c.role && <span> – {c.role}</span>}
              {c.email && (
                <>
                  {' · '}
                  <a href={`mailto:${c.email}`}>{c.email}</a>
                </>
              )}
              {c.phone && (
                <>
                  {' · '}
                  <a href={`tel:${c.phone.replace(/[^+0-9]/g, '')}`}>{c.phone}</a>
                </>
              )}
            </li>
          ))}
        </ul>
      )}

      <h2>{t.members}</h2>
      {members.data && members.data.length === 0 && <p>{t.noMembers}</p>}
      {members.data && members.data.length > 0 && (
        <ul>
          {members.data.map((m) => (
            <li key={m.id}>
              {m.displayName} ({m.roles.map((r) => t.roles[r] ?? r).join(', ')})
            </li>
          ))}
        </ul>
      )}
    </Page>
  );
}
