// Administrative units: bulk loading, the unit valid at a date, children, parents and lineage.
import { expect, it } from 'vitest';
import {
  children,
  lineage,
  loadProblems,
  parentChain,
  recordLoadProblems,
  unitAt,
  upsertLineage,
  upsertUnits,
} from '../../src/db/queries/units.ts';
import type { AdminUnitInput, LineageEdgeInput } from '../../src/db/queries/units.ts';
import { forEachDatabase } from '../support/databases.ts';
import { edges, FUTURE, LAST_OLD_DAY, OLD, REFORM, units } from '../support/units-fixture.ts';

forEachDatabase((getDb) => {
  const load = async () => {
    // Reversed on purpose: upsertUnits must put parents before children itself.
    expect(await upsertUnits(getDb(), [...units].reverse())).toBe(units.length);
    expect(await upsertLineage(getDb(), edges)).toBe(edges.length);
  };

  it('finds the unit valid at a date when a code was re-used', async () => {
    await load();
    expect((await unitAt(getDb(), '01864', '2025-06-30'))?.name).toBe('Xã Bộc Bố');
    expect(await unitAt(getDb(), '01864', REFORM)).toEqual({
      code: '01864',
      validFrom: REFORM,
      validTo: null,
      name: 'Xã Bằng Thành',
      level: 'commune',
      kind: 'xa',
      area: 'rural',
      parentCode: '19',
      parentValidFrom: REFORM,
    });
    expect(await unitAt(getDb(), '01864', '2003-12-31')).toBeUndefined();
    expect(await unitAt(getDb(), '066', REFORM)).toBeUndefined();
  });

  it('lists children at a date', async () => {
    await load();
    expect((await children(getDb(), '066', '2025-01-01')).map((u) => u.code)).toEqual([
      '01864',
      '01867',
      '01870',
    ]);
    expect((await children(getDb(), '19', '2025-01-01')).map((u) => u.code)).toEqual(['164']);
    expect((await children(getDb(), '19', REFORM)).map((u) => u.code)).toEqual(['01864', '01873', '05443']);
    expect((await children(getDb(), '19', FUTURE)).map((u) => u.code)).toEqual(['01864', '01880', '05443']);
    expect(await children(getDb(), '066', REFORM)).toEqual([]);
  });

  it('walks up the parent chain at a date', async () => {
    await load();
    expect((await parentChain(getDb(), '01867', '2020-05-05')).map((u) => `${u.level}:${u.name}`)).toEqual([
      'commune:Xã Nhạn Môn',
      'district:Huyện Pác Nặm',
      'province:Tỉnh Bắc Kạn',
    ]);
    expect((await parentChain(getDb(), '01864', '2026-01-01')).map((u) => u.name)).toEqual([
      'Xã Bằng Thành',
      'Tỉnh Thái Nguyên',
    ]);
    expect(await parentChain(getDb(), '99999', '2026-01-01')).toEqual([]);
  });

  it('follows lineage forward and backward, across reforms', async () => {
    await load();
    const forward = await lineage(getDb(), { code: '01867', validFrom: OLD });
    expect(forward.map((e) => [e.depth, e.toCode, e.kind, e.share])).toEqual([
      [1, '01864', 'part', '0.4'],
      [1, '01873', 'part', null],
      [2, '01880', 'whole', null],
    ]);
    expect(forward[0]).toMatchObject({
      fromCode: '01867',
      fromValidFrom: OLD,
      toValidFrom: REFORM,
      effective: REFORM,
    });

    const direct = await lineage(getDb(), { code: '01867', validFrom: OLD }, { transitive: false });
    expect(direct).toHaveLength(2);

    const backward = await lineage(getDb(), { code: '01880', validFrom: FUTURE }, { direction: 'backward' });
    expect(backward.map((e) => [e.depth, e.fromCode, e.kind])).toEqual([
      [1, '01873', 'whole'],
      [2, '01867', 'part'],
      [2, '01870', 'whole'],
    ]);
  });

  it('updates on reload instead of duplicating', async () => {
    await load();
    await upsertUnits(getDb(), [{ ...units[2]!, name: 'Xã Bộc Bố (sửa)' }]);
    await upsertLineage(getDb(), [{ ...edges[3]!, share: '0.5' }]);
    expect((await unitAt(getDb(), '01864', '2020-01-01'))?.name).toBe('Xã Bộc Bố (sửa)');
    const [count] = await getDb().query<{ units: number; edges: number }>(
      'select (select count(*) from admin_units)::int as units, (select count(*) from unit_lineage)::int as edges',
    );
    expect(count).toEqual({ units: units.length, edges: edges.length });
    expect((await lineage(getDb(), { code: '01867', validFrom: OLD }, { transitive: false }))[0]?.share).toBe(
      '0.5',
    );
  });

  it('rejects duplicates in one load and dangling parents', async () => {
    await expect(upsertUnits(getDb(), [units[0]!, units[0]!])).rejects.toMatchObject({
      rule: 'duplicate_key',
    });
    await expect(upsertUnits(getDb(), [units[1]!])).rejects.toMatchObject({ code: '23503' });
    expect(await getDb().query('select 1 from admin_units')).toEqual([]);
  });

  it('keeps the rows a loader could not use', async () => {
    const problems = [
      {
        file: 'conversion.csv',
        line: 12,
        severity: 'error' as const,
        message: { vi: 'Thiếu mã xã cũ', en: 'Old commune code missing' },
        raw: 'Xã A,,Nhập toàn bộ',
      },
      {
        file: 'conversion.csv',
        line: 0,
        severity: 'warning' as const,
        message: { vi: 'Tệp có dòng trống', en: 'Blank lines in file' },
        raw: '',
      },
    ];
    await recordLoadProblems(getDb(), problems);
    const stored = await loadProblems(getDb(), 'conversion.csv');
    expect(stored.map(({ recordedAt: _, ...p }) => p)).toEqual([problems[1], problems[0]]);
    expect(await loadProblems(getDb(), 'other.csv')).toEqual([]);
  });

  it('links a parent by date when its version is not given, and refuses an orphan', async () => {
    await load();
    expect((await unitAt(getDb(), '01867', '2020-01-01'))?.parentValidFrom).toBe(OLD);
    await expect(
      upsertUnits(getDb(), [
        {
          code: '09999',
          validFrom: '2026-01-01',
          name: 'Xã lạc',
          level: 'commune',
          kind: 'xa',
          parentCode: '066',
        },
      ]),
    ).rejects.toMatchObject({ rule: 'parent_not_found' });
  });

  it('loads a national-size list (~11,000 units, ~10,500 edges) in batches', async () => {
    const provinces = 63;
    const districtsPer = 11;
    const communesPer = 15; // 63 + 693 + 10,395 = 11,151 old units
    const big: AdminUnitInput[] = [];
    const bigEdges: LineageEdgeInput[] = [];
    let commune = 0;
    for (let p = 0; p < provinces; p++) {
      const pc = `P${p}`;
      big.push({
        code: pc,
        validFrom: OLD,
        validTo: LAST_OLD_DAY,
        name: `Tỉnh ${p}`,
        level: 'province',
        kind: 'tinh',
      });
      for (let d = 0; d < districtsPer; d++) {
        const dc = `${pc}D${d}`;
        big.push({
          code: dc,
          validFrom: OLD,
          validTo: LAST_OLD_DAY,
          name: `Huyện ${d}`,
          level: 'district',
          kind: 'huyen',
          parentCode: pc, // version found by date while loading
        });
        for (let c = 0; c < communesPer; c++) {
          const cc = String(commune++).padStart(5, '0');
          big.push({
            code: cc,
            validFrom: OLD,
            validTo: LAST_OLD_DAY,
            name: `Xã ${cc}`,
            level: 'commune',
            kind: 'xa',
            area: 'rural',
            parentCode: dc,
          });
        }
      }
    }
    const newProvince: AdminUnitInput = {
      code: 'N1',
      validFrom: REFORM,
      name: 'Tỉnh mới',
      level: 'province',
      kind: 'tinh',
    };
    big.push(newProvince);
    for (let n = 0; n < 3300; n++) {
      big.push({
        code: `N${String(n).padStart(5, '0')}`,
        validFrom: REFORM,
        name: `Xã mới ${n}`,
        level: 'commune',
        kind: 'xa',
        area: 'rural',
        parentCode: 'N1',
        parentValidFrom: REFORM,
      });
    }
    for (let c = 0; c < commune; c++) {
      const from = String(c).padStart(5, '0');
      bigEdges.push({
        fromCode: from,
        fromValidFrom: OLD,
        toCode: `N${String(c % 3300).padStart(5, '0')}`,
        toValidFrom: REFORM,
        kind: 'whole',
        effective: REFORM,
      });
    }
    const started = performance.now();
    const written = await upsertUnits(getDb(), big);
    const edgesWritten = await upsertLineage(getDb(), bigEdges);
    const ms = performance.now() - started;
    console.log(`[${getDb().kind}] ${written} units + ${edgesWritten} edges loaded in ${ms.toFixed(0)} ms`);
    expect(written).toBe(big.length);
    expect(edgesWritten).toBe(bigEdges.length);
    expect((await children(getDb(), 'N1', REFORM)).length).toBe(3300);
  });
});
