import { useState, type ReactNode } from 'react';
import { Form } from 'react-aria-components';
import { ErrorSummary } from './ErrorSummary';

/**
 * A form whose submit talks to the api: what the api rejects appears in a focused error summary at the top.
 * `onSubmit` throws to report a failure.
 */
export function ApiForm({
  onSubmit,
  className = 'form',
  label,
  children,
}: {
  onSubmit(): Promise<void>;
  className?: string;
  label?: string;
  children: ReactNode;
}) {
  const [error, setError] = useState<string | null>(null);
  return (
    <Form
      className={className}
      aria-label={label}
      onSubmit={(e) => {
        e.preventDefault();
        setError(null);
        onSubmit().catch((err: Error) => setError(err.message));
      }}
    >
      <ErrorSummary error={error} />
      {children}
    </Form>
  );
}
