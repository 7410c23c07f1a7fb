// PostgreSQL restarted under load (issue #15, item 4): the server keeps running, answers 503 with
// Retry-After while the database is down (never 500), /readyz says it is not ready meanwhile, and it answers
// again by itself once the database is back. The load reads and writes (members added to two households,
// each write with the version last read, two writers on the same household): a write answers 201, 409 (a
// stale version) or 503, and every write acknowledged is there afterwards, each having moved its household's
// version by exactly one. On a private PostgreSQL 15 started for this test in a temporary directory (never
// the machine's shared one); skipped when the PostgreSQL 15 binaries are absent.
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../src/db/index.ts';
import { createScratchPostgres } from '../support/databases.ts';
import { buildWorld, PASSWORD, type World } from '../support/server.ts';
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
  let world: World;
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
      world = await buildWorld(db);
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
    'answers 503 with Retry-After while it is down, never 500, loses no acknowledged write, and recovers without a restart',
    { timeout: 300_000 },
    async () => {
      server = await startServer([], { DATABASE_URL: url, DATABASE_QUEUE_WAIT_MS: '2000' });
      const xa = await HttpUser.signIn(server.url, 'xa', PASSWORD);
      const read = () => xa.request('GET', '/api/households?communeCode=01864');
      const ready = async () => (await xa.request('GET', '/readyz', undefined, undefined, 30_000)).status;
      expect((await read()).status).toBe(200);
      expect(await ready()).toBe(200);
      const household = async (id: string) => {
        const res = await xa.request('GET', `/api/households/${id}`);
        expect(res.status).toBe(200);
        return (await res.json()) as { version: number; members: { fullName: string }[] };
      };
      const versionsBefore = new Map<string, number>();
      for (const id of [world.h1, world.h2]) versionsBefore.set(id, (await household(id)).version);

      /** When a request was sent: before the stop, while the database is down, or once it is started again. */
      type Phase = 'up' | 'down' | 'back';
      let phase = 'up' as Phase;
      type Answer = { status: number; retryAfter: string | null; code?: string; phase: Phase };
      const answers: Answer[] = [];
      const writes: Answer[] = [];
      /** Members whose addition was answered 201, with the household's version the answer gave. */
      const acknowledged: { householdId: string; name: string; version: number }[] = [];
      const note = async (res: Response, sentIn: Phase, list: Answer[]) => {
        const body = (await res.json()) as {
          version?: number;
          error?: { code?: string; current?: { version?: number } };
        };
        list.push({
          status: res.status,
          retryAfter: res.headers.get('retry-after'),
          code: body.error?.code,
          phase: sentIn,
        });
        return body;
      };
      const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

      // Load: a few clients reading all the time, and three writing (two of them on the same household).
      let load = true;
      const reader = async () => {
        while (load) {
          const sentIn = phase;
          const res = await read().catch(() => undefined);
          if (res) await note(res, sentIn, answers);
          await pause(25);
        }
      };
      const writer = async (householdId: string, tag: string) => {
        let version = versionsBefore.get(householdId)!;
        for (let n = 1; load; n++) {
          const name = `Khách ${tag}-${n}`;
          const sentIn = phase;
          const res = await xa
            .request('POST', `/api/households/${householdId}/members`, {
              version,
              member: { fullName: name },
            })
            .catch(() => undefined);
          if (res) {
            const body = await note(res, sentIn, writes);
            if (res.status === 201) {
              acknowledged.push({ householdId, name, version: body.version! });
              version = body.version!;
            } else if (res.status === 409) {
              // Another writer went first (or a write answered 503 was done after all): the current version.
              version = body.error?.current?.version ?? version;
            }
          }
          await pause(50);
        }
      };
      const clients = Promise.all([
        reader(),
        reader(),
        reader(),
        writer(world.h1, 'a'),
        writer(world.h1, 'b'),
        writer(world.h2, 'c'),
      ]);
      // Under way: reads answered, and writes acknowledged (by then the two writers of h1 have met).
      const upUntil = Date.now() + 60_000;
      while (
        !(answers.length >= 10 && writes.filter((a) => a.status === 201).length >= 3) &&
        Date.now() < upUntil
      )
        await pause(50);

      stop('immediate');
      phase = 'down';
      const downFrom = answers.length;
      const writesDownFrom = writes.length;
      // While it is down: a few answers, all 503 with Retry-After; /readyz says not ready.
      const downUntil = Date.now() + 60_000;
      while ((answers.length < downFrom + 10 || writes.length < writesDownFrom + 3) && Date.now() < downUntil)
        await pause(50);
      const whileDown = answers.slice(downFrom + 3);
      const readyWhileDown = await ready();
      start();
      phase = 'back';
      // Back: answers come again by themselves (the same server process), reads and writes.
      const backFrom = answers.length;
      const deadline = Date.now() + 60_000;
      while (
        !(
          answers.some((a) => a.phase === 'back' && a.status === 200) &&
          writes.some((a) => a.phase === 'back' && a.status === 201)
        ) &&
        Date.now() < deadline
      )
        await pause(100);
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

      // Writes: 201, 409 for a stale version, or 503 with Retry-After — never anything else.
      expect(writes.filter((a) => ![201, 409, 503].includes(a.status))).toEqual([]);
      for (const a of writes.filter((w) => w.status === 503)) {
        expect(Number(a.retryAfter)).toBeGreaterThan(0);
        expect(['DATABASE_UNAVAILABLE', 'DATABASE_BUSY']).toContain(a.code);
      }
      for (const a of writes.filter((w) => w.status === 409)) expect(a.code).toBe('STALE_VERSION');
      expect(writes.filter((a) => a.phase === 'down' && a.status === 503).length).toBeGreaterThan(0);
      expect(writes.some((a) => a.phase === 'up' && a.status === 201)).toBe(true);
      expect(writes.some((a) => a.phase === 'back' && a.status === 201)).toBe(true);
      expect(writes.some((a) => a.status === 409)).toBe(true);

      // Nothing acknowledged is lost: each member answered 201 is there, each acknowledged version once per
      // household, and each member added moved its household's version by exactly one.
      for (const id of [world.h1, world.h2]) {
        const now = await household(id);
        const names = new Set(now.members.map((m) => m.fullName));
        const mine = acknowledged.filter((a) => a.householdId === id);
        expect(mine.length).toBeGreaterThan(0);
        expect(mine.filter((a) => !names.has(a.name))).toEqual([]);
        expect(new Set(mine.map((a) => a.version)).size).toBe(mine.length);
        const added = now.members.filter((m) => m.fullName.startsWith('Khách ')).length;
        expect(added).toBeGreaterThanOrEqual(mine.length);
        expect(now.version).toBe(versionsBefore.get(id)! + added);
      }

      expect(readyWhileDown).toBe(503);
      expect(await ready()).toBe(200);
      expect(server.child.exitCode).toBeNull();
      expect((await read()).status).toBe(200);
      expect(server.output()).not.toMatch(/"statusCode":500/);
    },
  );
});
