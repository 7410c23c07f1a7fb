// The collector keeps every household of a file, with its members' fields, from the reading to the writing
// (issue #14: compactly — one object per member, codes and ticks packed, dates as numbers, a household's rows
// as a run). What the checks and the writing read of it must be what the rows said: each field, the columns
// a sheet has, every row of a household spread over the file and over two sheets, members in the file's
// order, and the cross-row errors (a member twice, a national ID twice, a household field that differs).
import { describe, expect, it } from 'vitest';
import type { RawCell } from '../../../src/domain/imports/cells.ts';
import { householdIdFor } from '../../../src/domain/imports/household-id.ts';
import { MEMBER_VALUE_KEYS } from '../../../src/domain/imports/columns.ts';
import { HOUSEHOLD_FIELDS } from '../../../src/domain/field/changes.ts';
import { Collector } from '../../../src/services/imports/collect.ts';
import { book } from '../../support/rules.ts';

const HEADER = [
  'Mã hộ (tham chiếu)',
  'Mã xã',
  'Tên thôn/bản/tổ',
  'Họ tên chủ hộ',
  'Địa chỉ',
  'Dân tộc',
  'Hộ DTTS (x)',
  'Hộ người có công (x)',
  'Hộ bảo trợ xã hội (x)',
  'Hộ không có khả năng lao động (x)',
  'STT thành viên',
  'Họ và tên',
  'Ngày sinh (dd/mm/yyyy)',
  'Giới tính (Nam/Nữ)',
  'Quan hệ với chủ hộ',
  'Số định danh cá nhân',
  'Số điện thoại',
  'Trình độ học vấn',
  'Có BHYT (x)',
  'Việc làm',
  'Có HĐLĐ (x)',
];

/** A member row: the household's fields, then the member's, by header. */
function row(fields: Partial<Record<(typeof HEADER)[number], RawCell>>, header = HEADER): RawCell[] {
  return header.map((h) => fields[h] ?? null);
}

const G1 = {
  'Mã hộ (tham chiếu)': 'G-1',
  'Mã xã': '01864',
  'Tên thôn/bản/tổ': 'Thôn Khuổi Trả',
  'Họ tên chủ hộ': 'Hoàng Văn Thắng',
  'Địa chỉ': 'Số nhà 12, đường Nguyễn Văn Cừ',
  'Dân tộc': 'Tày',
  'Hộ DTTS (x)': 'x',
  'Hộ bảo trợ xã hội (x)': 'x',
};
const G2 = { ...G1, 'Mã hộ (tham chiếu)': 'G-2', 'Họ tên chủ hộ': 'Lò Thị Dua', 'Hộ DTTS (x)': null };

const pick = <T extends object>(o: T, keys: readonly (keyof T)[]) =>
  Object.fromEntries(keys.map((k) => [k, o[k]]));
const MEMBER_KEYS = ['memberNo', ...MEMBER_VALUE_KEYS] as const;
const HOUSEHOLD_KEYS = ['communeCode', 'ref', 'villageName', ...HOUSEHOLD_FIELDS] as const;

function collect(): Collector {
  const c = new Collector(book, '2026-11-22', 'xlsx');
  c.accept({ type: 'sheet', name: 'Hộ và thành viên' });
  c.accept({ type: 'row', number: 1, cells: HEADER });
  const events: [number, RawCell[]][] = [
    [
      2,
      row({
        ...G1,
        'STT thành viên': 1,
        'Họ và tên': 'Hoàng Văn Thắng',
        'Ngày sinh (dd/mm/yyyy)': '02/01/1961',
        'Giới tính (Nam/Nữ)': 'Nam',
        'Quan hệ với chủ hộ': 'Chủ hộ',
        'Số định danh cá nhân': '001061000123',
        'Số điện thoại': '0912 345 678',
        'Trình độ học vấn': 'THCS',
        'Có BHYT (x)': 'x',
        'Việc làm': 'Có việc làm',
        'Có HĐLĐ (x)': 'x',
      }),
    ],
    [3, row({ ...G1, 'STT thành viên': 2, 'Họ và tên': 'Nông Thị Mây', 'Giới tính (Nam/Nữ)': 'Nữ' })],
    [4, row({ ...G2, 'STT thành viên': 1, 'Họ và tên': 'Lò Thị Dua' })],
    // G-1 again after G-2: its rows are 2, 3, then 5, 6 and 7.
    [5, row({ ...G1, 'STT thành viên': 2, 'Họ và tên': 'Nông Thị Mây' })],
    [
      6,
      row({
        ...G1,
        'Họ tên chủ hộ': 'Hoàng Văn Thắng (khác)',
        'STT thành viên': 3,
        'Họ và tên': 'Hoàng Thị Hoa',
        'Số định danh cá nhân': '001061000123',
        'Ngày sinh (dd/mm/yyyy)': { date: '2010-12-31' },
      }),
    ],
    [7, row({ ...G1, 'STT thành viên': 4, 'Họ và tên': 'Hoàng Văn Bình', 'Việc làm': 'Thất nghiệp' })],
  ];
  for (const [number, cells] of events) c.accept({ type: 'row', number, cells });
  // A second sheet without the phone and tick columns: G-1's fifth member, and its row 2 there.
  const narrow = HEADER.filter((h) => h !== 'Số điện thoại' && !h.endsWith('(x)'));
  c.accept({ type: 'sheet', name: 'Hộ và thành viên (2)' });
  c.accept({ type: 'row', number: 1, cells: narrow });
  c.accept({
    type: 'row',
    number: 2,
    cells: row({ ...G1, 'STT thành viên': 5, 'Họ và tên': 'Hoàng Văn Nam' }, narrow),
  });
  c.finish();
  return c;
}

describe('Collector', () => {
  const c = collect();
  const g1 = c.householdById(householdIdFor('01864', 'G-1'))!;
  const g2 = c.householdById(householdIdFor('01864', 'G-2'))!;

  it('keeps each household once, with its first row’s fields, sheet and columns', () => {
    expect([...c.households.values()]).toEqual([g1, g2]);
    expect(pick(g1.fields, HOUSEHOLD_KEYS)).toEqual({
      communeCode: '01864',
      ref: 'G-1',
      villageName: 'Thôn Khuổi Trả',
      headName: 'Hoàng Văn Thắng',
      address: 'Số nhà 12, đường Nguyễn Văn Cừ',
      ethnicity: 'Tày',
      isEthnicMinority: true,
      personOfMerit: false,
      socialProtection: true,
      noLabourCapacity: false,
    });
    expect(g2.fields.isEthnicMinority).toBe(false);
    expect([g1.id, g1.communeCode, g1.ref, g1.sheet, g1.ctx.sheet]).toEqual([
      householdIdFor('01864', 'G-1'),
      '01864',
      'G-1',
      'Hộ và thành viên',
      'Hộ và thành viên',
    ]);
    expect(g1.present.has('phone')).toBe(true);
    expect(g1.villageId).toBeUndefined();
  });

  it('lists every row of a household, wherever it is in the file', () => {
    expect(g1.rows).toEqual([2, 3, 5, 6, 7, 2]);
    expect(g2.rows).toEqual([4]);
  });

  it('keeps each member’s fields as read, in the file’s order, with its own sheet and columns', () => {
    const members = [...g1.members.values()];
    expect(members.map((m) => [m.fields.memberNo, m.sheet, m.row])).toEqual([
      [1, 'Hộ và thành viên', 2],
      [2, 'Hộ và thành viên', 3],
      [3, 'Hộ và thành viên', 6],
      [4, 'Hộ và thành viên', 7],
      [5, 'Hộ và thành viên (2)', 2],
    ]);
    expect(g1.members.size).toBe(5);
    expect(g1.members.get(3)).toBe(members[2]);
    expect(g1.members.get(9)).toBeUndefined();
    expect(pick(members[0]!.fields, MEMBER_KEYS)).toEqual({
      memberNo: 1,
      fullName: 'Hoàng Văn Thắng',
      dateOfBirth: '1961-01-02',
      sex: 'male',
      relationToHead: 'Chủ hộ',
      nationalId: '001061000123',
      phone: '0912345678',
      educationLevel: 'lower_secondary',
      healthInsurance: true,
      employment: 'employed',
      labourContract: true,
    });
    expect(pick(members[1]!.fields, MEMBER_KEYS)).toEqual({
      memberNo: 2,
      fullName: 'Nông Thị Mây',
      dateOfBirth: null,
      sex: 'female',
      relationToHead: null,
      nationalId: null,
      phone: null,
      educationLevel: null,
      healthInsurance: false,
      employment: null,
      labourContract: false,
    });
    expect(members[2]!.fields.dateOfBirth).toBe('2010-12-31');
    expect(members[3]!.fields.employment).toBe('unemployed');
    expect(members[0]!.present.has('phone')).toBe(true);
    expect(members[4]!.present.has('phone')).toBe(false);
    expect(members[4]!.present.has('healthInsurance')).toBe(false);
  });

  it('says where a national ID is first used', () => {
    const first = c.nationalIds.get('001061000123')!;
    expect([first.row, first.householdId, first.memberNo]).toEqual([2, g1.id, 1]);
    expect(c.nationalIds.size).toBe(1);
  });

  it('finds a member twice, a national ID twice and a household field that differs', () => {
    expect(c.rows).toEqual({ members: 7, formB: 0 });
    expect(c.errors.kept.map((e) => [e.sheet, e.row, e.column, e.message.en])).toEqual([
      [
        'Hộ và thành viên',
        5,
        'STT thành viên',
        'Duplicate row: household "G-1" (commune 01864) already has member 2 on row 3',
      ],
      [
        'Hộ và thành viên',
        6,
        'Họ tên chủ hộ',
        'Differs from row 2 of the same household "G-1" ("Hoàng Văn Thắng")',
      ],
      [
        'Hộ và thành viên',
        6,
        'Số định danh cá nhân',
        'National ID 001061000123 is already used for someone else on row 2',
      ],
    ]);
  });
});
