// Asks the server for a job's state again and again while it is unfinished (imports, recomputes, exports):
// `read` fetches, `after` takes what came back and says how long to wait before asking again (null: done).
// While the server cannot be reached (restarting, its database down: status 0, 502 or 503) it keeps asking
// every two seconds and says so (`reconnecting`); any other error stops it (`error`). A new round starts when
// `deps` change; an answer that arrives after the component has gone or the deps changed is ignored.
import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/errors.ts';

const RECONNECT_MS = 2000;

export interface Polling {
  error: unknown;
  reconnecting: boolean;
}

/** Whether an error means the server is (for now) out of reach rather than refusing. */
const isUnreachable = (e: unknown): boolean =>
  e instanceof ApiError && (e.status === 0 || e.status === 502 || e.status === 503);

/** `enabled` false: nothing is asked (e.g. no job yet). `deps` are plain data (ids, a refresh key). */
export function usePolling<T>(
  read: () => Promise<T>,
  after: (value: T) => number | null,
  deps: readonly unknown[],
  enabled = true,
): Polling {
  const [error, setError] = useState<unknown>(null);
  const [reconnecting, setReconnecting] = useState(false);
  // The latest closures, so that only `deps` start a new round.
  const callbacks = useRef({ read, after });
  useEffect(() => {
    callbacks.current = { read, after };
  });
  const key = JSON.stringify(deps);

  useEffect(() => {
    if (!enabled) return;
    let stop = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const poll = async () => {
      try {
        const value = await callbacks.current.read();
        if (stop) return;
        setReconnecting(false);
        setError(null);
        const wait = callbacks.current.after(value);
        if (wait !== null) timer = setTimeout(() => void poll(), wait);
      } catch (e) {
        if (stop) return;
        if (isUnreachable(e)) {
          setReconnecting(true);
          timer = setTimeout(() => void poll(), RECONNECT_MS);
        } else setError(e);
      }
    };
    void poll();
    return () => {
      stop = true;
      if (timer) clearTimeout(timer);
    };
  }, [key, enabled]);

  return { error, reconnecting };
}
