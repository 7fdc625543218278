import { Button, Label, ListBox, ListBoxItem, Popover, Select, SelectValue, type Key } from 'react-aria-components';
import { useI18n } from '../i18n';

/** A labelled single choice (with an "All" option unless required), built on React Aria's accessible Select. */
export function ChoiceSelect({
  label,
  value,
  options,
  onChange,
  required,
}: {
  label: string;
  value: string;
  options: Array<{ id: string; name: string }>;
  onChange(value: string): void;
  /** A required choice has no "All" option. */
  required?: boolean;
}) {
  const { t } = useI18n();
  return (
    <Select
      className="field"
      value={value || (required ? null : 'all')}
      isRequired={required}
      onChange={(key: Key | null) => onChange(key === 'all' || key === null ? '' : String(key))}
    >
      <Label>{label}</Label>
      <Button className="select-button">
        <SelectValue />
        <span aria-hidden="true">▾</span>
      </Button>
      <Popover className="select-popover">
        <ListBox className="select-list">
          {!required && (
            <ListBoxItem id="all" className="select-option">
              {t.all}
            </ListBoxItem>
          )}
          {options.map((o) => (
            <ListBoxItem key={o.id} id={o.id} className="select-option">
              {o.name}
            </ListBoxItem>
          ))}
        </ListBox>
      </Popover>
    </Select>
  );
}
