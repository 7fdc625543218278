import { useCallback, useEffect, useState } from 'react';
import { api } from './api';

export interface Loaded<T> {
  data: T | undefined;
  error: string | undefined;
  loading: boolean;
  reload(): void;
}

/** GETs an api path and keeps the result; reloads when the path changes or on reload(). */
export function useApi<T>(path: string | null): Loaded<T> {
  const [state, setState] = useState<{ data?: T; error?: string; loading: boolean }>({ loading: true });
  const [generation, setGeneration] = useState(0);
  useEffect(() => {
    if (!path) return;
    let current = true;
    setState((s) => ({ ...s, loading: true }));
    api<T>(path).then(
      (data) => current && setState({ data, loading: false }),
      (err: Error) => current && setState({ error: err.message, loading: false }),
    );
    return () => {
      current = false;
    };
  }, [path, generation]);
  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data: state.data, error: state.error, loading: state.loading, reload };
}
