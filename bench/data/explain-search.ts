// Prints the plans of the registry's read path (name, national ID, commune, village search) on a database
// filled by generate.ts: `node --import tsx bench/data/explain-search.ts URL [analyze]`.
import { openDatabase } from '../../src/db/index.ts';
import {
  isPlainList,
  listHouseholdsSql,
  searchHouseholdsSql,
  searchVillages,
  type SearchFilter,
} from '../../src/db/queries/registry.ts';

const url = process.argv[2]!;
const analyze = process.argv[3] === 'analyze';
const db = await openDatabase({ kind: 'postgres', url });
const scope = { all: false, units: [{ code: '19', validFrom: '2025-07-01' }], villageIds: [] };
const base = { scope, date: '2026-01-15', page: 1, pageSize: 20 };
const [{ nid }] = (await db.query<{ nid: string }>(
  `select national_id as nid from members where national_id is not null order by household_id limit 1`,
)) as [{ nid: string }];
const [{ commune, village }] = (await db.query<{ commune: string; village: string }>(
  `select commune_code as commune, id as village from villages order by commune_code, name limit 1`,
)) as [{ commune: string; village: string }];
const cases: [string, SearchFilter][] = [
  ['name', { ...base, name: process.argv[4] ?? 'Hoàng Văn Đức' }],
  ['name-common', { ...base, name: 'nguyen' }],
  ['nationalId', { ...base, nationalId: nid }],
  ['commune', { ...base, communeCode: commune }],
  ['commune-page-20', { ...base, communeCode: commune, page: 20 }],
  ['village', { ...base, villageId: village }],
];
for (const [label, f] of cases) {
  // A plain list runs a few small statements first (its villages, their households counted): the last one
  // is explained here.
  const { sql, params } = isPlainList(f)
    ? await listHouseholdsSql(db, f)
    : searchHouseholdsSql(f, await searchVillages(db, f));
  const t = performance.now();
  const plan = await db.query<{ 'QUERY PLAN': string }>(`explain ${analyze ? '(analyze, buffers off)' : ''} ${sql}`, params);
  console.log(`=== ${label} ${(performance.now() - t).toFixed(0)} ms`);
  console.log(plan.map((r) => r['QUERY PLAN']).join('\n'));
}
await db.close();
