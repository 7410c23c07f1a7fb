// An unset SESSION_SECRET no longer signs everyone out at each restart of a trial machine (issue #15, Low): on
// the embedded database `giamngheo serve` keeps the key it made once in the data folder, owner-only (0600).
import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { keptSessionSecret, SECRET_FILE } from '../../src/cli/commands/serve-secret.ts';
import { checkConfig } from '../../src/server/config-check.ts';

const dirs: string[] = [];
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'giamngheo-secret-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe('keptSessionSecret', () => {
  it('makes a key once, owner-only, and gives the same one after', () => {
    const dir = tempDir();
    const first = keptSessionSecret(dir);
    expect(first.created).toBe(true);
    expect(first.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(first.path).toBe(join(dir, SECRET_FILE));
    expect(modeOf(first.path)).toBe(0o600);
    const again = keptSessionSecret(dir);
    expect(again).toEqual({ ...first, created: false });
  });

  it('takes a file made readable by others back to 0600, and replaces one too short to be a key', () => {
    const dir = tempDir();
    const { path, secret } = keptSessionSecret(dir);
    chmodSync(path, 0o644);
    expect(keptSessionSecret(dir).secret).toBe(secret);
    expect(modeOf(path)).toBe(0o600);
    writeFileSync(path, 'short\n', { mode: 0o644 });
    const replaced = keptSessionSecret(dir);
    expect(replaced.created).toBe(true);
    expect(replaced.secret).toMatch(/^[0-9a-f]{64}$/);
    expect(readFileSync(path, 'utf8').trim()).toBe(replaced.secret);
    expect(modeOf(path)).toBe(0o600);
  });

  it('the start-up check says where the key is kept, and still refuses an unset one in production', () => {
    const trial = checkConfig({ env: {}, host: '127.0.0.1', demo: true, embedded: true });
    expect(trial[0]).toMatchObject({ setting: 'SESSION_SECRET', severity: 'warning' });
    expect(trial[0]!.message.en).toContain('kept in the embedded database folder');
    expect(trial[0]!.message.vi).toContain('giữ trong thư mục CSDL nhúng');
    const onPostgres = checkConfig({
      env: { DATABASE_URL: 'postgres://x@y/z' },
      host: '127.0.0.1',
      demo: true,
    });
    expect(onPostgres[0]!.message.en).toContain('random key per start');
    const production = checkConfig({
      env: { NODE_ENV: 'production' },
      host: '127.0.0.1',
      demo: false,
      embedded: true,
    });
    expect(production[0]).toMatchObject({ setting: 'SESSION_SECRET', severity: 'error' });
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** `giamngheo serve` on `dir` without SESSION_SECRET, until it says it is running. */
async function serve(dir: string, port: number): Promise<{ child: ChildProcess; stderr: () => string }> {
  const child = spawn(
    process.execPath,
    ['bin/giamngheo.js', 'serve', '--db', dir, '--no-demo', '--port', String(port)],
    {
      env: {
        ...process.env,
        SESSION_SECRET: undefined,
        DATABASE_URL: undefined,
        NODE_ENV: undefined,
        COOKIE_SECURE: undefined,
        TRUST_PROXY: undefined,
      },
    },
  );
  let stderr = '';
  child.stderr!.on('data', (d) => (stderr += d));
  child.stdout!.resume();
  await new Promise<void>((resolve, reject) => {
    const timer = setInterval(() => {
      if (stderr.includes('is running at')) {
        clearInterval(timer);
        resolve();
      }
    }, 100);
    child.once('exit', (code) => {
      clearInterval(timer);
      reject(new Error(`serve ended (${code}): ${stderr}`));
    });
  });
  return { child, stderr: () => stderr };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const ended = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await ended;
}

describe('giamngheo serve without SESSION_SECRET, on the embedded database', () => {
  it('keeps the session of a user across a restart', { timeout: 300_000 }, async () => {
    const dir = tempDir();
    const port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    const first = await serve(dir, port);
    let cookie: string;
    let token: string;
    try {
      expect(first.stderr()).toContain(`A new session key was made and kept in ${join(dir, SECRET_FILE)}`);
      const csrf = await fetch(`${base}/api/auth/csrf`);
      cookie = csrf.headers.get('set-cookie')!.split(';')[0]!;
      expect(cookie).toMatch(/^gn_session=./);
      token = ((await csrf.json()) as { csrfToken: string }).csrfToken;
    } finally {
      await stop(first.child);
    }
    const path = join(dir, SECRET_FILE);
    expect(modeOf(path)).toBe(0o600);
    const key = readFileSync(path, 'utf8');

    const second = await serve(dir, port);
    try {
      expect(second.stderr()).not.toContain('A new session key');
      // The session from before the restart is still signed with the same key: its CSRF token is accepted.
      // (With a new key the cookie would not be read, and the change refused 403 CSRF_INVALID.)
      const logout = await fetch(`${base}/api/auth/logout`, {
        method: 'POST',
        headers: { cookie, 'x-csrf-token': token },
      });
      expect(logout.status, await logout.text()).toBe(204);
    } finally {
      await stop(second.child);
    }
    expect(readFileSync(path, 'utf8')).toBe(key);
  });
});
