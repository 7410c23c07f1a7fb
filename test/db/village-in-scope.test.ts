// villageInScope (src/db/queries/villages.ts) walks up from one village; scopedVillagesCte places every village of the scope. Both must
// give the same answer for every village, scope and date, across the 2025 reform and an imagined 2030
// merger (units in force or not on the date, villages moved whole with their commune).
import fc from 'fast-check';
import { expect, it } from 'vitest';
import type { ScopeSet } from '../../src/db/queries/scope.ts';
import { scopedVillagesCte } from '../../src/db/queries/scope.ts';
import { upsertLineage, upsertUnits } from '../../src/db/queries/units.ts';
import { assignWholeMoves, createVillage, villageInScope } from '../../src/db/queries/villages.ts';
import { forEachDatabase } from '../support/databases.ts';
import {
  edges,
  FUTURE,
  LAST_BEFORE_FUTURE,
  LAST_OLD_DAY,
  OLD,
  REFORM,
  units,
} from '../support/units-fixture.ts';

const DATES = [
  OLD,
  '2024-05-01',
  LAST_OLD_DAY,
  REFORM,
  '2026-01-15',
  LAST_BEFORE_FUTURE,
  FUTURE,
  '2031-01-01',
];
const NO_SUCH_VILLAGE = '00000000-0000-4000-8000-000000000000';

forEachDatabase((getDb) => {
  it('answers as placing every village of the scope does, for every village, scope and date', async () => {
    const db = getDb();
    await upsertUnits(db, units);
    await upsertLineage(db, edges);
    const villages: string[] = [];
    for (const [communeCode, date] of [
      ['01864', '2024-05-01'],
      ['01867', '2024-05-01'],
      ['01870', '2024-05-01'],
      ['05443', '2024-05-01'],
      ['01864', '2026-01-15'],
      ['01873', '2026-01-15'],
      ['05443', '2026-01-15'],
    ] as const) {
      const v = await createVillage(db, { communeCode, date, name: `Thôn ${villages.length}`, kind: 'thon' });
      villages.push(v.id);
    }
    await assignWholeMoves(db); // the old communes' villages follow them through the reform (and 2030)
    const versions = units.map((u) => ({ code: u.code, validFrom: u.validFrom }));
    const scope: fc.Arbitrary<ScopeSet> = fc.record({
      all: fc.integer({ min: 0, max: 9 }).map((n) => n === 0), // one scope in ten sees everything
      units: fc.subarray(versions, { maxLength: 3 }),
      villageIds: fc.subarray(villages, { maxLength: 2 }),
    });
    const expected = async (s: ScopeSet, villageId: string, date: string) => {
      const cte = scopedVillagesCte(s, date, 1);
      const rows = await db.query(
        `with recursive ${cte.sql} select 1 from scoped_villages where village_id = $5`,
        [...cte.params, villageId],
      );
      return rows.length > 0;
    };
    let inScope = 0;
    let outOfScope = 0;
    await fc.assert(
      fc.asyncProperty(scope, fc.constantFrom(...DATES), async (s, date) => {
        for (const villageId of [...villages, NO_SUCH_VILLAGE]) {
          const want = await expected(s, villageId, date);
          expect(
            await villageInScope(db, s, villageId, date),
            `${villageId} on ${date} in ${JSON.stringify(s)}`,
          ).toBe(want);
          if (want) inScope++;
          else outOfScope++;
        }
      }),
      { numRuns: 60, seed: 20261206 },
    );
    // Both answers happened often: the comparison is not of two constant answers.
    expect(inScope).toBeGreaterThan(50);
    expect(outOfScope).toBeGreaterThan(50);
  });
});
