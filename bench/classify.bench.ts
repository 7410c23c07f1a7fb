// Classification and per-commune roll-up of N households in-process, against DuckDB running the same rule
// and GROUP BY over the same NDJSON file in the same run (issue 14, item 4). Ours: a streaming NDJSON
// reader, each line parsed and checked as `giamngheo classify` checks it (parseAssessment), its class from
// the rule book's standard (classOfRequest: the same rule as assess, compiled once), counted by commune
// and class. DuckDB: read_json over the file, the standard's thresholds as a CASE, GROUP BY commune, class.
// The class counts of both must be equal, or the benchmark fails. Run through bench/run.ts
// (`npm run bench -- --only classify`), or alone: `node --import tsx bench/classify.bench.ts [N]`.
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { cpus, tmpdir } from 'node:os';
import { DuckDBInstance } from '@duckdb/node-api';
import { thresholdsFor } from '../src/domain/standards/classify.ts';
import { HOUSEHOLD_CLASSES, type HouseholdClass, type Standard } from '../src/domain/standards/types.ts';
import { loadRuleBook } from '../src/rules-loader/load-rule-book.ts';
import { prng } from './data/generate.ts';
import { startWorkers, type Counts } from './lib/classify-file.ts';
import { median, time, type BenchContext } from './lib/context.ts';
import { result, type BenchResult } from './lib/results.ts';

const STANDARD = 'ND07_2021';
/** As many communes as the country has after the 2025 reform. */
const COMMUNES = 3321;

/** Writes N households as NDJSON: 80 % rural, income uniform 0–3,5 M đồng, each indicator lacking with p 0,2. */
export async function writeHouseholds(path: string, n: number, standard: Standard): Promise<void> {
  const rand = prng(20261206);
  const codes = standard.indicators.map((i) => i.code);
  const out = createWriteStream(path);
  let buf = '';
  for (let i = 0; i < n; i++) {
    const deficits = codes.filter(() => rand() < 0.2);
    const commune = String(1 + Math.floor(rand() * COMMUNES)).padStart(5, '0');
    buf +=
      JSON.stringify({
        id: `h${i}`,
        commune,
        standard: standard.id,
        area: rand() < 0.8 ? 'rural' : 'urban',
        incomePerCapita: Math.floor(rand() * 3_500_000),
        deficits,
      }) + '\n';
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await new Promise<void>((r) => out.once('drain', () => r()));
      buf = '';
    }
  }
  out.end(buf);
  await new Promise<void>((r, j) => out.on('finish', () => r()).on('error', j));
}

/** The standard's rule as SQL over columns area, x (the measure) and d (distinct deficits). */
export function ruleSql(standard: Standard): string {
  const k = standard.parameters.deficitThreshold.value;
  const byArea = (area: 'rural' | 'urban') => {
    const t = thresholdsFor(standard, area, 'income')!;
    const upper = t.middleUpper
      ? `when x <= ${t.middleUpper.value} then 'middle' else 'not_poor'`
      : `else 'not_poor'`;
    const deficits = `(case when d >= ${k} then 'poor' else 'near_poor' end)`;
    if (standard.rule === 'two_lines' && t.nearPoor)
      return `case when x <= ${t.poverty.value} then 'poor' when x <= ${t.nearPoor.value} then ${deficits} ${upper} end`;
    return `case when x <= ${t.poverty.value} then ${deficits} ${upper} end`;
  };
  return `case area when 'rural' then ${byArea('rural')} when 'urban' then ${byArea('urban')} end`;
}

async function duckdbVersion(): Promise<string> {
  const instance = await DuckDBInstance.create(':memory:');
  const con = await instance.connect();
  const v = (await con.runAndReadAll('select version()')).getRows()[0]![0] as string;
  con.closeSync();
  instance.closeSync();
  return v;
}

export async function duckdbCounts(standard: Standard, path: string, threads?: number): Promise<Counts> {
  const instance = await DuckDBInstance.create(':memory:', threads ? { threads: String(threads) } : {});
  const con = await instance.connect();
  try {
    const reader = await con.runAndReadAll(
      `select commune, cls, count(*)::int as n from (
         select commune, ${ruleSql(standard)} as cls
         from (select commune, area, "incomePerCapita" as x, len(list_distinct(deficits)) as d
               from read_json('${path.replaceAll("'", "''")}', format = 'newline_delimited',
                 columns = {commune: 'VARCHAR', area: 'VARCHAR', "incomePerCapita": 'BIGINT', deficits: 'VARCHAR[]'}))
       ) group by all`,
    );
    const counts: Counts = new Map();
    for (const [commune, cls, n] of reader.getRows() as [string, HouseholdClass, number][]) {
      let row = counts.get(commune);
      if (!row) counts.set(commune, (row = [0, 0, 0, 0]));
      row[HOUSEHOLD_CLASSES.indexOf(cls)] = n;
    }
    return counts;
  } finally {
    con.closeSync();
    instance.closeSync();
  }
}

export function totals(counts: Counts): Record<HouseholdClass, number> {
  const t: Record<HouseholdClass, number> = { poor: 0, near_poor: 0, middle: 0, not_poor: 0 };
  for (const row of counts.values()) HOUSEHOLD_CLASSES.forEach((c, i) => (t[c] += row[i]!));
  return t;
}

function sameCounts(a: Counts, b: Counts): string | undefined {
  if (a.size !== b.size) return `${a.size} communes against ${b.size}`;
  for (const [commune, row] of a) {
    const other = b.get(commune);
    for (let i = 0; i < 4; i++)
      if (row[i] !== (other?.[i] ?? 0))
        return `commune ${commune}, ${HOUSEHOLD_CLASSES[i]}: ${row[i]} against ${other?.[i] ?? 0}`;
  }
  return undefined;
}

export async function classifyBench(ctx: BenchContext): Promise<BenchResult[]> {
  const n = ctx.quick ? 50_000 : 1_000_000;
  const runs = ctx.quick ? 2 : 3;
  const book = loadRuleBook();
  const standard = book.standards.get(STANDARD)!;
  const path = join(ctx.tmp, `households-${n}.ndjson`);
  const [, genMs] = await time(() => writeHouseholds(path, n, standard));
  ctx.log(`classify: ${n.toLocaleString('en-US')} households written to ${path} in ${Math.round(genMs)} ms`);
  const threads = cpus().length;
  const pool = await startWorkers(book, threads);
  const single = await startWorkers(book, 1);
  const oursMs: number[] = [];
  const ours1Ms: number[] = [];
  const duckMs: number[] = [];
  const duck1Ms: number[] = [];
  let first: Awaited<ReturnType<typeof pool.run>>;
  try {
    // Warm-up of both (JIT, file cache), checked against each other; then the runs alternate so that a
    // change of load on the shared machine hits both alike.
    first = await pool.run(path);
    const duck0 = await duckdbCounts(standard, path);
    const diff = sameCounts(first.counts, duck0) ?? sameCounts(duck0, first.counts);
    if (diff || first.invalid)
      throw new Error(`classify: counts differ from DuckDB's (${diff ?? `${first.invalid} invalid`})`);
    for (let i = 0; i < runs; i++) {
      oursMs.push((await time(() => pool.run(path)))[1]);
      duckMs.push((await time(() => duckdbCounts(standard, path)))[1]);
      ours1Ms.push((await time(() => single.run(path)))[1]);
      duck1Ms.push((await time(() => duckdbCounts(standard, path, 1)))[1]);
    }
  } finally {
    await pool.close();
  }
  const perSecond = (ms: number) => Math.round(n / (median([ms]) / 1000));
  const rate = (xs: number[]) => perSecond(median(xs));
  const ours = rate(oursMs);
  const reference = rate(duckMs);
  ctx.log(
    `classify: ours ${ours.toLocaleString('en-US')}/s on ${threads} threads (${oursMs.map(Math.round).join(', ')} ms), ` +
      `DuckDB ${reference.toLocaleString('en-US')}/s (${duckMs.map(Math.round).join(', ')} ms); one thread each: ` +
      `ours ${rate(ours1Ms).toLocaleString('en-US')}/s, DuckDB ${rate(duck1Ms).toLocaleString('en-US')}/s`,
  );
  return [
    result({
      name: 'classify-rollup',
      n,
      ours,
      reference,
      goal: 0.5,
      better: 'higher',
      unit: 'households/s',
      detail: {
        reference: `DuckDB ${await duckdbVersion()} read_json + CASE + GROUP BY, default threads (${threads} cores)`,
        oursThreads: threads,
        oneThread: {
          ours: rate(ours1Ms),
          duckdb: rate(duck1Ms),
          ratio: Number((rate(ours1Ms) / rate(duck1Ms)).toFixed(3)),
        },
        communes: first.counts.size,
        classes: totals(first.counts),
        countsEqualDuckDB: true,
        runsMs: {
          ours: oursMs.map(Math.round),
          duckdb: duckMs.map(Math.round),
          oursOneThread: ours1Ms.map(Math.round),
          duckdbOneThread: duck1Ms.map(Math.round),
        },
      },
    }),
  ];
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const n = Number(process.argv[2] ?? 200_000);
  const r = await classifyBench({ quick: n <= 200_000, tmp: tmpdir(), log: console.log });
  console.log(JSON.stringify(r, null, 1));
}
