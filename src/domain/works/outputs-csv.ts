// Reads the CSV of other outputs (unit,year,indicator,planned,achieved,source): every row checked, each problem
// with its row number in Vietnamese and English, so the caller can write all rows or none.
import { readCsv } from '../geography/csv.ts';
import type { RowError } from '../measures/figures-csv.ts';
import type { UnitResolution } from '../finance/csv.ts';
import { indicatorOf, type OutputsRules } from './catalogue.ts';
import { parseQuantity } from './quantity.ts';

export type { RowError };

export const OUTPUT_COLUMNS = ['unit', 'year', 'indicator', 'planned', 'achieved', 'source'] as const;

export interface OutputRow {
  row: number;
  unitCode: string;
  unitValidFrom: string;
  year: number;
  indicator: string;
  /** Hundredths; null when the cell is empty (nothing planned or reported yet). */
  planned: bigint | null;
  achieved: bigint | null;
  source: string | null;
}

export interface OutputsCsvContext {
  rules: OutputsRules;
  /** The unit version a row of `year` is about (as plans are resolved: the code's holder on 1 January). */
  resolveUnit(code: string, year: number): UnitResolution;
}

export function parseOutputsCsv(
  text: string,
  ctx: OutputsCsvContext,
): { ok: boolean; rows: OutputRow[]; errors: RowError[] } {
  const errors: RowError[] = [];
  const rows: OutputRow[] = [];
  const [header, ...rest] = readCsv(text.replace(/^\uFEFF/, ''));
  if (!header)
    return { ok: false, rows, errors: [{ row: 1, message: { vi: 'Tệp rỗng', en: 'Empty file' } }] };
  const names = header.cells.map((c) => c.trim().toLowerCase());
  const missing = OUTPUT_COLUMNS.filter((c) => !names.includes(c));
  const unknown = names.filter((n) => n && !(OUTPUT_COLUMNS as readonly string[]).includes(n));
  if (missing.length || unknown.length) {
    errors.push({
      row: header.line,
      message: {
        vi: `Sai tiêu đề cột.${missing.length ? ` Thiếu: ${missing.join(', ')}.` : ''}${unknown.length ? ` Không nhận ra: ${unknown.join(', ')}.` : ''} Cần: ${OUTPUT_COLUMNS.join(',')}`,
        en: `Wrong header.${missing.length ? ` Missing: ${missing.join(', ')}.` : ''}${unknown.length ? ` Unknown: ${unknown.join(', ')}.` : ''} Expected: ${OUTPUT_COLUMNS.join(',')}`,
      },
    });
    return { ok: false, rows, errors };
  }
  const seen = new Map<string, number>();
  for (const r of rest) {
    if (r.defect === null && r.cells.every((c) => c.trim() === '')) continue;
    const row = r.line;
    if (r.defect) {
      errors.push({
        row,
        message: { vi: 'Dòng không đọc được (dấu ngoặc kép)', en: 'Unreadable row (quoting)' },
      });
      continue;
    }
    const get = (c: string) => (r.cells[names.indexOf(c)] ?? '').trim().normalize('NFC');
    const before = errors.length;
    const yearText = get('year');
    const year = /^\d{4}$/.test(yearText) ? Number(yearText) : null;
    if (year === null)
      errors.push({
        row,
        column: 'year',
        message: { vi: `Năm không hợp lệ "${yearText}"`, en: `Invalid year "${yearText}"` },
      });
    const unit = get('unit');
    let ref: { code: string; validFrom: string } | null = null;
    if (!/^\d{2,5}$/.test(unit))
      errors.push({
        row,
        column: 'unit',
        message: { vi: `Mã đơn vị không hợp lệ "${unit}"`, en: `Invalid unit code "${unit}"` },
      });
    else if (year !== null) {
      const u = ctx.resolveUnit(unit, year);
      if (u.ok) ref = u;
      else errors.push({ row, column: 'unit', message: u.message });
    }
    const indicator = get('indicator');
    if (!indicatorOf(ctx.rules, indicator))
      errors.push({
        row,
        column: 'indicator',
        message: {
          vi: `Chỉ tiêu "${indicator}" không có trong rules/outputs/tt10-outputs.yaml`,
          en: `Indicator "${indicator}" is not in rules/outputs/tt10-outputs.yaml`,
        },
      });
    const quantity = (column: 'planned' | 'achieved') => {
      const text = get(column);
      if (text === '') return null;
      const q = parseQuantity(text);
      if (q === null)
        errors.push({
          row,
          column,
          message: {
            vi: `${column}: "${text}" không phải số không âm (tối đa 2 chữ số thập phân)`,
            en: `${column}: "${text}" is not a non-negative number (at most 2 decimals)`,
          },
        });
      return q;
    };
    const planned = quantity('planned');
    const achieved = quantity('achieved');
    if (get('planned') === '' && get('achieved') === '')
      errors.push({
        row,
        message: { vi: 'Cần ít nhất kế hoạch hoặc thực hiện', en: 'Give at least planned or achieved' },
      });
    const source = get('source');
    if (source.length > 300)
      errors.push({ row, column: 'source', message: { vi: 'Nguồn quá dài', en: 'Source text too long' } });
    if (ref && year !== null) {
      const key = `${ref.code}@${ref.validFrom}|${year}|${indicator}`;
      if (seen.has(key))
        errors.push({
          row,
          message: {
            vi: `Trùng với dòng ${seen.get(key)} (cùng đơn vị, năm, chỉ tiêu)`,
            en: `Same unit, year and indicator as row ${seen.get(key)}`,
          },
        });
      else seen.set(key, row);
    }
    if (errors.length === before && ref && year !== null)
      rows.push({
        row,
        unitCode: ref.code,
        unitValidFrom: ref.validFrom,
        year,
        indicator,
        planned,
        achieved,
        source: source || null,
      });
  }
  errors.sort((a, b) => a.row - b.row);
  return { ok: errors.length === 0, rows, errors };
}
