import { useRef, useState } from 'react';
import { Button } from 'react-aria-components';
import { useNavigate } from 'react-router';
import {
  SERVICE_CATEGORIES,
  URGENCIES,
  type ClientView,
  type OrganisationSummary,
  type OrganisationView,
  type Page as PageOf,
  type ReferralView,
} from '@roundtable/contracts';
import { api } from '../api';
import { ChoiceSelect } from '../directory/ChoiceSelect';
import { Field } from '../directory/fields';
import { useI18n } from '../i18n';
import { ApiForm } from '../shell/ApiForm';
import { Page } from '../shell/Page';
import { useApi } from '../use-api';
import { useReferralMessages } from './referral-messages';

export function ReferralNewPage() {
  const r = useReferralMessages();
  const { t } = useI18n();
  const navigate = useNavigate();
  const organisations = useApi<PageOf<OrganisationSummary>>('/organisations?limit=100');
  const clients = useApi<PageOf<ClientView>>('/clients?limit=100');
  const [to, setTo] = useState('');
  const target = useApi<OrganisationView>(to ? `/organisations/${to}` : null);
  const [service, setService] = useState('');
  const [category, setCategory] = useState('employment');
  const [reason, setReason] = useState('');
  const [urgency, setUrgency] = useState('routine');
  const [deadline, setDeadline] = useState('');
  const [client, setClient] = useState('');
  /** Which submit button was pressed; a ref, because the submit handler runs before a state update would land. */
  const send = useRef(true);

  const submit = async () => {
    const created = await api<ReferralView>('/referrals', {
      method: 'POST',
      body: JSON.stringify({
        toOrganisationId: to,
        ...(service && { toServiceId: service }),
        serviceCategory: category,
        reason: reason.trim(),
        urgency,
        ...(deadline.trim() && { deadline: deadline.trim() }),
        ...(client && { clientId: client }),
        send: send.current,
      }),
    });
    navigate(`/referrals/${created.id}`);
  };

  const own = clients.data?.items ?? [];
  return (
    <Page title={r.createTitle}>
      <ApiForm onSubmit={submit}>
        <ChoiceSelect label={r.to} value={to} required options={(organisations.data?.items ?? []).map((o) => ({ id: o.id, name: o.name }))} onChange={(v) => { setTo(v); setService(''); }} />
        {to && (
          <ChoiceSelect
            label={r.service}
            value={service || 'none'}
            required
            options={[{ id: 'none', name: r.noService }, ...(target.data?.services ?? []).map((s) => ({ id: s.id, name: s.name }))]}
            onChange={(v) => {
              setService(v === 'none' ? '' : v);
              const chosen = target.data?.services.find((s) => s.id === v);
              if (chosen) setCategory(chosen.category);
            }}
          />
        )}
        <ChoiceSelect label={r.area} value={category} required options={SERVICE_CATEGORIES.map((id) => ({ id, name: t.categories[id] }))} onChange={setCategory} />
        <Field label={r.reason} value={reason} onChange={setReason} multiline isRequired />
        <ChoiceSelect label={r.urgency} value={urgency} required options={URGENCIES.map((id) => ({ id, name: r.urgencies[id] }))} onChange={setUrgency} />
        <Field label={r.deadline} value={deadline} onChange={setDeadline} isRequired={urgency === 'emergency'} />
        <ChoiceSelect
          label={r.client}
          value={client || 'none'}
          required
          options={[{ id: 'none', name: r.noClient }, ...own.map((c) => ({ id: c.id, name: `${c.pseudonym} ${c.data.identity ? `– ${c.data.identity.givenNames ?? ''} ${c.data.identity.familyName ?? ''}` : ''}` }))]}
          onChange={(v) => setClient(v === 'none' ? '' : v)}
        />
        <div className="button-row">
          <Button type="submit" className="button" onPress={() => (send.current = true)}>
            {r.sendNow}
          </Button>
          <Button type="submit" className="button button-quiet-dark" onPress={() => (send.current = false)}>
            {r.saveDraft}
          </Button>
        </div>
      </ApiForm>
    </Page>
  );
}
