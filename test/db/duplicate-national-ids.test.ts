// The national IDs held by several current members in a scope (registry.duplicateNationalIds, issue 14
// item 1): which IDs (held twice or more by current members of live households, all of them in the scope),
// their holders (every holder in the scope, by household then member number, with the name), the order
// (by national ID) and the limit — the same on every engine, whichever way the IDs are found: over the
// scope's households when the scope is a small part of the villages (here with many other villages), from
// the IDs held twice anywhere when it is most of them, those read a few at a time or all at once.
import { describe, expect, it } from 'vitest';
import { createHousehold, type MemberInput } from '../../src/db/queries/households.ts';
import type { Database } from '../../src/db/index.ts';
import { duplicateNationalIds as listDuplicates, householdCommunes } from '../../src/db/queries/registry.ts';
import { EVERYTHING, type ScopeSet } from '../../src/db/queries/scope.ts';
import { upsertLineage, upsertUnits } from '../../src/db/queries/units.ts';
import { createVillage } from '../../src/db/queries/villages.ts';
import { forEachDatabase } from '../support/databases.ts';
import { edges, OLD, REFORM, units } from '../support/units-fixture.ts';

const TODAY = '2025-09-01';

forEachDatabase((getDb) => {
  for (const otherVillages of [0, 30])
    describe(`with ${otherVillages} villages of another commune`, () => suite(getDb, otherVillages));
});

function suite(getDb: () => Database, otherVillages: number) {
  /** The list, the same whether the IDs held twice anywhere are read 1, 2 or a thousand at a time. */
  const duplicateNationalIds = async (db: Database, scope: ScopeSet, date: string, limit?: number) => {
    const [first, ...others] = await Promise.all(
      [1000, 1, 2].map((batch) => listDuplicates(db, scope, date, limit, batch)),
    );
    for (const other of others) expect(other).toEqual(first);
    return first!;
  };
  const unitScope = (...codes: string[]): ScopeSet => ({
    all: false,
    units: codes.map((code) => ({ code, validFrom: REFORM })),
    villageIds: [],
  });

  /** Households in two communes of province 19, with IDs held in and across them. */
  const setup = async () => {
    const db = getDb();
    await upsertUnits(db, units);
    await upsertLineage(db, edges);
    const village = (communeCode: string, name: string) =>
      createVillage(db, { communeCode, date: '2025-08-01', name, kind: 'thon' });
    const a1 = await village('01864', 'Thôn Nà Lẹng');
    const a2 = await village('01864', 'Thôn Khuổi Thuổm');
    const b = await village('01873', 'Thôn Khuổi Cuồng');
    for (let i = 1; i <= otherVillages; i++) await village('05443', `Thôn ${i}`);
    const household = async (villageId: string, people: [string, string | null, string?][]) => {
      const members: MemberInput[] = people.map(([fullName, nationalId, leftAt]) => ({
        fullName,
        nationalId,
        leftAt: leftAt ?? null,
        leftReason: leftAt ? 'chuyển đi' : null,
        dateOfBirth: '1980-03-04',
        sex: 'male',
        relationToHead: 'head',
      }));
      const h = await createHousehold(db, {
        villageId,
        headName: people[0]![0],
        since: '2025-08-01',
        members,
      });
      return h.householdId;
    };
    const h1 = await household(a1.id, [
      ['Hoàng Văn Đức', '019080000001'],
      ['Hoàng Thị Lan', '019080000002'],
      ['Hoàng Văn Bình', '019080000005'],
      ['Hoàng Văn An', null],
    ]);
    const h2 = await household(a2.id, [
      ['Nông Văn Đức', '019080000001'],
      ['Nông Thị Mai', '019080000003'],
      ['Nông Văn Tú', '019080000005'],
      // Two members of one household with one ID: a duplicate too.
      ['Nông Văn Tài', '019080000006'],
      ['Nông Văn Tài', '019080000006'],
      ['Nông Thị Hoa', null],
    ]);
    const h3 = await household(b.id, [
      ['Trần Văn Đức', '019080000002'],
      // Left the household: no longer a holder.
      ['Trần Văn Hải', '019080000003', '2025-08-15'],
      ['Trần Văn Sơn', '019080000005'],
      ['Trần Thị Nga', null],
    ]);
    // A dissolved household's members hold nothing.
    const h4 = await household(b.id, [
      ['Lý Văn Tâm', '019080000004'],
      ['Lý Thị Hồng', '019080000003'],
    ]);
    await household(a1.id, [['Đặng Văn Lanh', '019080000004']]);
    await db.query(`update households set dissolved_at = '2025-08-20' where household_id = $1`, [h4]);
    return { h1, h2, h3, a1, a2, b };
  };

  const holders = (...hs: [string, number, string][]) =>
    hs
      .map(([householdId, memberNo, fullName]) => ({ householdId, memberNo, fullName }))
      .sort((x, y) =>
        x.householdId === y.householdId ? x.memberNo - y.memberNo : x.householdId < y.householdId ? -1 : 1,
      );

  it('lists the IDs held by several current members of live households, in order, with every holder', async () => {
    const { h1, h2, h3 } = await setup();
    const expected = [
      { nationalId: '019080000001', holders: holders([h1, 1, 'Hoàng Văn Đức'], [h2, 1, 'Nông Văn Đức']) },
      { nationalId: '019080000002', holders: holders([h1, 2, 'Hoàng Thị Lan'], [h3, 1, 'Trần Văn Đức']) },
      {
        nationalId: '019080000005',
        holders: holders([h1, 3, 'Hoàng Văn Bình'], [h2, 3, 'Nông Văn Tú'], [h3, 3, 'Trần Văn Sơn']),
      },
      { nationalId: '019080000006', holders: holders([h2, 4, 'Nông Văn Tài'], [h2, 5, 'Nông Văn Tài']) },
    ];
    expect(await duplicateNationalIds(getDb(), EVERYTHING, TODAY)).toEqual(expected);
    expect(await duplicateNationalIds(getDb(), unitScope('19'), TODAY)).toEqual(expected);
  });

  it('counts and shows only the holders in the scope', async () => {
    const { h1, h2, h3, a1, a2, b } = await setup();
    const communeA = [
      { nationalId: '019080000001', holders: holders([h1, 1, 'Hoàng Văn Đức'], [h2, 1, 'Nông Văn Đức']) },
      { nationalId: '019080000005', holders: holders([h1, 3, 'Hoàng Văn Bình'], [h2, 3, 'Nông Văn Tú']) },
      { nationalId: '019080000006', holders: holders([h2, 4, 'Nông Văn Tài'], [h2, 5, 'Nông Văn Tài']) },
    ];
    expect(await duplicateNationalIds(getDb(), unitScope('01864'), TODAY)).toEqual(communeA);
    const villages = (...ids: string[]): ScopeSet => ({ all: false, units: [], villageIds: ids });
    expect(await duplicateNationalIds(getDb(), villages(a1.id, a2.id), TODAY)).toEqual(communeA);
    // One holder in each commune: a duplicate for neither commune alone.
    expect(await duplicateNationalIds(getDb(), unitScope('01873'), TODAY)).toEqual([]);
    expect(await duplicateNationalIds(getDb(), villages(a1.id), TODAY)).toEqual([]);
    // A commune and a village of another commune together.
    expect(
      await duplicateNationalIds(getDb(), { ...unitScope('01873'), villageIds: [a1.id] }, TODAY),
    ).toEqual([
      { nationalId: '019080000002', holders: holders([h1, 2, 'Hoàng Thị Lan'], [h3, 1, 'Trần Văn Đức']) },
      { nationalId: '019080000005', holders: holders([h1, 3, 'Hoàng Văn Bình'], [h3, 3, 'Trần Văn Sơn']) },
    ]);
    expect(await duplicateNationalIds(getDb(), villages(b.id, a2.id), TODAY)).toEqual([
      { nationalId: '019080000005', holders: holders([h2, 3, 'Nông Văn Tú'], [h3, 3, 'Trần Văn Sơn']) },
      { nationalId: '019080000006', holders: holders([h2, 4, 'Nông Văn Tài'], [h2, 5, 'Nông Văn Tài']) },
    ]);
    // A unit version not in force on the day covers no village; no unit and no village, nothing.
    const old: ScopeSet = { all: false, units: [{ code: '01864', validFrom: OLD }], villageIds: [] };
    expect(await duplicateNationalIds(getDb(), old, TODAY)).toEqual([]);
    expect(await duplicateNationalIds(getDb(), villages(), TODAY)).toEqual([]);
  });

  it("tells each listed household's commune (the audit of the list records it)", async () => {
    const { h1, h2, h3 } = await setup();
    const communes = await householdCommunes(getDb(), [h1, h2, h3, h1], TODAY);
    expect(Object.fromEntries(communes)).toEqual({ [h1]: '01864', [h2]: '01864', [h3]: '01873' });
    expect((await householdCommunes(getDb(), [], TODAY)).size).toBe(0);
  });

  it('gives the first IDs up to the limit, in order of the ID', async () => {
    await setup();
    const ids = async (scope: ScopeSet, limit: number) =>
      (await duplicateNationalIds(getDb(), scope, TODAY, limit)).map((d) => d.nationalId);
    expect(await ids(EVERYTHING, 1)).toEqual(['019080000001']);
    expect(await ids(unitScope('19'), 2)).toEqual(['019080000001', '019080000002']);
    expect(await ids(unitScope('01864'), 2)).toEqual(['019080000001', '019080000005']);
    expect(await ids(unitScope('19'), 4)).toEqual([
      '019080000001',
      '019080000002',
      '019080000005',
      '019080000006',
    ]);
    // With three holders, a holder beyond the limit's count of IDs is still shown.
    const [five] = (await duplicateNationalIds(getDb(), unitScope('19'), TODAY, 3)).slice(2);
    expect(five?.holders).toHaveLength(3);
  });
}
