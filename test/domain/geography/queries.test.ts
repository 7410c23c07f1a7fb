// Units at a date, children, ancestors and lineage over the real lists (code 01864 re-used in 2025).
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GeographyIndex } from '../../../src/domain/geography/geography-index.ts';
import { indexGeography } from '../../../src/domain/geography/geography-index.ts';
import { children, lineage, parentChain, unitAt, unitsAt } from '../../../src/domain/geography/queries.ts';
import { dayAfter } from '../../../src/domain/geography/reform.ts';
import { loadOfficialUnits } from '../../../src/geography-data/load-official-units.ts';

let index: GeographyIndex;
beforeAll(async () => {
  const { units, edges } = await loadOfficialUnits();
  index = indexGeography(units, edges);
});

const summary = (
  steps: ReadonlyArray<{ unit: { code: string; name: string }; kind: string; effective: string }>,
) => steps.map((s) => `${s.unit.code} ${s.unit.name} (${s.kind}, ${s.effective})`).sort();

describe('unitAt: code 01864 before and after the reform', () => {
  it('is Xã Bộc Bố of huyện Pác Nặm, Bắc Kạn on 2025-06-30', () => {
    expect(unitAt(index, '01864', '2025-06-30')).toMatchObject({
      name: 'Xã Bộc Bố',
      level: 'commune',
      kind: 'xa',
      area: 'rural',
      validTo: '2025-06-30',
      parentCode: '060',
    });
    expect(parentChain(index, '01864', '2025-06-30').map((u) => u.name)).toEqual([
      'Xã Bộc Bố',
      'Huyện Pác Nặm',
      'Tỉnh Bắc Kạn',
    ]);
  });

  it('is Xã Bằng Thành of Thái Nguyên from 2025-07-01', () => {
    expect(unitAt(index, '01864', '2025-07-01')).toMatchObject({
      name: 'Xã Bằng Thành',
      validFrom: '2025-07-01',
      validTo: null,
      parentCode: '19',
    });
    expect(parentChain(index, '01864', '2025-07-01').map((u) => u.name)).toEqual([
      'Xã Bằng Thành',
      'Tỉnh Thái Nguyên',
    ]);
  });

  it('Bắc Kạn exists until 2025-06-30 only; Thái Nguyên on both sides with different children', () => {
    expect(unitAt(index, '06', '2025-06-30')?.name).toBe('Tỉnh Bắc Kạn');
    expect(unitAt(index, '06', '2025-07-01')).toBeNull();
    expect(children(index, '06', '2025-06-30')).toHaveLength(8);
    expect(children(index, '06', '2025-06-30').every((d) => d.level === 'district')).toBe(true);
    expect(children(index, '19', '2025-06-30')).toHaveLength(9); // districts of old Thái Nguyên
    expect(children(index, '19', '2025-07-01')).toHaveLength(92); // communes, no district tier
    expect(children(index, '060', '2025-06-30').map((c) => c.name)).toContain('Xã Bộc Bố');
    expect(children(index, '060', '2025-07-01')).toEqual([]);
  });

  it('unitsAt gives the country on each side of the reform', () => {
    expect(unitsAt(index, '2025-06-30', 'province')).toHaveLength(63);
    expect(unitsAt(index, '2025-07-01', 'province')).toHaveLength(34);
    expect(unitsAt(index, '2025-07-01', 'commune')).toHaveLength(3321);
    expect(unitsAt(index, '2025-07-01', 'district')).toHaveLength(0);
  });

  it('rejects a malformed date', () => {
    expect(() => unitAt(index, '01864', '1/7/2025')).toThrow(RangeError);
  });
});

describe('lineage', () => {
  it('Bộc Bố → Bằng Thành, merged whole, under Nghị quyết 1683/NQ-UBTVQH15', () => {
    const l = lineage(index, '01864', '2025-06-30');
    expect(l?.predecessors).toEqual([]);
    expect(summary(l?.successors ?? [])).toEqual(['01864 Xã Bằng Thành (whole, 2025-07-01)']);
    expect(l?.successors[0]?.edge).toMatchObject({
      legalBasis: 'Nghị quyết 1683/NQ-UBTVQH15',
      legalBasisVerified: true,
      allPopulation: true,
      note: 'Nhập toàn bộ',
    });
  });

  it('Bằng Thành ← Bằng Thành, Nhạn Môn, Bộc Bố, Giáo Hiệu (all of Pác Nặm), and back', () => {
    const l = lineage(index, '01864', '2025-07-01');
    expect(l?.successors).toEqual([]);
    expect(summary(l?.predecessors ?? [])).toEqual([
      '01858 Xã Bằng Thành (whole, 2025-07-01)',
      '01861 Xã Nhạn Môn (whole, 2025-07-01)',
      '01864 Xã Bộc Bố (whole, 2025-07-01)',
      '01870 Xã Giáo Hiệu (whole, 2025-07-01)',
    ]);
    for (const p of l?.predecessors ?? []) {
      expect(parentChain(index, p.unit.code, p.unit.validTo ?? '').map((u) => u.code)).toEqual([
        p.unit.code,
        '060',
        '06',
      ]);
    }
  });

  it('a part merge: old Phường Gia Sàng (05461) was split between Phan Đình Phùng and the new Gia Sàng', () => {
    const l = lineage(index, '05461', '2025-06-30');
    expect(summary(l?.successors ?? [])).toEqual([
      '05443 Phường Phan Đình Phùng (part, 2025-07-01)',
      '05467 Phường Gia Sàng (part, 2025-07-01)',
    ]);
    // …and the new Gia Sàng re-uses the code of old Phường Cam Giá, itself split
    expect(unitAt(index, '05467', '2025-06-30')?.name).toBe('Phường Cam Giá');
    expect(summary(lineage(index, '05467', '2025-07-01')?.predecessors ?? [])).toEqual([
      '05461 Phường Gia Sàng (part, 2025-07-01)',
      '05467 Phường Cam Giá (part, 2025-07-01)',
      '05473 Phường Hương Sơn (whole, 2025-07-01)',
      '05914 Xã Đồng Liên (whole, 2025-07-01)',
    ]);
  });

  it('"part of the land, all of the people" is a part edge that carries the whole population', () => {
    const l = lineage(index, '00112', '2025-06-30'); // Phường Thụy Khuê, Hà Nội
    const byCode = Object.fromEntries((l?.successors ?? []).map((s) => [s.unit.code, s.edge]));
    expect(byCode['00103']).toMatchObject({ kind: 'part', allPopulation: true });
    expect(byCode['00004']).toMatchObject({ kind: 'part', allPopulation: false });
  });

  it('provinces: Bắc Kạn and Thái Nguyên → Thái Nguyên (Nghị quyết 202/2025/QH15); Cao Bằng unchanged', () => {
    expect(summary(lineage(index, '06', '2025-06-30')?.successors ?? [])).toEqual([
      '19 Tỉnh Thái Nguyên (whole, 2025-07-01)',
    ]);
    const tn = lineage(index, '19', '2025-07-01');
    expect(summary(tn?.predecessors ?? [])).toEqual([
      '06 Tỉnh Bắc Kạn (whole, 2025-07-01)',
      '19 Tỉnh Thái Nguyên (whole, 2025-07-01)',
    ]);
    expect(tn?.predecessors[0]?.edge.legalBasis).toBe('Nghị quyết 202/2025/QH15');
    expect(summary(lineage(index, '04', '2025-06-30')?.successors ?? [])).toEqual([
      '04 Tỉnh Cao Bằng (unchanged, 2025-07-01)',
    ]);
  });

  it("Bắc Kạn's 108 communes went into exactly the 37 communes the boundary file flags as former Bắc Kạn", () => {
    const topo = JSON.parse(
      readFileSync(
        new URL('../../../data/boundaries/thai-nguyen-19-communes-2025-07-01.topo.json', import.meta.url),
        'utf8',
      ),
    ) as {
      objects: Record<
        string,
        { geometries: Array<{ properties: { code: string; in_former_bac_kan: boolean } }> }
      >;
    };
    const flagged = Object.values(topo.objects)
      .flatMap((o) => o.geometries)
      .filter((g) => g.properties.in_former_bac_kan)
      .map((g) => g.properties.code)
      .sort();
    const communes = children(index, '06', '2025-06-30').flatMap((d) =>
      children(index, d.code, '2025-06-30'),
    );
    const successors = new Set(
      communes.flatMap((c) => lineage(index, c.code, '2025-06-30')?.successors ?? []).map((s) => s.unit.code),
    );
    expect(flagged).toHaveLength(37);
    expect([...successors].sort()).toEqual(flagged);
  });
});

describe('dayAfter (for half-open validity in the database)', () => {
  it('turns an inclusive last day into an exclusive end', () => {
    expect(dayAfter('2025-06-30')).toBe('2025-07-01');
    expect(dayAfter('2024-02-28')).toBe('2024-02-29');
    expect(dayAfter('2024-12-31')).toBe('2025-01-01');
    expect(() => dayAfter('30/6/2025')).toThrow(RangeError);
  });
});
