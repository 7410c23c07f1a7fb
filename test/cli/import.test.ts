// `giamngheo import` end to end on an embedded database directory: the template, a file with errors
// (exit 1, nothing written, error report), then the valid file (exit 0, counts), as a named user.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, type Database } from '../../src/db/index.ts';
import { registryCounts } from '../../src/db/queries/imports.ts';
import { buildWorld } from '../support/server.ts';
import {
  MEMBER_HEADERS,
  memberRow,
  smallFile,
  removeTempDirs,
  tempDir,
  writeWorkbook,
} from '../support/import-files.ts';

function run(args: string[]) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, ['bin/giamngheo.js', ...args], {
      env: { ...process.env, DATABASE_URL: undefined },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

async function withDir<T>(dataDir: string, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase({ kind: 'pglite', dataDir });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

afterAll(removeTempDirs);

describe('giamngheo import (--db)', () => {
  it(
    'writes the template, refuses a file with errors, imports a valid one as a named user',
    { timeout: 240_000 },
    async () => {
      const dir = tempDir();
      const template = join(dir, 'mau.xlsx');
      const t = await run(['import', '--template', template]);
      expect(t.code).toBe(0);
      expect(existsSync(template)).toBe(true);

      const dataDir = join(dir, 'db');
      await withDir(dataDir, async (db) => {
        await migrate(db);
        await buildWorld(db);
      });
      const bad = join(dir, 'loi.xlsx');
      await writeWorkbook(bad, [
        {
          name: 'Hộ và thành viên',
          rows: [MEMBER_HEADERS, memberRow({ ref: 'C-1', no: 1, name: 'Một', nationalId: '12345' })],
        },
      ]);
      const report = join(dir, 'bao-cao-loi.xlsx');
      const refused = await run(['import', bad, '--db', dataDir, '--as', 'xa', '--errors', report]);
      expect(refused.code).toBe(1);
      expect(refused.stdout).toContain('[Hộ và thành viên] dòng/row 2, cột/column "Số định danh cá nhân"');
      expect(refused.stdout).toContain('1 lỗi, không ghi gì / 1 errors, nothing written');
      expect(existsSync(report)).toBe(true);

      const good = join(dir, 'ho.xlsx');
      const { members, formB } = smallFile();
      await writeWorkbook(good, [
        { name: 'Hộ và thành viên', rows: members },
        { name: 'Phiếu B', rows: formB },
      ]);
      const imported = await run(['import', good, '--db', dataDir, '--as', 'xa']);
      expect(imported.stderr).toContain('Ghi hộ / writing households');
      expect(imported.code).toBe(0);
      expect(imported.stdout).toContain(
        'Hộ / households: 3 tạo mới / created, 0 cập nhật / updated, 0 không đổi / unchanged',
      );
      // Once accounts exist, a write from the console names who acts.
      const anonymous = await run(['import', good, '--db', dataDir, '--json']);
      expect(anonymous.code).toBe(2);
      expect(anonymous.stderr).toContain('--as USERNAME');
      const again = await run(['import', good, '--db', dataDir, '--as', 'tinh', '--json']);
      expect(again.code).toBe(0);
      expect(JSON.parse(again.stdout).counts.households).toEqual({ created: 0, updated: 0, unchanged: 3 });

      await withDir(dataDir, async (db) => {
        expect((await registryCounts(db)).households).toBe(6);
        const actors = await db.query<{ actorName: string }>(
          `select distinct actor_name as "actorName" from audit_log where action = 'import.file' order by 1`,
        );
        expect(actors.map((a) => a.actorName)).toEqual(['Người dùng tinh (tinh)', 'Người dùng xa (xa)']);
      });
    },
  );
});
