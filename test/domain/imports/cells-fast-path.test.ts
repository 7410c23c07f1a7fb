// readNumber and readNationalId answer plain digits without their regular expressions (issue #14: they run
// on every member row of an import). Their answers — values and messages — must stay those of the plain
// forms below (the forms they had before) on any text, digits and separators most of all.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readNationalId, readNumber, readText, type RawCell } from '../../../src/domain/imports/cells.ts';

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

describe('cells: fast paths for plain digits', () => {
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
