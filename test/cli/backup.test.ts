// Issue #15, item 2, from the shell: `giamngheo backup FILE --as ADMIN` of an embedded database and
// `giamngheo restore FILE` into a new embedded folder (and into a new PostgreSQL database with
// TEST_DATABASE_URL): the same rows, the audit chain intact; a restore into a database in use is refused.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/index.ts';
import { backupTables } from '../../src/db/queries/backup.ts';
import { fullDiskEnv, runCli } from '../support/cli.ts';
import { createScratchPostgres } from '../support/databases.ts';

/** Every table's rows as the server prints them, but the entries the backup and the restore add. */
async function contents(db: Database): Promise<Record<string, string[]>> {
  const out: Record<string, string[]> = {};
  for (const t of await backupTables(db)) {
    const where = t.name === 'audit_log' ? `where action not in ('backup.create', 'backup.restore')` : '';
    const order = t.primaryKey.length ? `order by ${t.primaryKey.map((c) => `"${c}"`).join(', ')}` : '';
    out[t.name] = (
      await db.query<{ j: string }>(`select to_jsonb(t)::text as j from "${t.name}" t ${where} ${order}`)
    ).map((r) => r.j);
  }
  return out;
}

async function withDb<T>(
  config: Parameters<typeof openDatabase>[0],
  fn: (db: Database) => Promise<T>,
): Promise<T> {
  const db = await openDatabase(config);
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

describe('giamngheo backup and restore (--db)', () => {
  it('backs an embedded database up and restores it into a new one', { timeout: 600_000 }, async () => {
    const folder = mkdtempSync(join(tmpdir(), 'gn-backup-cli-'));
    const [source, target, file] = [join(folder, 'a'), join(folder, 'b'), join(folder, 'sao-luu.gz')];

    const made = await runCli(
      ['admin', 'create', 'quantri', '--name', 'Quản trị tỉnh', '--db', source],
      {},
      'Bac-Kan-19-an-toan!\n',
    );
    expect(made.code, made.stderr).toBe(0);

    const anonymous = await runCli(['backup', file, '--db', source]);
    expect(anonymous.code).toBe(2);
    expect(anonymous.stderr).toContain('--as');
    expect(existsSync(file)).toBe(false);

    const backup = await runCli(['backup', file, '--db', source, '--as', 'quantri']);
    expect(backup.code, backup.stderr).toBe(0);
    expect(backup.stderr).toContain('Backed up');
    expect(JSON.parse(backup.stdout)).toMatchObject({ file, audit: { ok: true } });
    // Personal data: readable by its owner only.
    expect(statSync(file).mode & 0o077).toBe(0);
    const again = await runCli(['backup', file, '--db', source, '--as', 'quantri']);
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('đã có');
    expect(again.stderr).toContain('already exists');

    // A disk that fills up during the backup (after 20 000 bytes of the file): the catalogue's DISK_FULL in
    // both languages naming the file, exit 1, no trace, and neither the file nor its .partial left.
    const fullDir = join(folder, 'full');
    mkdirSync(fullDir);
    const onFullDisk = join(fullDir, 'sao-luu.gz');
    const full = await runCli(
      ['backup', onFullDisk, '--db', source, '--as', 'quantri'],
      fullDiskEnv(fullDir, 20_000),
    );
    expect(full.code, full.stderr).toBe(1);
    expect(full.stderr).toContain('DISK_FULL: Đĩa đã đầy');
    expect(full.stderr).toContain('The disk is full');
    expect(full.stderr).toContain(`${onFullDisk}: Không đủ chỗ trên đĩa`);
    expect(full.stderr).not.toMatch(/\n\s+at /);
    expect(readdirSync(fullDir)).toEqual([]);

    // The source is in use (it holds rows): refused in both languages, nothing written.
    const occupied = await runCli(['restore', file, '--db', source]);
    expect(occupied.code).toBe(1);
    expect(occupied.stderr).toContain('CSDL đích không trống');
    expect(occupied.stderr).toContain('not empty');
    expect(occupied.stderr).toContain('users, audit_log');

    const restored = await runCli(['restore', file, '--db', target, '--as', 'quantri']);
    expect(restored.code, restored.stderr).toBe(0);
    expect(restored.stderr).toContain('the audit chain verifies');
    const verified = await runCli(['audit', 'verify', '--db', target]);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);

    const before = await withDb({ kind: 'pglite', dataDir: source }, contents);
    const after = await withDb({ kind: 'pglite', dataDir: target }, contents);
    expect(Object.keys(after)).toEqual(Object.keys(before));
    for (const name of Object.keys(before)) expect(after[name], name).toEqual(before[name]);
    expect(before.users).toHaveLength(1);

    const url = process.env.TEST_DATABASE_URL;
    if (url) {
      const scratch = await createScratchPostgres(url);
      try {
        const onPostgres = await runCli(['restore', file, '--as', 'quantri'], { DATABASE_URL: scratch.url });
        expect(onPostgres.code, onPostgres.stderr).toBe(0);
        const there = await withDb({ kind: 'postgres', url: scratch.url }, contents);
        for (const name of Object.keys(before)) expect(there[name], name).toEqual(before[name]);
      } finally {
        await scratch.drop();
      }
    }
  });
});
