// Vietnamese and English number formats: the hand-written grouping agrees with Intl.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatNumber, formatPercent } from '../../../src/domain/format/numbers.ts';

describe('formatNumber', () => {
  it('groups đồng the Vietnamese way', () => {
    expect(formatNumber(1_400_000, 'vi')).toBe('1.400.000');
    expect(formatNumber(1_400_000, 'en')).toBe('1,400,000');
    expect(formatNumber(999, 'vi')).toBe('999');
    expect(formatNumber(0, 'vi')).toBe('0');
    expect(formatNumber(1234.5, 'vi')).toBe('1.234,5');
  });
  it('agrees with Intl for every safe integer', () => {
    const vi = new Intl.NumberFormat('vi-VN');
    const en = new Intl.NumberFormat('en-US');
    fc.assert(
      fc.property(fc.maxSafeInteger(), (n) => {
        expect(formatNumber(n, 'vi')).toBe(vi.format(n));
        expect(formatNumber(n, 'en')).toBe(en.format(n));
      }),
    );
  });
});

describe('formatPercent', () => {
  it('19,5 % in Vietnamese, 19.5% in English', () => {
    expect(formatPercent(19.5, 'vi', 1)).toBe('19,5 %');
    expect(formatPercent(19.5, 'en', 1)).toBe('19.5%');
    expect(formatPercent(24.71, 'vi')).toBe('24,71 %');
  });
});
