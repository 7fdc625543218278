import { Button, Input, Label, SearchField } from 'react-aria-components';
import { useI18n } from '../i18n';

/** A labelled search field with a search button; Enter, the button and the clear button all search. */
export function SearchBox({
  label,
  value,
  onChange,
  onSearch,
  placeholder,
}: {
  label: string;
  value: string;
  onChange(value: string): void;
  onSearch(query: string): void;
  placeholder?: string;
}) {
  const { t } = useI18n();
  return (
    <form
      className="search-form"
      onSubmit={(e) => {
        e.preventDefault();
        onSearch(value.trim());
      }}
    >
      <SearchField className="field" value={value} onChange={onChange} onSubmit={(v) => onSearch(v.trim())} onClear={() => onSearch('')}>
        <Label>{label}</Label>
        <div className="search-row">
          <Input placeholder={placeholder} />
          <Button type="submit" className="button">
            {t.search}
          </Button>
        </div>
      </SearchField>
    </form>
  );
}
