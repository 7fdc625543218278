import { useContext, useState } from 'react';
import { Button } from 'react-aria-components';
import { DATA_CATEGORIES, EVIDENCE_TYPES, PURPOSES, type OrganisationSummary, type Page as PageOf } from '@roundtable/contracts';
import { api } from '../api';
import { ChoiceSelect } from '../directory/ChoiceSelect';
import { Field } from '../directory/fields';
import { useI18n } from '../i18n';
import { MeContext } from '../me';
import { ApiForm } from '../shell/ApiForm';
import { Choices } from '../shell/Choices';
import { useApi } from '../use-api';
import { useClientMessages } from './use-client-messages';

/** Records the client's consent: who may receive what, why, how long, and the evidence (a signed form is uploaded). */
export function ConsentForm({ clientId, onSaved }: { clientId: string; pseudonym: string; onSaved(): void }) {
  const c = useClientMessages();
  const { t } = useI18n();
  const me = useContext(MeContext);
  const organisations = useApi<PageOf<OrganisationSummary>>('/organisations?limit=100');
  const [grantees, setGrantees] = useState<string[]>([]);
  const [purposes, setPurposes] = useState<string[]>([]);
  const [categories, setCategories] = useState<string[]>([]);
  const [validFrom, setValidFrom] = useState('');
  const [validUntil, setValidUntil] = useState('');
  const [evidenceType, setEvidenceType] = useState<string>('signed_form');
  const [witnessName, setWitnessName] = useState('');
  const [file, setFile] = useState<File | null>(null);
  const [formKey, setFormKey] = useState(0);

  const submit = async () => {
    const consent = {
      granteeOrganisationIds: grantees,
      purposes,
      categories,
      ...(validFrom && { validFrom }),
      ...(validUntil && { validUntil }),
      evidenceType,
      ...(evidenceType === 'verbal_with_witness' && { witnessName }),
    };
    let body: FormData | string = JSON.stringify(consent);
    if (evidenceType === 'signed_form' && file) {
      const form = new FormData();
      form.set('consent', body);
      form.set('evidence', file);
      body = form;
    }
    await api(`/clients/${clientId}/consents`, { method: 'POST', body });
    setGrantees([]);
    setPurposes([]);
    setCategories([]);
    setFile(null);
    setFormKey((k) => k + 1);
    onSaved();
  };

  const others = (organisations.data?.items ?? []).filter((o) => o.id !== me?.organisation?.id);
  return (
    <ApiForm key={formKey} className="form card" label={c.recordConsent} onSubmit={submit}>
      <Choices label={c.grantees} options={others.map((o) => ({ id: o.id, name: o.name }))} value={grantees} onChange={setGrantees} />
      <Choices label={c.purposes} options={PURPOSES.map((id) => ({ id, name: c.purposeNames[id] }))} value={purposes} onChange={setPurposes} />
      <Choices label={c.categories} options={DATA_CATEGORIES.map((id) => ({ id, name: c.categoryNames[id] }))} value={categories} onChange={setCategories} />
      <div className="form-row">
        <Field label={c.validFrom} value={validFrom} onChange={setValidFrom} help="JJJJ-MM-TT / YYYY-MM-DD" />
        <Field label={c.validUntil} value={validUntil} onChange={setValidUntil} help="JJJJ-MM-TT / YYYY-MM-DD" />
      </div>
      <ChoiceSelect label={c.evidenceType} value={evidenceType} required options={EVIDENCE_TYPES.map((id) => ({ id, name: c.evidenceNames[id] }))} onChange={setEvidenceType} />
      {evidenceType === 'verbal_with_witness' && <Field label={c.witnessName} value={witnessName} onChange={setWitnessName} isRequired />}
      {evidenceType === 'signed_form' && (
        <div className="field">
          <label htmlFor="evidence-file">{c.evidenceFile} *</label>
          <input id="evidence-file" type="file" accept="application/pdf,image/png,image/jpeg" required onChange={(e) => setFile(e.target.files?.[0] ?? null)} />
        </div>
      )}
      <div className="button-row">
        <Button type="submit" className="button">
          {t.save}
        </Button>
      </div>
    </ApiForm>
  );
}
