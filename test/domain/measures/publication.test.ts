// Publication helpers: small-cell suppression, DHIS2 dataValueSets, CSV for Excel.
import { describe, expect, it } from 'vitest';
import { toDataValueSet } from '../../../src/domain/measures/dhis2.ts';
import { suppressSmallCells } from '../../../src/domain/measures/suppression.ts';
import { toCsv } from '../../../src/domain/measures/table-csv.ts';

describe('small-cell suppression', () => {
  it('hides counts under the threshold, their rates, and the complementary cell', () => {
    const rows = suppressSmallCells(
      [
        { unit: 'A', name: 'Thôn A', households: 120, poor: 30, nearPoor: 12 },
        { unit: 'B', name: 'Thôn B', households: 80, poor: 3, nearPoor: 10 },
        { unit: 'C', name: 'Thôn C', households: 4, poor: 1, nearPoor: 0 },
        { unit: 'D', name: 'Thôn D', households: 50, poor: 0, nearPoor: 0 },
        // A second small village, so no single hidden cell is left for the column rule below.
        { unit: 'E', name: 'Thôn E', households: 3, poor: 2, nearPoor: 1 },
      ],
      5,
    );
    expect(rows[0]).toEqual({
      unit: 'A',
      name: 'Thôn A',
      households: 120,
      poor: 30,
      nearPoor: 12,
      poorRate: 25,
      suppressed: false,
    });
    expect(rows[1]).toMatchObject({
      households: 80,
      poor: null,
      nearPoor: null,
      poorRate: null,
      suppressed: true,
    });
    expect(rows[2]).toMatchObject({ households: null, poor: null, suppressed: true });
    // Zero is not a small cell: nobody can be recognised in a zero.
    expect(rows[3]).toMatchObject({ poor: 0, poorRate: 0, suppressed: false });
  });
  it('hides a second cell where one hidden cell would be the published total minus the others', () => {
    const rows = suppressSmallCells(
      [
        { unit: 'A', name: 'Thôn A', households: 120, poor: 30, nearPoor: 12 },
        { unit: 'B', name: 'Thôn B', households: 80, poor: 3, nearPoor: 10 },
        { unit: 'C', name: 'Thôn C', households: 60, poor: 9, nearPoor: 7 },
      ],
      5,
    );
    // B's poor (3) is small and takes B's near-poor with it (row rule); each column then has one hidden
    // cell, so the smallest other one goes too: C's poor (9) and C's near-poor (7).
    expect(rows.map((r) => [r.poor, r.nearPoor])).toEqual([
      [30, 12],
      [null, null],
      [null, null],
    ]);
    expect(rows.map((r) => r.households)).toEqual([120, 80, 60]);
    expect(rows.map((r) => r.suppressed)).toEqual([false, true, true]);
  });
  it('a village whose household count is hidden counts as hidden in every column', () => {
    const rows = suppressSmallCells(
      [
        { unit: 'A', name: 'Thôn A', households: 120, poor: 30, nearPoor: 12 },
        { unit: 'B', name: 'Thôn B', households: 4, poor: 0, nearPoor: 0 },
        { unit: 'C', name: 'Thôn C', households: 90, poor: 20, nearPoor: 15 },
      ],
      5,
    );
    // B hidden whole; then C (the smaller of the rest) loses each column in turn.
    expect(rows[1]).toMatchObject({ households: null, poor: null, nearPoor: null });
    expect(rows[2]).toMatchObject({ households: null, poor: null, nearPoor: null, poorRate: null });
    expect(rows[0]!.suppressed).toBe(false);
  });
  it('the threshold is configurable', () => {
    expect(
      suppressSmallCells([{ unit: 'B', name: 'B', households: 80, poor: 3, nearPoor: 10 }], 3)[0]!.suppressed,
    ).toBe(false);
  });
});

describe('DHIS2', () => {
  it('one data value per unit, year and element; unmapped units reported', () => {
    const { payload, unmapped } = toDataValueSet(
      [
        { unit: '01864', year: 2026, group: 'all', households: 512, poor: 130, nearPoor: 60 },
        { unit: '99999', year: 2026, group: 'all', households: 1, poor: 0, nearPoor: 0 },
      ],
      {
        orgUnits: { '01864': 'ouBangThanh' },
        dataElements: { households: 'deHH', poor: 'dePoor', near_poor: 'deNear' },
        categoryOptionCombos: { all: 'cocDefault' },
      },
    );
    expect(payload.dataValues).toEqual([
      {
        dataElement: 'deHH',
        period: '2026',
        orgUnit: 'ouBangThanh',
        categoryOptionCombo: 'cocDefault',
        value: '512',
      },
      {
        dataElement: 'dePoor',
        period: '2026',
        orgUnit: 'ouBangThanh',
        categoryOptionCombo: 'cocDefault',
        value: '130',
      },
      {
        dataElement: 'deNear',
        period: '2026',
        orgUnit: 'ouBangThanh',
        categoryOptionCombo: 'cocDefault',
        value: '60',
      },
    ]);
    expect(unmapped).toEqual(['unit 99999']);
  });
});

describe('CSV', () => {
  it('quotes where needed and starts with a BOM for Excel', () => {
    expect(toCsv(['Đơn vị', 'Ghi chú'], [['Xã Bằng Thành', 'có "dấu", phẩy']])).toBe(
      '\uFEFFĐơn vị,Ghi chú\r\nXã Bằng Thành,"có ""dấu"", phẩy"\r\n',
    );
  });
});
