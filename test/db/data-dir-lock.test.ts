// One process at a time in an embedded data folder (issue #15's audit: a second process opened a folder in
// use without error and did not see the first one's committed table). A second opening — in this process,
// in another one, or through the CLI beside a running server — is refused naming the folder and the pid in
// both languages; a lock its holder left behind (killed with -9, an earlier process with the same pid, a torn
// file) is taken over; close and the process's exit release it.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DataFolderInUseError, LOCK_FILE } from '../../src/db/engines/data-dir-lock.ts';
import { openDatabase, type Database } from '../../src/db/index.ts';
import { runCli } from '../support/cli.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
const dirs: string[] = [];
afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

async function folder(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'gn-lock-'));
  dirs.push(dir);
  return join(dir, 'db');
}

const lockOf = (dataDir: string) =>
  JSON.parse(readFileSync(join(dataDir, LOCK_FILE), 'utf8')) as { pid: number; token: string };

interface ChildAnswer {
  opened: boolean;
  pid?: number;
  name?: string;
  vi?: string;
  en?: string;
}

/** test/support/pglite-lock-child.ts in a process of its own; resolves with its answer and the process. */
function openInChild(dataDir: string, then: 'close' | 'exit' | 'hold') {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/support/pglite-lock-child.ts', dataDir, then],
    {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const answer = new Promise<ChildAnswer>((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line) as ChildAnswer);
    });
    child.stderr.on('data', (d) => (err += d));
    void exited.then((code) => reject(new Error(`the child exited (${code}) without an answer: ${err}`)));
  });
  return { child, answer, exited };
}

async function withDb<T>(dataDir: string, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase({ kind: 'pglite', dataDir });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

/** The pid of a process that has ended (and been reaped). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.once('exit', resolve));
  return child.pid!;
}

describe('the lock of an embedded data folder', () => {
  it('refuses a second opening in the same process, naming the folder and the holder; close releases it', async () => {
    const dataDir = await folder();
    const first = await openDatabase({ kind: 'pglite', dataDir });
    const error = await openDatabase({ kind: 'pglite', dataDir }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataFolderInUseError);
    const e = error as DataFolderInUseError;
    expect(e.dir).toBe(dataDir);
    expect(e.holder.pid).toBe(process.pid);
    expect(e.vi).toContain(`Thư mục CSDL nhúng ${dataDir} đang được tiến trình ${process.pid} mở`);
    expect(e.vi).toContain('dừng máy chủ');
    expect(e.en).toContain(`${dataDir} is open in process ${process.pid}`);
    expect(e.en).toContain('Stop the server');
    // The first opening is unharmed, and still holds the folder.
    expect(await first.query('select 1 as one')).toEqual([{ one: 1 }]);
    expect(lockOf(dataDir).pid).toBe(process.pid);

    await first.close();
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    await withDb(dataDir, async (db) => expect(await db.query('select 2 as two')).toEqual([{ two: 2 }]));
  });

  it('refuses another process while this one holds the folder; that process opens it once released', async () => {
    const dataDir = await folder();
    const db = await openDatabase({ kind: 'pglite', dataDir });
    try {
      await db.exec('create table kept (id int primary key); insert into kept values (1)');
      const { answer, exited } = openInChild(dataDir, 'close');
      const refused = await answer;
      await exited;
      expect(refused).toMatchObject({ opened: false, name: 'DataFolderInUseError' });
      expect(refused.vi).toContain(`đang được tiến trình ${process.pid} mở`);
      expect(refused.en).toContain(`is open in process ${process.pid}`);
      expect(await db.query('select id from kept')).toEqual([{ id: 1 }]);
    } finally {
      await db.close();
    }
    const { answer, exited } = openInChild(dataDir, 'close');
    expect(await answer).toMatchObject({ opened: true });
    expect(await exited).toBe(0);
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
  });

  it('refuses a CLI command beside a process holding the folder, in both languages, without a trace', async () => {
    const dataDir = await folder();
    const db = await openDatabase({ kind: 'pglite', dataDir });
    try {
      const out = join(dataDir, '..', 'sao-luu.gz');
      const run = await runCli(['backup', out, '--db', dataDir, '--as', 'admin']);
      expect(run.code).toBe(1);
      expect(run.stderr).toContain(`Thư mục CSDL nhúng ${dataDir} đang được tiến trình ${process.pid} mở`);
      expect(run.stderr).toContain(
        `The embedded database folder ${dataDir} is open in process ${process.pid}`,
      );
      expect(run.stderr).not.toMatch(/\n\s+at /);
      expect(existsSync(out)).toBe(false);
    } finally {
      await db.close();
    }
  });

  it('takes over the lock of a process killed with -9 while it held the folder', async () => {
    const dataDir = await folder();
    const { child, answer, exited } = openInChild(dataDir, 'hold');
    const held = await answer;
    expect(held).toMatchObject({ opened: true });
    expect(lockOf(dataDir).pid).toBe(held.pid);
    // Held: refused here.
    await expect(openDatabase({ kind: 'pglite', dataDir })).rejects.toBeInstanceOf(DataFolderInUseError);
    child.kill('SIGKILL');
    await exited;
    expect(lockOf(dataDir).pid).toBe(held.pid); // no clean-up after -9
    await withDb(dataDir, async (db) => {
      expect(lockOf(dataDir).pid).toBe(process.pid);
      expect(await db.query('select 1 as one')).toEqual([{ one: 1 }]);
    });
  });

  it('takes over a lock of a dead pid, of an earlier process with this pid, or torn', async () => {
    const dataDir = await folder();
    await withDb(dataDir, async () => undefined); // made once
    const stale = [
      { pid: await deadPid(), startedAt: '2026-12-01T00:00:00.000Z', hostname: 'x', token: 'dead' },
      // This pid, but started long ago (pid 1 of a container restarted): not this process.
      {
        pid: process.pid,
        startedAt: '2020-01-01T00:00:00.000Z',
        startTicks: 1,
        bootId: 'another-boot',
        hostname: 'x',
        token: 'earlier',
      },
    ];
    for (const holder of stale) {
      writeFileSync(join(dataDir, LOCK_FILE), JSON.stringify(holder));
      await withDb(dataDir, async () => expect(lockOf(dataDir).token).not.toBe(holder.token));
      expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
    }
    writeFileSync(join(dataDir, LOCK_FILE), '{"pid": 12');
    await withDb(dataDir, async () => expect(lockOf(dataDir).pid).toBe(process.pid));
  });

  it('releases the folder when its process exits without closing', async () => {
    const dataDir = await folder();
    const { answer, exited } = openInChild(dataDir, 'exit');
    expect(await answer).toMatchObject({ opened: true });
    expect(await exited).toBe(0);
    expect(existsSync(join(dataDir, LOCK_FILE))).toBe(false);
  });
});
