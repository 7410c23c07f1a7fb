// Import files for tests, written with exceljs like a commune's spreadsheet: the template's headers,
// members and Phiếu B rows from short specs, and a generator of many households.
import ExcelJS from 'exceljs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FORM_B_COLUMNS, MEMBER_COLUMNS } from '../../src/domain/imports/columns.ts';
import { book } from './rules.ts';

export type Cell = string | number | boolean | Date | null;

export const MEMBER_HEADERS = MEMBER_COLUMNS.map((c) => c.vi);
export const ND07_INDICATORS = book.standards.get('ND07_2021')!.indicators.map((i) => i.code);
export const FORM_B_HEADERS = [
  ...FORM_B_COLUMNS.filter((c) => c.key !== 'standard').map((c) => c.vi),
  ...ND07_INDICATORS.map((code) => book.indicatorNames.get(code)!.vi),
];

const made: string[] = [];

export function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gn-import-test-'));
  made.push(dir);
  return dir;
}

/** Removes the directories tempDir made (call in afterAll). */
export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** Writes sheets with exceljs's streaming writer; Date cells get the dd/mm/yyyy format (real date cells). */
export async function writeWorkbook(path: string, sheets: { name: string; rows: Cell[][] }[]): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    filename: path,
    useStyles: true,
    useSharedStrings: true,
  });
  for (const sheet of sheets) {
    const ws = wb.addWorksheet(sheet.name);
    for (const values of sheet.rows) {
      const row = ws.addRow(values);
      values.forEach((v, i) => {
        if (v instanceof Date) row.getCell(i + 1).numFmt = 'dd/mm/yyyy';
      });
      row.commit();
    }
    ws.commit();
  }
  await wb.commit();
}

export interface MemberSpec {
  ref: string;
  commune?: string;
  village?: string;
  head?: string;
  address?: string;
  ethnicity?: string;
  dtts?: boolean;
  no: number;
  name: string;
  dob?: Cell;
  sex?: string;
  relation?: string;
  nationalId?: Cell;
  phone?: Cell;
  education?: string;
  insured?: boolean;
  employment?: string;
  contract?: boolean;
}

const x = (b: boolean | undefined) => (b ? 'x' : null);

export function memberRow(m: MemberSpec): Cell[] {
  return [
    m.ref,
    m.commune ?? '01864',
    m.village ?? 'Thôn Nà Phầy',
    m.head ?? 'Chủ hộ',
    m.address ?? null,
    m.ethnicity ?? null,
    x(m.dtts),
    null,
    null,
    null,
    m.no,
    m.name,
    m.dob ?? null,
    m.sex ?? null,
    m.relation ?? null,
    m.nationalId ?? null,
    m.phone ?? null,
    m.education ?? null,
    x(m.insured),
    m.employment ?? null,
    x(m.contract),
  ];
}

export interface FormBSpec {
  ref: string;
  commune?: string;
  year?: number;
  area?: string;
  income?: Cell;
  score?: Cell;
  surveyDate?: Cell;
  deficits?: string[];
}

export function formBRow(f: FormBSpec): Cell[] {
  const set = new Set(f.deficits ?? []);
  return [
    f.ref,
    f.commune ?? '01864',
    f.year ?? 2026,
    f.area ?? null,
    f.income ?? null,
    f.score ?? null,
    f.surveyDate ?? '01/10/2026',
    ...ND07_INDICATORS.map((code) => (set.has(code) ? 'x' : null)),
  ];
}

/** A small valid file: three households in commune 01864, two with Phiếu B. */
export function smallFile(): { members: Cell[][]; formB: Cell[][] } {
  const members: MemberSpec[] = [
    {
      ref: 'NP-001',
      head: 'Hoàng Văn Páo',
      ethnicity: 'Tày',
      dtts: true,
      no: 1,
      name: 'Hoàng Văn Páo',
      dob: new Date(Date.UTC(1978, 4, 9)),
      sex: 'Nam',
      relation: 'Chủ hộ',
      nationalId: '006078001111',
      phone: '0912000111',
      education: 'Trung học cơ sở',
      insured: true,
      employment: 'Có việc làm',
    },
    {
      ref: 'NP-001',
      head: 'Hoàng Văn Páo',
      ethnicity: 'Tày',
      dtts: true,
      no: 2,
      name: 'Nông Thị Slao',
      dob: '02/11/1982',
      sex: 'Nữ',
      relation: 'Vợ',
      nationalId: '006182002222',
      education: 'Tiểu học',
      insured: true,
      employment: 'Có việc làm',
    },
    {
      ref: 'NP-002',
      head: 'Lộc Văn Sinh',
      no: 1,
      name: 'Lộc Văn Sinh',
      dob: '15/06/1990',
      sex: 'Nam',
      nationalId: '006090003333',
    },
    {
      ref: 'KT-001',
      village: 'Thôn Khuổi Trả',
      head: 'Triệu Thị Mây',
      no: 1,
      name: 'Triệu Thị Mây',
      dob: '01/01/1970',
      sex: 'Nữ',
    },
  ];
  return {
    members: [MEMBER_HEADERS, ...members.map(memberRow)],
    formB: [
      FORM_B_HEADERS,
      formBRow({ ref: 'NP-001', income: '1.400.000', deficits: ['employment', 'water', 'sanitation'] }),
      formBRow({ ref: 'KT-001', income: 2_000_000, deficits: ['water'] }),
    ],
  };
}

/** `households` households of `perHousehold` members each, over the given villages of 01864. */
export function generatedMembers(
  households: number,
  perHousehold: number,
  villages: readonly string[],
): Cell[][] {
  const rows: Cell[][] = [MEMBER_HEADERS];
  for (let h = 0; h < households; h++) {
    for (let m = 1; m <= perHousehold; m++) {
      rows.push(
        memberRow({
          ref: `G-${h}`,
          village: villages[h % villages.length]!,
          head: `Chủ hộ ${h}`,
          no: m,
          name: `Thành viên ${h}-${m}`,
          dob: `${String((m % 28) + 1).padStart(2, '0')}/0${(h % 9) + 1}/19${60 + (m % 40)}`,
          sex: m % 2 ? 'Nam' : 'Nữ',
          nationalId: String(100_000_000_000 + h * 10 + m),
          education: 'Tiểu học',
          insured: m % 3 !== 0,
          employment: 'Có việc làm',
        }),
      );
    }
  }
  return rows;
}
