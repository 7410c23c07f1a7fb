// The allocation calculator: worked examples with the 2026–2030 coefficients (villages 1; zone III, border,
// island, safe or special zone 50; zone II 40; zone I 30; others 25; the highest only), parts always exact.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocate, AllocationError, communeCoefficient } from '../../../src/domain/finance/allocation.ts';
import { coefficientSetOf } from '../../../src/domain/finance/programmes.ts';
import { loadFinanceRules } from '../../../src/rules-loader/load-finance.ts';

const rules = loadFinanceRules();
const set = coefficientSetOf(rules, 2026)!;

describe('coefficients from data', () => {
  it('is the 2026–2030 set of NQ 257/2025/QH15, and none for 2025', () => {
    expect(set.id).toBe('NQ257_2026_2030');
    expect(coefficientSetOf(rules, 2030)?.id).toBe('NQ257_2026_2030');
    expect(coefficientSetOf(rules, 2025)).toBeUndefined();
  });

  it('cites QĐ 16/2026/QĐ-TTg, which sets the 2026–2035 criteria, and stays unverified until read', () => {
    expect(set.citation).toContain('Quyết định 16/2026/QĐ-TTg ngày 15/4/2026');
    expect(set.verified).toBe(false);
    const entry = rules.counterpartMinimum.entries.find((e) => e.province === '19' && e.years.from === 2026)!;
    expect(entry).toMatchObject({ minimumShare: null, verified: false });
    expect(entry.citation).toContain('Quyết định 16/2026/QĐ-TTg');
    expect(rules.counterpartMinimum.citation).toContain('Quyết định 16/2026/QĐ-TTg');
  });

  it('takes only the highest commune category, plus 1 per extremely difficult village', () => {
    expect(
      communeCoefficient(set, { categories: ['zone_iii'], extremelyDifficultVillages: 0 }).coefficient,
    ).toBe(50n);
    expect(
      communeCoefficient(set, { categories: ['zone_i', 'border'], extremelyDifficultVillages: 0 })
        .coefficient,
    ).toBe(50n);
    expect(
      communeCoefficient(set, { categories: ['zone_ii', 'zone_i'], extremelyDifficultVillages: 3 })
        .coefficient,
    ).toBe(43n);
    const other = communeCoefficient(set, { categories: [], extremelyDifficultVillages: 2 });
    expect(other.coefficient).toBe(27n);
    expect(other.basis.category.code).toBe('other');
    expect(() => communeCoefficient(set, { categories: ['zone_iv'], extremelyDifficultVillages: 0 })).toThrow(
      AllocationError,
    );
  });
});

describe('allocate', () => {
  it('shares 1 tỷ among 50 / 40 / 30 / 25 (+ villages), summing exactly, with the working', () => {
    const kids = [
      { unit: 'A', ...communeCoefficient(set, { categories: ['zone_iii'], extremelyDifficultVillages: 3 }) }, // 53
      { unit: 'B', ...communeCoefficient(set, { categories: ['zone_ii'], extremelyDifficultVillages: 0 }) }, // 40
      { unit: 'C', ...communeCoefficient(set, { categories: ['zone_i'], extremelyDifficultVillages: 0 }) }, // 30
      { unit: 'D', ...communeCoefficient(set, { categories: ['other'], extremelyDifficultVillages: 0 }) }, // 25
    ];
    const r = allocate({ total: 1_000_000_000n, children: kids });
    expect(r.totalCoefficient).toBe(148n);
    // 10^9 × 53/148 = 358 108 108,108…; × 40/148 = 270 270 270,270…; × 30/148 = 202 702 702,702…;
    // × 25/148 = 168 918 918,918…  Floors sum to 999 999 998: the 2 đồng left go to the largest remainders (D, C).
    expect(r.lines.map((l) => [l.unit, l.coefficient, l.amount, l.roundedUp])).toEqual([
      ['A', 53n, 358_108_108n, false],
      ['B', 40n, 270_270_270n, false],
      ['C', 30n, 202_702_703n, true],
      ['D', 25n, 168_918_919n, true],
    ]);
    expect(r.lines.reduce((s, l) => s + l.amount, 0n)).toBe(1_000_000_000n);
    expect(r.lines[0]!.shareHundredths).toBe(3581n);
    expect(r.lines[0]!.working.vi).toBe(
      'A: hệ số 50 (Xã khu vực III) + 3 thôn đặc biệt khó khăn × 1 = 53; tỷ trọng 53/148 = 35,81%; 1.000.000.000 đồng × 53/148 = 358.108.108,11 → 358.108.108 đồng',
    );
    expect(r.lines[3]!.working.en).toContain('→ 168,918,919 VND (rounded up by 1 VND)');
  });

  it('rounds in steps (whole triệu) and still sums exactly', () => {
    const r = allocate({
      total: 10_000_000_000n,
      step: 1_000_000n,
      children: [
        { unit: 'X', coefficient: 50n },
        { unit: 'Y', coefficient: 50n },
        { unit: 'Z', coefficient: 50n },
      ],
    });
    expect(r.lines.map((l) => l.amount)).toEqual([3_334_000_000n, 3_333_000_000n, 3_333_000_000n]);
    expect(() =>
      allocate({ total: 10_500_000n, step: 1_000_000n, children: [{ unit: 'X', coefficient: 1n }] }),
    ).toThrow(AllocationError);
  });

  it('refuses no units, zero or negative coefficients, a repeated unit, a negative amount', () => {
    expect(() => allocate({ total: 1n, children: [] })).toThrow(AllocationError);
    expect(() => allocate({ total: 1n, children: [{ unit: 'X', coefficient: 0n }] })).toThrow(
      AllocationError,
    );
    expect(() => allocate({ total: 1n, children: [{ unit: 'X', coefficient: -1n }] })).toThrow(
      AllocationError,
    );
    expect(() =>
      allocate({
        total: 1n,
        children: [
          { unit: 'X', coefficient: 1n },
          { unit: 'X', coefficient: 1n },
        ],
      }),
    ).toThrow(AllocationError);
    expect(() => allocate({ total: -1n, children: [{ unit: 'X', coefficient: 1n }] })).toThrow(
      AllocationError,
    );
  });

  it('property: parts sum to the whole, each within one step of its exact share', () => {
    fc.assert(
      fc.property(
        fc.bigInt({ min: 0n, max: 10n ** 15n }),
        fc.array(fc.integer({ min: 0, max: 200 }), { minLength: 1, maxLength: 40 }),
        (total, coefficients) => {
          fc.pre(coefficients.some((c) => c > 0));
          const r = allocate({
            total,
            children: coefficients.map((c, i) => ({ unit: `U${i}`, coefficient: BigInt(c) })),
          });
          const sum = r.totalCoefficient;
          if (r.lines.reduce((s, l) => s + l.amount, 0n) !== total) return false;
          return r.lines.every((l) => {
            // |amount·sum − total·c| < sum, in integers.
            const diff = l.amount * sum - total * l.coefficient;
            return (diff < 0n ? -diff : diff) < sum && (l.coefficient > 0n || l.amount === 0n);
          });
        },
      ),
    );
  });
});
