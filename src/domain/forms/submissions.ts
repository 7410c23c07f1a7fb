// Reads the submissions of a Phiếu A or Phiếu B XLSForm (./xlsform.ts) as ODK Central, ODK Briefcase and
// KoBoToolbox export them (CSV, or the first sheet of an xlsx): a header row of question names with their
// group path (`grp_household-household_id` from Central, `grp_household/household_id` from KoBo, or the bare
// name), the submission's id (`meta-instanceID`, `meta/instanceID`, `KEY` or KoBo's `_uuid`), and the
// export's own columns (SubmissionDate, ReviewState, _index…), which are ignored except the review state:
// a submission rejected in Central (or not approved in KoBo) is skipped, not imported. Every cell that cannot
// be read is an error naming the row and the column as headed in the file, in Vietnamese and English; a
// submission id seen twice in the file is an error too. Pure: matching the rows to the round is the service's.
import { isEmpty, readNumber, readText, type RawCell } from '../imports/cells.ts';
import { valueKey } from '../imports/columns.ts';
import type { ImportError } from '../imports/rows.ts';
import { isCalendarDate } from '../standards/facts.ts';
import type { Bilingual, Measure, Standard } from '../standards/types.ts';
import { FIELDS, MEASURE_INCOME, MEASURE_SCORE_A, type FormKind } from './xlsform.ts';

export interface SubmissionRow {
  /** The row number a spreadsheet shows (CSV: the line the record ends on). */
  number: number;
  cells: readonly RawCell[];
}

interface Common {
  /** The row number the user sees. */
  row: number;
  /** The submission's id without its `uuid:` prefix. */
  instanceId: string;
  householdId: string;
  communeCode: string;
  villageName: string | null;
  date: string;
}

export type Submission =
  (Common & { form: 'B'; measure: Measure; deficits: string[] }) | (Common & { form: 'A'; passed: boolean });

export interface ParsedSubmissions {
  form: FormKind;
  submissions: Submission[];
  /** Rejected in ODK Central or not approved in KoBo: left out, counted. */
  skipped: number;
  errors: ImportError[];
  /** The header each field was found under, to name columns in later errors. */
  headers: Map<string, string>;
}

const ID_COLUMNS = ['instanceID', 'KEY', '_uuid'] as const;
/** Review states of a submission that must not be imported: Central's rejected, KoBo's not approved. */
const REFUSED_STATES = new Set(['rejected', 'validation_status_not_approved', 'not approved']);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/u;
const YES_VALUES = new Set(['yes', 'co', '1', 'true', 'y', 'x']);
const NO_VALUES = new Set(['no', 'khong', '0', 'false', 'n']);
const MEASURES = new Map<string, 'income' | 'scoreA'>([
  [MEASURE_INCOME, 'income'],
  [MEASURE_SCORE_A, 'scoreA'],
  ['score a', 'scoreA'],
  ['diem a', 'scoreA'],
  ['diem a (phan b1)', 'scoreA'],
  ['thu nhap binh quan dau nguoi', 'income'],
]);

/** A header's question name: the last step of its group path (`a-b-c`, `a/b/c`, KoBo's optional `a.b.c`). */
export function fieldOfHeader(header: string): string {
  const h = header.trim();
  const parts = h.split(/[-/.]/u);
  return parts[parts.length - 1] ?? h;
}

/** Which form a header row belongs to: Phiếu A answers `passed`, Phiếu B does not. */
export function formOfHeader(cells: readonly RawCell[]): FormKind {
  return cells.some((c) => typeof c === 'string' && fieldOfHeader(c) === FIELDS.passed) ? 'A' : 'B';
}

const bilingual = (vi: string, en: string): Bilingual => ({ vi, en });

/** A date as ODK exports it (YYYY-MM-DD, or a date-time starting so), or a spreadsheet date cell. */
function readOdkDate(cell: RawCell): { ok: true; value: string } | { ok: false; message: Bilingual } {
  const text = typeof cell === 'object' && cell !== null ? cell.date : readText(cell);
  const m = text ? /^(\d{4}-\d{2}-\d{2})(?:[T ].*)?$/u.exec(text) : null;
  if (m && isCalendarDate(m[1]!)) return { ok: true, value: m[1]! };
  const d = text ? /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/u.exec(text) : null;
  if (d) {
    const iso = `${d[3]}-${d[2]!.padStart(2, '0')}-${d[1]!.padStart(2, '0')}`;
    if (isCalendarDate(iso)) return { ok: true, value: iso };
  }
  return {
    ok: false,
    message: bilingual(
      `Ngày không đọc được "${text ?? ''}": cần dạng YYYY-MM-DD như ODK xuất`,
      `Unreadable date "${text ?? ''}": YYYY-MM-DD expected, as ODK exports it`,
    ),
  };
}

/**
 * Reads the rows of an export (the header first). `today` bounds the survey dates; `sheet` names the sheet
 * in errors (null for CSV). The form is told from the header unless given.
 */
export function parseSubmissions(
  standard: Standard,
  rows: readonly SubmissionRow[],
  options: { today: string; sheet: string | null; form?: FormKind },
): ParsedSubmissions {
  const { sheet, today } = options;
  const errors: ImportError[] = [];
  const headers = new Map<string, string>();
  const header = rows[0];
  const form = options.form ?? (header ? formOfHeader(header.cells) : 'B');
  const result = (submissions: Submission[], skipped: number): ParsedSubmissions => ({
    form,
    submissions,
    skipped,
    errors,
    headers,
  });
  const fileError = (column: string, vi: string, en: string) =>
    errors.push({ sheet, row: header?.number ?? 1, column, message: bilingual(vi, en) });
  if (!header) {
    fileError('', 'Tệp rỗng: không có dòng tiêu đề', 'The file is empty: no header row');
    return result([], 0);
  }
  // Each question's column (the first with that name), and the export's review-state column.
  const index = new Map<string, number>();
  for (const [i, cell] of header.cells.entries()) {
    if (typeof cell !== 'string' || !cell.trim()) continue;
    const field = fieldOfHeader(cell);
    if (!index.has(field)) {
      index.set(field, i);
      headers.set(field, cell.trim());
    }
  }
  const idField = ID_COLUMNS.find((f) => index.has(f));
  const indicators = form === 'B' ? standard.indicators.map((i) => i.code) : [];
  const required = [
    FIELDS.householdId,
    FIELDS.communeCode,
    FIELDS.date,
    ...(form === 'A' ? [FIELDS.passed] : []),
    ...indicators,
  ];
  for (const f of required)
    if (!index.has(f))
      fileError(
        f,
        `Thiếu cột "${f}" của Phiếu ${form} (${standard.id}): thu bằng biểu mẫu XLSForm của chuẩn này và xuất với tên câu hỏi (KoBo: "XML values and headers")`,
        `Column "${f}" of form ${form} (${standard.id}) is missing: collect with this standard's XLSForm and export with question names (KoBo: "XML values and headers")`,
      );
  if (form === 'B' && !index.has(FIELDS.income) && !index.has(FIELDS.scoreA))
    fileError(
      FIELDS.income,
      `Thiếu cột "${FIELDS.income}" hoặc "${FIELDS.scoreA}"`,
      `Column "${FIELDS.income}" or "${FIELDS.scoreA}" is missing`,
    );
  if (!idField)
    fileError(
      'meta-instanceID',
      'Thiếu cột mã bản ghi (meta-instanceID, KEY hoặc _uuid)',
      'The submission id column (meta-instanceID, KEY or _uuid) is missing',
    );
  if (errors.length) return result([], 0);

  const reviewState = index.get('ReviewState') ?? index.get('_validation_status');
  const seen = new Map<string, number>();
  const submissions: Submission[] = [];
  let skipped = 0;
  for (const r of rows.slice(1)) {
    if (r.cells.every(isEmpty)) continue;
    if (reviewState !== undefined) {
      const state = valueKey(readText(r.cells[reviewState] ?? null) ?? '');
      if (REFUSED_STATES.has(state)) {
        skipped++;
        continue;
      }
    }
    const before = errors.length;
    const err = (field: string, message: Bilingual) =>
      errors.push({ sheet, row: r.number, column: headers.get(field) ?? field, message });
    const cell = (field: string): RawCell => {
      const i = index.get(field);
      return i === undefined ? null : (r.cells[i] ?? null);
    };
    const text = (field: string, required: boolean): string | null => {
      const t = readText(cell(field));
      if (t === null && required) err(field, bilingual('Ô bắt buộc đang trống', 'This cell is required'));
      return t;
    };

    const instanceId = (text(idField!, true) ?? '').replace(/^uuid:/iu, '');
    if (instanceId) {
      const earlier = seen.get(instanceId);
      if (earlier !== undefined)
        err(
          idField!,
          bilingual(
            `Bản ghi ${instanceId} đã có ở dòng ${earlier} (gửi trùng)`,
            `Submission ${instanceId} is already on row ${earlier} (a duplicate)`,
          ),
        );
      else seen.set(instanceId, r.number);
    }
    const householdId = (text(FIELDS.householdId, true) ?? '').toLowerCase();
    if (householdId && !UUID.test(householdId))
      err(
        FIELDS.householdId,
        bilingual(
          `Mã hộ "${householdId}" không hợp lệ (36 ký tự, dạng xxxxxxxx-xxxx-…)`,
          `Invalid household id "${householdId}" (36 characters, xxxxxxxx-xxxx-…)`,
        ),
      );
    const communeCode = text(FIELDS.communeCode, true) ?? '';
    if (communeCode && !/^\d{5}$/u.test(communeCode))
      err(FIELDS.communeCode, bilingual('Mã xã gồm 5 chữ số', 'A commune code has five digits'));
    const villageName = text(FIELDS.villageName, false);
    let date = '';
    if (isEmpty(cell(FIELDS.date)))
      err(FIELDS.date, bilingual('Ô bắt buộc đang trống', 'This cell is required'));
    else {
      const d = readOdkDate(cell(FIELDS.date));
      if (!d.ok) err(FIELDS.date, d.message);
      else if (d.value > today)
        err(FIELDS.date, bilingual(`Ngày ${d.value} ở tương lai`, `The date ${d.value} is in the future`));
      else date = d.value;
    }
    const yesNo = (field: string): boolean | null => {
      const t = readText(cell(field));
      if (t === null) {
        err(field, bilingual('Chưa trả lời (Có/Không)', 'Not answered (yes/no)'));
        return null;
      }
      const k = valueKey(t);
      if (YES_VALUES.has(k)) return true;
      if (NO_VALUES.has(k)) return false;
      err(field, bilingual(`"${t}" không phải Có/Không (yes/no)`, `"${t}" is not an answer yes/no`));
      return null;
    };

    const common = { row: r.number, instanceId, householdId, communeCode, villageName, date };
    if (form === 'A') {
      const passed = yesNo(FIELDS.passed);
      if (errors.length === before) submissions.push({ ...common, form: 'A', passed: passed! });
      continue;
    }
    const measure = readMeasure(standard, cell, err);
    const deficits = indicators.filter((code) => yesNo(code) === true);
    if (errors.length === before && measure) submissions.push({ ...common, form: 'B', measure, deficits });
  }
  if (submissions.length === 0 && skipped === 0 && errors.length === 0)
    fileError('', 'Tệp không có bản ghi nào', 'The file has no submissions');
  return result(errors.length ? [] : submissions, skipped);
}

/** Income per person, or score A where the standard has cut-offs: as chosen, or the one answered. */
function readMeasure(
  standard: Standard,
  cell: (field: string) => RawCell,
  err: (field: string, message: Bilingual) => void,
): Measure | null {
  // undefined: the cell was wrong (already reported); null: empty.
  const number = (field: string, max: number): number | null | undefined => {
    const n = readNumber(cell(field));
    if (!n.ok) {
      err(field, n.message);
      return undefined;
    }
    if (n.value !== null && (n.value < 0 || n.value > max)) {
      err(field, bilingual(`Cần số từ 0 đến ${max}`, `A number from 0 to ${max} is expected`));
      return undefined;
    }
    return n.value;
  };
  const chosenText = readText(cell(FIELDS.measure));
  let chosen: 'income' | 'scoreA' | null = null;
  if (chosenText !== null) {
    chosen = MEASURES.get(valueKey(chosenText)) ?? null;
    if (!chosen) {
      err(
        FIELDS.measure,
        bilingual(
          `"${chosenText}" không hợp lệ: "${MEASURE_SCORE_A}" hoặc "${MEASURE_INCOME}"`,
          `"${chosenText}" is not "${MEASURE_SCORE_A}" or "${MEASURE_INCOME}"`,
        ),
      );
      return null;
    }
  }
  const income = chosen === 'scoreA' ? null : number(FIELDS.income, 1_000_000_000);
  const score = chosen === 'income' ? null : number(FIELDS.scoreA, 1000);
  if (income === undefined || score === undefined) return null;
  if (chosen === null && income !== null && score !== null) {
    err(
      FIELDS.measure,
      bilingual(
        'Có cả thu nhập và điểm A: chọn một cách đo',
        'Both income and score A are given: choose one measure',
      ),
    );
    return null;
  }
  const kind = chosen ?? (score !== null ? 'scoreA' : 'income');
  if (kind === 'scoreA' && !standard.parameters.scoreA) {
    err(
      FIELDS.scoreA,
      bilingual(
        `Chuẩn ${standard.id} không có ngưỡng điểm A: nhập thu nhập bình quân`,
        `Standard ${standard.id} has no score-A cut-offs: give the income per person`,
      ),
    );
    return null;
  }
  if (kind === 'scoreA') {
    if (score === null) {
      err(FIELDS.scoreA, bilingual('Thiếu điểm A', 'Score A is missing'));
      return null;
    }
    return { kind: 'scoreA', scoreA: score };
  }
  if (income === null) {
    err(FIELDS.income, bilingual('Thiếu thu nhập bình quân đầu người', 'The income per person is missing'));
    return null;
  }
  return { kind: 'income', incomePerCapita: income };
}
