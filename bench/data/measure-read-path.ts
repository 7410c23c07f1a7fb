// Latency of the registry's read path over HTTP on a database filled by generate.ts (issue 14, item 1):
// `node --import tsx bench/data/measure-read-path.ts (--database-url URL | --pglite-dir DIR) [--province 19]
//  [--connections 50] [--requests 1000] [--single 100] [--only a,b] [--role R] [--unit CODE]`. The server
// runs in this process on loopback as a province officer of the province (or `--role` of `--unit`, e.g. a
// commune_officer of a commune); the name searches use names drawn from the data (different full names,
// accents and case as typed) or a fixed common and rare name, the commune and village lists random ones
// in scope and random pages, the household pages random households in scope, then the duplicate national
// IDs and the figures endpoints. Each is measured one request at a time (`--requests 0`: only so), then with
// `--connections` requests in flight. Prints JSON.
import { parseArgs } from 'node:util';
import { openDatabase, users, type Database } from '../../src/db/index.ts';
import { loadRuleBook } from '../../src/rules-loader/load-rule-book.ts';
import { buildServer } from '../../src/server/app.ts';
import { hashPassword } from '../../src/services/passwords.ts';
import { prng } from './generate.ts';
import { signInOverHttp } from '../lib/sign-in.ts';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    'pglite-dir': { type: 'string' },
    province: { type: 'string', default: '19' },
    connections: { type: 'string', default: '50' },
    requests: { type: 'string', default: '1000' },
    single: { type: 'string', default: '100' },
    only: { type: 'string' },
    /** The officer's unit (default: the province). */
    unit: { type: 'string' },
    // A viewer reads the same rows with personal data masked, so its household page writes no audit entry.
    role: { type: 'string', default: 'province_officer' },
  },
});
const TODAY = '2026-01-15';
const PASSWORD = 'mat-khau-do-hieu-nang';
const db: Database = values['pglite-dir']
  ? await openDatabase({ kind: 'pglite', dataDir: values['pglite-dir'] })
  : await openDatabase({ kind: 'postgres', url: values['database-url'] ?? process.env.DATABASE_URL! });

const unitCode = values.unit ?? values.province!;
const [province] = await db.query<{ validFrom: string }>(
  `select valid_from::text as "validFrom" from admin_units where code = $1 and valid_to is null`,
  [unitCode],
);
const username = `bench_${values.role}_${unitCode}`;
const existing = await db.query(`select 1 from users where username = $1`, [username]);
if (!existing.length)
  await users.createUser(db, {
    username,
    displayName: 'Đo hiệu năng',
    passwordHash: await hashPassword(PASSWORD),
    role: values.role as 'province_officer' | 'commune_officer' | 'viewer',
    scopes: [{ access: 'read', unitCode, unitValidFrom: province!.validFrom }],
  });

const rand = prng(7);
const names = (
  await db.query<{ n: string }>(`select full_name as n from members tablesample system (1) limit 500`)
).map((r) => r.n);
// In the officer's scope: the province's communes, or the commune itself (the generated villages are placed
// where they were created).
const inUnit = `(v.commune_code = $1 or exists (select 1 from admin_units c where c.code = v.commune_code
  and c.valid_from = v.commune_valid_from and c.parent_code = $1))`;
const communes = (
  await db.query<{ c: string; n: number }>(
    `select v.commune_code as c, count(*)::int as n from households h join villages v on v.id = h.village_id
     where ${inUnit} group by 1 order by 1`,
    [unitCode],
  )
).map((r) => r);
const villages = (
  await db.query<{ id: string; n: number }>(
    `select v.id, count(*)::int as n from households h join villages v on v.id = h.village_id
     where ${inUnit} group by 1 order by 1`,
    [unitCode],
  )
).map((r) => r);
// A 1 % sample of households in scope; a commune's sample on Citus comes back empty (each shard samples
// its few pages of the commune), so then its first 500 households by id.
const householdsInUnit = (sample: string) =>
  db.query<{ id: string }>(
    `select household_id as id from households h ${sample} join villages v on v.id = h.village_id
     where ${inUnit} ${sample ? '' : 'order by 1'} limit 500`,
    [unitCode],
  );
let sampled = await householdsInUnit('tablesample system (1)');
if (sampled.length < 20) sampled = await householdsInUnit('');
const ids = sampled.map((r) => r.id);
const year = Number(TODAY.slice(0, 4));
const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;

const app = await buildServer({
  db,
  book: loadRuleBook(),
  today: () => TODAY,
  sessionSecret: 'x'.repeat(40),
  webDir: null,
});
const address = await app.listen({ port: 0, host: '127.0.0.1' });
const { cookie } = await signInOverHttp(address, username, PASSWORD);

const workloads: Record<string, () => string> = {
  // A name as an officer types it: a full name, or its last two words, folded or not.
  nameSearch: () => {
    const n = pick(names);
    const words = n.split(' ');
    const q = rand() < 0.5 ? n : words.slice(-2).join(' ');
    return `/api/households?name=${encodeURIComponent(rand() < 0.5 ? q.toLowerCase() : q)}&page=1&pageSize=20`;
  },
  // A surname and given name shared by tens of thousands at 1 M households, and a rare full name.
  nameCommon: () => `/api/households?name=${encodeURIComponent('nguyễn hùng')}&page=1&pageSize=20`,
  nameRare: () => `/api/households?name=${encodeURIComponent('Lường Tiến Kiên')}&page=1&pageSize=20`,
  communeList: () => {
    const c = pick(communes);
    const page = rand() < 0.5 ? 1 : 1 + Math.floor(rand() * Math.ceil(c.n / 20));
    return `/api/households?communeCode=${c.c}&page=${page}&pageSize=20`;
  },
  villageList: () => {
    const v = pick(villages);
    const page = rand() < 0.5 ? 1 : 1 + Math.floor(rand() * Math.ceil(v.n / 20));
    return `/api/households?villageId=${v.id}&page=${page}&pageSize=20`;
  },
  householdPage: () => `/api/households/${pick(ids)}`,
  duplicates: () => '/api/duplicates/national-ids',
  figures: () => `/api/figures?unitCode=${unitCode}`,
  figuresProgress: () => `/api/figures/progress?unitCode=${unitCode}&from=${year - 4}&to=${year}`,
  figuresChildren: () => `/api/figures/children?unitCode=${unitCode}&year=${year}`,
  figuresMeasures: () => `/api/figures/measures?unitCode=${pick(communes).c}&year=${year}`,
};

/** Answers other than 200 (503 when the server sheds load) are counted, not timed. */
const refused: Record<number, number> = {};
async function timed(path: string): Promise<number | undefined> {
  const t = performance.now();
  const res = await fetch(`${address}${path}`, { headers: { cookie } });
  await res.arrayBuffer();
  if (res.status === 200) return performance.now() - t;
  refused[res.status] = (refused[res.status] ?? 0) + 1;
  return undefined;
}

function summary(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  if (!s.length) return { n: 0 };
  const q = (p: number) => Number(s[Math.min(s.length - 1, Math.floor(p * s.length))]!.toFixed(1));
  return { n: s.length, p50: q(0.5), p95: q(0.95), p99: q(0.99), max: Number(s[s.length - 1]!.toFixed(1)) };
}

const results: Record<string, unknown> = {};
for (const [name, next] of Object.entries(workloads)) {
  if (values.only && !values.only.split(',').includes(name)) continue;
  for (let i = 0; i < Math.min(5, Number(values.single)); i++) await timed(next()); // warm-up
  for (const k of Object.keys(refused)) delete refused[Number(k)];
  const single: number[] = [];
  for (let i = 0; i < Number(values.single); i++) {
    const ms = await timed(next());
    if (ms !== undefined) single.push(ms);
  }
  console.error(name, 'single', JSON.stringify({ ...summary(single), refused }));
  for (const k of Object.keys(refused)) delete refused[Number(k)];
  const concurrent: number[] = [];
  let left = Number(values.requests);
  const started = performance.now();
  await Promise.all(
    Array.from({ length: Number(values.connections) }, async () => {
      while (left-- > 0) {
        const ms = await timed(next());
        if (ms !== undefined) concurrent.push(ms);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  results[name] = {
    single: summary(single),
    concurrent: { connections: Number(values.connections), ...summary(concurrent), perSecond: Math.round(concurrent.length / seconds), refused: { ...refused } },
  };
  console.error(name, JSON.stringify(results[name]));
}
const [{ households }] = (await db.query<{ households: number }>(
  'select count(*)::int as households from households',
)) as [{ households: number }];
console.log(JSON.stringify({ engine: db.kind, households, ...results }, null, 1));
await app.close();
await db.close();
