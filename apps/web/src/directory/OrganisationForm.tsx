import { useState } from 'react';
import { Button } from 'react-aria-components';
import { ORGANISATION_KINDS, type ContactPoint, type OrganisationKind, type OrganisationView } from '@roundtable/contracts';
import { api } from '../api';
import { useI18n } from '../i18n';
import { ApiForm } from '../shell/ApiForm';
import { Field, parseLanguages } from './fields';
import { ChoiceSelect } from './ChoiceSelect';

/** Create or edit an organisation (network-admin). The api validates; its messages are shown as they come. */
export function OrganisationForm({ initial, onSaved, onCancel }: { initial?: OrganisationView; onSaved(id: string): void; onCancel(): void }) {
  const { t } = useI18n();
  const [name, setName] = useState(initial?.name ?? '');
  const [slug, setSlug] = useState(initial?.slug ?? '');
  const [kind, setKind] = useState<string>(initial?.kind ?? 'welfare');
  const [description, setDescription] = useState(initial?.description ?? '');
  const [street, setStreet] = useState(initial?.address.street ?? '');
  const [postalCode, setPostalCode] = useState(initial?.address.postalCode ?? '');
  const [city, setCity] = useState(initial?.address.city ?? '');
  const [website, setWebsite] = useState(initial?.website ?? '');
  const [languages, setLanguages] = useState((initial?.languages ?? ['de']).join(', '));
  const [contacts, setContacts] = useState<ContactPoint[]>(initial?.contactPoints ?? []);
  const [responseTime, setResponseTime] = useState(String(initial?.responseTimeDays ?? 3));
  const [saving, setSaving] = useState(false);

  const setContact = (index: number, patch: Partial<ContactPoint>) =>
    setContacts((all) => all.map((c, i) => (i === index ? { ...c, ...patch } : c)));

  const submit = async () => {
    setSaving(true);
    const body = {
      name: name.trim(),
      slug: slug.trim(),
      kind: kind as OrganisationKind,
      description: description.trim(),
      address: { city: city.trim(), ...(street.trim() && { street: street.trim() }), ...(postalCode.trim() && { postalCode: postalCode.trim() }) },
      ...(website.trim() && { website: website.trim() }),
      languages: parseLanguages(languages),
      responseTimeDays: Number(responseTime),
      contactPoints: contacts.map((c) => Object.fromEntries(Object.entries(c).filter(([, v]) => typeof v === 'string' && v.trim() !== ''))),
    };
    try {
      const saved = await api<OrganisationView>(initial ? `/organisations/${initial.id}` : '/organisations', {
        method: initial ? 'PATCH' : 'POST',
        body: JSON.stringify(body),
      });
      onSaved(saved.id);
    } finally {
      setSaving(false);
    }
  };

  return (
    <ApiForm className="form" onSubmit={submit}>
      <Field label={t.name} value={name} onChange={setName} isRequired />
      <Field label={t.slug} value={slug} onChange={setSlug} help={t.slugHelp} isRequired />
      <ChoiceSelect label={t.kind} value={kind} options={ORGANISATION_KINDS.map((id) => ({ id, name: t.kinds[id] }))} onChange={setKind} required />
      <Field label={t.description} value={description} onChange={setDescription} multiline />
      <Field label={t.street} value={street} onChange={setStreet} autoComplete="street-address" />
      <div className="form-row">
        <Field label={t.postalCode} value={postalCode} onChange={setPostalCode} autoComplete="postal-code" />
        <Field label={t.city} value={city} onChange={setCity} isRequired autoComplete="address-level2" />
      </div>
      <Field label={t.website} value={website} onChange={setWebsite} type="url" />
      <Field label={t.languages} value={languages} onChange={setLanguages} help={t.languagesHelp} />
      <Field label={t.responseTime} value={responseTime} onChange={setResponseTime} help={t.responseTimeHelp} isRequired />
      {contacts.map((contact, i) => (
        <fieldset key={i} className="fieldset">
          <legend>{t.contactHeading(i + 1)}</legend>
          <Field label={t.contactName} value={contact.name} onChange={(v) => setContact(i, { name: v })} isRequired />
          <Field label={t.contactRole} value={contact.role ?? ''} onChange={(v) => setContact(i, { role: v })} />
          <div className="form-row">
            <Field label={t.email} value={contact.email ?? ''} onChange={(v) => setContact(i, { email: v })} type="email" />
            <Field label={t.phone} value={contact.phone ?? ''} onChange={(v) => setContact(i, { phone: v })} type="tel" />
          </div>
          <Button className="button button-quiet-dark" onPress={() => setContacts((all) => all.filter((_, j) => j !== i))}>
            {t.removeContact(i + 1)}
          </Button>
        </fieldset>
      ))}
      <Button className="button button-quiet-dark" onPress={() => setContacts((all) => [...all, { name: '' }])}>
        {t.addContact}
      </Button>
      <div className="button-row">
        <Button type="submit" className="button" isDisabled={saving}>
          {t.save}
        </Button>
        <Button className="button button-quiet-dark" onPress={onCancel}>
          {t.cancel}
        </Button>
      </div>
    </ApiForm>
  );
}
