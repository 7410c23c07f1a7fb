// Reads the CSV files of entered figures and of targets: every row checked, every problem reported with
// its row number, nothing returned unless all rows are good (the caller then writes all or nothing).
import { readCsv } from '../geography/csv.ts';

export const FIGURE_GROUPS = ['all', 'ethnic_minority', 'poor_districts', 'urban', 'rural'] as const;
export type FigureGroup = (typeof FIGURE_GROUPS)[number];

export interface RowError {
  row: number;
  column?: string;
  message: { vi: string; en: string };
}

export interface EnteredFigure {
  unit: string;
  year: number;
  standard: string;
  group: FigureGroup;
  totalHouseholds: number | null;
  poorHouseholds: number | null;
  nearPoorHouseholds: number | null;
  poorRate: number | null;
  nearPoorRate: number | null;
  source: string;
}

export interface TargetRow {
  unit: string;
  group: FigureGroup;
  yearFrom: number;
  yearTo: number;
  indicator: 'poor_rate';
  kind: 'reduction_pp' | 'max_level';
  lower: number | null;
  upper: number | null;
  source: string;
}

const FIGURE_COLUMNS = [
  'unit',
  'year',
  'standard',
  'group',
  'total_households',
  'poor_households',
  'near_poor_households',
  'poor_rate',
  'near_poor_rate',
  'source',
] as const;
const TARGET_COLUMNS = [
  'unit',
  'group',
  'year_from',
  'year_to',
  'indicator',
  'kind',
  'lower',
  'upper',
  'source',
] as const;

type Parsed<T> = { ok: true; rows: T[] } | { ok: false; errors: RowError[] };

/** Splits a CSV into header-checked records keyed by column name (row = line number in the file). */
function records(
  text: string,
  columns: readonly string[],
  errors: RowError[],
): { row: number; get: (c: string) => string }[] {
  const all = readCsv(text.replace(/^\uFEFF/, ''));
  const [header, ...rest] = all;
  if (!header) {
    errors.push({ row: 1, message: { vi: 'Tệp rỗng', en: 'Empty file' } });
    return [];
  }
  const names = header.cells.map((c) => c.trim().toLowerCase());
  const missing = columns.filter((c) => !names.includes(c));
  const unknown = names.filter((n) => n && !columns.includes(n));
  if (missing.length || unknown.length) {
    errors.push({
      row: header.line,
      message: {
        vi: `Sai tiêu đề cột.${missing.length ? ` Thiếu: ${missing.join(', ')}.` : ''}${unknown.length ? ` Không nhận ra: ${unknown.join(', ')}.` : ''} Cần: ${columns.join(',')}`,
        en: `Wrong header.${missing.length ? ` Missing: ${missing.join(', ')}.` : ''}${unknown.length ? ` Unknown: ${unknown.join(', ')}.` : ''} Expected: ${columns.join(',')}`,
      },
    });
    return [];
  }
  return rest
    .filter((r) => r.defect !== null || r.cells.some((c) => c.trim() !== ''))
    .map((r) => {
      if (r.defect)
        errors.push({
          row: r.line,
          message: { vi: 'Dòng không đọc được (dấu ngoặc kép)', en: 'Unreadable row (quoting)' },
        });
      return { row: r.line, get: (c: string) => (r.cells[names.indexOf(c)] ?? '').trim() };
    });
}

function int(
  value: string,
  row: number,
  column: string,
  errors: RowError[],
  opts: { min?: number; max?: number } = {},
): number | null {
  if (value === '') return null;
  const n = Number(value);
  if (
    !/^\d+$/.test(value) ||
    !Number.isSafeInteger(n) ||
    n < (opts.min ?? 0) ||
    n > (opts.max ?? Number.MAX_SAFE_INTEGER)
  ) {
    errors.push({
      row,
      column,
      message: {
        vi: `${column}: "${value}" không phải số nguyên hợp lệ`,
        en: `${column}: "${value}" is not a valid whole number`,
      },
    });
    return null;
  }
  return n;
}

function decimal(value: string, row: number, column: string, errors: RowError[], max = 100): number | null {
  if (value === '') return null;
  // Dot decimals only: "19.5". A comma here would be ambiguous with the CSV separator.
  if (!/^\d+(\.\d+)?$/.test(value) || Number(value) > max) {
    errors.push({
      row,
      column,
      message: {
        vi: `${column}: "${value}" phải là số thập phân dùng dấu chấm, từ 0 đến ${max}`,
        en: `${column}: "${value}" must be a dot-decimal number from 0 to ${max}`,
      },
    });
    return null;
  }
  return Number(value);
}

export function parseFiguresCsv(
  text: string,
  known: { standards: ReadonlySet<string>; unitExists: (code: string, year: number) => boolean },
): Parsed<EnteredFigure> {
  const errors: RowError[] = [];
  const rows: EnteredFigure[] = [];
  const seen = new Map<string, number>();
  for (const r of records(text, FIGURE_COLUMNS, errors)) {
    const before = errors.length;
    const unit = r.get('unit');
    const year = int(r.get('year'), r.row, 'year', errors, { min: 2000, max: 2100 });
    const standard = r.get('standard');
    const group = r.get('group') as FigureGroup;
    if (!/^\d{2,5}$/.test(unit))
      errors.push({
        row: r.row,
        column: 'unit',
        message: { vi: `Mã đơn vị không hợp lệ "${unit}"`, en: `Invalid unit code "${unit}"` },
      });
    else if (year !== null && !known.unitExists(unit, year)) {
      errors.push({
        row: r.row,
        column: 'unit',
        message: {
          vi: `Không có đơn vị mã ${unit} trong năm ${year}`,
          en: `No unit has code ${unit} in ${year}`,
        },
      });
    }
    if (!known.standards.has(standard))
      errors.push({
        row: r.row,
        column: 'standard',
        message: { vi: `Chuẩn nghèo "${standard}" không tồn tại`, en: `Unknown standard "${standard}"` },
      });
    if (!FIGURE_GROUPS.includes(group))
      errors.push({
        row: r.row,
        column: 'group',
        message: {
          vi: `Nhóm "${group}" không hợp lệ (${FIGURE_GROUPS.join(', ')})`,
          en: `Invalid group "${group}" (${FIGURE_GROUPS.join(', ')})`,
        },
      });
    const total = int(r.get('total_households'), r.row, 'total_households', errors);
    const poor = int(r.get('poor_households'), r.row, 'poor_households', errors);
    const nearPoor = int(r.get('near_poor_households'), r.row, 'near_poor_households', errors);
    const poorRate = decimal(r.get('poor_rate'), r.row, 'poor_rate', errors);
    const nearPoorRate = decimal(r.get('near_poor_rate'), r.row, 'near_poor_rate', errors);
    const source = r.get('source');
    if (!source)
      errors.push({
        row: r.row,
        column: 'source',
        message: { vi: 'Thiếu nguồn số liệu (văn bản, ngày)', en: 'Missing source (document and date)' },
      });
    if (poorRate === null && (poor === null || total === null) && errors.length === before) {
      errors.push({
        row: r.row,
        column: 'poor_rate',
        message: {
          vi: 'Cần tỷ lệ hộ nghèo hoặc số hộ nghèo và tổng số hộ',
          en: 'Give the poverty rate, or poor and total households',
        },
      });
    }
    if (total !== null && poor !== null && poor > total) {
      errors.push({
        row: r.row,
        column: 'poor_households',
        message: { vi: 'Số hộ nghèo lớn hơn tổng số hộ', en: 'More poor households than households' },
      });
    }
    const key = `${unit}|${year}|${standard}|${group}`;
    if (seen.has(key))
      errors.push({
        row: r.row,
        message: { vi: `Trùng với dòng ${seen.get(key)}`, en: `Duplicates row ${seen.get(key)}` },
      });
    seen.set(key, r.row);
    if (errors.length === before) {
      rows.push({
        unit,
        year: year!,
        standard,
        group,
        totalHouseholds: total,
        poorHouseholds: poor,
        nearPoorHouseholds: nearPoor,
        poorRate,
        nearPoorRate,
        source,
      });
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, rows };
}

export function parseTargetsCsv(
  text: string,
  known: { unitExists: (code: string, year: number) => boolean },
): Parsed<TargetRow> {
  const errors: RowError[] = [];
  const rows: TargetRow[] = [];
  for (const r of records(text, TARGET_COLUMNS, errors)) {
    const before = errors.length;
    const unit = r.get('unit');
    const group = r.get('group') as FigureGroup;
    const yearFrom = int(r.get('year_from'), r.row, 'year_from', errors, { min: 2000, max: 2100 });
    const yearTo = int(r.get('year_to'), r.row, 'year_to', errors, { min: 2000, max: 2100 });
    const indicator = r.get('indicator');
    const kind = r.get('kind');
    const lower = decimal(r.get('lower'), r.row, 'lower', errors);
    const upper = decimal(r.get('upper'), r.row, 'upper', errors);
    const source = r.get('source');
    if (!/^\d{2,5}$/.test(unit) || (yearFrom !== null && !known.unitExists(unit, yearFrom))) {
      errors.push({
        row: r.row,
        column: 'unit',
        message: { vi: `Đơn vị "${unit}" không tồn tại`, en: `Unknown unit "${unit}"` },
      });
    }
    if (!FIGURE_GROUPS.includes(group))
      errors.push({
        row: r.row,
        column: 'group',
        message: { vi: `Nhóm "${group}" không hợp lệ`, en: `Invalid group "${group}"` },
      });
    if (yearFrom !== null && yearTo !== null && yearTo < yearFrom)
      errors.push({
        row: r.row,
        column: 'year_to',
        message: { vi: 'Năm kết thúc trước năm bắt đầu', en: 'year_to is before year_from' },
      });
    if (indicator !== 'poor_rate')
      errors.push({
        row: r.row,
        column: 'indicator',
        message: {
          vi: `Chỉ tiêu "${indicator}" chưa hỗ trợ (poor_rate)`,
          en: `Unsupported indicator "${indicator}" (poor_rate)`,
        },
      });
    if (kind !== 'reduction_pp' && kind !== 'max_level')
      errors.push({
        row: r.row,
        column: 'kind',
        message: {
          vi: 'Loại chỉ tiêu phải là reduction_pp hoặc max_level',
          en: 'kind must be reduction_pp or max_level',
        },
      });
    if (kind === 'reduction_pp' && lower === null)
      errors.push({
        row: r.row,
        column: 'lower',
        message: { vi: 'Cần mức giảm tối thiểu (lower)', en: 'reduction_pp needs lower' },
      });
    if (kind === 'max_level' && upper === null)
      errors.push({
        row: r.row,
        column: 'upper',
        message: { vi: 'Cần mức trần (upper)', en: 'max_level needs upper' },
      });
    if (kind === 'reduction_pp' && lower !== null && upper !== null && upper < lower)
      errors.push({
        row: r.row,
        column: 'upper',
        message: { vi: 'Cận trên nhỏ hơn cận dưới', en: 'upper is below lower' },
      });
    if (!source)
      errors.push({
        row: r.row,
        column: 'source',
        message: { vi: 'Thiếu nguồn (văn bản giao chỉ tiêu)', en: 'Missing source' },
      });
    if (errors.length === before) {
      rows.push({
        unit,
        group,
        yearFrom: yearFrom!,
        yearTo: yearTo!,
        indicator: 'poor_rate',
        kind: kind as TargetRow['kind'],
        lower: kind === 'max_level' ? null : lower,
        upper,
        source,
      });
    }
  }
  return errors.length ? { ok: false, errors } : { ok: true, rows };
}
