// The API client: openapi-fetch over the generated types (schema.d.ts), same-origin cookies, and the
// session's CSRF token on every request that changes something.
import createClient, { type Middleware } from 'openapi-fetch';
import { ApiError, type ErrorBody } from './errors.ts';
import type { paths } from './schema.d.ts';

/** The routes that take a file as the raw request body (documented as application/octet-stream). */
type UploadPath = '/api/imports';
type UploadQuery<P extends UploadPath> = NonNullable<paths[P]['post']['parameters']['query']>;
type UploadAnswer<P extends UploadPath> = paths[P]['post']['responses'][202]['content']['application/json'];

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

/**
 * Sends a file as the raw body of a POST: openapi-fetch would serialise it as JSON. The path, its query and
 * its answer are typed by the generated paths; the CSRF token, its one retry and the errors are call()'s.
 */
export function upload<P extends UploadPath>(
  path: P,
  query: UploadQuery<P>,
  file: Blob,
): Promise<UploadAnswer<P>> {
  const url = `${path}?${new URLSearchParams(query).toString()}`;
  return call<UploadAnswer<P>>(async () => {
    const response = await fetch(url, {
      method: 'POST',
      credentials: 'same-origin',
      headers: {
        'content-type': 'application/octet-stream',
        'x-csrf-token': csrfToken ?? (await refreshCsrfToken()),
      },
      body: file,
    });
    const body: unknown = await response.json().catch(() => undefined);
    return response.ok ? { data: body as UploadAnswer<P>, response } : { error: body, response };
  });
}
