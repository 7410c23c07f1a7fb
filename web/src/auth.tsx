// The signed-in user: loaded from /api/auth/me at start, set by sign-in, cleared by sign-out or a 401.
import { createContext, use, useCallback, useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, call, onUnauthenticated, refreshCsrfToken, setCsrfToken } from './api/client.ts';
import { ApiError } from './api/errors.ts';
import type { Me } from './api/types.ts';
import { setServerToday } from './lib/today.ts';

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

// A sign-out the server could not be told of (no connection). The session cookie is HttpOnly: only the
// server can end the session, so until it is told, a page loaded online would find the user signed in. It
// is told as soon as the app reaches it again — at start, before anything reads the session, and when the
// connection comes back.
const SIGN_OUT_PENDING = 'giamngheo.signOutPending';
function markSignOutPending(pending: boolean): void {
  try {
    if (pending) localStorage.setItem(SIGN_OUT_PENDING, '1');
    else localStorage.removeItem(SIGN_OUT_PENDING);
  } catch {
    // Storage refused (private browsing): nothing is remembered on this device anyway.
  }
}
function signOutPending(): boolean {
  try {
    return localStorage.getItem(SIGN_OUT_PENDING) === '1';
  } catch {
    return false;
  }
}
/** Ends the session on the server; true once it is told (or had no session to end). */
async function sendPendingSignOut(): Promise<boolean> {
  if (!signOutPending()) return true;
  try {
    await refreshCsrfToken();
    await call(() => api.POST('/api/auth/logout'));
  } catch (e) {
    if (e instanceof ApiError && e.status === 0) return false;
    // Any answer from the server (the session already gone): nothing left to end.
  }
  setCsrfToken(null);
  markSignOutPending(false);
  return true;
}

export function SessionProvider({ children }: { children: ReactNode }) {
  const [me, setMe] = useState<Me | null | undefined>(undefined);

  useEffect(() => {
    let live = true;
    const retry = () => void sendPendingSignOut();
    window.addEventListener('online', retry);
    sendPendingSignOut()
      .then((told) => {
        // Still no connection: signed out on this device, and the last user is not let back in.
        if (!told) throw new ApiError(0, undefined);
        return call(() => api.GET('/api/auth/me'));
      })
      .then((m) => {
        if (!live) return;
        setServerToday(m.today);
        rememberMe(m);
        setMe(m);
      })
      .catch((e: unknown) => {
        if (!live) return;
        // No connection at all (status 0): the last user of this device works on with what it holds —
        // unless they signed out.
        if (e instanceof ApiError && e.status === 0) return setMe(signOutPending() ? null : lastMe());
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
      window.removeEventListener('online', retry);
    };
  }, []);

  const signIn = useCallback(async (username: string, password: string) => {
    // A session signed out of with no connection ends first (the sign-in form is reached online).
    await sendPendingSignOut();
    // A token of the current (anonymous) session; sign-in answers with the new session's token.
    await refreshCsrfToken();
    const out = await call(() => api.POST('/api/auth/login', { body: { username, password } }));
    setCsrfToken(out.csrfToken);
    setServerToday(out.user.today);
    rememberMe(out.user);
    setMe(out.user);
    return out.user;
  }, []);

  const signOut = useCallback(async () => {
    try {
      await call(() => api.POST('/api/auth/logout'));
    } catch (e) {
      // No connection: signed out here now, on the server as soon as it is reached again.
      if (e instanceof ApiError && e.status === 0) markSignOutPending(true);
      throw e;
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
