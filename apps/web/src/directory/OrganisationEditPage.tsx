import { useNavigate, useParams } from 'react-router';
import type { OrganisationView } from '@roundtable/contracts';
import { useI18n } from '../i18n';
import { useHasRole } from '../me';
import { LoadingOrError, Page } from '../shell/Page';
import { useApi } from '../use-api';
import { OrganisationForm } from './OrganisationForm';

/** /directory/new and /directory/:id/edit, for the network admin. */
export function OrganisationEditPage() {
  const { id } = useParams();
  const { t } = useI18n();
  const navigate = useNavigate();
  const isAdmin = useHasRole('network-admin');
  const existing = useApi<OrganisationView>(id ? `/organisations/${id}` : null);
  if (!isAdmin) return <Page title={t.notFound}>{null}</Page>;
  if (id && !existing.data) return <LoadingOrError loading={existing.loading} error={existing.error} onRetry={existing.reload} />;
  return (
    <Page title={id ? t.editOrganisation : t.addOrganisation}>
      <OrganisationForm
        initial={existing.data}
        onSaved={(savedId) => navigate(`/directory/${savedId}`)}
        onCancel={() => navigate(id ? `/directory/${id}` : '/directory')}
      />
    </Page>
  );
}
