// Importing households, members and Phiếu B from xlsx and CSV on both engines: a valid file, the same file
// again (nothing changes), a changed file, files with errors (nothing written), CSV, and a larger file.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Database } from '../../../src/db/index.ts';
import { searchAudit, verifyAuditChain } from '../../../src/db/queries/audit.ts';
import { registryCounts } from '../../../src/db/queries/imports.ts';
import { householdIdFor, uuidV5 } from '../../../src/domain/imports/household-id.ts';
import { assess, parseAssessment } from '../../../src/domain/standards/assessment.ts';
import { loadPrincipal } from '../../../src/server/auth/principal.ts';
import { importActor, runImport, type ImportReport } from '../../../src/services/imports/run-import.ts';
import { forEachDatabase, withAppendOnlyOff } from '../../support/databases.ts';
import { book } from '../../support/rules.ts';
import { buildWorld, TODAY, type World } from '../../support/server.ts';
import {
  FORM_B_HEADERS,
  MEMBER_HEADERS,
  formBRow,
  generatedMembers,
  memberRow,
  smallFile,
  removeTempDirs,
  tempDir,
  writeWorkbook,
  type Cell,
} from '../../support/import-files.ts';

async function importAs(
  db: Database,
  world: World,
  username: string | null,
  path: string,
  filename = 'ho.xlsx',
): Promise<ImportReport> {
  const principal = username ? (await loadPrincipal(db, world.userIds[username]!))! : null;
  return runImport({
    db,
    book,
    today: TODAY,
    actor: importActor(principal),
    path,
    filename,
    importId: 'test-import',
  });
}

async function xlsxOf(sheets: { members?: Cell[][]; formB?: Cell[][] }): Promise<string> {
  const path = join(tempDir(), 'ho.xlsx');
  await writeWorkbook(path, [
    ...(sheets.members ? [{ name: 'Hộ và thành viên', rows: sheets.members }] : []),
    ...(sheets.formB ? [{ name: 'Phiếu B', rows: sheets.formB }] : []),
  ]);
  return path;
}

function csvOf(rows: Cell[][], separator = ','): string {
  const path = join(tempDir(), 'ho.csv');
  const quote = (c: Cell) => {
    const s = c === null ? '' : String(c);
    return /[",;\n]/u.test(s) ? `"${s.replace(/"/gu, '""')}"` : s;
  };
  writeFileSync(path, `\ufeff${rows.map((r) => r.map(quote).join(separator)).join('\r\n')}\r\n`);
  return path;
}

describe('household ids', () => {
  it('are UUID v5 of commune:ref (RFC test vector, then stable)', () => {
    expect(uuidV5('www.example.com', '6ba7b810-9dad-11d1-80b4-00c04fd430c8')).toBe(
      '2ed6657d-e927-568b-95e1-2665a8aea6a2',
    );
    expect(householdIdFor('01864', 'NP-001')).toBe(householdIdFor('01864', ' NP-001 '));
    expect(householdIdFor('01864', 'NP-001')).not.toBe(householdIdFor('01865', 'NP-001'));
  });
});

afterAll(removeTempDirs);

forEachDatabase((getDb) => {
  it('imports a valid xlsx file; the same file again changes nothing', async () => {
    const db = getDb();
    const world = await buildWorld(db);
    const before = await registryCounts(db);
    const path = await xlsxOf(smallFile());

    const first = await importAs(db, world, 'xa', path);
    expect(first.errors).toEqual([]);
    expect(first.ok).toBe(true);
    expect(first.counts).toEqual({
      households: { created: 3, updated: 0, unchanged: 0 },
      members: { created: 4, updated: 0, unchanged: 0 },
      assessments: { recorded: 2, unchanged: 0 },
    });
    const after = await registryCounts(db);
    expect(after.households - before.households).toBe(3);
    expect(after.members - before.members).toBe(4);

    const id = householdIdFor('01864', 'NP-001');
    const [h] = await db.query<Record<string, unknown>>(
      `select head_name, ethnicity, is_ethnic_minority, village_id, version from households where household_id = $1`,
      [id],
    );
    expect(h).toMatchObject({
      head_name: 'Hoàng Văn Páo',
      ethnicity: 'Tày',
      is_ethnic_minority: true,
      village_id: world.villageA1,
      version: 1,
    });
    const members = await db.query<Record<string, unknown>>(
      `select member_no, full_name, date_of_birth, sex, national_id, phone, education_level, health_insurance,
         employment, labour_contract from members where household_id = $1 order by member_no`,
      [id],
    );
    expect(members).toEqual([
      {
        member_no: 1,
        full_name: 'Hoàng Văn Páo',
        date_of_birth: '1978-05-09',
        sex: 'male',
        national_id: '006078001111',
        phone: '0912000111',
        education_level: 'lower_secondary',
        health_insurance: true,
        employment: 'employed',
        labour_contract: false,
      },
      {
        member_no: 2,
        full_name: 'Nông Thị Slao',
        date_of_birth: '1982-11-02',
        sex: 'female',
        national_id: '006182002222',
        phone: null,
        education_level: 'primary',
        health_insurance: true,
        employment: 'employed',
        labour_contract: false,
      },
    ]);
    const [assessment] = await db.query<Record<string, unknown>>(
      `select standard_id, area, income_per_capita, deficits, deficit_count, class, survey_date, recorded_by
       from assessments where household_id = $1`,
      [id],
    );
    expect(assessment).toEqual({
      standard_id: 'ND07_2021',
      area: 'rural',
      income_per_capita: 1_400_000n,
      deficits: ['employment', 'water', 'sanitation'],
      deficit_count: 3,
      class: 'poor',
      survey_date: '2026-10-01',
      recorded_by: 'xa',
    });
    // The answers as read from the file and the rule's explanation are stored as JSON objects.
    const [stored] = await db.query<{ source: string; file: string; explained: boolean }>(
      `select answers ->> 'source' as source, answers ->> 'file' as file,
         jsonb_typeof(explanation) = 'object' and explanation <> '{}'::jsonb as explained
       from assessments where household_id = $1`,
      [id],
    );
    expect(stored).toEqual({ source: 'import', file: 'ho.xlsx', explained: true });
    // The explanation is the rule engine's for the row's answers (put into words again when written).
    const request = parseAssessment(book, {
      standard: 'ND07_2021',
      area: 'rural',
      incomePerCapita: 1_400_000,
      deficits: ['employment', 'water', 'sanitation'],
    });
    const expected = request.ok ? assess(book, request.value) : request;
    if (!expected.ok) throw new Error(expected.error.message.en);
    const [explained] = await db.query<{ explanation: unknown }>(
      `select explanation from assessments where household_id = $1`,
      [id],
    );
    expect(explained!.explanation).toEqual(expected.value.explanation);
    const audits = await db.query<{ action: string; n: number }>(
      `select action, count(*)::int as n from audit_log group by action order by action`,
    );
    // One entry for the batch (one commune), its hash covering the three households, and one for the file.
    expect(audits).toEqual([
      { action: 'household.import', n: 1 },
      { action: 'import.file', n: 1 },
    ]);
    const [batch] = await db.query<{ after: { householdIds: string[]; households: { id: string }[] } }>(
      `select "after" from audit_log where action = 'household.import'`,
    );
    expect(batch!.after.householdIds).toHaveLength(3);
    expect(batch!.after.households.map((h) => h.id)).toEqual(batch!.after.householdIds);
    // The household's history still lists what the import wrote to it, as its own entry.
    const history = await searchAudit(db, { householdId: id, page: 1, pageSize: 10 });
    expect(history.total).toBe(1);
    const created = history.rows[0]!;
    expect(created).toMatchObject({ action: 'household.create', entityType: 'household', householdId: id });
    expect(created.after).toMatchObject({
      ref: 'NP-001',
      headName: 'Hoàng Văn Páo',
      assessments: [{ class: 'poor' }],
    });
    expect((created.after as { members: unknown[] }).members).toHaveLength(2);
    // Another household's history does not show this one's part.
    const other = batch!.after.householdIds.find((h) => h !== id)!;
    const otherHistory = await searchAudit(db, { householdId: other, page: 1, pageSize: 10 });
    expect(otherHistory.rows.map((r) => r.householdId)).toEqual([other]);
    // Listed by commune, the batch entry names its households without all they received.
    const byUnit = await searchAudit(db, {
      unitCode: '01864',
      action: 'household.import',
      page: 1,
      pageSize: 10,
    });
    expect(byUnit.rows[0]!.after).toEqual({
      file: 'ho.xlsx',
      from: 1,
      householdIds: batch!.after.householdIds,
    });

    const again = await importAs(db, world, 'xa', path);
    expect(again.ok).toBe(true);
    expect(again.counts).toEqual({
      households: { created: 0, updated: 0, unchanged: 3 },
      members: { created: 0, updated: 0, unchanged: 4 },
      assessments: { recorded: 0, unchanged: 2 },
    });
    expect(await registryCounts(db)).toEqual(after);
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it('updates what changed: a member, a new member, a household field, a new Phiếu B result (superseding)', async () => {
    const db = getDb();
    const world = await buildWorld(db);
    await importAs(db, world, 'xa', await xlsxOf(smallFile()));
    const file = smallFile();
    file.members[2]![MEMBER_HEADERS.indexOf('Họ và tên')] = 'Nông Thị Slao (sửa)';
    file.members[3]![MEMBER_HEADERS.indexOf('Địa chỉ')] = 'Nà Phầy, Bằng Thành';
    file.members.push(
      memberRow({
        ref: 'NP-002',
        head: 'Lộc Văn Sinh',
        address: 'Nà Phầy, Bằng Thành',
        no: 2,
        name: 'Lộc Thị Hoa',
        dob: '03/03/2015',
      }),
    );
    file.formB[1] = formBRow({
      ref: 'NP-001',
      income: '1.600.000',
      deficits: ['employment', 'water', 'sanitation'],
    });

    const second = await importAs(db, world, 'xa', await xlsxOf(file));
    expect(second.errors).toEqual([]);
    expect(second.counts).toEqual({
      households: { created: 0, updated: 2, unchanged: 1 },
      members: { created: 1, updated: 1, unchanged: 3 },
      assessments: { recorded: 1, unchanged: 1 },
    });
    const id = householdIdFor('01864', 'NP-001');
    const history = await db.query<{ class: string; superseded: boolean }>(
      `select class, superseded_at is not null as superseded from assessments where household_id = $1 order by created_at, superseded_at nulls last`,
      [id],
    );
    expect(history).toEqual([
      { class: 'poor', superseded: true },
      { class: 'middle', superseded: false },
    ]);
    const [np2] = await db.query<{ address: string; version: number }>(
      'select address, version from households where household_id = $1',
      [householdIdFor('01864', 'NP-002')],
    );
    expect(np2).toEqual({ address: 'Nà Phầy, Bằng Thành', version: 2 });
    // NP-002's history: the second import's change (newest first), then its creation by the first.
    const np2History = await searchAudit(db, {
      householdId: householdIdFor('01864', 'NP-002'),
      page: 1,
      pageSize: 10,
    });
    expect(np2History.rows.map((r) => r.action)).toEqual(['household.update', 'household.create']);
    expect(np2History.rows[0]).toMatchObject({
      before: { address: null, version: 1 },
      after: {
        address: 'Nà Phầy, Bằng Thành',
        membersAdded: [{ memberNo: 2, fullName: 'Lộc Thị Hoa' }],
        version: 2,
      },
    });
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it("detects a change to one household's part of an import batch entry", async () => {
    const db = getDb();
    const world = await buildWorld(db);
    await importAs(db, world, 'xa', await xlsxOf(smallFile()));
    expect((await verifyAuditChain(db)).ok).toBe(true);
    const id = householdIdFor('01864', 'NP-001');
    // Someone with the table owner's rights rewrites the head's name recorded for one household.
    await withAppendOnlyOff(db, (tx) =>
      tx.query(
        `update audit_log set "after" = jsonb_set("after", '{households}', (
           select jsonb_agg(case when h ->> 'id' = $1 then jsonb_set(h, '{after,headName}', '"Người khác"') else h end)
           from jsonb_array_elements("after" -> 'households') h))
         where action = 'household.import'`,
        [id],
      ),
    );
    const history = await searchAudit(db, { householdId: id, page: 1, pageSize: 10 });
    expect(history.rows[0]!.after).toMatchObject({ headName: 'Người khác' });
    const verified = await verifyAuditChain(db);
    expect(verified.ok).toBe(false);
    expect(verified.ok ? null : verified.firstBroken.reason).toBe('hash_mismatch');
  });

  it('a file with errors writes nothing and names each error by row and column', async () => {
    const db = getDb();
    const world = await buildWorld(db);
    const before = await registryCounts(db);
    const members: Cell[][] = [
      [...MEMBER_HEADERS.filter((h) => h !== 'Họ và tên'), 'Ghi chú'],
      ...[
        memberRow({ ref: 'E-1', no: 1, name: 'A', dob: '31/02/1980', nationalId: '00608000123' }),
        memberRow({ ref: 'E-1', no: 1, name: 'B' }),
      ].map((r) => [...r.filter((_, i) => i !== MEMBER_HEADERS.indexOf('Họ và tên')), 'note']),
    ];
    const first = await importAs(db, world, 'xa', await xlsxOf({ members }));
    expect(first.ok).toBe(false);
    // Missing required column: the rows are not read further; the unknown column is named.
    expect(first.errors).toEqual([
      {
        sheet: 'Hộ và thành viên',
        row: 1,
        column: 'Họ và tên',
        message: {
          vi: 'Thiếu cột bắt buộc "Họ và tên"',
          en: 'Required column "Họ và tên" (Full name) is missing',
        },
      },
      expect.objectContaining({ sheet: 'Hộ và thành viên', row: 1, column: 'Ghi chú' }),
    ]);

    const rows: Cell[][] = [
      MEMBER_HEADERS,
      memberRow({ ref: 'E-1', no: 1, name: 'Người một', dob: '31/02/1980', nationalId: '00608000123' }),
      memberRow({ ref: 'E-1', no: 1, name: 'Người hai' }),
      memberRow({ ref: 'E-2', no: 1, name: 'Người ba', village: 'Thôn Không Có' }),
      memberRow({
        ref: 'E-3',
        no: 1,
        name: 'Người bốn',
        village: 'Thôn Khuổi Trả',
        nationalId: '006080001234',
      }),
      memberRow({ ref: 'E-4', no: 1, name: 'Người năm', nationalId: '006090007777' }),
      memberRow({ ref: 'E-4', no: 2, name: 'Người sáu', nationalId: '006090007777', sex: 'Không rõ' }),
    ];
    const formB: Cell[][] = [
      FORM_B_HEADERS,
      formBRow({ ref: 'KHONG-CO', income: 1_000_000 }),
      formBRow({ ref: 'E-4', income: '1,2,3' }),
    ];
    // 'thon' may write in Thôn Nà Phầy only: Thôn Khuổi Trả is outside its scope.
    const second = await importAs(db, world, 'thon', await xlsxOf({ members: rows, formB }));
    expect(second.ok).toBe(false);
    const brief = second.errors.map((e) => [e.sheet, e.row, e.column, e.message.en]);
    expect(brief).toEqual([
      [
        'Hộ và thành viên',
        2,
        'Ngày sinh (dd/mm/yyyy)',
        expect.stringContaining('Unreadable date "31/02/1980"'),
      ],
      ['Hộ và thành viên', 2, 'Số định danh cá nhân', expect.stringContaining('must be exactly 12 digits')],
      ['Hộ và thành viên', 3, 'STT thành viên', expect.stringContaining('Duplicate row: household "E-1"')],
      ['Hộ và thành viên', 4, 'Tên thôn/bản/tổ', expect.stringContaining('has no village "Thôn Không Có"')],
      ['Hộ và thành viên', 5, 'Tên thôn/bản/tổ', expect.stringContaining('outside your write scope')],
      [
        'Hộ và thành viên',
        5,
        'Số định danh cá nhân',
        expect.stringContaining('already belongs to another member'),
      ],
      [
        'Hộ và thành viên',
        7,
        'Giới tính (Nam/Nữ)',
        expect.stringContaining('"Không rõ" is not an allowed value'),
      ],
      [
        'Hộ và thành viên',
        7,
        'Số định danh cá nhân',
        expect.stringContaining('already used for someone else on row 6'),
      ],
      ['Phiếu B', 2, 'Mã hộ (tham chiếu)', expect.stringContaining('No household "KHONG-CO"')],
      [
        'Phiếu B',
        3,
        'Thu nhập bình quân (đồng/người/tháng)',
        expect.stringContaining('"1,2,3" is not a number'),
      ],
    ]);
    expect(second.errorCount).toBe(10);
    expect(await registryCounts(db)).toEqual(before);
    // Nothing written; the one entry is a read: telling the importer 006080001234 is held (its holder's).
    expect(await db.query('select action, reason from audit_log')).toEqual([
      { action: 'personal_data.national_id_taken', reason: expect.stringContaining('Nhập từ tệp') },
    ]);
  });

  it('refuses an income the rule engine refuses and a score where the standard has none, with its messages', async () => {
    const db = getDb();
    const world = await buildWorld(db);
    const path = await xlsxOf({
      members: [MEMBER_HEADERS, memberRow({ ref: 'R-1', no: 1, name: 'Một' })],
      formB: [
        FORM_B_HEADERS,
        formBRow({ ref: 'R-1', income: -5 }),
        formBRow({ ref: 'R-1', year: 2028, score: 120, deficits: ['employment'] }),
        formBRow({ ref: 'R-1', year: 2019, income: 600_000, deficits: ['employment'] }),
      ],
    });
    const report = await importAs(db, world, 'xa', path);
    expect(report.errors.map((e) => [e.row, e.column, e.message.en])).toEqual([
      [2, 'Thu nhập bình quân (đồng/người/tháng)', '"incomePerCapita" must be a non-negative amount in đồng'],
      [3, 'Điểm B1', expect.stringContaining('Standard ND351_2025 has no score-A cut-offs')],
      [4, 'Năm rà soát', expect.stringContaining('Columns missing for indicators of QD59_2015')],
    ]);
  });

  it('imports CSV files (members, then Phiếu B), told apart by their header row', async () => {
    const db = getDb();
    const world = await buildWorld(db);
    const { members, formB } = smallFile();
    const dated = members.map((r) => r.map((c) => (c instanceof Date ? '09/05/1978' : c)));
    const m = await importAs(db, world, 'xa', csvOf(dated), 'thanh-vien.csv');
    expect(m.errors).toEqual([]);
    expect(m.format).toBe('csv');
    expect(m.counts?.households.created).toBe(3);
    const b = await importAs(db, world, 'xa', csvOf(formB, ';'), 'phieu-b.csv');
    expect(b.errors).toEqual([]);
    expect(b.counts?.assessments).toEqual({ recorded: 2, unchanged: 0 });
    const again = await importAs(db, world, 'xa', csvOf(formB, ';'), 'phieu-b.csv');
    expect(again.counts?.assessments).toEqual({ recorded: 0, unchanged: 2 });
  });

  it('refuses a CSV that is not UTF-8, naming the line, and writes nothing', async () => {
    const db = getDb();
    const world = await buildWorld(db);
    const path = join(tempDir(), 'ho.csv');
    const header = Buffer.from(`${MEMBER_HEADERS.join(',')}\n`, 'utf8');
    // "Hoàng" in Windows-1258: the byte 0xE0 alone is not UTF-8.
    const line = Buffer.concat([
      Buffer.from('X-1,01864,Thôn Nà Phầy,Ho', 'utf8'),
      Buffer.from([0xe0]),
      Buffer.from('ng,,,,,,,1,A\n'),
    ]);
    writeFileSync(path, Buffer.concat([header, line]));
    const before = await registryCounts(db);
    const report = await importAs(db, world, 'xa', path, 'ho.csv');
    expect(report.ok).toBe(false);
    expect(report.errors).toEqual([
      {
        sheet: null,
        row: 2,
        column: '',
        message: {
          vi: expect.stringContaining('lưu tệp dưới dạng CSV UTF-8'),
          en: expect.stringContaining('save the file as CSV UTF-8'),
        },
      },
    ]);
    expect(await registryCounts(db)).toEqual(before);
  });

  it(
    'imports 20,000 member rows (5,000 households) streamed from xlsx',
    { timeout: 300_000 },
    async (ctx) => {
      const db = getDb();
      const world = await buildWorld(db);
      const path = join(tempDir(), 'lon.xlsx');
      await writeWorkbook(path, [
        { name: 'Hộ và thành viên', rows: generatedMembers(5000, 4, ['Thôn Nà Phầy', 'Thôn Khuổi Trả']) },
      ]);
      const t0 = performance.now();
      const report = await importAs(db, world, 'xa', path);
      const ms = performance.now() - t0;
      expect(report.errors).toEqual([]);
      expect(report.counts?.members.created).toBe(20_000);
      const t1 = performance.now();
      const again = await importAs(db, world, 'xa', path);
      const msAgain = performance.now() - t1;
      expect(again.counts?.households.unchanged).toBe(5000);
      console.log(
        `[${ctx.task.suite?.name}] 20,000 member rows: first import ${Math.round(ms)} ms (read ${Math.round(report.timings.read)}, check ${Math.round(report.timings.check)}, write ${Math.round(report.timings.write)}), ` +
          `${Math.round(20_000 / (ms / 1000))} rows/s; again (unchanged) ${Math.round(msAgain)} ms`,
      );
    },
  );
});
