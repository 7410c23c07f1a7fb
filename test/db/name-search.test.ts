// The registry's name search (issue 14, item 1): whole typed words first — accents, case, order and the
// way the text was typed (NFC or NFD) do not matter — and, only when no name holds every typed word, the
// typed text anywhere in a name (a word being typed, part of a word). Heads and current members alike.
import { expect, it } from 'vitest';
import { createHousehold } from '../../src/db/queries/households.ts';
import { EVERYTHING, type ScopeSet } from '../../src/db/queries/scope.ts';
import { searchHouseholds, type SearchFilter } from '../../src/db/queries/registry.ts';
import { upsertLineage, upsertUnits } from '../../src/db/queries/units.ts';
import { createVillage } from '../../src/db/queries/villages.ts';
import { forEachDatabase } from '../support/databases.ts';
import { edges, OLD, REFORM, units } from '../support/units-fixture.ts';

const TODAY = '2025-09-01';

forEachDatabase((getDb) => {
  const setup = async () => {
    await upsertUnits(getDb(), units);
    await upsertLineage(getDb(), edges);
    const village = await createVillage(getDb(), {
      communeCode: '01864',
      date: '2025-08-01',
      name: 'Thôn Nà Lẹng',
      kind: 'thon',
    });
    const household = async (headName: string, others: string[] = []) =>
      createHousehold(getDb(), {
        villageId: village.id,
        headName,
        ethnicity: 'Tày',
        isEthnicMinority: true,
        since: '2025-08-01',
        members: [
          { fullName: headName, dateOfBirth: '1980-03-04', sex: 'male', relationToHead: 'head' },
          ...others.map((fullName) => ({
            fullName,
            dateOfBirth: '2001-05-06',
            sex: 'female' as const,
            relationToHead: 'child' as const,
          })),
        ],
      });
    await household('Hoàng Văn Đức', ['Hoàng Thị Lan']);
    await household('Nông Văn Đức');
    await household('Lý Thị Lành');
    await household('Đặng Văn Lanh');
    return village;
  };

  const heads = async (name: string, scope: ScopeSet = EVERYTHING) => {
    const f: SearchFilter = { scope, date: TODAY, page: 1, pageSize: 50, name };
    const found = await searchHouseholds(getDb(), f);
    expect(found.total).toBe(found.rows.length);
    return found.rows.map((r) => r.headName).sort();
  };

  it('matches whole words, whatever their accents, case and order', async () => {
    await setup();
    expect(await heads('Hoàng Văn Đức')).toEqual(['Hoàng Văn Đức']);
    expect(await heads('HOANG VAN DUC')).toEqual(['Hoàng Văn Đức']);
    expect(await heads('đức   hoàng')).toEqual(['Hoàng Văn Đức']);
    expect(await heads('Văn Đức')).toEqual(['Hoàng Văn Đức', 'Nông Văn Đức']);
  });

  it('finds the same households whether the name was typed in NFC or NFD', async () => {
    await setup();
    const nfd = 'Hoàng Văn Đức'.normalize('NFD');
    expect(nfd).not.toBe('Hoàng Văn Đức'.normalize('NFC'));
    expect(await heads(nfd)).toEqual(await heads('Hoàng Văn Đức'.normalize('NFC')));
    expect(await heads(nfd)).toEqual(['Hoàng Văn Đức']);
  });

  it("finds a household by a current member's name", async () => {
    await setup();
    // "Lan" is a whole word only in the daughter's name: "Lành" and "Lanh" are other words.
    expect(await heads('lan')).toEqual(['Hoàng Văn Đức']);
    expect(await heads('Thị Lan Hoàng')).toEqual(['Hoàng Văn Đức']);
  });

  it('when no name holds every typed word, matches the text anywhere in a name', async () => {
    await setup();
    // A word still being typed.
    expect(await heads('Hoàng Văn Đ')).toEqual(['Hoàng Văn Đức']);
    // Part of a word: "anh" is no one's word, but it is in "Lành" and "Lanh".
    expect(await heads('anh')).toEqual(['Lý Thị Lành', 'Đặng Văn Lanh']);
    // Punctuation alone is no word: the text search finds nothing, and nothing breaks.
    expect(await heads('--')).toEqual([]);
    expect(await heads('Nguyễn')).toEqual([]);
  });

  it("finds only the households in the searcher's scope: a province, a commune, single villages", async () => {
    const first = await setup();
    // A second commune of the same province, with a village and a household of its own.
    const other = await createVillage(getDb(), {
      communeCode: '01873',
      date: '2025-08-01',
      name: 'Thôn Khuổi Cuồng',
      kind: 'thon',
    });
    await createHousehold(getDb(), {
      villageId: other.id,
      headName: 'Trần Văn Đức',
      ethnicity: 'Kinh',
      isEthnicMinority: false,
      since: '2025-08-01',
      members: [
        { fullName: 'Trần Văn Đức', dateOfBirth: '1975-01-02', sex: 'male', relationToHead: 'head' },
        // "Thị Lan" only as text here; as whole words only in the other commune.
        { fullName: 'Trần Thị Lanh', dateOfBirth: '2000-01-02', sex: 'female', relationToHead: 'child' },
      ],
    });
    const units = (...codes: string[]): ScopeSet => ({
      all: false,
      units: codes.map((code) => ({ code, validFrom: REFORM })),
      villageIds: [],
    });
    const villages = (...ids: string[]): ScopeSet => ({ all: false, units: [], villageIds: ids });
    const all = ['Hoàng Văn Đức', 'Nông Văn Đức', 'Trần Văn Đức'];
    expect(await heads('Văn Đức')).toEqual(all);
    expect(await heads('Văn Đức', units('19'))).toEqual(all);
    expect(await heads('Văn Đức', units('01864'))).toEqual(['Hoàng Văn Đức', 'Nông Văn Đức']);
    expect(await heads('Văn Đức', units('01873'))).toEqual(['Trần Văn Đức']);
    expect(await heads('Văn Đức', villages(other.id))).toEqual(['Trần Văn Đức']);
    expect(await heads('Văn Đức', { ...units('01873'), villageIds: [first.id] })).toEqual(all);
    // The same through the text search (a word being typed), and by a member's name.
    expect(await heads('Văn Đ', units('01873'))).toEqual(['Trần Văn Đức']);
    // Whole words somewhere (commune 01864) decide, even for a searcher who sees none of them: no text match.
    expect(await heads('Thị Lan', units('01873'))).toEqual([]);
    expect(await heads('Thị Lanh', units('01873'))).toEqual(['Trần Văn Đức']);
    expect(await heads('Thị Lanh', units('01864'))).toEqual(['Lý Thị Lành']);
    expect(await heads('Thị Lan', villages(first.id))).toEqual(['Hoàng Văn Đức']);
    // A unit version no longer in force on the day covers none of today's villages (01864 was re-used).
    expect(
      await heads('Văn Đức', { all: false, units: [{ code: '01864', validFrom: OLD }], villageIds: [] }),
    ).toEqual([]);
  });
  it("with a national ID, asks the name of that ID's households alone, in the same tiers", async () => {
    const first = await setup();
    const household = (headName: string, nationalId: string) =>
      createHousehold(getDb(), {
        villageId: first.id,
        headName,
        since: '2025-08-01',
        members: [
          { fullName: headName, dateOfBirth: '1980-03-04', sex: 'male', relationToHead: 'head' },
          {
            fullName: 'Nguyễn Thị Mai',
            dateOfBirth: '2001-05-06',
            sex: 'female',
            relationToHead: 'child',
            nationalId,
          },
        ],
      });
    // One ID held in two households (the duplicates list shows such), another in a third.
    await household('Nguyễn Văn Lanh', '001099000001');
    await household('Trần Văn Hoa', '001099000001');
    await household('Nguyễn Văn An', '001099000002');
    const byId = async (name: string, nationalId: string, caps?: { heads: number; members: number }) => {
      const f: SearchFilter = { scope: EVERYTHING, date: TODAY, page: 1, pageSize: 50, name, nationalId };
      const found = await searchHouseholds(getDb(), f, caps ? { caps } : {});
      expect(found.total).toBe(found.rows.length);
      return found.rows.map((r) => r.headName).sort();
    };
    // A member's name (whole words) in both of the ID's households; a head's in one.
    expect(await byId('Nguyễn Thị Mai', '001099000001')).toEqual(['Nguyễn Văn Lanh', 'Trần Văn Hoa']);
    expect(await byId('lanh', '001099000001')).toEqual(['Nguyễn Văn Lanh']);
    // "Lan" is a whole word elsewhere in the register (Hoàng Thị Lan) but in neither of the ID's households: the
    // text is then looked for in theirs, and the word being typed finds "Lanh".
    expect(await byId('Lan', '001099000001')).toEqual(['Nguyễn Văn Lanh']);
    expect(await byId('Hoa', '001099000002')).toEqual([]);
    expect(await byId('an', '001099000002')).toEqual(['Nguyễn Văn An']);
    // A name common enough to pass any cap is not walked across the scope: the ID's households answer.
    expect(await byId('Nguyễn', '001099000001', { heads: 1, members: 1 })).toEqual([
      'Nguyễn Văn Lanh',
      'Trần Văn Hoa',
    ]);
    expect(await byId('Nguyễn', '001099000009')).toEqual([]);
  });
});
