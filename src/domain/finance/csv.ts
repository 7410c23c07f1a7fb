// Reads the CSV files of plans, adjustments and payments: every row checked, every problem reported with its
// row number in Vietnamese and English; the checks that need recorded lines take them as plain data, so the
// caller can write all rows or none.
import { readCsv } from '../geography/csv.ts';
import type { RowError } from '../measures/figures-csv.ts';
import { isCalendarDate } from '../standards/facts.ts';
import { MAX_ROW_AMOUNT, parseVnd } from './money.ts';
import {
  checkAdjustment,
  checkNewPayments,
  type Adjustment,
  type CarryOver,
  type Payment,
  type PlanLine,
} from './plans.ts';
import {
  isSourceCode,
  lookupProject,
  SOURCE_CODES,
  type FinanceRules,
  type SourceCode,
} from './programmes.ts';

export type { RowError };

export const PLAN_COLUMNS = ['unit', 'year', 'project', 'source', 'amount_vnd', 'decision'] as const;
/** Optional: the allocating decision's date (without it the amount counts at every date). */
export const PLAN_OPTIONAL_COLUMNS = ['decision_date'] as const;
export const PAYMENT_COLUMNS = [
  'unit',
  'year',
  'project',
  'source',
  'date',
  'amount_vnd',
  'decision',
] as const;
export const ADJUSTMENT_COLUMNS = [
  'unit',
  'year',
  'project',
  'source',
  'date',
  'amount_vnd',
  'decision',
] as const;
export const ADJUSTMENT_OPTIONAL_COLUMNS = ['reason'] as const;

export interface UnitSpan {
  code: string;
  validFrom: string;
  validTo: string | null;
}

export type UnitResolution =
  { ok: true; code: string; validFrom: string } | { ok: false; message: { vi: string; en: string } };

/**
 * The unit version a plan of `year` is recorded against: the version valid on 1 January of the year, else
 * the first version that starts during the year (a unit created mid-year, like the communes of 1 July 2025).
 * A code re-used by the 2025 reform (01864) thus means, for 2025, the unit that held it on 1 January.
 */
export function planUnit(spans: readonly UnitSpan[], code: string, year: number): UnitResolution {
  const jan1 = `${year}-01-01`;
  const dec31 = `${year}-12-31`;
  const mine = spans.filter((s) => s.code === code).sort((a, b) => a.validFrom.localeCompare(b.validFrom));
  const found =
    mine.find((s) => s.validFrom <= jan1 && (s.validTo === null || s.validTo >= jan1)) ??
    mine.find((s) => s.validFrom > jan1 && s.validFrom <= dec31);
  if (found) return { ok: true, code, validFrom: found.validFrom };
  const used = mine.map((s) => `${s.validFrom} – ${s.validTo ?? '…'}`).join('; ');
  return {
    ok: false,
    message: mine.length
      ? {
          vi: `Mã đơn vị ${code} không dùng trong năm ${year} (dùng: ${used})`,
          en: `Unit code ${code} was not in use in ${year} (in use: ${used})`,
        }
      : { vi: `Không có đơn vị mã ${code}`, en: `No unit has code ${code}` },
  };
}

export interface CsvContext {
  rules: Pick<FinanceRules, 'programmes'>;
  resolveUnit(code: string, year: number): UnitResolution;
}

/** Which line a row is about: the unit version, year, project and source. */
export interface LineKey {
  unitCode: string;
  unitValidFrom: string;
  year: number;
  project: string;
  source: SourceCode;
}

export const lineKey = (k: LineKey): string =>
  `${k.unitCode}@${k.unitValidFrom}|${k.year}|${k.project}|${k.source}`;

export interface PlanRow extends LineKey {
  row: number;
  programme: string;
  amount: bigint;
  decision: string;
  decisionDate: string | null;
}

export interface PaymentRow extends LineKey {
  row: number;
  paidOn: string;
  amount: bigint;
  decision: string;
}

export interface AdjustmentRow extends LineKey {
  row: number;
  decisionDate: string;
  amount: bigint;
  decision: string;
  reason: string | null;
}

/** The rows that passed the checks of their own, and every error; ok when there is none. */
export interface Parsed<T> {
  ok: boolean;
  rows: T[];
  errors: RowError[];
}

interface CsvRow {
  row: number;
  get(column: string): string;
}

function records(
  text: string,
  required: readonly string[],
  optional: readonly string[],
  errors: RowError[],
): CsvRow[] {
  const [header, ...rest] = readCsv(text.replace(/^\uFEFF/, ''));
  if (!header) {
    errors.push({ row: 1, message: { vi: 'Tệp rỗng', en: 'Empty file' } });
    return [];
  }
  const names = header.cells.map((c) => c.trim().toLowerCase());
  const missing = required.filter((c) => !names.includes(c));
  const unknown = names.filter((n) => n && !required.includes(n) && !optional.includes(n));
  if (missing.length || unknown.length) {
    errors.push({
      row: header.line,
      message: {
        vi: `Sai tiêu đề cột.${missing.length ? ` Thiếu: ${missing.join(', ')}.` : ''}${unknown.length ? ` Không nhận ra: ${unknown.join(', ')}.` : ''} Cần: ${required.join(',')}`,
        en: `Wrong header.${missing.length ? ` Missing: ${missing.join(', ')}.` : ''}${unknown.length ? ` Unknown: ${unknown.join(', ')}.` : ''} Expected: ${required.join(',')}`,
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
      return {
        row: r.line,
        get: (c: string) => {
          const i = names.indexOf(c);
          return i < 0 ? '' : (r.cells[i] ?? '').trim().normalize('NFC');
        },
      };
    });
}

/** The common columns unit, year, project, source: the line key, or errors. */
function readKey(r: CsvRow, ctx: CsvContext, errors: RowError[]): (LineKey & { programme: string }) | null {
  const before = errors.length;
  const unit = r.get('unit');
  const yearText = r.get('year');
  const year = /^\d{4}$/.test(yearText) ? Number(yearText) : null;
  if (year === null)
    errors.push({
      row: r.row,
      column: 'year',
      message: { vi: `Năm không hợp lệ "${yearText}"`, en: `Invalid year "${yearText}"` },
    });
  let unitRef: { code: string; validFrom: string } | null = null;
  if (!/^\d{2,5}$/.test(unit))
    errors.push({
      row: r.row,
      column: 'unit',
      message: { vi: `Mã đơn vị không hợp lệ "${unit}"`, en: `Invalid unit code "${unit}"` },
    });
  else if (year !== null) {
    const u = ctx.resolveUnit(unit, year);
    if (u.ok) unitRef = u;
    else errors.push({ row: r.row, column: 'unit', message: u.message });
  }
  let project: { code: string; programme: string } | null = null;
  if (year !== null) {
    const p = lookupProject(ctx.rules, year, r.get('project'));
    if (p.ok) project = { code: p.code, programme: p.programme.id };
    else errors.push({ row: r.row, column: 'project', message: p.message });
  }
  const source = r.get('source');
  if (!isSourceCode(source))
    errors.push({
      row: r.row,
      column: 'source',
      message: {
        vi: `Nguồn vốn "${source}" không hợp lệ (${SOURCE_CODES.join(', ')})`,
        en: `Unknown source "${source}" (${SOURCE_CODES.join(', ')})`,
      },
    });
  if (errors.length > before || !unitRef || !project || year === null || !isSourceCode(source)) return null;
  return {
    unitCode: unitRef.code,
    unitValidFrom: unitRef.validFrom,
    year,
    project: project.code,
    programme: project.programme,
    source,
  };
}

function readAmount(r: CsvRow, errors: RowError[], opts: { signed: boolean }): bigint | null {
  const text = r.get('amount_vnd');
  const v = parseVnd(text);
  if (v === null) {
    errors.push({
      row: r.row,
      column: 'amount_vnd',
      message: {
        vi: `amount_vnd: "${text}" không phải số nguyên đồng (chỉ gồm chữ số, không dấu phân cách)`,
        en: `amount_vnd: "${text}" is not a whole number of đồng (digits only, no separators)`,
      },
    });
    return null;
  }
  if (!opts.signed && v < 0n) {
    errors.push({
      row: r.row,
      column: 'amount_vnd',
      message: { vi: `amount_vnd: số tiền âm (${text})`, en: `amount_vnd: negative amount (${text})` },
    });
    return null;
  }
  if (v > MAX_ROW_AMOUNT || v < -MAX_ROW_AMOUNT) {
    errors.push({
      row: r.row,
      column: 'amount_vnd',
      message: {
        vi: `amount_vnd: ${text} vượt quá 10^15 đồng (một triệu tỷ): kiểm tra lại đơn vị tính`,
        en: `amount_vnd: ${text} exceeds 10^15 đồng: check the unit of the amount`,
      },
    });
    return null;
  }
  return v;
}

function readDate(r: CsvRow, column: string, errors: RowError[], optional = false): string | null {
  const text = r.get(column);
  if (optional && text === '') return null;
  if (!isCalendarDate(text)) {
    errors.push({
      row: r.row,
      column,
      message: {
        vi: `${column}: ngày không hợp lệ "${text}" (YYYY-MM-DD)`,
        en: `${column}: invalid date "${text}" (YYYY-MM-DD)`,
      },
    });
    return null;
  }
  return text;
}

function readDecision(r: CsvRow, errors: RowError[]): string | null {
  const d = r.get('decision');
  if (!d) {
    errors.push({
      row: r.row,
      column: 'decision',
      message: { vi: 'Thiếu số quyết định / chứng từ', en: 'Missing the decision (or voucher) number' },
    });
    return null;
  }
  if (d.length > 300) {
    errors.push({
      row: r.row,
      column: 'decision',
      message: { vi: 'Số quyết định quá dài', en: 'Decision text too long' },
    });
    return null;
  }
  return d;
}

const sortErrors = (errors: RowError[]) => errors.sort((a, b) => a.row - b.row);

export function parsePlansCsv(text: string, ctx: CsvContext): Parsed<PlanRow> {
  const errors: RowError[] = [];
  const rows: PlanRow[] = [];
  const seen = new Map<string, number>();
  for (const r of records(text, PLAN_COLUMNS, PLAN_OPTIONAL_COLUMNS, errors)) {
    const before = errors.length;
    const key = readKey(r, ctx, errors);
    const amount = readAmount(r, errors, { signed: false });
    const decision = readDecision(r, errors);
    const decisionDate = readDate(r, 'decision_date', errors, true);
    if (key) {
      const k = lineKey(key);
      if (seen.has(k))
        errors.push({
          row: r.row,
          message: {
            vi: `Trùng dòng kế hoạch với dòng ${seen.get(k)} (cùng đơn vị, năm, dự án, nguồn vốn): thay đổi kế hoạch là một điều chỉnh`,
            en: `Same plan line as row ${seen.get(k)} (unit, year, project, source): a change to a plan is an adjustment`,
          },
        });
      else seen.set(k, r.row);
    }
    if (errors.length === before && key && amount !== null && decision) {
      rows.push({ row: r.row, ...key, amount, decision, decisionDate });
    }
  }
  return { ok: errors.length === 0, rows, errors: sortErrors(errors) };
}

export function parsePaymentsCsv(text: string, ctx: CsvContext): Parsed<PaymentRow> {
  const errors: RowError[] = [];
  const rows: PaymentRow[] = [];
  for (const r of records(text, PAYMENT_COLUMNS, [], errors)) {
    const before = errors.length;
    const key = readKey(r, ctx, errors);
    const paidOn = readDate(r, 'date', errors);
    const amount = readAmount(r, errors, { signed: false });
    if (amount === 0n)
      errors.push({
        row: r.row,
        column: 'amount_vnd',
        message: { vi: 'Số tiền giải ngân phải lớn hơn 0', en: 'A payment must be more than 0' },
      });
    const decision = readDecision(r, errors);
    if (errors.length === before && key && paidOn && amount !== null && decision) {
      const { programme: _p, ...k } = key;
      rows.push({ row: r.row, ...k, paidOn, amount, decision });
    }
  }
  return { ok: errors.length === 0, rows, errors: sortErrors(errors) };
}

export function parseAdjustmentsCsv(text: string, ctx: CsvContext): Parsed<AdjustmentRow> {
  const errors: RowError[] = [];
  const rows: AdjustmentRow[] = [];
  for (const r of records(text, ADJUSTMENT_COLUMNS, ADJUSTMENT_OPTIONAL_COLUMNS, errors)) {
    const before = errors.length;
    const key = readKey(r, ctx, errors);
    const decisionDate = readDate(r, 'date', errors);
    const amount = readAmount(r, errors, { signed: true });
    const decision = readDecision(r, errors);
    if (errors.length === before && key && decisionDate && amount !== null && decision) {
      const { programme: _p, ...k } = key;
      rows.push({ row: r.row, ...k, decisionDate, amount, decision, reason: r.get('reason') || null });
    }
  }
  return { ok: errors.length === 0, rows, errors: sortErrors(errors) };
}

/** A recorded line with everything the checks need. */
export interface LineRecord {
  line: PlanLine;
  adjustments: Adjustment[];
  payments: Payment[];
  carry: CarryOver | null;
}

const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

function noLine(row: number, k: LineKey): RowError {
  return {
    row,
    message: {
      vi: `Không có dòng kế hoạch vốn cho đơn vị ${k.unitCode}, năm ${k.year}, ${k.project}, nguồn ${k.source}: nhập kế hoạch trước`,
      en: `No plan line for unit ${k.unitCode}, ${k.year}, ${k.project}, source ${k.source}: import the plan first`,
    },
  };
}

/** Plan rows whose line is already recorded: an error each (a change is an adjustment). */
export function checkPlanRows(
  rows: readonly PlanRow[],
  find: (key: LineKey) => LineRecord | undefined,
): RowError[] {
  const errors: RowError[] = [];
  for (const r of rows) {
    const existing = find(r);
    if (existing)
      errors.push({
        row: r.row,
        message: {
          vi: `Dòng kế hoạch đã có (${existing.line.decision}${existing.line.decisionDate ? `, ${dmy(existing.line.decisionDate)}` : ''}): thay đổi kế hoạch là một điều chỉnh (finance import-adjustments)`,
          en: `The plan line is already recorded (${existing.line.decision}): a change is an adjustment (finance import-adjustments)`,
        },
      });
  }
  return errors;
}

/**
 * Payment rows against the recorded lines: each needs a line; dates within the line's year (or the
 * carry-over year, or until the day the line's programme was extended to: `extendedUntil` of its id); the
 * total paid never above the plan in force; no payment recorded twice.
 */
export function checkPaymentRows(
  rows: readonly PaymentRow[],
  find: (key: LineKey) => LineRecord | undefined,
  extendedUntil: (programme: string) => string | null = () => null,
): RowError[] {
  const errors: RowError[] = [];
  const byLine = new Map<string, { record: LineRecord; rows: PaymentRow[] }>();
  const seen = new Map<string, number>();
  for (const r of rows) {
    const record = find(r);
    if (!record) {
      errors.push(noLine(r.row, r));
      continue;
    }
    const same = `${lineKey(r)}|${r.paidOn}|${r.amount}|${r.decision}`;
    if (seen.has(same)) {
      errors.push({
        row: r.row,
        message: {
          vi: `Trùng khoản giải ngân ở dòng ${seen.get(same)}`,
          en: `Same payment as row ${seen.get(same)}`,
        },
      });
      continue;
    }
    seen.set(same, r.row);
    if (
      record.payments.some((p) => p.paidOn === r.paidOn && p.amount === r.amount && p.decision === r.decision)
    ) {
      errors.push({
        row: r.row,
        message: {
          vi: `Khoản giải ngân này đã được ghi nhận (${r.decision}, ${dmy(r.paidOn)})`,
          en: `This payment is already recorded (${r.decision}, ${r.paidOn})`,
        },
      });
      continue;
    }
    const k = lineKey(r);
    const group = byLine.get(k) ?? { record, rows: [] };
    group.rows.push(r);
    byLine.set(k, group);
  }
  for (const { record, rows: mine } of byLine.values()) {
    const problems = checkNewPayments(
      record.line,
      record.adjustments,
      record.payments,
      record.carry,
      mine,
      extendedUntil(record.line.programme),
    );
    problems.forEach((list, i) => {
      for (const p of list)
        errors.push({
          row: mine[i]!.row,
          column: p.code === 'date_outside_year' ? 'date' : 'amount_vnd',
          message: p.message,
        });
    });
  }
  return sortErrors(errors);
}

/** Adjustment rows against the recorded lines, applied in row order (each sees the ones before it). */
export function checkAdjustmentRows(
  rows: readonly AdjustmentRow[],
  find: (key: LineKey) => LineRecord | undefined,
): RowError[] {
  const errors: RowError[] = [];
  const added = new Map<string, Adjustment[]>();
  for (const r of rows) {
    const record = find(r);
    if (!record) {
      errors.push(noLine(r.row, r));
      continue;
    }
    const k = lineKey(r);
    const earlier = added.get(k) ?? [];
    const problems = checkAdjustment(
      record.line,
      [...record.adjustments, ...earlier],
      record.payments,
      record.carry,
      r,
    );
    for (const p of problems) errors.push({ row: r.row, column: 'amount_vnd', message: p.message });
    if (!problems.length) {
      earlier.push({
        planLineId: record.line.id,
        decision: r.decision,
        decisionDate: r.decisionDate,
        amount: r.amount,
      });
      added.set(k, earlier);
    }
  }
  return sortErrors(errors);
}
