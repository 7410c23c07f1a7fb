// `giamngheo opening-list import` as a commune officer runs it on an embedded database: a bad row refused whole
// (exit 1, the row and column named in both languages), a viewer and another commune's officer refused, then an
// .xlsx and a CSV list recorded as each commune's recognised opening round, audited; a second list refused.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, review, type Database } from '../../src/db/index.ts';
import { searchAudit } from '../../src/db/queries/audit.ts';
import { runCli } from '../support/cli.ts';
import { removeTempDirs, tempDir, writeWorkbook } from '../support/import-files.ts';
import { buildWorld, type World } from '../support/server.ts';

async function withDir<T>(dataDir: string, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase({ kind: 'pglite', dataDir });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

afterAll(removeTempDirs);

describe('giamngheo opening-list import (--db)', () => {
  it(
    'refuses a bad row, a viewer and another commune, imports an .xlsx and a CSV once',
    { timeout: 300_000 },
    async () => {
      const dir = tempDir();
      const dataDir = join(dir, 'db');
      const world: World = await withDir(dataDir, async (db) => {
        await migrate(db);
        return buildWorld(db);
      });
      const importAs = (as: string, commune: string, file: string, decision = '12/QĐ-UBND') =>
        runCli([
          'opening-list',
          'import',
          '--commune',
          commune,
          '--decision',
          decision,
          '--date',
          '2026-03-15',
          file,
          '--db',
          dataDir,
          '--as',
          as,
        ]);

      const bad = join(dir, 'loi.csv');
      writeFileSync(bad, `Mã hộ,Phân loại\n${world.h1},Hộ nghèo\n${world.h2},khá\n`);
      const refused = await importAs('xa', world.communeA, bad);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(
        `${bad}:3 [Phân loại]: Phân loại "khá" không hợp lệ: ghi "Hộ nghèo" hoặc "Hộ cận nghèo" / "khá" is not a class`,
      );
      expect(refused.stderr).toContain('Không nhập gì: 1 lỗi / Nothing imported: 1 error(s)');

      const xlsx = join(dir, 'danh-sach.xlsx');
      await writeWorkbook(xlsx, [
        {
          name: 'Danh sách',
          rows: [
            ['Mã hộ', 'CCCD chủ hộ', 'Phân loại'],
            [world.h1, null, 'Hộ nghèo'],
            [null, '006080009999', 'Hộ nghèo'],
          ],
        },
      ]);
      const viewer = await importAs('xem', world.communeA, xlsx);
      expect(viewer.code).toBe(1);
      expect(viewer.stderr).toMatch(/FORBIDDEN: Bạn không có quyền làm việc này/);
      const outside = await importAs('xa2', world.communeA, xlsx);
      expect(outside.code).toBe(1);
      expect(outside.stderr).toMatch(/NOT_FOUND: Không tìm thấy/);

      const ok = await importAs('xa', world.communeA, xlsx);
      expect(ok.code, ok.stderr).toBe(0);
      expect(ok.stdout).toContain(
        `Đã nhập danh sách đầu kỳ của xã ${world.communeA} (QĐ 12/QĐ-UBND ngày 2026-03-15): 2 hộ nghèo, 0 hộ cận nghèo`,
      );
      expect(ok.stdout).toContain('2 poor, 0 near-poor households');
      const again = await importAs('xa', world.communeA, xlsx, '13/QĐ-UBND');
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/RULE_VIOLATION: .*imported once, before the first round/s);

      const semicolons = join(dir, 'danh-sach-b.csv');
      writeFileSync(semicolons, '\uFEFFSố định danh chủ hộ;Phân loại\r\n006180004444;Hộ cận nghèo\r\n');
      const b = await importAs('xa2', world.communeB, semicolons, '7/QĐ-UBND');
      expect(b.code, b.stderr).toBe(0);
      expect(b.stdout).toContain('0 poor, 1 near-poor households');

      expect((await runCli(['opening-list', 'import', xlsx, '--db', dataDir, '--as', 'xa'])).code).toBe(2);

      await withDir(dataDir, async (db) => {
        const audit = (await searchAudit(db, { action: 'round.opening_list', page: 1, pageSize: 10 })).rows;
        expect(audit.map((e) => [e.unitCode, e.actorName]).sort()).toEqual(
          [
            [world.communeA, 'Người dùng xa (xa)'],
            [world.communeB, 'Người dùng xa2 (xa2)'],
          ].sort(),
        );
        for (const e of audit) {
          const round = await review.getRound(db, e.entityId!);
          expect(round).toMatchObject({ kind: 'opening', status: 'recognised', decisionDate: '2026-03-15' });
          const results = await review.roundResults(db, round!.id);
          expect(results.map((r) => [r.householdId, r.finalClass]).sort()).toEqual(
            e.unitCode === world.communeA
              ? [
                  [world.h1, 'poor'],
                  [world.h2, 'poor'],
                ].sort()
              : [[world.h3, 'near_poor']],
          );
        }
      });
    },
  );
});
