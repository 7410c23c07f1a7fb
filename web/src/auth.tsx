// The signed-in user: loaded from /api/auth/me at start, set by sign-in, cleared by sign-out or a 401.
import { createContext, use, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, call, onUnauthenticated, refreshCsrfToken, setCsrfToken } from './api/client.ts';
import { ApiError } from './api/errors.ts';
import type { Me } from './api/types.ts';

interface Session {
  /** undefined while loading, null when signed out. */
  me: Me | null | undefined;
  signIn(username: string, password: string): Promise<Me>;
  signOut(): Promise<void>;
}

const SessionContext = createContext<Session | null>(null);

// Who was signed in last on this device: an enumerator opening the app with no connection (the app itself
// comes from the service worker's cache) keeps working on the village data stored for them. Nothing secret:
// the session cookie stays the proof of identity for everything the server does.
const LAST_USER = 'giamngheo.me';
function rememberMe(me: Me | null): void {
  try {
    if (me) localStorage.setItem(LAST_USER, JSON.stringify(me));
    else localStorage.removeItem(LAST_USER);
  } catch {
    // Storage refused (private browsing): offline start is then not available.
  }
}
function lastMe(): Me | null {
  try {
    const saved = localStorage.getItem(LAST_USER);
    return saved ? (JSON.parse(saved) as Me) : null;
  } catch {
    return null;
  }
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);

  useEffect(() => {
    let live = true;
    call(() => api.GET('/api/auth/me'))
      .then((m) => {
        if (!live) return;
        rememberMe(m);
        setMe(m);
      })
      .catch((e: unknown) => {
        if (!live) return;
        // No connection at all (status 0): the last user of this device works on with what it holds.
        if (e instanceof ApiError && e.status === 0) return setMe(lastMe());
        if (e instanceof ApiError && e.status !== 401) console.error(e);
        rememberMe(null);
        setMe(null);
      });
    const stop = onUnauthenticated(() => {
      rememberMe(null);
      setMe(null);
    });
    return () => {
      live = false;
      stop();
    };
  }, []);

  const signIn = useCallback(async (username: string, password: string) => {
    // A token of the current (anonymous) session; sign-in answers with the new session's token.
    await refreshCsrfToken();
    const out = await call(() => api.POST('/api/auth/login', { body: { username, password } }));
    setCsrfToken(out.csrfToken);
    rememberMe(out.user);
    setMe(out.user);
    return out.user;
  }, []);

  const signOut = useCallback(async () => {
    try {
      await call(() => api.POST('/api/auth/logout'));
    } finally {
      setCsrfToken(null);
      rememberMe(null);
      setMe(null);
    }
  }, []);

  const value = useMemo(() => ({ me, signIn, signOut }), [me, signIn, signOut]);
  return <SessionContext value={value}>{children}</SessionContext>;
}

export function useSession(): Session {
  const ctx = use(SessionContext);
  if (!ctx) throw new Error('useSession outside SessionProvider');
  return ctx;
}

/** The signed-in user inside pages behind RequireSession. */
export function useMe(): Me {
  const { me } = useSession();
  if (!me) throw new Error('useMe outside a signed-in page');
  return me;
}
