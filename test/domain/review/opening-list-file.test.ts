// The opening-list file as rows of raw cells: columns by Vietnamese or English header (accents and case
// ignored), class values in either language, title rows skipped, and every unreadable cell an error naming
// its row and column.
import { describe, expect, it } from 'vitest';
import type { RawCell } from '../../../src/domain/imports/cells.ts';
import { parseOpeningList } from '../../../src/domain/review/opening-list-file.ts';

const sheet = (...rows: RawCell[][]) => rows.map((cells, i) => ({ number: i + 1, cells }));

describe('parseOpeningList', () => {
  it('reads Vietnamese headers and values, skipping title rows, STT and blank rows', () => {
    const r = parseOpeningList(
      sheet(
        ['DANH SÁCH HỘ NGHÈO, HỘ CẬN NGHÈO NĂM 2025'],
        [],
        ['STT', 'Mã hộ', 'Số định danh chủ hộ', 'Họ và tên chủ hộ', 'Thôn', 'Phân loại', 'Ghi chú'],
        [1, 'a1b2', null, null, null, 'Hộ nghèo', null],
        [2, null, '006 080 001 234', null, null, 'hộ cận nghèo', 'x'],
        [null, null, null, null, null, null, null],
        [3, null, null, 'Hoàng Văn Đức', 'Thôn Nà Phầy', 'nghèo', null],
      ),
    );
    expect(r).toMatchObject({
      ok: true,
      rows: [
        { row: 4, householdId: 'a1b2', headNationalId: null, class: 'poor' },
        { row: 5, householdId: null, headNationalId: '006080001234', class: 'near_poor' },
        { row: 7, headName: 'Hoàng Văn Đức', villageName: 'Thôn Nà Phầy', class: 'poor' },
      ],
    });
    expect(r.headers.get('headNationalId')).toBe('Số định danh chủ hộ');
  });

  it('reads English and unaccented headers and values in any case', () => {
    const r = parseOpeningList(
      sheet(
        ['HOUSEHOLD_ID', 'cccd chu ho', 'Ho va ten chu ho', 'THON', 'phan loai'],
        ['h-1', null, null, null, 'POOR'],
        [null, '006180005678', null, null, 'near_poor'],
        [null, null, 'Triệu Văn Sơn', 'Thôn Khuổi Trả', 'Can ngheo'],
        [null, null, 'Lý Thị Hoa', 'Thôn Bản Chang', 'HO NGHEO'],
      ),
    );
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.rows.map((x) => x.class)).toEqual(['poor', 'near_poor', 'near_poor', 'poor']);
    const en = parseOpeningList(
      sheet(['head_national_id', 'class'], ['006180005678', 'near poor'], ['006080001234', 'Hộ Nghèo']),
    );
    expect(en).toMatchObject({ ok: true, rows: [{ class: 'near_poor' }, { class: 'poor' }] });
  });

  it('refuses an unknown or missing class and a malformed national ID, naming row and column', () => {
    const r = parseOpeningList(
      sheet(
        ['Mã hộ', 'CCCD chủ hộ', 'Phân loại'],
        ['h-1', null, 'Hộ khá'],
        ['h-2', null, null],
        [null, '12345', 'Hộ nghèo'],
        ['h-4', null, 'Hộ nghèo'],
      ),
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.errors.map((e) => [e.row, e.column])).toEqual([
      [2, 'class'],
      [3, 'class'],
      [4, 'headNationalId'],
    ]);
    expect(r.errors[0]!.message.vi).toMatch(/"Hộ khá" không hợp lệ/);
    expect(r.errors[0]!.message.en).toMatch(/"Hộ khá" is not a class/);
    expect(r.errors[2]!.message.en).toMatch(/12 digits/);
    expect(r.headers.get('headNationalId')).toBe('CCCD chủ hộ');
  });

  it('refuses a file without a class column, without a column naming households, or a column twice', () => {
    const none = parseOpeningList(sheet(['Tiêu đề'], ['Mã hộ', 'Thôn'], ['h-1', 'Thôn A']));
    expect(none).toMatchObject({ ok: false, errors: [{ row: 1, column: 'class' }] });
    const noId = parseOpeningList(sheet(['Thôn', 'Phân loại'], ['Thôn A', 'Hộ nghèo']));
    expect(noId).toMatchObject({ ok: false, errors: [{ row: 1, column: null }] });
    const nameOnly = parseOpeningList(sheet(['Họ tên chủ hộ', 'Phân loại'], ['A', 'Hộ nghèo']));
    expect(nameOnly).toMatchObject({ ok: false, errors: [{ row: 1, column: 'villageName' }] });
    const twice = parseOpeningList(sheet(['Mã hộ', 'household_id', 'Phân loại'], ['a', 'b', 'poor']));
    expect(twice).toMatchObject({ ok: false, errors: [{ row: 1, column: 'householdId' }] });
    if (!twice.ok) expect(twice.errors[0]!.message.en).toMatch(/"household_id" appears twice/);
  });

  it('takes numeric cells as text (a household id typed as a number)', () => {
    const r = parseOpeningList(sheet(['Mã hộ', 'Phân loại'], [12345, 'poor']));
    expect(r).toMatchObject({ ok: true, rows: [{ householdId: '12345' }] });
  });
});
