import { Checkbox, CheckboxGroup, Label } from 'react-aria-components';

/** A required group of checkboxes with a visible label (React Aria's CheckboxGroup). */
export function Choices({ label, options, value, onChange }: { label: string; options: Array<{ id: string; name: string }>; value: string[]; onChange(v: string[]): void }) {
  return (
    <CheckboxGroup className="fieldset" value={value} onChange={onChange} isRequired>
      <Label className="legend">{label} *</Label>
      {options.map((o) => (
        <Checkbox key={o.id} value={o.id} className="checkbox">
          <span className="checkbox-box" aria-hidden="true" />
          {o.name}
        </Checkbox>
      ))}
    </CheckboxGroup>
  );
}
