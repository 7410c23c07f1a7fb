// Loads data for a component: { data, error, loading, reload, set }, ignoring answers that arrive late.
// While it reloads, the previous data stays (no flash of emptiness); `loading` says a newer answer is due.
import { useCallback, useEffect, useMemo, useState } from 'react';

export interface Async<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
  /** Replaces the data without a round trip (e.g. the record a change returned). */
  set(data: T): void;
}

interface Answer<T> {
  request: object;
  data?: T;
  error?: unknown;
}

/** `deps` are plain data (ids, filters): a new request starts when their JSON changes, or on reload(). */
export function useAsync<T>(load: () => Promise<T>, deps: readonly unknown[]): Async<T> {
  const [tick, setTick] = useState(0);
  const key = JSON.stringify(deps);
  // eslint-disable-next-line react-hooks/exhaustive-deps -- key and tick are what make a new request
  const request = useMemo(() => ({}), [key, tick]);
  const [answer, setAnswer] = useState<Answer<T> | null>(null);

  useEffect(() => {
    let live = true;
    load().then(
      (data) => live && setAnswer({ request, data }),
      (error: unknown) => live && setAnswer({ request, error }),
    );
    return () => {
      live = false;
    };
    // `load` is a fresh closure each render; the request stands for it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [request]);

  const current = answer?.request === request;
  const reload = useCallback(() => setTick((n) => n + 1), []);
  const set = useCallback((data: T) => setAnswer({ request, data }), [request]);
  return {
    data: answer?.data,
    error: current ? answer?.error : undefined,
    loading: !current,
    reload,
    set,
  };
}
