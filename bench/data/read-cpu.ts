// What the registry's list and search statements cost the database, apart from HTTP and from whatever else
// the machine runs (issue 14, item 1): `node --import tsx bench/data/read-cpu.ts --database-url URL
// [--only communeList,villageList,nameCommon,nameRare] [--connections 50] [--requests 400] [--pool 10]`.
// Calls searchHouseholds (the statements the API runs for GET /api/households) as a province officer of
// province 19 on a database filled by generate.ts, one at a time and then `--connections` at once over a
// pool of `--pool` connections (the server's default), and reports the latency of each (p50/p95, ms) and
// the CPU time the PostgreSQL backends spent per call (user + system, from /proc: the server must run on
// this machine). On a shared 2-core machine the latencies follow the load; the CPU per call much less.
// Prints JSON.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { openDatabase } from '../../src/db/index.ts';
import { searchHouseholds, type SearchFilter } from '../../src/db/queries/registry.ts';

const { values } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    only: { type: 'string' },
    connections: { type: 'string', default: '50' },
    requests: { type: 'string', default: '400' },
    single: { type: 'string', default: '50' },
    pool: { type: 'string', default: '10' },
  },
});
const TODAY = '2026-01-15';
const APP = `read-cpu-${process.pid}`;
const url = new URL(values['database-url'] ?? process.env.DATABASE_URL!);
url.searchParams.set('application_name', APP);
const db = await openDatabase({ kind: 'postgres', url: url.toString(), max: Number(values.pool) });
const scope = { all: false, units: [{ code: '19', validFrom: '2025-07-01' }], villageIds: [] };
const communes = await db.query<{ c: string; n: number }>(
  `select v.commune_code as c, count(*)::int as n from households h join villages v on v.id = h.village_id
   group by 1 order by 1`,
);
const villages = await db.query<{ id: string; n: number }>(
  `select village_id as id, count(*)::int as n from households group by 1 order by 1`,
);
let seed = 7;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
const randomPage = (n: number) => (rand() < 0.5 ? 1 : 1 + Math.floor(rand() * Math.ceil(n / 20)));
const workloads: Record<string, () => Partial<SearchFilter>> = {
  communeList: () => {
    const c = pick(communes);
    return { communeCode: c.c, page: randomPage(c.n) };
  },
  villageList: () => {
    const v = pick(villages);
    return { villageId: v.id, page: randomPage(v.n) };
  },
  nameCommon: () => ({ name: 'nguyễn hùng' }),
  nameRare: () => ({ name: 'Lường Tiến Kiên' }),
};

/** CPU seconds (user + system) of this run's backends so far. */
async function backendCpu(): Promise<number> {
  const pids = await db.query<{ pid: number }>(
    `select pid from pg_stat_activity where application_name = $1`,
    [APP],
  );
  const tick = 100; // USER_HZ
  let total = 0;
  for (const { pid } of pids) {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    total += (Number(fields[11]) + Number(fields[12])) / tick;
  }
  return total;
}

function summary(ms: number[]) {
  const s = [...ms].sort((a, b) => a - b);
  const q = (p: number) => Number(s[Math.min(s.length - 1, Math.floor(p * s.length))]!.toFixed(1));
  return { n: s.length, p50: q(0.5), p95: q(0.95) };
}

async function run(next: () => Partial<SearchFilter>, count: number, connections: number) {
  const times: number[] = [];
  let left = count;
  const before = await backendCpu();
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (left-- > 0) {
        const t = performance.now();
        await searchHouseholds(db, { scope, date: TODAY, page: 1, pageSize: 20, ...next() });
        times.push(performance.now() - t);
      }
    }),
  );
  const cpuMs = ((await backendCpu()) - before) * 1000;
  return { ...summary(times), backendCpuMsPerCall: Number((cpuMs / count).toFixed(2)) };
}

const results: Record<string, unknown> = {};
for (const [name, next] of Object.entries(workloads)) {
  if (values.only && !values.only.split(',').includes(name)) continue;
  await run(next, Number(values.pool) * 2, Number(values.pool)); // warm-up, every connection opened
  results[name] = {
    single: await run(next, Number(values.single), 1),
    concurrent: {
      connections: Number(values.connections),
      ...(await run(next, Number(values.requests), Number(values.connections))),
    },
  };
  console.error(name, JSON.stringify(results[name]));
}
console.log(JSON.stringify(results, null, 1));
await db.close();
