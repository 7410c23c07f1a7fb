// PostgreSQL restarted under load (issue #15, item 4): the server keeps running, answers 503 with
// Retry-After while the database is down (never 500), and answers again by itself once it is back. On a
// private PostgreSQL 15 started for this test in a temporary directory (never the machine's shared one);
// skipped when the PostgreSQL 15 binaries are absent.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../src/db/index.ts';
import { createScratchPostgres } from '../support/databases.ts';
import { buildWorld, PASSWORD } from '../support/server.ts';
import { HttpUser, startServer, type ServerProcess } from './server-process.ts';

const BIN = '/usr/lib/postgresql/15/bin';
const root = process.getuid?.() === 0;
const runuser = '/usr/sbin/runuser';
const available =
  existsSync(`${BIN}/initdb`) && existsSync(`${BIN}/pg_ctl`) && (!root || existsSync(runuser));

/** Runs a PostgreSQL binary, as the postgres user when we are root (initdb refuses root). */
function pgBin(name: string, args: string[]): string {
  const [cmd, argv] = root
    ? [runuser, ['-u', 'postgres', '--', `${BIN}/${name}`, ...args]]
    : [`${BIN}/${name}`, args];
  return execFileSync(cmd, argv, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

describe.skipIf(!available)('PostgreSQL restarted under load', () => {
  let dir = '';
  let data = '';
  let port = 0;
  let url = '';
  let server: ServerProcess | undefined;
  const start = () =>
    pgBin('pg_ctl', [
      '-D',
      data,
      '-l',
      join(dir, 'postgres.log'),
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=40`,
      '-w',
      '-t',
      '60',
      'start',
    ]);
  const stop = (mode: 'immediate' | 'fast') =>
    pgBin('pg_ctl', ['-D', data, '-m', mode, '-w', '-t', '60', 'stop']);

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'giamngheo-pg-'));
    if (root)
      chownSync(
        dir,
        Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim()),
        Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim()),
      );
    data = join(dir, 'data');
    port = await freePort();
    pgBin('initdb', ['-D', data, '-A', 'trust', '-U', 'root', '-E', 'UTF8', '--locale=C', '--no-sync']);
    start();
    url = (await createScratchPostgres(`postgres://root@127.0.0.1:${port}/postgres`)).url;
    const db = await openDatabase({ kind: 'postgres', url });
    try {
      await migrate(db);
      await buildWorld(db);
    } finally {
      await db.close();
    }
  }, 300_000);

  afterAll(async () => {
    await server?.stop();
    if (data && existsSync(join(data, 'postmaster.pid'))) stop('fast');
    if (dir) rmSync(dir, { recursive: true, force: true });
  }, 120_000);

  it(
    'answers 503 with Retry-After while it is down, never 500, and recovers without a restart',
    { timeout: 300_000 },
    async () => {
      server = await startServer([], { DATABASE_URL: url, DATABASE_QUEUE_WAIT_MS: '2000' });
      const xa = await HttpUser.signIn(server.url, 'xa', PASSWORD);
      const read = () => xa.request('GET', '/api/households?communeCode=01864');
      expect((await read()).status).toBe(200);

      // Load: a few clients asking all the time, noting every answer.
      const answers: { status: number; retryAfter: string | null; code?: string }[] = [];
      let load = true;
      const client = async () => {
        while (load) {
          const res = await read().catch(() => undefined);
          if (res) {
            const body =
              res.status === 200 ? undefined : ((await res.json()) as { error?: { code?: string } });
            answers.push({
              status: res.status,
              retryAfter: res.headers.get('retry-after'),
              code: body?.error?.code,
            });
          }
          await new Promise((r) => setTimeout(r, 25));
        }
      };
      const clients = Promise.all([client(), client(), client()]);
      await new Promise((r) => setTimeout(r, 500));

      stop('immediate');
      const downFrom = answers.length;
      // While it is down: a few answers, all 503 with Retry-After.
      const downUntil = Date.now() + 60_000;
      while (answers.length < downFrom + 10 && Date.now() < downUntil)
        await new Promise((r) => setTimeout(r, 50));
      const whileDown = answers.slice(downFrom + 3);
      start();
      // Back: answers come again by themselves (the same server process).
      const backFrom = answers.length;
      const deadline = Date.now() + 60_000;
      while (!answers.slice(backFrom).some((a) => a.status === 200) && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 100));
      load = false;
      await clients;

      expect(answers.filter((a) => a.status !== 200 && a.status !== 503)).toEqual([]);
      expect(whileDown.length).toBeGreaterThan(0);
      for (const a of whileDown) {
        expect(a.status).toBe(503);
        expect(Number(a.retryAfter)).toBeGreaterThan(0);
        expect(['DATABASE_UNAVAILABLE', 'DATABASE_BUSY']).toContain(a.code);
      }
      expect(whileDown.some((a) => a.code === 'DATABASE_UNAVAILABLE')).toBe(true);
      expect(answers.slice(backFrom).some((a) => a.status === 200)).toBe(true);
      expect(server.child.exitCode).toBeNull();
      expect((await read()).status).toBe(200);
      expect(server.output()).not.toMatch(/"statusCode":500/);
    },
  );
});
