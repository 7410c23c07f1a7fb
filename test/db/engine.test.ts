// The embedded engine: its worker thread loads however the process was started, and data on disk persists.
import { execFile } from 'node:child_process';
import { chmodSync, statSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { migrate, openDatabase } from '../../src/db/index.ts';
import { pgliteImage } from '../support/pglite-image.ts';

const run = promisify(execFile);
const root = fileURLToPath(new URL('../../', import.meta.url));

async function child(args: string[]): Promise<{ answer: number; version: string }> {
  const { stdout } = await run(process.execPath, args, { cwd: root, timeout: 60_000 });
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

describe('PGlite worker bootstrap', () => {
  it('loads in a process started like bin/giamngheo.js (tsx register())', async () => {
    const row = await child(['test/support/pglite-child-entry.js']);
    expect(row.answer).toBe(42);
    expect(row.version).toMatch(/PGlite/);
  });

  it('loads in a process started with node --import tsx (inherited by the worker)', async () => {
    const row = await child(['--import', 'tsx', 'test/support/pglite-child.ts']);
    expect(row.answer).toBe(42);
  });

  it('loads under vitest', async () => {
    const db = await openDatabase({ kind: 'pglite' });
    try {
      expect(await db.query('select 1 as one')).toEqual([{ one: 1 }]);
    } finally {
      await db.close();
    }
  });
});

describe('PGlite data directory', () => {
  it('creates a missing directory and keeps data across reopen', async () => {
    const dataDir = join(await mkdtemp(join(tmpdir(), 'gn-pglite-')), 'nested', 'db');
    const first = await openDatabase({ kind: 'pglite', dataDir });
    await first.exec(
      `create table kept (id int primary key, note text); insert into kept values (1, 'còn đây')`,
    );
    await first.close();
    await expect(first.query('select 1')).rejects.toThrow(/closed/);

    // Personal data: the folder is its owner's only, even one made world-readable before.
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
    chmodSync(dataDir, 0o755);
    const second = await openDatabase({ kind: 'pglite', dataDir });
    try {
      expect(statSync(dataDir).mode & 0o777).toBe(0o700);
      expect(await second.query('select * from kept')).toEqual([{ id: 1, note: 'còn đây' }]);
    } finally {
      await second.close();
    }
  });
});

describe('PGlite image (a saved data directory an in-memory database starts from)', () => {
  it('starts migrated, with pg_trgm, and what one copy writes no other copy sees', async () => {
    const image = await pgliteImage('migrated');
    const [a, b] = [
      await openDatabase({ kind: 'pglite', image }),
      await openDatabase({ kind: 'pglite', image }),
    ];
    try {
      // migrate() finds every migration applied and checksummed: nothing to do.
      expect((await migrate(a)).applied).toEqual([]);
      expect(await a.query(`select similarity('Hoàng Văn Đức', 'Hoàng Văn Đúc') > 0.3 as near`)).toEqual([
        { near: true },
      ]);
      await a.exec(`insert into reference_data_loads (name, checksum) values ('image-test', 'x')`);
      expect(await b.query(`select 1 from reference_data_loads where name = 'image-test'`)).toEqual([]);
    } finally {
      await a.close();
      await b.close();
    }
    const fresh = await openDatabase({ kind: 'pglite', image });
    try {
      expect(await fresh.query(`select 1 from reference_data_loads where name = 'image-test'`)).toEqual([]);
    } finally {
      await fresh.close();
    }
  });

  it('is for an in-memory database only', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'gn-pglite-'));
    await expect(
      openDatabase({ kind: 'pglite', dataDir, image: await pgliteImage('empty') }),
    ).rejects.toThrow(/in-memory/);
  });
});
