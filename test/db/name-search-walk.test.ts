// A name common enough to reach the name search's caps (the matches it reads from the indexes, before the
// scope is applied, in no particular order) is searched by walking the scope's villages in the list's order
// (registry.searchHouseholds): the page and the total must be exactly what an uncapped search gives — for
// every scope, filter, page and tier — and a commune whose households were not among the matches read first
// must still find its own.
import fc from 'fast-check';
import { expect, it } from 'vitest';
import { createHousehold } from '../../src/db/queries/households.ts';
import { searchHouseholds, type NameHitCaps, type SearchFilter } from '../../src/db/queries/registry.ts';
import type { ScopeSet } from '../../src/db/queries/scope.ts';
import { upsertLineage, upsertUnits } from '../../src/db/queries/units.ts';
import { assignWholeMoves, createVillage } from '../../src/db/queries/villages.ts';
import { forEachDatabase } from '../support/databases.ts';
import { edges, REFORM, units } from '../support/units-fixture.ts';

const TODAY = '2026-01-15';
// Caps no search here reaches: the exact answer.
const UNCAPPED: NameHitCaps = { heads: 1_000_000, members: 1_000_000 };
const HEADS = [
  'Nguyễn Văn An',
  'Trần Thị Bình',
  'Nguyễn Thị Cúc',
  'Đặng Văn An',
  'nguyễn văn bình',
  'Lý Thị Lành',
];
const CHILDREN = ['Nguyễn Thị Lan', 'Trần Văn Hùng', 'Hoàng Thị An'];
// Whole words (common and rare, in any order, in NFD), and text found only inside words (the second tier).
const TYPED = [
  'Nguyễn',
  'nguyen van',
  'An',
  'Thị Nguyễn',
  'Bình',
  'Lan',
  'Hùng',
  'guyễ',
  'ành',
  'Lành',
  'zz',
];

forEachDatabase((getDb, kind) => {
  it('answers as an uncapped search does, for every scope, filter, name, page and cap', async () => {
    const db = getDb();
    await upsertUnits(db, units);
    await upsertLineage(db, edges);
    const villages: string[] = [];
    for (const [communeCode, name] of [
      ['01864', 'Thôn Nà'],
      ['01864', 'Thôn Nà'],
      ['01867', 'Bản Cốc'],
      ['01870', 'Thôn Nà'],
      ['05443', 'Tổ 1'],
    ] as const) {
      villages.push((await createVillage(db, { communeCode, date: '2024-05-01', name, kind: 'thon' })).id);
    }
    await assignWholeMoves(db);
    const nationalIds: string[] = [];
    for (const [i, villageId] of villages.entries()) {
      for (let k = 0; k < 4 + i; k++) {
        const headName = HEADS[(i * 5 + k) % HEADS.length]!;
        const child = CHILDREN[(i + k) % CHILDREN.length]!;
        const nationalId = `0010${String(i * 100 + k).padStart(8, '0')}`;
        nationalIds.push(nationalId);
        await createHousehold(db, {
          villageId,
          headName,
          since: '2024-05-01',
          members: [
            {
              fullName: headName,
              dateOfBirth: '1980-01-01',
              sex: 'male',
              relationToHead: 'head',
              nationalId,
            },
            ...(k % 2 === 0
              ? [
                  {
                    fullName: child,
                    dateOfBirth: '2005-01-01',
                    sex: 'female' as const,
                    relationToHead: 'child' as const,
                  },
                ]
              : []),
          ],
        });
      }
    }
    const versions = units.map((u) => ({ code: u.code, validFrom: u.validFrom }));
    const scope: fc.Arbitrary<ScopeSet> = fc.record({
      all: fc.integer({ min: 0, max: 2 }).map((n) => n === 0),
      units: fc.subarray(versions, { maxLength: 2 }),
      villageIds: fc.subarray(villages, { maxLength: 2 }),
    });
    const filter = fc.oneof(
      fc.constant({}),
      fc.constantFrom('01864', '01867', '05443').map((communeCode) => ({ communeCode })),
      fc.constantFrom(...villages).map((villageId) => ({ villageId })),
      fc.constantFrom(...versions).map((unit) => ({ unit })),
      fc.constantFrom(...nationalIds.slice(0, 6)).map((nationalId) => ({ nationalId })),
    );
    const caps = fc.record({
      heads: fc.integer({ min: 1, max: 4 }),
      members: fc.integer({ min: 1, max: 6 }),
    });
    let rowsSeen = 0;
    let pagesWithRows = 0;
    await fc.assert(
      fc.asyncProperty(
        scope,
        filter,
        fc.constantFrom(...TYPED),
        fc.boolean(),
        fc.integer({ min: 1, max: 6 }),
        fc.integer({ min: 1, max: 3 }),
        caps,
        fc.integer({ min: 1, max: 3 }),
        async (s, by, typed, nfd, pageSize, page, small, batch) => {
          const name = nfd ? typed.normalize('NFD') : typed;
          const f: SearchFilter = { scope: s, date: TODAY, page, pageSize, name, ...by };
          const want = await searchHouseholds(db, f, { caps: UNCAPPED });
          const got = await searchHouseholds(db, f, { caps: small, batch });
          expect(got, JSON.stringify({ f, small, batch })).toEqual(want);
          rowsSeen += got.rows.length;
          if (got.rows.length > 0) pagesWithRows++;
        },
      ),
      // Fewer on Citus, where each statement crosses the shards (a search there takes ≈ 0,2 s).
      { numRuns: kind === 'citus' ? 40 : 120, seed: 20261207 },
    );
    // Pages with rows, not only empty answers, were compared.
    expect(pagesWithRows).toBeGreaterThan(kind === 'citus' ? 6 : 20);
    expect(rowsSeen).toBeGreaterThan(kind === 'citus' ? 12 : 40);
  }, 240_000);

  it("finds a commune's own households of a common name, though the matches read first are elsewhere", async () => {
    const db = getDb();
    await upsertUnits(db, units);
    await upsertLineage(db, edges);
    const first = await createVillage(db, {
      communeCode: '01867',
      date: '2024-05-01',
      name: 'Bản Cốc',
      kind: 'thon',
    });
    const later = await createVillage(db, { communeCode: '05443', date: REFORM, name: 'Tổ 1', kind: 'thon' });
    const add = (villageId: string, headName: string) =>
      createHousehold(db, {
        villageId,
        headName,
        since: REFORM,
        members: [{ fullName: headName, dateOfBirth: '1980-01-01', sex: 'male', relationToHead: 'head' }],
      });
    for (let k = 0; k < 8; k++) await add(first.id, `Nguyễn Văn ${String.fromCharCode(65 + k)}`);
    for (const head of ['Nguyễn Thị Xuân', 'Trần Văn Y', 'Nguyễn Văn Z']) await add(later.id, head);
    // The commune of the later households, searched with caps below the first commune's matches.
    const f: SearchFilter = {
      scope: { all: false, units: [], villageIds: [later.id] },
      date: TODAY,
      page: 1,
      pageSize: 10,
      name: 'nguyễn',
    };
    const found = await searchHouseholds(db, f, { caps: { heads: 4, members: 4 } });
    expect(found.rows.map((r) => r.headName)).toEqual(['Nguyễn Thị Xuân', 'Nguyễn Văn Z']);
    expect(found.total).toBe(2);
    expect(found.totalCapped).toBe(false);
  });
});
