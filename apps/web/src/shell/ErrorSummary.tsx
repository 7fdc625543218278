import { useEffect, useRef } from 'react';
import { useI18n } from '../i18n';

/** What the server rejected, announced and focused so it is not missed. */
export function ErrorSummary({ error }: { error: string | null }) {
  const { t } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error) box.current?.focus();
  }, [error]);
  if (!error) return null;
  return (
    <div ref={box} className="notice notice-error" role="alert" tabIndex={-1}>
      <p>{t.fixErrors}</p>
      <ul>
        {error.split('; ').map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
    </div>
  );
}
