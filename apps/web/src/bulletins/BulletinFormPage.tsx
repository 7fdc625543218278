import { useState } from 'react';
import { Button } from 'react-aria-components';
import { useNavigate } from 'react-router';
import { AUDIENCES, type BulletinView } from '@roundtable/contracts';
import { api } from '../api';
import { Field } from '../directory/fields';
import { useI18n } from '../i18n';
import { ApiForm } from '../shell/ApiForm';
import { Choices } from '../shell/Choices';
import { Page } from '../shell/Page';
import { useBulletinMessages } from './bulletin-messages';

type VariantFields = { title: string; summary: string; bodyMarkdown: string };
type ProvisionFields = { effective: string; refs: string; de: string; en: string; simple: string };
const empty: VariantFields = { title: '', summary: '', bodyMarkdown: '' };

/** Writes a new bulletin (a draft): audiences, legal references, provisions with their dates, three language versions. */
export function BulletinFormPage() {
  const b = useBulletinMessages();
  const { t } = useI18n();
  const navigate = useNavigate();
  const [audiences, setAudiences] = useState<string[]>(['partner_staff']);
  const [refs, setRefs] = useState('');
  const [provisions, setProvisions] = useState<ProvisionFields[]>([]);
  const [variants, setVariants] = useState<Record<'de' | 'en' | 'de-simple', VariantFields>>({ de: { ...empty }, en: { ...empty }, 'de-simple': { ...empty } });
  const setVariant = (l: 'de' | 'en' | 'de-simple', patch: Partial<VariantFields>) => setVariants((all) => ({ ...all, [l]: { ...all[l], ...patch } }));
  const setProvision = (i: number, patch: Partial<ProvisionFields>) => setProvisions((all) => all.map((p, j) => (j === i ? { ...p, ...patch } : p)));

  const submit = async () => {
    const body = {
      audiences,
      legalRefs: refs.split(',').map((r) => r.trim()).filter(Boolean),
      provisions: provisions.map((p) => ({
        effective: p.effective.trim(),
        refs: p.refs.split(',').map((r) => r.trim()).filter(Boolean),
        text: { ...(p.de && { de: p.de }), ...(p.en && { en: p.en }), ...(p.simple && { 'de-simple': p.simple }) },
      })),
      variants: Object.fromEntries(Object.entries(variants).filter(([l, v]) => l === 'de' || v.title.trim())),
    };
    const created = await api<BulletinView>('/bulletins', { method: 'POST', body: JSON.stringify(body) });
    navigate(`/bulletins/${created.id}`);
  };

  return (
    <Page title={b.createTitle}>
      <ApiForm onSubmit={submit}>
        <Choices label={b.audiences} options={AUDIENCES.map((id) => ({ id, name: b.audienceNames[id] }))} value={audiences} onChange={setAudiences} />
        <Field label={b.legalRefs} value={refs} onChange={setRefs} />
        {(['de', 'en', 'de-simple'] as const).map((l) => (
          <fieldset key={l} className="fieldset">
            <legend>
              {b.variant(b.languages[l])}
              {l !== 'de' && <span className="help"> ({b.optionalVariant})</span>}
            </legend>
            <Field label={`${b.heading} (${b.languages[l]})`} value={variants[l].title} onChange={(v) => setVariant(l, { title: v })} isRequired={l === 'de'} />
            <Field label={`${b.summary} (${b.languages[l]})`} value={variants[l].summary} onChange={(v) => setVariant(l, { summary: v })} multiline isRequired={l === 'de'} />
            <Field label={`${b.body} (${b.languages[l]})`} value={variants[l].bodyMarkdown} onChange={(v) => setVariant(l, { bodyMarkdown: v })} multiline />
          </fieldset>
        ))}
        <h2>{b.provisions}</h2>
        {provisions.map((p, i) => (
          <fieldset key={i} className="fieldset">
            <legend>{b.provision(i + 1)}</legend>
            <Field label={`${b.effective} – ${b.provision(i + 1)}`} value={p.effective} onChange={(v) => setProvision(i, { effective: v })} isRequired />
            <Field label={`${b.refs} – ${b.provision(i + 1)}`} value={p.refs} onChange={(v) => setProvision(i, { refs: v })} />
            <Field label={`${b.text(b.languages.de)} – ${b.provision(i + 1)}`} value={p.de} onChange={(v) => setProvision(i, { de: v })} multiline />
            <Field label={`${b.text(b.languages.en)} – ${b.provision(i + 1)}`} value={p.en} onChange={(v) => setProvision(i, { en: v })} multiline />
            <Field label={`${b.text(b.languages['de-simple'])} – ${b.provision(i + 1)}`} value={p.simple} onChange={(v) => setProvision(i, { simple: v })} multiline />
            <Button className="button button-quiet-dark" onPress={() => setProvisions((all) => all.filter((_, j) => j !== i))}>
              {b.removeProvision(i + 1)}
            </Button>
          </fieldset>
        ))}
        <Button className="button button-quiet-dark" onPress={() => setProvisions((all) => [...all, { effective: '', refs: '', de: '', en: '', simple: '' }])}>
          {b.addProvision}
        </Button>
        <div className="button-row">
          <Button type="submit" className="button">
            {t.save}
          </Button>
        </div>
      </ApiForm>
    </Page>
  );
}
