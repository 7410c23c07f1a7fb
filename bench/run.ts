// The benchmark runner (issue 14, item 4): `npm run bench` (full) or `npm run bench -- --quick` (under two
// minutes). Each benchmark measures ours beside a reference engine in the same run; the results go to
// bench/results.json (one object per benchmark: name, n, ours, reference, ratio, goal, better, unit) and a
// summary with the machine (cpus, memory, node, PostgreSQL, the load average during the run) replaces the
// generated part of bench/RESULTS.md.
//
//   --quick               small N everywhere; scratch databases filled here
//   --only a,b            classify, import, read, freshness, citus
//   --postgres URL        a PostgreSQL server for scratch databases (default postgres://root@127.0.0.1:5432/postgres)
//   --filled URL          a database filled by generate.ts (full mode: postgres://root@127.0.0.1:5432/giamngheo_bench)
//   --citus URL           a Citus coordinator's database filled by generate.ts (read endpoints and roll-up);
//   --citus-workloads a,b only these read workloads there (name-search, commune-list, household-page, figures)
//   --connections a,b     concurrent connections of the read loads (default 50,200; 1 gives a single request's latency)
//   --pglite-households N households for the embedded roll-up freshness (full default 100 000)
//   --pglite-read N       also the read endpoints on the embedded engine, filled here with N households
//   --out FILE            results file (default bench/results.json); --no-md leaves RESULTS.md alone;
//   --merge               keeps the file's results this run did not measure (e.g. a later --only citus)
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { migrate, openDatabase } from '../src/db/index.ts';
import { ensureReferenceData } from '../src/services/reference-data.ts';
import { createScratchPostgres } from '../test/support/databases.ts';
import { classifyBench } from './classify.bench.ts';
import { generateHouseholds } from './data/generate.ts';
import { importBench } from './import.bench.ts';
import { time, type BenchContext } from './lib/context.ts';
import { renderSummary, replaceGenerated, type Machine } from './lib/report.ts';
import type { BenchResult } from './lib/results.ts';
import { readBench } from './read.bench.ts';
import { freshnessBench } from './rollup.bench.ts';

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    postgres: {
      type: 'string',
      default: process.env.BENCH_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/postgres',
    },
    filled: { type: 'string' },
    citus: { type: 'string' },
    'pglite-households': { type: 'string' },
    'pglite-read': { type: 'string' },
    out: { type: 'string' },
    'no-md': { type: 'boolean', default: false },
    merge: { type: 'boolean', default: false },
    'citus-workloads': { type: 'string' },
    connections: { type: 'string', default: '50,200' },
  },
});
const quick = values.quick!;
const connections = values.connections!.split(',').map(Number);
if (connections.some((c) => !Number.isInteger(c) || c < 1)) {
  console.error(`--connections: whole numbers ≥ 1 separated by commas, not "${values.connections}"`);
  process.exit(2);
}
const here = fileURLToPath(new URL('.', import.meta.url));
const only = new Set((values.only ?? 'classify,import,read,freshness,citus').split(','));
const started = Date.now();
const loads: number[] = [];
const sampler = setInterval(() => loads.push(loadavg()[0]!), 5000);
loads.push(loadavg()[0]!);
const tmp = mkdtempSync(join(tmpdir(), 'gn-bench-'));
chmodSync(tmp, 0o755); // the PostgreSQL server reads the COPY files
const log = (line: string) =>
  console.error(`[${((Date.now() - started) / 1000).toFixed(0).padStart(4)} s] ${line}`);

/** Whether a PostgreSQL server answers at the URL (its version), else undefined. */
async function postgresVersion(url: string | undefined): Promise<string | undefined> {
  if (!url) return undefined;
  try {
    const db = await openDatabase({ kind: 'postgres', url });
    try {
      const [row] = await db.query<{ v: string }>(`select current_setting('server_version') as v`);
      return row!.v;
    } finally {
      await db.close();
    }
  } catch {
    return undefined;
  }
}

const pgVersion = await postgresVersion(values.postgres);
const ctx: BenchContext = {
  quick,
  ...(pgVersion ? { postgresUrl: values.postgres! } : {}),
  ...(values.filled ? { filledUrl: values.filled } : {}),
  ...(values.citus ? { citusUrl: values.citus } : {}),
  tmp,
  log,
};
if (!pgVersion) log(`no PostgreSQL at ${values.postgres}: the PostgreSQL benchmarks are skipped`);

const results: BenchResult[] = [];
const out = values.out ?? join(here, 'results.json');
let kept: BenchResult[] = [];
if (values.merge) {
  try {
    kept = JSON.parse(readFileSync(out, 'utf8')) as BenchResult[];
  } catch {
    // no earlier results
  }
}
/** Writes the results so far (after every benchmark, so that an interrupted run keeps what it measured). */
function save() {
  // A result measured again at the same n replaces the earlier one; at another n both are kept (growth).
  const key = (r: BenchResult) => `${r.name} ${r.n}`;
  const fresh = new Set(results.map(key));
  writeFileSync(out, JSON.stringify([...kept.filter((r) => !fresh.has(key(r))), ...results], null, 1) + '\n');
}
const notes: string[] = [];
async function step(name: string, run: () => Promise<BenchResult[]>) {
  if (!only.has(name)) return;
  const t = Date.now();
  try {
    const r = await run();
    results.push(...r);
    save();
    log(`${name}: done in ${((Date.now() - t) / 1000).toFixed(0)} s`);
  } catch (e) {
    const msg = `${name} failed: ${(e as Error).stack ?? String(e)}`;
    log(msg);
    notes.push(`${name} failed: ${(e as Error).message}`);
    process.exitCode = 1;
  }
}

/** A scratch PostgreSQL database filled by generate.ts with `n` households in province 19. */
async function filledScratch(n: number) {
  const scratch = await createScratchPostgres(ctx.postgresUrl!);
  const db = await openDatabase({ kind: 'postgres', url: scratch.url });
  try {
    await migrate(db);
    await ensureReferenceData(db);
    await generateHouseholds(db, { households: n, province: '19' });
    await db.exec('vacuum analyze');
  } finally {
    await db.close();
  }
  return scratch;
}

/**
 * The read endpoints on the embedded engine, filled here with `n` households in province 19. It serves one
 * statement at a time, so under load its requests queue: the single request (--connections 1) tells its cost.
 */
async function pgliteRead(n: number): Promise<BenchResult[]> {
  const db = await openDatabase({ kind: 'pglite' });
  try {
    await migrate(db);
    await ensureReferenceData(db);
    const [, fillMs] = await time(() => generateHouseholds(db, { households: n, province: '19' }));
    await db.exec('vacuum analyze');
    log(`read pglite: ${n} households generated in ${(fillMs / 1000).toFixed(0)} s`);
    return await readBench(ctx, {
      db,
      engine: 'pglite',
      connections,
      duration: quick ? 1 : 5,
      prefix: 'pglite.read',
    });
  } finally {
    await db.close();
  }
}

try {
  await step('classify', () => classifyBench(ctx));
  await step('import', () => importBench(ctx));
  await step('read', async () => {
    const out: BenchResult[] = [];
    if (ctx.postgresUrl || ctx.filledUrl) {
      const scratch = ctx.filledUrl ? undefined : await filledScratch(quick ? 1_000 : 20_000);
      try {
        out.push(
          ...(await readBench(ctx, {
            url: ctx.filledUrl ?? scratch!.url,
            engine: 'postgresql',
            connections,
            duration: quick ? 1 : 5,
          })),
        );
      } finally {
        await scratch?.drop();
      }
    }
    if (values['pglite-read']) out.push(...(await pgliteRead(Number(values['pglite-read']))));
    return out;
  });
  await step('freshness', async () => {
    const out: BenchResult[] = [];
    if (ctx.postgresUrl) {
      const scratch = ctx.filledUrl ? undefined : await createScratchPostgres(ctx.postgresUrl);
      const db = await openDatabase({ kind: 'postgres', url: ctx.filledUrl ?? scratch!.url });
      try {
        out.push(
          ...(await freshnessBench(ctx, {
            db,
            engine: 'postgresql',
            ...(ctx.filledUrl ? {} : { load: quick ? 3_000 : 100_000 }),
          })),
        );
      } finally {
        await db.close();
        await scratch?.drop();
      }
    }
    const n = Number(values['pglite-households'] ?? (quick ? 3_000 : 100_000));
    const db = await openDatabase({ kind: 'pglite' });
    try {
      out.push(...(await freshnessBench(ctx, { db, engine: 'pglite', load: n, runs: quick ? 3 : 5 })));
    } finally {
      await db.close();
    }
    return out;
  });
  await step('citus', async () => {
    if (!ctx.citusUrl) {
      log('citus: no --citus URL (a coordinator filled by generate.ts): skipped');
      return [];
    }
    const out = await readBench(ctx, {
      url: ctx.citusUrl,
      engine: 'citus',
      connections,
      duration: quick ? 1 : 5,
      prefix: 'citus.read',
      ...(values['citus-workloads'] ? { workloads: values['citus-workloads'].split(',') } : {}),
    });
    const db = await openDatabase({ kind: 'postgres', url: ctx.citusUrl });
    try {
      out.push(...(await freshnessBench(ctx, { db, engine: 'citus', name: 'citus.freshness' })));
    } finally {
      await db.close();
    }
    return out;
  });
} finally {
  clearInterval(sampler);
  loads.push(loadavg()[0]!);
  rmSync(tmp, { recursive: true, force: true });
}

const machine: Machine = {
  date: new Date().toISOString().slice(0, 10),
  mode: quick ? 'quick' : 'full',
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? '?',
  memoryGiB: Math.round(totalmem() / 2 ** 30),
  node: process.version,
  postgres: pgVersion ?? null,
  citus: ctx.citusUrl ? ((await postgresVersion(ctx.citusUrl)) ?? null) : null,
  load: {
    min: Math.min(...loads),
    mean: loads.reduce((a, b) => a + b, 0) / loads.length,
    max: Math.max(...loads),
  },
  seconds: Math.round((Date.now() - started) / 1000),
  notes,
};
save();
log(`${results.length} results written to ${out}`);
if (!values['no-md']) {
  const md = join(here, 'RESULTS.md');
  const all = JSON.parse(readFileSync(out, 'utf8')) as BenchResult[];
  writeFileSync(md, replaceGenerated(readFileSync(md, 'utf8'), renderSummary(all, machine)));
  log(`summary written to ${md}`);
}
console.log(renderSummary(JSON.parse(readFileSync(out, 'utf8')) as BenchResult[], machine));
