// `giamngheo forms` as an officer runs it on an embedded database: the XLSForm of Phiếu B written without a
// database, then a Phiếu A export of ODK Central imported into a monthly round — a bad row refused whole
// (exit 1, row and column named in both languages), the good file recorded and audited under the officer.
import ExcelJS from 'exceljs';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrate, openDatabase, type Database } from '../../src/db/index.ts';
import { searchAudit } from '../../src/db/queries/audit.ts';
import { loadProcedure } from '../../src/rules-loader/load-procedure.ts';
import { actorByUsername } from '../../src/services/actor.ts';
import { getRound, openReviewRound, recordRoundEvents } from '../../src/services/rounds.ts';
import { runCli } from '../support/cli.ts';
import { removeTempDirs, tempDir } from '../support/import-files.ts';
import { book } from '../support/rules.ts';
import { buildWorld } from '../support/server.ts';

const procedure = loadProcedure();

async function withDir<T>(dataDir: string, fn: (db: Database) => Promise<T>): Promise<T> {
  const db = await openDatabase({ kind: 'pglite', dataDir });
  try {
    return await fn(db);
  } finally {
    await db.close();
  }
}

afterAll(removeTempDirs);

describe('giamngheo forms', () => {
  it('writes the XLSForm of a standard; refuses an unknown one', { timeout: 60_000 }, async () => {
    const out = join(tempDir(), 'phieu-b.xlsx');
    const r = await runCli(['forms', 'xlsform', '--standard', 'ND07_2021', '--form', 'B', '--out', out]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('giamngheo_phieu_b_nd07_2021');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['survey', 'choices', 'settings']);
    const bad = await runCli(['forms', 'xlsform', '--standard', 'XX', '--out', out]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('Chuẩn nghèo "XX" không tồn tại / Unknown poverty standard "XX"');
  });

  it(
    'imports a Phiếu A export into a round: a bad row refused whole, then the file recorded',
    { timeout: 300_000 },
    async () => {
      const dir = tempDir();
      const dataDir = join(dir, 'db');
      const { world, roundId } = await withDir(dataDir, async (db) => {
        await migrate(db);
        const world = await buildWorld(db);
        const xa = (await actorByUsername(db, 'xa'))!;
        let round = await openReviewRound(
          db,
          xa,
          {
            communeCode: world.communeA,
            kind: 'regular',
            year: 2026,
            month: 3,
            applications: [{ householdId: world.h1, applicationDate: '2026-03-12' }],
          },
          { procedure, today: '2026-03-15' },
        );
        round = await recordRoundEvents(
          db,
          xa,
          {
            roundId: round.id,
            expectedCount: round.eventCount,
            events: [{ type: 'close_listing', date: '2026-03-16' }],
          },
          { procedure, today: '2026-03-16', book },
        );
        return { world, roundId: round.id };
      });
      const header =
        'SubmissionDate,grp_household-household_id,grp_household-commune_code,grp_household-survey_date,grp_household-passed,meta-instanceID,KEY';
      const row = (passed: string) =>
        `2026-03-17T09:00:00Z,${world.h1},${world.communeA},2026-03-17,${passed},uuid:x1,uuid:x1`;
      const bad = join(dir, 'loi.csv');
      writeFileSync(bad, `${header}\n${row('có lẽ')}\n`);
      const importAs = (file: string) =>
        runCli(['forms', 'import-odk', roundId, file, '--db', dataDir, '--as', 'xa']);
      const refused = await importAs(bad);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain(
        `${bad}:2 [grp_household-passed]: "có lẽ" không phải Có/Không (yes/no) / "có lẽ" is not an answer yes/no`,
      );
      expect(refused.stderr).toContain('Không nhập gì: 1 lỗi / Nothing imported: 1 error(s)');

      const good = join(dir, 'phieu-a.csv');
      writeFileSync(good, `${header}\n${row('yes')}\n`);
      const done = await importAs(good);
      expect(done.stderr).toBe('');
      expect(done.code).toBe(0);
      expect(done.stdout).toContain('Imported 1 form A submissions (ND07_2021)');
      await withDir(dataDir, async (db) => {
        const xa = (await actorByUsername(db, 'xa'))!;
        const view = await getRound(db, xa, roundId, { procedure, today: '2026-03-20' });
        expect(view.households[0]!.screening).toEqual({ date: '2026-03-17', passed: true });
        const audit = (await searchAudit(db, { action: 'odk.import', page: 1, pageSize: 10 })).rows;
        expect(audit).toHaveLength(1);
        expect(audit[0]!.actorName).toContain('(xa)');
      });
    },
  );
});
