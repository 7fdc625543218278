import { useState } from 'react';
import { Button } from 'react-aria-components';
import { useNavigate } from 'react-router';
import type { ClientView } from '@roundtable/contracts';
import { api } from '../api';
import { Field } from '../directory/fields';
import { useI18n } from '../i18n';
import { ApiForm } from '../shell/ApiForm';
import { Page } from '../shell/Page';
import { useClientMessages } from './use-client-messages';

/** The fields offered when registering; more can be added on the client's page later. */
const FORM_FIELDS = [
  ['identity', 'givenNames'],
  ['identity', 'familyName'],
  ['identity', 'dateOfBirth'],
  ['identity', 'nationality'],
  ['residence', 'status'],
  ['residence', 'permitValidUntil'],
  ['employment', 'employer'],
  ['education', 'germanLevel'],
  ['contact', 'phone'],
  ['contact', 'email'],
  ['health', 'notes'],
] as const;

export function ClientNewPage() {
  const c = useClientMessages();
  const { t } = useI18n();
  const navigate = useNavigate();
  const [values, setValues] = useState<Record<string, string>>({});

  const submit = async () => {
    const body: Record<string, Record<string, string>> = {};
    for (const [category, field] of FORM_FIELDS) {
      const value = values[`${category}.${field}`]?.trim();
      if (value) (body[category] ??= {})[field] = value;
    }
    const created = await api<ClientView>('/clients', { method: 'POST', body: JSON.stringify(body) });
    navigate(`/clients/${created.id}`);
  };

  return (
    <Page title={c.registerTitle}>
      <ApiForm className="form" onSubmit={submit}>
        {FORM_FIELDS.map(([category, field]) => (
          <Field
            key={`${category}.${field}`}
            label={`${c.fieldNames[field]} (${c.categoryNames[category]})`}
            value={values[`${category}.${field}`] ?? ''}
            onChange={(v) => setValues((all) => ({ ...all, [`${category}.${field}`]: v }))}
            isRequired={category === 'identity' && (field === 'givenNames' || field === 'familyName')}
            multiline={field === 'notes'}
            help={field === 'dateOfBirth' || field === 'permitValidUntil' ? 'JJJJ-MM-TT / YYYY-MM-DD' : undefined}
          />
        ))}
        <div className="button-row">
          <Button type="submit" className="button">
            {t.save}
          </Button>
          <Button className="button button-quiet-dark" onPress={() => navigate('/clients')}>
            {t.cancel}
          </Button>
        </div>
      </ApiForm>
    </Page>
  );
}
