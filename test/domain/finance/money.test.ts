// Money as integer đồng: display in đồng, triệu and tỷ with Vietnamese formatting, rates in integer
// arithmetic, and never a float on the way (properties over large bigints).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  amountToJson,
  divCeil,
  divRound,
  formatDong,
  formatMoney,
  formatRate,
  formatTrieu,
  formatTy,
  parseRatio,
  parseVnd,
  rateHundredths,
  rateNumber,
  scaledNumber,
} from '../../../src/domain/finance/money.ts';

describe('display', () => {
  it('formats large amounts in đồng, triệu and tỷ (2 decimals at most, trailing zeros trimmed)', () => {
    expect(formatDong(760_800_000_000n)).toBe('760.800.000.000 đồng');
    expect(formatDong(760_800_000_000n, 'en')).toBe('760,800,000,000 VND');
    expect(formatTrieu(760_800_000_000n)).toBe('760.800 triệu đồng');
    expect(formatTy(760_800_000_000n)).toBe('760,8 tỷ đồng');
    expect(formatTy(478_930_000_000n)).toBe('478,93 tỷ đồng');
    expect(formatTy(478_930_000_000n, 'en')).toBe('478.93 billion VND');
    expect(formatTy(219_940_000_000n)).toBe('219,94 tỷ đồng');
    expect(formatTy(232_180_000_000n)).toBe('232,18 tỷ đồng');
    expect(formatTy(1_000_000_000n)).toBe('1 tỷ đồng');
    expect(formatTy(48_000_000_000_000n)).toBe('48.000 tỷ đồng');
    expect(formatTy(423_000_000_000_000n, 'en')).toBe('423,000 billion VND');
    expect(formatTrieu(1_234_567n)).toBe('1,23 triệu đồng');
  });

  it('rounds half up at the second decimal, only for display', () => {
    expect(scaledNumber(478_925_000_000n, 'ty', 'vi')).toBe('478,93');
    expect(scaledNumber(478_924_999_999n, 'ty', 'vi')).toBe('478,92');
    expect(scaledNumber(999_995_000n, 'ty', 'vi')).toBe('1');
    expect(scaledNumber(-1_505_000_000n, 'ty', 'vi')).toBe('-1,51');
    expect(scaledNumber(-4_000_000n, 'ty', 'vi')).toBe('0');
  });

  it('picks the scale a report would use', () => {
    expect(formatMoney(760_800_000_000n)).toBe('760,8 tỷ đồng');
    expect(formatMoney(25_500_000n)).toBe('25,5 triệu đồng');
    expect(formatMoney(999_999n)).toBe('999.999 đồng');
  });
});

describe('rates and integer division', () => {
  it('gives the Bắc Kạn rate: 478,93 of 760,8 tỷ is 62,95 %', () => {
    const r = rateHundredths(478_930_000_000n, 760_800_000_000n)!;
    expect(r).toBe(6295n);
    expect(formatRate(r)).toBe('62,95');
    expect(formatRate(r, 'en')).toBe('62.95');
    expect(rateNumber(r)).toBe(62.95);
    expect(rateHundredths(1n, 0n)).toBeNull();
    expect(rateNumber(null)).toBeNull();
  });

  it('rounds half away from zero, and up for ceilings', () => {
    expect(divRound(5n, 2n)).toBe(3n);
    expect(divRound(-5n, 2n)).toBe(-3n);
    expect(divRound(4n, 3n)).toBe(1n);
    expect(divCeil(4n, 3n)).toBe(2n);
    expect(divCeil(6n, 3n)).toBe(2n);
    expect(() => divRound(1n, 0n)).toThrow();
  });

  it('reads amounts as digits only, and exact ratios', () => {
    expect(parseVnd('760800000000')).toBe(760_800_000_000n);
    expect(parseVnd('-5')).toBe(-5n);
    for (const bad of ['1.5', '1e9', '760.800.000.000', ' 1', '', '0x10', '١٢'])
      expect(parseVnd(bad)).toBeNull();
    expect(parseRatio('0.1')).toEqual({ num: 1n, den: 10n });
    expect(parseRatio('0.125')).toEqual({ num: 125n, den: 1000n });
    expect(parseRatio('abc')).toBeNull();
  });

  it('refuses a JSON number that could not be exact', () => {
    expect(amountToJson(10n ** 15n)).toBe(1e15);
    expect(() => amountToJson(2n ** 53n)).toThrow(/JSON/);
  });
});

describe('no floating point (properties over large bigints)', () => {
  const big = fc.bigInt({ min: 0n, max: 10n ** 20n });
  const positive = fc.bigInt({ min: 1n, max: 10n ** 20n });

  it('the rate equals the exact fraction rounded half up: |rate − 10000·d/p| ≤ 1/2', () => {
    fc.assert(
      fc.property(big, positive, (d, p) => {
        const r = rateHundredths(d, p)!;
        // Exact check in integers: |2·r·p − 2·10000·d| ≤ p.
        const diff = 2n * r * p - 20_000n * d;
        return (diff < 0n ? -diff : diff) <= p;
      }),
    );
  });

  it('display in tỷ is the exact value to the hundredth, whatever the size', () => {
    fc.assert(
      fc.property(big, (v) => {
        const shown = scaledNumber(v, 'ty', 'en').replaceAll(',', '');
        const [whole, frac = ''] = shown.split('.');
        const hundredths = BigInt(whole!) * 100n + BigInt((frac + '00').slice(0, 2));
        const diff = hundredths * 10_000_000n - v; // 1 hundredth of a tỷ = 10^7 đồng
        return diff <= 5_000_000n && diff > -5_000_000n;
      }),
    );
  });

  it('grouping keeps every digit of đồng amounts beyond 2^53', () => {
    fc.assert(
      fc.property(big, (v) => formatDong(v, 'vi').replace(' đồng', '').replaceAll('.', '') === v.toString()),
    );
  });
});
