// The real server as a child process (`node bin/giamngheo.js serve`), for tests that kill it, and a small
// HTTP client that signs in like a browser (session cookie, CSRF token) over a real socket.
import { spawn, type ChildProcess } from 'node:child_process';

export interface ServerProcess {
  child: ChildProcess;
  url: string;
  /** Everything it wrote so far (its logs). */
  output(): string;
  /** Stops it with SIGKILL (kill -9): no clean-up of any kind, as a power cut would. */
  kill9(): Promise<void>;
  /** Stops it with SIGTERM and waits for it to exit. */
  stop(): Promise<void>;
}

/** Starts `giamngheo serve` on a free port and resolves once it listens (or rejects with its output). */
export function startServer(
  args: string[],
  env: Record<string, string | undefined>,
  timeoutMs = 90_000,
): Promise<ServerProcess> {
  const child = spawn(
    process.execPath,
    ['bin/giamngheo.js', 'serve', '--host', '127.0.0.1', '--port', '0', '--no-demo', ...args],
    { env: { ...process.env, DATABASE_URL: undefined, NODE_ENV: 'test', ...env }, stdio: 'pipe' },
  );
  let out = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const server: ServerProcess = {
    child,
    url: '',
    output: () => out,
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      child.kill('SIGTERM');
      await exited;
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the server did not start in ${timeoutMs} ms:\n${out.slice(-4000)}`));
    }, timeoutMs);
    const read = (d: Buffer) => {
      out += d.toString();
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m && !server.url) {
        clearTimeout(timer);
        server.url = m[1]!;
        resolve(server);
      }
    };
    child.stdout!.on('data', read);
    child.stderr!.on('data', read);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (!server.url)
        reject(new Error(`the server exited (${code}) before listening:\n${out.slice(-4000)}`));
    });
  });
}

/** A signed-in user over HTTP: keeps the session cookie and sends the CSRF token with every write. */
export class HttpUser {
  private readonly cookies = new Map<string, string>();
  private csrf = '';
  /** A request not answered within this long fails (a hung server fails the test instead of stalling it). */
  timeoutMs = 120_000;
  constructor(readonly base: string) {}

  static async signIn(base: string, username: string, password: string): Promise<HttpUser> {
    const user = new HttpUser(base);
    const csrf = await user.request('GET', '/api/auth/csrf');
    user.csrf = ((await csrf.json()) as { csrfToken: string }).csrfToken;
    const res = await user.request('POST', '/api/auth/login', { username, password });
    if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
    user.csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
    return user;
  }

  async request(
    method: 'GET' | 'POST',
    path: string,
    body?: unknown,
    contentType = 'application/json',
    timeoutMs = this.timeoutMs,
  ): Promise<Response> {
    const headers: Record<string, string> = {};
    if (this.cookies.size) headers.cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    if (method !== 'GET') headers['x-csrf-token'] = this.csrf;
    let payload: BodyInit | undefined;
    if (body instanceof Uint8Array) {
      headers['content-type'] = contentType;
      payload = body as unknown as BodyInit;
    } else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    const res = await fetch(this.base + path, {
      method,
      headers,
      body: payload,
      signal: AbortSignal.timeout(timeoutMs),
    });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const at = pair!.indexOf('=');
      this.cookies.set(pair!.slice(0, at), pair!.slice(at + 1));
    }
    return res;
  }

  /** A GET's JSON answer; one not answered within `timeoutMs` throws a TimeoutError. */
  async json<T>(path: string, timeoutMs = this.timeoutMs): Promise<{ status: number; body: T }> {
    const res = await this.request('GET', path, undefined, undefined, timeoutMs);
    return { status: res.status, body: (await res.json()) as T };
  }
}
