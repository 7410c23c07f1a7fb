// Loading the official unit lists and the legal lists into a database: counts, idempotence, all-or-nothing.
import { expect, it } from 'vitest';
import { legalLists, units } from '../../src/db/index.ts';
import { RuleBookError } from '../../src/domain/standards/build-rule-book.ts';
import { ensureReferenceData } from '../../src/services/reference-data.ts';
import { forEachDatabase } from '../support/databases.ts';
import { rulesCopyWith } from '../support/rules.ts';

const count = async (db: Parameters<typeof units.unitAt>[0], sql: string, params: unknown[] = []) =>
  (await db.query<{ n: number }>(sql, params))[0]!.n;

const atDate = (level: string, extra = '') =>
  `select count(*)::int as n from admin_units u where u.level = '${level}'
     and u.valid_from <= $1::date and (u.valid_to is null or u.valid_to >= $1::date) ${extra}`;

forEachDatabase((getDb) => {
  it('loads every unit before and after the reform, once', { timeout: 120_000 }, async () => {
    const db = getDb();
    const first = await ensureReferenceData(db);
    expect(first.units).toBe('loaded');
    expect(first.edgeCount).toBe(10_633);
    expect(await count(db, atDate('province'), ['2025-06-30'])).toBe(63);
    expect(await count(db, atDate('province'), ['2025-07-01'])).toBe(34);
    expect(await count(db, atDate('district'), ['2025-07-01'])).toBe(0);
    expect(await count(db, atDate('commune'), ['2025-07-01'])).toBe(3321);
    expect(await count(db, atDate('district', `and u.parent_code = '06'`), ['2025-06-30'])).toBe(8);
    expect((await units.children(db, '19', '2025-07-01')).length).toBe(92);
    const bacKanCommunes = await count(
      db,
      `select count(*)::int as n from admin_units c join admin_units d
         on d.code = c.parent_code and d.valid_from = c.parent_valid_from
       where c.level = 'commune' and d.parent_code = '06' and c.valid_to = '2025-06-30'`,
    );
    expect(bacKanCommunes).toBe(108);
    // Every row the loader could not use as it is stays on record.
    expect(await count(db, 'select count(*)::int as n from unit_load_problems')).toBe(first.problemCount);

    const again = await ensureReferenceData(db);
    expect(again).toEqual({ units: 'up-to-date', legalLists: 'up-to-date' });
  });

  it(
    'puts the communes of Pác Nặm and Ngân Sơn in the territory of poor districts (QĐ 353/QĐ-TTg)',
    { timeout: 120_000 },
    async () => {
      const db = getDb();
      await ensureReferenceData(db);
      const entries = await legalLists.legalListEntries(db, 'poor_district_2021_2025');
      expect(entries.map((e) => e.unitCode)).toEqual(['060', '062']);
      const bocBo = await legalLists.listsOfUnit(db, '01864', '2024-12-31');
      expect(bocBo.map((l) => [l.kind, l.via.code])).toEqual([['poor_district_2021_2025', '060']]);
      // Before the list took effect, and for a commune of another district, nothing.
      expect(await legalLists.listsOfUnit(db, '01864', '2021-12-31')).toEqual([]);
      expect(await legalLists.listsOfUnit(db, '01843', '2024-12-31')).toEqual([]);
      // The extremely difficult communes list is loaded, but empty: no verified source yet.
      expect(await legalLists.legalListEntries(db, 'extremely_difficult_commune_2021_2025')).toEqual([]);
    },
  );

  it('writes nothing when a legal list names a unit that does not exist', { timeout: 120_000 }, async () => {
    const db = getDb();
    const rulesDir = rulesCopyWith('legal-lists/poor-districts-2021-2025.yaml', (t) =>
      t.replace("unitCode: '062'", "unitCode: '069'"),
    );
    await expect(ensureReferenceData(db, { rulesDir })).rejects.toThrow(RuleBookError);
    expect(await count(db, 'select count(*)::int as n from admin_units')).toBe(0);
    expect(await count(db, 'select count(*)::int as n from reference_data_loads')).toBe(0);
  });
});
