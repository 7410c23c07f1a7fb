// A plain household list (by commune, village or scope alone) is read village by village
// (registry.listHouseholdsSql): it must answer exactly as the general search statement does — the same rows
// in the same order on every page, the same total — for every scope, filter, page and date, across the 2025
// reform and an imagined 2030 merger (villages moved whole with their commune), with villages of the same
// name (listed together, their households merged by head's name) and dissolved households.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { createHousehold } from '../../src/db/queries/households.ts';
import {
  isPlainList,
  listHouseholdsSql,
  mergeHouseholds,
  searchHouseholds,
  searchHouseholdsSql,
  searchVillages,
  SEARCH_TOTAL_CAP,
  type SearchFilter,
} from '../../src/db/queries/registry.ts';
import type { ScopeSet } from '../../src/db/queries/scope.ts';
import { upsertLineage, upsertUnits } from '../../src/db/queries/units.ts';
import { assignWholeMoves, createVillage } from '../../src/db/queries/villages.ts';
import { forEachDatabase } from '../support/databases.ts';
import { edges, FUTURE, REFORM, units } from '../support/units-fixture.ts';

const DATES = ['2024-05-01', REFORM, '2026-01-15', FUTURE];
// Head names whose byte order differs from a linguistic one (accents, case, đ), some shared.
const HEADS = ['Đặng Văn A', 'Dương Thị B', 'an Văn C', 'Ánh Thị D', 'Zơ Văn E', 'Bùi Văn F', 'Đặng Văn A'];

forEachDatabase((getDb) => {
  it('answers as the general search statement does, for every scope, filter, page and date', async () => {
    const db = getDb();
    await upsertUnits(db, units);
    await upsertLineage(db, edges);
    const villages: string[] = [];
    // Two villages named alike in one commune, one more in another; old communes' villages move with them.
    for (const [communeCode, date, name] of [
      ['01864', '2024-05-01', 'Thôn Nà'],
      ['01864', '2024-05-01', 'Thôn Nà'],
      ['01867', '2024-05-01', 'Bản Cốc'],
      ['01870', '2024-05-01', 'Thôn Nà'],
      ['05443', '2024-05-01', 'Tổ 1'],
      ['01864', '2026-01-15', 'thôn Mới'],
      ['01873', '2026-01-15', 'Ấp Đông'],
      ['05443', '2026-01-15', 'Tổ 1'],
    ] as const) {
      const v = await createVillage(db, { communeCode, date, name, kind: 'thon' });
      villages.push(v.id);
    }
    await assignWholeMoves(db);
    const ids: string[] = [];
    for (const [i, villageId] of villages.entries()) {
      for (let k = 0; k < 3 + (i % 4); k++) {
        const headName = HEADS[(i * 3 + k) % HEADS.length]!;
        const h = await createHousehold(db, {
          villageId,
          headName,
          since: '2024-05-01',
          members: [{ fullName: headName, dateOfBirth: '1980-01-01', sex: 'male', relationToHead: 'head' }],
        });
        ids.push(h.householdId);
      }
    }
    // Two households dissolved (merged into others): never listed.
    for (const [into, from] of [
      [0, 1],
      [5, 6],
    ] as const)
      expect(
        await mergeHouseholds(db, {
          intoId: ids[into]!,
          intoVersion: 1,
          fromId: ids[from]!,
          fromVersion: 1,
          effective: '2025-01-01',
          reason: 'nhập hộ',
        }),
      ).toBe(true);

    const versions = units.map((u) => ({ code: u.code, validFrom: u.validFrom }));
    const scope: fc.Arbitrary<ScopeSet> = fc.record({
      all: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
      units: fc.subarray(versions, { maxLength: 3 }),
      villageIds: fc.subarray(villages, { maxLength: 2 }),
    });
    const filter = fc.oneof(
      fc.constant({}),
      fc.constantFrom('01864', '01867', '01873', '05443', '99999').map((communeCode) => ({ communeCode })),
      fc.constantFrom(...villages).map((villageId) => ({ villageId })),
      fc.constantFrom(...versions).map((unit) => ({ unit })),
    );
    let rowsSeen = 0;
    let pagesPastTheEnd = 0;
    await fc.assert(
      fc.asyncProperty(
        scope,
        filter,
        fc.constantFrom(...DATES),
        fc.integer({ min: 1, max: 7 }),
        fc.integer({ min: 1, max: 5 }),
        fc.integer({ min: 1, max: 3 }),
        async (s, by, date, pageSize, page, batch) => {
          const f: SearchFilter = { scope: s, date, page, pageSize, ...by };
          expect(isPlainList(f)).toBe(true);
          const sets = await searchVillages(db, f);
          const old = searchHouseholdsSql(f, sets);
          const want = await db.query(old.sql, old.params);
          // Counted a village or two at a time, to cross batches (and runs of same-named villages).
          const list = await listHouseholdsSql(db, f, batch);
          const got = await db.query(list.sql, list.params);
          expect(got, JSON.stringify(f)).toEqual(want);
          rowsSeen += got.length;
          if (got.length === 0) pagesPastTheEnd++;
        },
      ),
      { numRuns: 150, seed: 20261206 },
    );
    // Both kinds of answer happened: pages with rows and pages past the end.
    expect(rowsSeen).toBeGreaterThan(100);
    expect(pagesPastTheEnd).toBeGreaterThan(5);

    // And searchHouseholds itself takes this path for a list, with the total as the API gives it.
    const all: SearchFilter = {
      scope: { all: true, units: [], villageIds: [] },
      date: '2026-01-15',
      page: 1,
      pageSize: 3,
    };
    const found = await searchHouseholds(db, all);
    expect(found.rows).toHaveLength(3);
    expect(found.total).toBe(ids.length - 2);
    expect(found.total).toBeLessThan(SEARCH_TOTAL_CAP);
    expect(found.totalCapped).toBe(false);
  });
});
