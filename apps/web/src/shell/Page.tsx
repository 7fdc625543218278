import { useEffect, useRef, type ReactNode } from 'react';
import { useI18n } from '../i18n';

/**
 * A page of the workspace: sets the document title and, after client-side navigation, moves focus
 * to the page heading so screen-reader users learn that the page changed.
 */
export function Page({ title, children }: { title: string; children: ReactNode }) {
  const { t } = useI18n();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} – ${t.appName}`;
  }, [title, t.appName]);
  useEffect(() => {
    if (document.activeElement && document.activeElement !== document.body) heading.current?.focus();
  }, []);
  return (
    <>
      <h1 ref={heading} tabIndex={-1}>
        {title}
      </h1>
      {children}
    </>
  );
}

export function LoadingOrError({ loading, error, onRetry }: { loading: boolean; error?: string; onRetry(): void }) {
  const { t } = useI18n();
  if (error)
    return (
      <div className="notice notice-error" role="alert">
        <p>
          {t.error} {error}
        </p>
        <button type="button" className="button" onClick={onRetry}>
          {t.retry}
        </button>
      </div>
    );
  if (loading) return <p aria-live="polite">{t.loading}</p>;
  return null;
}
