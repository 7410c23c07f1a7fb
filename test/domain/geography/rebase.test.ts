// Re-basing pre-reform counts onto post-reform units: exact where possible, totals always preserved.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GeographyIndex } from '../../../src/domain/geography/geography-index.ts';
import { indexGeography } from '../../../src/domain/geography/geography-index.ts';
import { children, lineage } from '../../../src/domain/geography/queries.ts';
import type { Counts, RebaseResult } from '../../../src/domain/geography/rebase.ts';
import { rebase } from '../../../src/domain/geography/rebase.ts';
import type { AdminUnit } from '../../../src/domain/geography/types.ts';
import { loadOfficialUnits } from '../../../src/geography-data/load-official-units.ts';

const DAY = '2025-06-30';
let index: GeographyIndex;
let communesOf: (province: string) => AdminUnit[];

beforeAll(async () => {
  const { units, edges } = await loadOfficialUnits();
  index = indexGeography(units, edges);
  communesOf = (province) => children(index, province, DAY).flatMap((d) => children(index, d.code, DAY));
});

/** Synthetic, deterministic counts from the code. */
const synthetic = (code: string): Counts => ({
  households: (Number(code) % 997) + 100,
  poor: Number(code) % 113,
});
const countsFor = (units: readonly AdminUnit[]) =>
  Object.fromEntries(units.map((u) => [u.code, synthetic(u.code)]));
const sum = (values: ReadonlyArray<Readonly<Record<string, number>>>, measure: string) =>
  values.reduce((total, v) => total + (v[measure] ?? 0), 0);
const preserved = (r: RebaseResult) => {
  for (const m of Object.keys(r.totals.before)) {
    expect(
      sum(
        r.units.map((u) => u.values),
        m,
      ),
    ).toBe(r.totals.after[m]);
    expect(
      sum(
        r.unallocated.map((u) => u.values),
        m,
      ),
    ).toBe(r.totals.unallocated[m]);
    expect((r.totals.after[m] ?? 0) + (r.totals.unallocated[m] ?? 0)).toBe(r.totals.before[m]);
  }
};

describe("re-basing Bắc Kạn's 108 pre-reform communes onto Thái Nguyên", () => {
  it('is exact: every commune merged whole, 37 new communes, sum before == sum after', () => {
    const bacKan = communesOf('06');
    expect(bacKan).toHaveLength(108);
    const r = rebase(index, { date: DAY, counts: countsFor(bacKan) });
    expect(r.unallocated).toEqual([]);
    expect(r.totals.after).toEqual(r.totals.before);
    expect(r.totals.before).toEqual({ households: 62_192, poor: 5923 });
    expect(r.units).toHaveLength(37);
    expect(r.units.every((u) => u.unit.parentCode === '19' && u.unit.validFrom === '2025-07-01')).toBe(true);
    expect(r.units.every((u) => u.complete && u.methods.join() === 'whole')).toBe(true);
    const bangThanh = r.units.find((u) => u.unit.code === '01864');
    expect(bangThanh?.unit.name).toBe('Xã Bằng Thành');
    expect(bangThanh?.contributions.map((c) => c.fromCode)).toEqual(['01858', '01861', '01864', '01870']);
    expect(bangThanh?.values.households).toBe(
      sum(['01858', '01861', '01864', '01870'].map(synthetic), 'households'),
    );
    preserved(r);
  });

  it('to provinces: all of it lands in Thái Nguyên, flagged incomplete while old Thái Nguyên is missing', () => {
    const r = rebase(index, { date: DAY, counts: countsFor(communesOf('06')), target: 'province' });
    expect(r.units.map((u) => [u.unit.code, u.values.households, u.complete])).toEqual([
      ['19', 62_192, false],
    ]);
    expect(r.units[0]?.gaps).toEqual([
      { fromCode: '19', fromValidFrom: '1900-01-01', reason: 'not-in-input' },
    ]);
  });
});

describe('re-basing all of old Bắc Kạn and old Thái Nguyên (280 communes) onto the new 92', () => {
  const splits = ['05461', '05467', '05932']; // Gia Sàng, Cam Giá, Thượng Đình: split in parts

  it('without village counts or shares the three split communes stay unallocated, and say why', () => {
    const all = [...communesOf('06'), ...communesOf('19')];
    expect(all).toHaveLength(280);
    const r = rebase(index, { date: DAY, counts: countsFor(all) });
    expect(r.units).toHaveLength(92);
    expect(r.unallocated.map((u) => u.fromCode)).toEqual(splits);
    expect(r.unallocated[0]?.reason.en).toMatch(/split between 2 units \(05443, 05467\)/u);
    const gappy = r.units.filter((u) => !u.complete).map((u) => u.unit.code);
    expect(gappy).toEqual(['05443', '05467', '05500', '05908', '05941']);
    expect(r.units.find((u) => u.unit.code === '05467')?.methods).toEqual(['whole', 'unallocated']);
    preserved(r);
  });

  it('with villages for one split and shares for the others, it is complete and exact', () => {
    const all = [...communesOf('06'), ...communesOf('19')];
    const counts = countsFor(all); // Gia Sàng 05461: households 576, poor 37
    const r = rebase(index, {
      date: DAY,
      counts,
      villages: {
        '05461': [
          { village: 'Tổ 1', successorCode: '05443', counts: { households: 300, poor: 20 } },
          { village: 'Tổ 2', successorCode: '05467', counts: { households: 200, poor: 10 } },
        ],
      },
      shares: {
        '05461': { '05443': 1, '05467': 3 }, // for the 76 households and 7 poor no village accounts for
        '05467': { '05467': 0.6, '05500': 0.4 },
        '05932': { '05908': 1, '05941': 1 },
      },
    });
    expect(r.unallocated).toEqual([]);
    expect(r.units.every((u) => u.complete)).toBe(true);
    expect(r.totals.after).toEqual(r.totals.before);
    const fromGiaSang = r.units.flatMap((u) =>
      u.contributions
        .filter((c) => c.fromCode === '05461')
        .map((c) => `${u.unit.code} ${c.method} ${c.values.households}/${c.values.poor}`),
    );
    // 76 households 1:3 → 19 / 57; 7 poor → 1.75 / 5.25 → floors 1 / 5, the spare one to the larger remainder
    expect(fromGiaSang.sort()).toEqual([
      '05443 share 19/2',
      '05443 village 300/20',
      '05467 share 57/5',
      '05467 village 200/10',
    ]);
    expect(r.units.find((u) => u.unit.code === '05443')?.methods).toEqual(['whole', 'village', 'share']);
    preserved(r);
  });

  it('refuses village counts that add up to more than the commune, and villages sent elsewhere', () => {
    const r = rebase(index, {
      date: DAY,
      counts: { '05461': { households: 10 } },
      villages: { '05461': [{ village: 'Tổ 9', successorCode: '05443', counts: { households: 11 } }] },
    });
    expect(r.notes.map((n) => n.message.en)).toEqual([expect.stringMatching(/add up to more/u)]);
    expect(r.totals.unallocated.households).toBe(10);
    const elsewhere = rebase(index, {
      date: DAY,
      counts: { '05461': { households: 10 } },
      villages: { '05461': [{ village: 'Tổ 9', successorCode: '01864', counts: { households: 4 } }] },
    });
    expect(elsewhere.unallocated.map((u) => u.values.households)).toEqual([4, 6]);
    preserved(elsewhere);
  });
});

describe('other inputs', () => {
  it('a part edge that carries all of the people is exact (Thụy Khuê → Tây Hồ)', () => {
    const r = rebase(index, { date: DAY, counts: { '00112': { households: 1000 } } });
    expect(r.units.map((u) => [u.unit.code, u.values.households, u.methods])).toEqual([
      ['00103', 1000, ['whole']],
    ]);
  });

  it('district and province counts go to provinces exactly, and to communes only with a share table', () => {
    const toProvince = rebase(index, {
      date: DAY,
      counts: { '060': { households: 7 }, '19': { households: 5 } },
      target: 'province',
    });
    expect(toProvince.units.map((u) => [u.unit.code, u.values.households])).toEqual([['19', 12]]);
    const toCommune = rebase(index, { date: DAY, counts: { '060': { households: 7 } } });
    expect(toCommune.unallocated[0]?.reason.en).toMatch(
      /no successor at commune level; a share table is needed/u,
    );
    const shared = rebase(index, {
      date: DAY,
      counts: { '060': { households: 7 } },
      shares: { '060': { '01864': 1, '01840': 1 } },
    });
    // 7 split 1:1 → 3.5 each; the tie goes to the weight listed first (01864)
    expect(shared.units.map((u) => [u.unit.code, u.values.households, u.methods])).toEqual([
      ['01840', 3, ['share']],
      ['01864', 4, ['share']],
    ]);
    expect(shared.notes).toEqual([]);
  });

  it('an island district without communes maps whole onto its special zone', () => {
    const r = rebase(index, { date: DAY, counts: { '755': { households: 2000 } } }); // Côn Đảo
    expect(r.units.map((u) => [u.unit.code, u.unit.name, u.unit.area, u.values.households])).toEqual([
      ['26732', 'Đặc khu Côn Đảo', 'special', 2000],
    ]);
  });

  it('notes a unit counted together with its parent, and leaves unknown codes unallocated', () => {
    const r = rebase(index, {
      date: DAY,
      counts: { '01864': { households: 1 }, '060': { households: 2 }, '99999': { households: 3 } },
    });
    expect(r.notes.map((n) => n.code)).toEqual(['01864']);
    expect(r.unallocated.find((u) => u.fromCode === '99999')?.reason.en).toBe(
      'No unit with code 99999 on 2025-06-30.',
    );
    preserved(r);
  });

  it('rejects counts that are not non-negative integers', () => {
    expect(() => rebase(index, { date: DAY, counts: { '01864': { households: 1.5 } } })).toThrow(RangeError);
    expect(() => rebase(index, { date: DAY, counts: { '01864': { households: -1 } } })).toThrow(RangeError);
  });
});

describe('property: re-basing preserves totals (fast-check)', () => {
  it('for random counts, villages and shares over real communes, before = after + unallocated', () => {
    const pool = [...communesOf('06'), ...communesOf('19'), ...communesOf('01').slice(0, 120)];
    const successors = new Map(
      pool.map((c) => [c.code, (lineage(index, c.code, DAY)?.successors ?? []).map((s) => s.unit.code)]),
    );
    const count = fc.nat({ max: 100_000 });
    const input = fc
      .uniqueArray(fc.constantFrom(...pool.map((c) => c.code)), { minLength: 1, maxLength: 40 })
      .chain((codes) =>
        fc.record({
          counts: fc.tuple(...codes.map(() => fc.record({ households: count, poor: count }))),
          shares: fc.tuple(
            ...codes.map((code) =>
              fc.option(
                fc.tuple(
                  ...(successors.get(code) ?? []).map(() => fc.double({ min: 0, max: 10, noNaN: true })),
                ),
              ),
            ),
          ),
          villageFraction: fc.tuple(
            ...codes.map(() => fc.option(fc.double({ min: 0, max: 1, noNaN: true }))),
          ),
          codes: fc.constant(codes),
        }),
      );
    fc.assert(
      fc.property(input, ({ codes, counts, shares, villageFraction }) => {
        const request = {
          date: DAY,
          counts: Object.fromEntries(codes.map((c, i) => [c, counts[i]!])),
          shares: Object.fromEntries(
            codes.flatMap((c, i) => {
              const weights = shares[i];
              const targets = successors.get(c) ?? [];
              return weights ? [[c, Object.fromEntries(targets.map((t, j) => [t, weights[j] ?? 0]))]] : [];
            }),
          ),
          villages: Object.fromEntries(
            codes.flatMap((c, i) => {
              const f = villageFraction[i];
              const to = successors.get(c)?.[0];
              if (f === null || f === undefined || !to) return [];
              const households = Math.floor(counts[i]!.households * f);
              return [[c, [{ village: `v-${c}`, successorCode: to, counts: { households } }]]];
            }),
          ),
        };
        const r = rebase(index, request);
        for (const m of ['households', 'poor']) {
          const before = sum(
            codes.map((c) => request.counts[c]!),
            m,
          );
          expect(r.totals.before[m]).toBe(before);
          expect(
            sum(
              r.units.map((u) => u.values),
              m,
            ) +
              sum(
                r.unallocated.map((u) => u.values),
                m,
              ),
          ).toBe(before);
          expect(r.units.every((u) => Number.isSafeInteger(u.values[m]) && (u.values[m] ?? 0) >= 0)).toBe(
            true,
          );
        }
        // with a positive share for every split commune, nothing is left unallocated
        const allShared = codes.every(
          (c, i) => (successors.get(c)?.length ?? 0) <= 1 || (shares[i] ?? []).some((w) => w > 0),
        );
        if (allShared) expect(r.unallocated).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
