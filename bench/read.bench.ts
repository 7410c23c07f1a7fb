// The registry's read endpoints under load (issue 14, items 1 and 4): name search, commune list, household
// page and figures, over HTTP on loopback with autocannon (50 and 200 connections, in a separate process),
// against the same service call run directly in this process over the same pg pool (its SQL, no HTTP),
// at the same concurrency for the same time. Goal: p95 ≤ 100 ms. The database is one filled by
// bench/data/generate.ts (full mode: 1 M households in province 19; Citus: the coordinator's URL), or a
// scratch one filled here with a few thousand households (quick mode).
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { migrate, openDatabase, users, type Database } from '../src/db/index.ts';
import { loadRuleBook } from '../src/rules-loader/load-rule-book.ts';
import { buildServer } from '../src/server/app.ts';
import { loadPrincipal } from '../src/server/auth/principal.ts';
import { readFigureSeries } from '../src/services/figures-read.ts';
import { getHousehold, searchHouseholds } from '../src/services/households.ts';
import { hashPassword } from '../src/services/passwords.ts';
import { prng } from './data/generate.ts';
import { seedBenchFigures } from './lib/seed-figures.ts';
import type { BenchContext } from './lib/context.ts';
import { percentiles, result, type BenchResult } from './lib/results.ts';
import { signInOverHttp } from './lib/sign-in.ts';

const TODAY = '2026-01-15';
const PASSWORD = 'mat-khau-do-hieu-nang';
const PROVINCE = '19';

interface Workload {
  name: string;
  path: () => string;
  direct: () => Promise<unknown>;
}

export interface ReadOptions {
  /** A database filled by generate.ts (households in province 19), by its URL (PostgreSQL, Citus)… */
  url?: string;
  /** …or already open (the embedded engine), left open. */
  db?: Database;
  engine: string;
  connections: number[];
  /** Seconds each load lasts. */
  duration: number;
  /** Prefix of the result names. */
  prefix?: string;
  /** Only these workloads (name-search, commune-list, household-page, figures); all when absent. */
  workloads?: string[];
}

export async function readBench(ctx: BenchContext, o: ReadOptions): Promise<BenchResult[]> {
  if (!o.db && !o.url) throw new Error('read: give a database (url or db)');
  const db: Database = o.db ?? (await openDatabase({ kind: 'postgres', url: o.url! }));
  const out: BenchResult[] = [];
  try {
    await migrate(db); // the server expects the current schema (a database filled earlier may lag behind)
    const [province] = await db.query<{ validFrom: string }>(
      `select valid_from::text as "validFrom" from admin_units where code = $1 and valid_to is null`,
      [PROVINCE],
    );
    const username = `bench_province_${PROVINCE}`;
    let [user] = await db.query<{ id: string }>(`select user_id as id from users where username = $1`, [
      username,
    ]);
    if (!user) {
      await users.createUser(db, {
        username,
        displayName: 'Đo hiệu năng',
        passwordHash: await hashPassword(PASSWORD),
        role: 'province_officer',
        scopes: [{ access: 'read', unitCode: PROVINCE, unitValidFrom: province!.validFrom }],
      });
      [user] = await db.query<{ id: string }>(`select user_id as id from users where username = $1`, [
        username,
      ]);
    }
    const actor = (await loadPrincipal(db, user!.id))!;
    // The figures workload reads a series, not an empty answer.
    const seeded = await seedBenchFigures(db, PROVINCE);
    if (seeded > 0) ctx.log(`read ${o.engine}: ${seeded} entered figures added for the figures workload`);
    const [{ households }] = (await db.query<{ households: number }>(
      `select count(*)::int as households from households`,
    )) as [{ households: number }];

    const rand = prng(7);
    // A sample without reading a million rows; a small database is sampled whole.
    const sample = households > 200_000 ? 'tablesample system (1)' : '';
    const names = (
      await db.query<{ n: string }>(`select full_name as n from members ${sample} limit 500`)
    ).map((r) => r.n);
    const communes = await db.query<{ c: string; n: number }>(
      `select v.commune_code as c, count(*)::int as n from households h join villages v on v.id = h.village_id
       group by 1 order by 1`,
    );
    const ids = (
      await db.query<{ id: string }>(`select household_id as id from households ${sample} limit 500`)
    ).map((r) => r.id);
    if (!names.length || !communes.length || !ids.length)
      throw new Error('read: the database has no households');
    const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)]!;
    const name = () => {
      const n = pick(names);
      const q = rand() < 0.5 ? n : n.split(' ').slice(-2).join(' ');
      return rand() < 0.5 ? q.toLowerCase() : q;
    };
    const commune = () => {
      const c = pick(communes);
      return { code: c.c, page: rand() < 0.5 ? 1 : 1 + Math.floor(rand() * Math.ceil(c.n / 20)) };
    };
    const unit = () => (rand() < 0.2 ? PROVINCE : pick(communes).c);
    const workloads: Workload[] = [
      {
        name: 'name-search',
        path: () => `/api/households?name=${encodeURIComponent(name())}&page=1&pageSize=20`,
        direct: () => searchHouseholds(db, actor, { name: name(), page: 1, pageSize: 20 } as never, TODAY),
      },
      {
        name: 'commune-list',
        path: () => {
          const c = commune();
          return `/api/households?communeCode=${c.code}&page=${c.page}&pageSize=20`;
        },
        direct: () => {
          const c = commune();
          return searchHouseholds(
            db,
            actor,
            { communeCode: c.code, page: c.page, pageSize: 20 } as never,
            TODAY,
          );
        },
      },
      {
        name: 'household-page',
        path: () => `/api/households/${pick(ids)}`,
        direct: () => getHousehold(db, actor, pick(ids), TODAY),
      },
      {
        name: 'figures',
        path: () => `/api/figures?unitCode=${unit()}&group=all`,
        direct: () => readFigureSeries(db, actor, { unitCode: unit(), group: 'all', basis: 'as_was' }, TODAY),
      },
    ];

    const app = await buildServer({
      db,
      book: loadRuleBook(),
      today: () => TODAY,
      sessionSecret: 'x'.repeat(40),
      webDir: null,
    });
    const address = await app.listen({ port: 0, host: '127.0.0.1' });
    try {
      const cookie = await signIn(address, username);
      for (const w of workloads) {
        if (o.workloads && !o.workloads.includes(w.name)) continue;
        // Each answers once before the load (a wrong path or a refusal fails the benchmark here).
        const probe = await fetch(`${address}${w.path()}`, { headers: { cookie } });
        if (probe.status !== 200)
          throw new Error(`read: ${w.name} answered ${probe.status}: ${await probe.text()}`);
        await w.direct();
        for (const c of o.connections) {
          const paths = Array.from({ length: 5000 }, w.path);
          const http = await load(ctx, { url: address, cookie, paths, connections: c, duration: o.duration });
          const direct = await directLoad(w.direct, c, o.duration);
          const h = percentiles(http.latencies);
          const d = percentiles(direct.latencies);
          const refused = Object.fromEntries(Object.entries(http.statuses).filter(([s]) => s !== '200'));
          ctx.log(
            `read ${o.engine} ${w.name} ×${c}: HTTP p50 ${h.p50} p95 ${h.p95} p99 ${h.p99} ms (${h.n} answers, ` +
              `${JSON.stringify(refused)} refused, ${http.errors} errors, ${http.timeouts} time-outs); ` +
              `direct p50 ${d.p50} p95 ${d.p95} p99 ${d.p99} ms (${d.n}, ${direct.errors} errors)`,
          );
          const detail = {
            engine: o.engine,
            households,
            connections: c,
            seconds: o.duration,
            http: {
              ...h,
              perSecond: Math.round(h.n / o.duration),
              refused,
              errors: http.errors,
              timeouts: http.timeouts,
            },
            direct: { ...d, perSecond: Math.round(d.n / o.duration), errors: direct.errors },
          };
          const base = `${o.prefix ?? 'read'}.${w.name}.c${c}`;
          // The goal (p95 ≤ 100 ms) is on our own figure; the comparison with the direct call is a second row.
          out.push(
            result({
              name: `${base}.p95`,
              n: households,
              ours: h.p95,
              goal: 100,
              better: 'lower',
              unit: 'ms',
              detail,
            }),
          );
          out.push(
            result({
              name: `${base}.p95-vs-direct`,
              n: households,
              ours: h.p95,
              reference: d.p95,
              goal: null,
              better: 'lower',
              unit: 'ms',
              detail: {
                reference: 'the same service call (its SQL through pg) without HTTP, same concurrency',
              },
            }),
          );
        }
      }
    } finally {
      await app.close();
    }
  } finally {
    if (!o.db) await db.close();
  }
  return out;
}

const signIn = async (address: string, username: string): Promise<string> =>
  (await signInOverHttp(address, username, PASSWORD)).cookie;

interface LoadResult {
  latencies: number[];
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
}

/** autocannon in a child process (bench/lib/load.mjs), so it does not share the server's event loop. */
async function load(
  ctx: BenchContext,
  cfg: { url: string; cookie: string; paths: string[]; connections: number; duration: number },
): Promise<LoadResult> {
  const file = join(ctx.tmp, `load-${process.pid}.json`);
  writeFileSync(file, JSON.stringify(cfg));
  const child = spawn(process.execPath, [new URL('./lib/load.mjs', import.meta.url).pathname, file], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let stdout = '';
  child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
  const code = await new Promise<number | null>((r) => child.on('close', r));
  if (code !== 0) throw new Error(`autocannon exited with ${code}`);
  return JSON.parse(stdout) as LoadResult;
}

/** `concurrency` loops calling `call` back to back for `seconds`. */
async function directLoad(call: () => Promise<unknown>, concurrency: number, seconds: number) {
  const latencies: number[] = [];
  let errors = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < until) {
        const t = performance.now();
        try {
          await call();
          latencies.push(performance.now() - t);
        } catch {
          errors++;
        }
      }
    }),
  );
  return { latencies, errors };
}
