import { FieldError, Input, Label, Text, TextArea, TextField } from 'react-aria-components';

/** A labelled text input (or area) with optional help text, on React Aria's TextField. */
export function Field({
  label,
  value,
  onChange,
  help,
  multiline,
  isRequired,
  type = 'text',
  autoComplete,
}: {
  label: string;
  value: string;
  onChange(value: string): void;
  help?: string;
  multiline?: boolean;
  isRequired?: boolean;
  type?: 'text' | 'email' | 'tel' | 'url';
  autoComplete?: string;
}) {
  return (
    <TextField className="field" value={value} onChange={onChange} isRequired={isRequired} type={type} autoComplete={autoComplete}>
      <Label>
        {label}
        {isRequired && <span aria-hidden="true"> *</span>}
      </Label>
      {multiline ? <TextArea rows={3} /> : <Input />}
      {help && (
        <Text slot="description" className="help">
          {help}
        </Text>
      )}
      <FieldError className="field-error" />
    </TextField>
  );
}

export function parseLanguages(text: string): string[] {
  return text
    .split(/[\s,;]+/)
    .map((code) => code.trim().toLowerCase())
    .filter(Boolean);
}
