import { Link } from 'react-aria-components';
import type { CurrentMember } from '@roundtable/contracts';
import { useI18n } from './i18n';
import { Page } from './shell/Page';

export function OverviewPage({ me }: { me: CurrentMember }) {
  const { t } = useI18n();
  return (
    <Page title={t.overviewTitle}>
      <p className="lead">{t.overviewIntro}</p>
      <section className="card" aria-labelledby="your-org">
        <h2 id="your-org">{t.yourOrganisation}</h2>
        {me.organisation ? (
          <p>
            <Link href={`/directory/${me.organisation.id}`}>{me.organisation.name}</Link> ({t.kinds[me.organisation.kind as keyof typeof t.kinds]})
          </p>
        ) : (
          <p>{t.noOrganisation}</p>
        )}
        <h2>{t.yourRoles}</h2>
        <ul>
          {me.roles.map((role) => (
            <li key={role}>{t.roles[role] ?? role}</li>
          ))}
        </ul>
      </section>
      <p>
        <Link className="button" href="/directory">
          {t.openDirectory}
        </Link>
      </p>
      <p className="muted">{t.comingSoon}</p>
    </Page>
  );
}
