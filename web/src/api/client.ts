// The API client: openapi-fetch over the generated types (schema.d.ts), same-origin cookies, and the
// session's CSRF token on every request that changes something.
import createClient, { type Middleware } from 'openapi-fetch';
import { ApiError, type ErrorBody } from './errors.ts';
import type { paths } from './schema.d.ts';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

export const api = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });

let csrfToken: string | null = null;
let pendingToken: Promise<string> | null = null;

/** Fetches a fresh CSRF token for the current session (before sign-in, or after one was refused). */
export async function refreshCsrfToken(): Promise<string> {
  pendingToken ??= (async () => {
    const { data, error } = await api.GET('/api/auth/csrf');
    if (!data) throw new ApiError(0, (error as ErrorBody | undefined)?.error);
    csrfToken = data.csrfToken;
    return data.csrfToken;
  })().finally(() => {
    pendingToken = null;
  });
  return pendingToken;
}

/** Sign-in returns the token of the new session; sign-out forgets it. */
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

const csrf: Middleware = {
  async onRequest({ request }) {
    if (SAFE_METHODS.has(request.method)) return request;
    request.headers.set('x-csrf-token', csrfToken ?? (await refreshCsrfToken()));
    return request;
  },
};
api.use(csrf);

type Listener = () => void;
const unauthenticatedListeners = new Set<Listener>();
/** Called when the server says the session is gone (expired, signed out elsewhere, account deactivated). */
export function onUnauthenticated(listener: Listener): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

interface FetchResult<T> {
  data?: T;
  error?: unknown;
  response: Response;
}

/**
 * Runs one API call and returns its data, or throws an ApiError carrying the server's bilingual message.
 * A refused CSRF token (e.g. the session was renewed) is fetched again and the call retried once.
 */
export async function call<T>(send: () => Promise<FetchResult<T>>): Promise<T> {
  let result: FetchResult<T>;
  try {
    result = await send();
    if (!result.response.ok && (result.error as ErrorBody | undefined)?.error?.code === 'CSRF_INVALID') {
      await refreshCsrfToken();
      result = await send();
    }
  } catch (e) {
    if (e instanceof ApiError) throw e;
    throw new ApiError(0, undefined);
  }
  if (!result.response.ok) {
    const err = new ApiError(result.response.status, (result.error as ErrorBody | undefined)?.error);
    if (err.code === 'UNAUTHENTICATED') for (const l of unauthenticatedListeners) l();
    throw err;
  }
  return result.data as T;
}
