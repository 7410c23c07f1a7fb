// readNumber, readNationalId and readDate answer plain digits (and dd/mm/yyyy) without their regular
// expressions (issue #14: they run on every member row of an import). Their answers — values and messages — must stay those of the plain
// forms below (the forms they had before) on any text, digits and separators most of all.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  readDate,
  readNationalId,
  readNumber,
  readText,
  type RawCell,
} from '../../../src/domain/imports/cells.ts';
import { isCalendarDate } from '../../../src/domain/standards/facts.ts';

/** readNumber without its fast path. */
function plainReadNumber(cell: RawCell) {
  if (cell === null || (typeof cell === 'string' && cell.trim() === '')) return { ok: true, value: null };
  if (typeof cell === 'number')
    return Number.isFinite(cell)
      ? { ok: true, value: cell }
      : { ok: false, message: { vi: 'Số không hợp lệ', en: 'Not a valid number' } };
  if (typeof cell !== 'string')
    return { ok: false, message: { vi: 'Cần một số', en: 'A number is expected' } };
  const s = cell
    .trim()
    .replace(/\s*(đồng|đ|vnđ|vnd)$/iu, '')
    .replace(/[\s\u00a0\u202f]/gu, '');
  const notNumber = () => ({
    ok: false,
    message: { vi: `"${cell.trim()}" không phải là số`, en: `"${cell.trim()}" is not a number` },
  });
  let normal: string;
  if (/^-?\d{1,3}(\.\d{3})+(,\d+)?$/u.test(s)) normal = s.replace(/\./gu, '').replace(',', '.');
  else if (/^-?\d{1,3}(,\d{3}){2,}(\.\d+)?$/u.test(s)) normal = s.replace(/,/gu, '');
  else if (/^-?\d+,\d+$/u.test(s)) normal = s.replace(',', '.');
  else if (/^-?\d+(\.\d+)?$/u.test(s)) normal = s;
  else return notNumber();
  const n = Number(normal);
  return Number.isFinite(n) ? { ok: true, value: n } : notNumber();
}

/** readNationalId without its fast path. */
function plainReadNationalId(cell: RawCell) {
  const text = readText(cell);
  if (text === null) return { ok: true, value: null };
  const digits = text.replace(/[\s.]/gu, '');
  if (/^\d{12}$/u.test(digits)) return { ok: true, value: digits };
  const hint =
    typeof cell === 'number'
      ? {
          vi: ' (ô đang là kiểu số nên mất số 0 ở đầu: đặt cột là kiểu Văn bản)',
          en: ' (the cell is a number, which drops leading zeros: format the column as Text)',
        }
      : { vi: '', en: '' };
  return {
    ok: false,
    message: {
      vi: `Số định danh cá nhân "${text}" phải gồm đúng 12 chữ số${hint.vi}`,
      en: `National ID "${text}" must be exactly 12 digits${hint.en}`,
    },
  };
}

/** readDate without its fast path. */
function plainReadDate(cell: RawCell) {
  if (cell === null || (typeof cell === 'string' && cell.trim() === '')) return { ok: true, value: null };
  const fail = () => ({
    ok: false,
    message: {
      vi: `Ngày không đọc được "${readText(cell) ?? ''}": cần dạng dd/mm/yyyy (ví dụ 12/03/1984) hoặc ô kiểu ngày`,
      en: `Unreadable date "${readText(cell) ?? ''}": use dd/mm/yyyy (e.g. 12/03/1984) or a date cell`,
    },
  });
  if (typeof cell === 'object') return isCalendarDate(cell.date) ? { ok: true, value: cell.date } : fail();
  if (typeof cell !== 'string') return fail();
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/u.exec(cell.trim());
  if (!m) return fail();
  const pad2 = (n: number) => String(n).padStart(2, '0');
  const iso = `${m[3]}-${pad2(Number(m[2]))}-${pad2(Number(m[1]))}`;
  return isCalendarDate(iso) ? { ok: true, value: iso } : fail();
}

/** Text of digits, separators, spaces, signs and a few other characters, of any length up to 330. */
const numberish = fc.oneof(
  fc
    .array(
      fc.constantFrom(...'0123456789', '0123456789', '.', ',', ' ', '-', '\u00a0', 'đ', 'x', '٣', '１'),
      { maxLength: 20 },
    )
    .map((a) => a.join('')),
  fc.nat({ max: 330 }).map((n) => '9'.repeat(n)),
  fc.string({ maxLength: 16 }),
);

const cell: fc.Arbitrary<RawCell> = fc.oneof(
  numberish,
  numberish,
  fc.constant(null),
  fc.double(),
  fc.integer(),
  fc.boolean(),
);

/** Dates as typed, and near misses: digits and separators in every position, spaces around. */
const dateish = fc
  .tuple(
    fc.constantFrom('', ' ', '\t'),
    fc.array(fc.constantFrom(...'0123456789', '/', '.', '-', ' ', 'x', '٣'), { minLength: 6, maxLength: 12 }),
    fc.constantFrom('', ' '),
  )
  .map(([a, b, c]) => a + b.join('') + c);
const dates = fc
  .record({
    d: fc.integer({ min: 0, max: 39 }),
    m: fc.integer({ min: 0, max: 19 }),
    y: fc.integer({ min: 0, max: 9999 }),
    pad: fc.boolean(),
    sep: fc.constantFrom('/', '.', '-', ',', ' '),
  })
  .map(({ d, m, y, pad, sep }) => {
    const p = (n: number, w: number) => (pad ? String(n).padStart(w, '0') : String(n));
    return `${p(d, 2)}${sep}${p(m, 2)}${sep}${String(y).padStart(4, '0')}`;
  });

describe('cells: fast paths for plain digits', () => {
  it('readDate gives what its plain form gives', () => {
    const dateCell: fc.Arbitrary<RawCell> = fc.oneof(
      dates,
      dates,
      dateish,
      fc.string({ maxLength: 12 }),
      fc.constant(null),
      fc.integer(),
      fc.constantFrom({ date: '1984-03-12' }, { date: '2023-02-29' }),
    );
    fc.assert(
      fc.property(dateCell, (c) => {
        expect(readDate(c)).toEqual(plainReadDate(c));
      }),
      { numRuns: 30_000, seed: 1421 },
    );
  });

  it('readNumber gives what its plain form gives', () => {
    fc.assert(
      fc.property(cell, (c) => {
        expect(readNumber(c)).toEqual(plainReadNumber(c));
      }),
      { numRuns: 20_000, seed: 1419 },
    );
    for (const c of ['1', '007', '999999999999999', '9999999999999999', '9'.repeat(309), ' 12', '12 ', '']) {
      expect(readNumber(c)).toEqual(plainReadNumber(c));
    }
  });

  it('readNationalId gives what its plain form gives', () => {
    fc.assert(
      fc.property(cell, (c) => {
        expect(readNationalId(c)).toEqual(plainReadNationalId(c));
      }),
      { numRuns: 20_000, seed: 1420 },
    );
    for (const c of [
      '001234567890',
      '00123456789',
      '0012345678901',
      '001.234.567.890',
      1234567890,
      '１２３４５６７８９０１２',
    ]) {
      expect(readNationalId(c)).toEqual(plainReadNationalId(c));
    }
  });
});
