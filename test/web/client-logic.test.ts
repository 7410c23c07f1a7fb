// The client's pure helpers: Vietnamese formats, reading grouped numbers, placing the server's field errors
// on form items, the before → after of audit entries, and today as the server counts it.
import { describe, expect, it } from 'vitest';
import { ApiError, placeFieldErrors, staleChanges } from '../../web/src/api/errors.ts';
import { diffLines } from '../../web/src/lib/diff.ts';
import {
  formatDate,
  formatDateTime,
  formatNumber,
  formatPercent,
  parseGroupedNumber,
} from '../../web/src/lib/format.ts';
import { todayFrom, vietnamDay } from '../../web/src/lib/today.ts';

const msg = (vi: string, en = vi) => ({ vi, en });

describe('formats', () => {
  it('writes dates as dd/mm/yyyy, timestamps in Vietnam time', () => {
    expect(formatDate('2020-03-04')).toBe('04/03/2020');
    expect(formatDate(null)).toBe('—');
    // 17:30 UTC on 31 Dec is already the next day in Vietnam (UTC+7).
    expect(formatDate('2025-12-31T17:30:00.000Z')).toBe('01/01/2026');
    expect(formatDateTime('2026-11-22T07:05:00.000Z')).toBe('22/11/2026 14:05');
  });

  it('groups digits with dots in Vietnamese and commas in English', () => {
    expect(formatNumber(1400000, 'vi')).toBe('1.400.000');
    expect(formatNumber('1400000', 'en')).toBe('1,400,000');
    expect(formatNumber(null, 'vi')).toBe('—');
  });

  it('writes percentages as 19,5 % (vi) and 19.5% (en)', () => {
    expect(formatPercent(19.5, 'vi')).toBe('19,5 %');
    expect(formatPercent(19.5, 'en')).toBe('19.5%');
  });

  it('reads numbers typed with the language grouping', () => {
    expect(parseGroupedNumber('1.400.000', 'vi')).toBe(1400000);
    expect(parseGroupedNumber('1,400,000', 'en')).toBe(1400000);
    expect(parseGroupedNumber('2,5', 'vi')).toBe(2.5);
    expect(parseGroupedNumber('', 'vi')).toBeNull();
    expect(parseGroupedNumber('abc', 'en')).toBeNull();
  });
});

describe('field errors', () => {
  const memberPrefixes = [/^body\.change\./, /^body\.member\./, /^body\.members\.\d+\./];
  const names = ['fullName', 'nationalId', 'phone'];

  it('places member paths on the member form items, the rest stays for the alert', () => {
    const { placed, rest } = placeFieldErrors(
      [
        { path: 'body.members.0.nationalId', message: msg('Số định danh đã có ở hộ khác') },
        {
          path: 'body.change.phone',
          message: msg('body.change.phone: sai định dạng', 'body.change.phone: bad'),
        },
        { path: 'body.version', message: msg('thiếu') },
      ],
      memberPrefixes,
      names,
    );
    expect(placed).toEqual([
      { name: ['nationalId'], message: msg('Số định danh đã có ở hộ khác') },
      // The path the server prefixes its validation messages with is dropped inline.
      { name: ['phone'], message: msg('sai định dạng', 'bad') },
    ]);
    expect(rest.map((f) => f.path)).toEqual(['body.version']);
  });

  it('keeps list indexes as numbers for nested form items', () => {
    const { placed } = placeFieldErrors(
      [{ path: 'body.scopes.1.unitCode', message: msg('x') }],
      [/^body\./],
      ['scopes'],
    );
    expect(placed[0]!.name).toEqual(['scopes', 1, 'unitCode']);
  });

  it('reads the changes of a 409 and ignores malformed ones', () => {
    const e = new ApiError(409, {
      code: 'STALE_VERSION',
      message: msg('Hồ sơ đã được người khác sửa'),
      changes: [
        {
          at: '2026-11-22T07:00:00.000Z',
          by: 'Người dùng xa (xa)',
          action: 'member.update',
          before: {},
          after: {},
        },
        { nonsense: true },
      ],
    } as never);
    expect(e.code).toBe('STALE_VERSION');
    expect(staleChanges(e).map((c) => c.by)).toEqual(['Người dùng xa (xa)']);
  });

  it('a network failure has its own bilingual message', () => {
    const e = new ApiError(0, undefined);
    expect(e.code).toBe('NETWORK');
    expect(e.text.vi).toMatch(/máy chủ/);
  });
});

describe('audit diff', () => {
  it('lists only the changed fields, without the version counter', () => {
    expect(
      diffLines({ fullName: 'Nông Thị Mai', version: 1 }, { fullName: 'Nông Thị Mây', version: 2 }),
    ).toEqual([{ key: 'fullName', from: 'Nông Thị Mai', to: 'Nông Thị Mây', kind: 'changed' }]);
  });

  it('shows what a creation set, and the version when nothing else changed', () => {
    expect(diffLines(null, { class: 'poor' })).toEqual([{ key: 'class', to: 'poor', kind: 'added' }]);
    expect(diffLines({ version: 1 }, { version: 2 })).toEqual([
      { key: 'version', from: 1, to: 2, kind: 'changed' },
    ]);
    expect(diffLines(null, null)).toEqual([]);
  });
});

describe('today as the server counts it', () => {
  it('takes the day in Vietnam, not the UTC date nor the device time zone', () => {
    // 23:30 UTC is already 06:30 the next morning in Vietnam; 16:59 UTC is still the same day there.
    expect(vietnamDay(new Date('2026-11-21T23:30:00Z'))).toBe('2026-11-22');
    expect(vietnamDay(new Date('2026-11-22T16:59:00Z'))).toBe('2026-11-22');
    expect(vietnamDay(new Date('2026-11-22T17:00:00Z'))).toBe('2026-11-23');
  });

  it("moves the server's day on by the days the device has counted since it was told", () => {
    // A tablet whose clock says 2020 (a flat clock battery), told by the server that it is 22/11/2026.
    const anchor = { server: '2026-11-22', device: '2020-01-01' };
    expect(todayFrom(anchor, '2020-01-01')).toBe('2026-11-22');
    // Past midnight, and three days offline in the village: the same days on.
    expect(todayFrom(anchor, '2020-01-02')).toBe('2026-11-23');
    expect(todayFrom(anchor, '2020-01-04')).toBe('2026-11-25');
    // Across a month's and a year's end.
    expect(todayFrom({ server: '2026-12-30', device: '2026-12-30' }, '2027-01-02')).toBe('2027-01-02');
    expect(todayFrom({ server: '2028-02-28', device: '2028-02-28' }, '2028-03-01')).toBe('2028-03-01');
    // Nothing told yet: the device's own day.
    expect(todayFrom(null, '2026-12-07')).toBe('2026-12-07');
  });
});
