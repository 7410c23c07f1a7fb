// Reading one cell of an import file: text, Vietnamese-formatted numbers, dd/mm/yyyy dates, "x" ticks,
// codes and national IDs. Each reader returns a value or a bilingual reason it could not read the cell.
import { tidy, padCode } from '../geography/text.ts';
import { isCalendarDate } from '../standards/facts.ts';
import type { Bilingual } from '../standards/types.ts';
import { valueKey } from './columns.ts';

/**
 * A cell as the file readers hand it over: text, a number, a boolean, a date typed as a date in the
 * spreadsheet (as 'YYYY-MM-DD'), or nothing.
 */
export type RawCell = string | number | boolean | { date: string } | null;

export type CellResult<T> = { ok: true; value: T } | { ok: false; message: Bilingual };

const ok = <T>(value: T): CellResult<T> => ({ ok: true, value });
// The answers most cells get (empty, ticked, not ticked), made once: an import reads millions of cells.
const NOTHING: CellResult<null> = Object.freeze({ ok: true, value: null });
const TICKED: CellResult<boolean> = Object.freeze({ ok: true, value: true });
const UNTICKED: CellResult<boolean> = Object.freeze({ ok: true, value: false });
const bad = (vi: string, en: string): CellResult<never> => ({ ok: false, message: { vi, en } });

export function isEmpty(cell: RawCell): boolean {
  return cell === null || (typeof cell === 'string' && cell.trim() === '');
}

/** Text as written (NFC, single spaces); numbers without exponent or grouping; null when empty. */
export function readText(cell: RawCell): string | null {
  if (cell === null) return null;
  if (typeof cell === 'string') {
    const t = tidy(cell);
    return t === '' ? null : t;
  }
  if (typeof cell === 'number') return Number.isInteger(cell) ? cell.toFixed(0) : String(cell);
  if (typeof cell === 'boolean') return cell ? 'x' : null;
  return cell.date;
}

/**
 * A number written the Vietnamese way ("1.400.000", "140,5") or the English way ("1,400,000",
 * "140.5"), or a numeric cell. A dot followed by exactly three digits groups thousands ("1.500" is
 * one thousand five hundred); a comma alone is the decimal mark. Spaces and a trailing "đ"/"đồng"/"VND"
 * are allowed.
 */
export function readNumber(cell: RawCell): CellResult<number | null> {
  if (isEmpty(cell)) return NOTHING;
  if (typeof cell === 'number')
    return Number.isFinite(cell) ? ok(cell) : bad('Số không hợp lệ', 'Not a valid number');
  if (typeof cell !== 'string') return bad('Cần một số', 'A number is expected');
  // Plain digits (a member's number, a year) are what the last pattern below would take as they are.
  if (digitsOnly(cell, 15)) return ok(Number(cell));
  const s = cell
    .trim()
    .replace(/\s*(đồng|đ|vnđ|vnd)$/iu, '')
    .replace(/[\s\u00a0\u202f]/gu, '');
  let normal: string;
  if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/u.test(s)) normal = s.replace(/\./gu, '').replace(',', '.');
  else if (/^-?\d{1,3}(,\d{3}){2,}(\.\d+)?$/u.test(s)) normal = s.replace(/,/gu, '');
  else if (/^-?\d+,\d+$/u.test(s)) normal = s.replace(',', '.');
  else if (/^-?\d+(\.\d+)?$/u.test(s)) normal = s;
  else return notNumber(cell);
  const n = Number(normal);
  return Number.isFinite(n) ? ok(n) : notNumber(cell);
}

/** Whether text is 1 to `max` ASCII digits and nothing else. */
function digitsOnly(text: string, max: number): boolean {
  if (text.length === 0 || text.length > max) return false;
  for (let i = 0; i < text.length; i++) if (!isDigit(text.charCodeAt(i))) return false;
  return true;
}

// Not a closure made on every call: cells are read by the hundred thousand.
const notNumber = (cell: string) =>
  bad(`"${cell.trim()}" không phải là số`, `"${cell.trim()}" is not a number`);

/** A whole number within [min, max]. */
export function readInteger(cell: RawCell, min: number, max: number): CellResult<number | null> {
  const n = readNumber(cell);
  if (!n.ok || n.value === null) return n;
  if (!Number.isInteger(n.value) || n.value < min || n.value > max) {
    return bad(`Cần một số nguyên từ ${min} đến ${max}`, `A whole number from ${min} to ${max} is expected`);
  }
  return n;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/**
 * A date: a spreadsheet date cell, or text day/month/year ("12/03/1984", also with "-" or "."). Only
 * dates that exist; a bare number (a date cell whose format was lost) is refused, not guessed.
 */
export function readDate(cell: RawCell): CellResult<string | null> {
  if (isEmpty(cell)) return NOTHING;
  if (typeof cell === 'object' && cell !== null)
    return isCalendarDate(cell.date) ? ok(cell.date) : unreadableDate(cell);
  if (typeof cell !== 'string') return unreadableDate(cell);
  const text = cell.trim();
  const iso = dayMonthYear(text) ?? anyDayMonthYear(text);
  return iso !== null && isCalendarDate(iso) ? ok(iso) : unreadableDate(cell);
}

/** "d/m/yyyy" with one- or two-digit day and month and any of / . - between, as 'yyyy-mm-dd'; else null. */
function anyDayMonthYear(t: string): string | null {
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/u.exec(t);
  return m ? `${m[3]}-${pad2(Number(m[2]))}-${pad2(Number(m[1]))}` : null;
}

const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const isDateSeparator = (c: number) => c === 0x2f || c === 0x2e || c === 0x2d; // / . -

/**
 * "dd/mm/yyyy" as the regular expression of readDate reads it, without it (a date on every member row):
 * 'yyyy-mm-dd' when the text is two digits, a separator, two digits, a separator and four digits; null
 * for anything else (a one-digit day or month too), which the regular expression then reads.
 */
function dayMonthYear(t: string): string | null {
  if (t.length !== 10) return null;
  for (let i = 0; i < 10; i++) {
    const c = t.charCodeAt(i);
    if (i === 2 || i === 5 ? !isDateSeparator(c) : !isDigit(c)) return null;
  }
  return `${t.slice(6, 10)}-${t.slice(3, 5)}-${t.slice(0, 2)}`;
}

const unreadableDate = (cell: RawCell) =>
  bad(
    `Ngày không đọc được "${readText(cell) ?? ''}": cần dạng dd/mm/yyyy (ví dụ 12/03/1984) hoặc ô kiểu ngày`,
    `Unreadable date "${readText(cell) ?? ''}": use dd/mm/yyyy (e.g. 12/03/1984) or a date cell`,
  );

const TRUE_VALUES = new Set(['x', 'co', 'yes', 'y', '1', 'true', 'dung', '✓', '✔', 'v']);
const FALSE_VALUES = new Set(['khong', 'no', 'n', '0', 'false', 'sai', '-']);

/** A tick: "x" (or có, 1, yes…) is true; empty (or không, 0, no…) is false. */
export function readTick(cell: RawCell): CellResult<boolean> {
  if (isEmpty(cell)) return UNTICKED;
  if (typeof cell === 'boolean') return ok(cell);
  if (cell === 'x' || cell === 'X') return TICKED;
  const key = valueKey(readText(cell) ?? '');
  if (TRUE_VALUES.has(key)) return TICKED;
  if (FALSE_VALUES.has(key)) return UNTICKED;
  return bad(
    `Ô đánh dấu chỉ nhận "x" hoặc để trống, không phải "${readText(cell)}"`,
    `A tick column takes "x" or nothing, not "${readText(cell)}"`,
  );
}

const codedCache = new WeakMap<ReadonlyMap<string, string>, Map<string, string | undefined>>();

/** A value from a closed list (Vietnamese labels, English labels or codes). */
export function readCoded<T extends string>(
  cell: RawCell,
  values: ReadonlyMap<string, T>,
  allowed: readonly string[],
): CellResult<T | null> {
  const text = readText(cell);
  if (text === null) return NOTHING;
  // The same few labels repeat on every row: remember how each spelling folds.
  let seen = codedCache.get(values) as Map<string, T | undefined> | undefined;
  if (!seen) codedCache.set(values, (seen = new Map()));
  if (!seen.has(text) && seen.size < 10_000) seen.set(text, values.get(valueKey(text)));
  const code = seen.has(text) ? seen.get(text) : values.get(valueKey(text));
  if (code) return ok(code);
  return bad(
    `Giá trị "${text}" không hợp lệ; chọn một trong: ${allowed.join(', ')}`,
    `"${text}" is not an allowed value; use one of: ${allowed.join(', ')}`,
  );
}

export const SEX_VALUES = new Map<string, 'male' | 'female'>([
  ['nam', 'male'],
  ['male', 'male'],
  ['m', 'male'],
  ['nu', 'female'],
  ['female', 'female'],
  ['f', 'female'],
]);

export const AREA_VALUES = new Map<string, 'rural' | 'urban'>([
  ['nong thon', 'rural'],
  ['rural', 'rural'],
  ['thanh thi', 'urban'],
  ['urban', 'urban'],
]);

/** A commune code: digits, zero-padded to 5 (a numeric cell loses the leading zero). */
export function readCommuneCode(cell: RawCell): CellResult<string | null> {
  const text = readText(cell);
  if (text === null) return NOTHING;
  const code = padCode(text, 5);
  return code
    ? ok(code)
    : bad(`Mã xã "${text}" phải gồm 5 chữ số`, `Commune code "${text}" must be 5 digits`);
}

/** A personal identification number (số định danh cá nhân): exactly 12 digits, spaces and dots ignored. */
export function readNationalId(cell: RawCell): CellResult<string | null> {
  const text = readText(cell);
  if (text === null) return NOTHING;
  // Twelve digits as written: nothing for the replace below to take out.
  if (text.length === 12 && digitsOnly(text, 12)) return ok(text);
  const digits = text.replace(/[\s.]/gu, '');
  if (/^\d{12}$/u.test(digits)) return ok(digits);
  const hint =
    typeof cell === 'number'
      ? {
          vi: ' (ô đang là kiểu số nên mất số 0 ở đầu: đặt cột là kiểu Văn bản)',
          en: ' (the cell is a number, which drops leading zeros: format the column as Text)',
        }
      : { vi: '', en: '' };
  return bad(
    `Số định danh cá nhân "${text}" phải gồm đúng 12 chữ số${hint.vi}`,
    `National ID "${text}" must be exactly 12 digits${hint.en}`,
  );
}

/**
 * A phone number: digits, an optional leading +; spaces, dots and dashes ignored. A numeric cell of 9
 * digits lost its leading 0 (Vietnamese numbers have 10 digits and start with 0) and gets it back.
 */
export function readPhone(cell: RawCell): CellResult<string | null> {
  let text = readText(cell);
  if (text === null) return NOTHING;
  if (typeof cell === 'number' && /^\d{9}$/u.test(text)) text = `0${text}`;
  const compact = text.replace(/[\s.\-()]/gu, '');
  if (/^\+?\d{8,15}$/u.test(compact)) return ok(compact);
  return bad(`Số điện thoại "${text}" không hợp lệ`, `Phone number "${text}" is not valid`);
}

/** A code or reference typed as text or as a number (no grouping, no decimals). */
export function readRef(cell: RawCell, maxLength: number): CellResult<string | null> {
  const text = readText(cell);
  if (text === null) return NOTHING;
  if (text.length > maxLength) {
    return bad(`Dài quá ${maxLength} ký tự`, `Longer than ${maxLength} characters`);
  }
  return ok(text);
}
