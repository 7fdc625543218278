import { useState } from 'react';
import { Button } from 'react-aria-components';
import { CAPACITY_STATES, SERVICE_CATEGORIES, type PartnerServiceView } from '@roundtable/contracts';
import { api } from '../api';
import { useI18n } from '../i18n';
import { ApiForm } from '../shell/ApiForm';
import { Field, parseLanguages } from './fields';
import { ChoiceSelect } from './ChoiceSelect';

/** Add or edit one service of an organisation (network-admin). */
export function ServiceForm({
  organisationId,
  initial,
  onDone,
}: {
  organisationId: string;
  initial?: PartnerServiceView;
  onDone(saved: boolean): void;
}) {
  const { t } = useI18n();
  const [name, setName] = useState(initial?.name ?? '');
  const [category, setCategory] = useState<string>(initial?.category ?? 'migration_counselling');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [eligibility, setEligibility] = useState(initial?.eligibility ?? '');
  const [languages, setLanguages] = useState((initial?.languages ?? ['de']).join(', '));
  const [capacity, setCapacity] = useState<string>(initial?.capacity ?? 'open');

  const submit = async () => {
    await api(`/organisations/${organisationId}/services${initial ? `/${initial.id}` : ''}`, {
      method: initial ? 'PATCH' : 'POST',
      body: JSON.stringify({ name: name.trim(), category, description: description.trim(), eligibility: eligibility.trim(), languages: parseLanguages(languages), capacity }),
    });
    onDone(true);
  };

  return (
    <ApiForm className="form card" label={initial ? t.editService(initial.name) : t.addService} onSubmit={submit}>
      <Field label={t.serviceName} value={name} onChange={setName} isRequired />
      <ChoiceSelect label={t.serviceArea} value={category} options={SERVICE_CATEGORIES.map((id) => ({ id, name: t.categories[id] }))} onChange={setCategory} required />
      <Field label={t.description} value={description} onChange={setDescription} multiline />
      <Field label={t.eligibility} value={eligibility} onChange={setEligibility} multiline />
      <Field label={t.languages} value={languages} onChange={setLanguages} help={t.languagesHelp} />
      <ChoiceSelect label={t.capacityLabel} value={capacity} options={CAPACITY_STATES.map((id) => ({ id, name: t.capacity[id] }))} onChange={setCapacity} required />
      <div className="button-row">
        <Button type="submit" className="button">
          {t.save}
        </Button>
        <Button className="button button-quiet-dark" onPress={() => onDone(false)}>
          {t.cancel}
        </Button>
      </div>
    </ApiForm>
  );
}
