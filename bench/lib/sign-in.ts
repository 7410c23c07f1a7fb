// Signing in over HTTP as a browser does, for the scripts that drive the real server on loopback: a CSRF
// token and the cookie it belongs to, then the login; answers the session cookie and the session's token.
export interface HttpSession {
  cookie: string;
  csrf: string;
}

/** The `gn_session=…` pair a response sets, or `fallback` when it sets none. */
function sessionCookie(res: Response, fallback = ''): string {
  const set = res.headers.getSetCookie().find((c) => c.startsWith('gn_session='));
  return set ? set.split(';')[0]! : fallback;
}

export async function signInOverHttp(base: string, username: string, password: string): Promise<HttpSession> {
  const csrf = await fetch(`${base}/api/auth/csrf`);
  const first = sessionCookie(csrf);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { cookie: first, 'x-csrf-token': csrfToken, 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
  if (login.status !== 200) throw new Error(`sign-in ${username}: ${login.status} ${await login.text()}`);
  const body = (await login.json()) as { csrfToken: string };
  return { cookie: sessionCookie(login, first), csrf: body.csrfToken };
}
