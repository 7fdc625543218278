import { Button, Label, ListBox, ListBoxItem, Popover, Select, SelectValue, type Key } from 'react-aria-components';
import { useI18n } from '../i18n';

/** A labelled single-choice filter with an "All" option, built on React Aria's accessible Select. */
export function FilterSelect({
  label,
  value,
  options,
  onChange,
}: {
  label: string;
  value: string;
  options: Array<{ id: string; name: string }>;
  onChange(value: string): void;
}) {
  const { t } = useI18n();
  return (
    <Select className="field" value={value || 'all'} onChange={(key: Key | null) => onChange(key === 'all' || key === null ? '' : String(key))}>
      <Label>{label}</Label>
      <Button className="select-button">
        <SelectValue />
        <span aria-hidden="true">▾</span>
      </Button>
      <Popover className="select-popover">
        <ListBox className="select-list">
          <ListBoxItem id="all" className="select-option">
            {t.all}
          </ListBoxItem>
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
