// Import of N households into PostgreSQL (issue 14, item 4), as .xlsx (members and Phiếu B: read, every row
// checked, checked against the database, classified, written with the audit and roll-up) and as CSV
// (members only: a CSV file holds one sheet), against PostgreSQL's own `COPY` of the same rows from a CSV
// file into a table of text columns, in the same database in the same run. Goal: ≥ 0,5 × COPY's rows/s,
// and memory flat as N grows (peak heap and RSS of this process at two N, and the live heap after full
// collections; the database's memory is the server's). Each import runs as a commune officer of 01864
// into a fresh scratch database.
// Run through bench/run.ts (`npm run bench -- --only import`).
import { chmodSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { migrate, openDatabase } from '../src/db/index.ts';
import { registryCounts } from '../src/db/queries/imports.ts';
import { loadPrincipal } from '../src/server/auth/principal.ts';
import type { JobProgress } from '../src/jobs/registry.ts';
import { importActor, runImport } from '../src/services/imports/run-import.ts';
import {
  FORM_B_HEADERS,
  formBRow,
  generatedMembers,
  writeWorkbook,
  type Cell,
} from '../test/support/import-files.ts';
import { book } from '../test/support/rules.ts';
import { buildWorld, TODAY } from '../test/support/server.ts';
import { createScratchPostgres } from '../test/support/databases.ts';
import { time, type BenchContext } from './lib/context.ts';
import { copyIntoSameTables } from './lib/copy-same-tables.ts';
import { result, type BenchResult } from './lib/results.ts';

const PER_HOUSEHOLD = 4;
const VILLAGES = ['Thôn Nà Phầy', 'Thôn Khuổi Trả'];
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const csvCell = (c: Cell) => {
  if (c === null) return '';
  const s = c instanceof Date ? c.toISOString().slice(0, 10) : String(c);
  return /[",\n\r]/u.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};
const writeCsv = (path: string, rows: Cell[][]) => {
  writeFileSync(path, rows.map((r) => r.map(csvCell).join(',')).join('\n') + '\n');
  chmodSync(path, 0o644); // COPY reads it as the server's user
};

interface Measured {
  format: 'xlsx' | 'csv';
  memberRows: number;
  rows: number;
  importMs: number;
  copyMs: number;
  /** COPY of the rows the import wrote into tables shaped as the real ones (bench/lib/copy-same-tables.ts). */
  sameTables: { ms: number; rows: number };
  peakHeap: number;
  /** The largest heap still in use after a full collection, at each phase's start and every 10.000 rows read. */
  liveHeap: number;
  peakRss: number;
  timings: { read: number; check: number; write: number };
  counts: unknown;
}

export async function measure(
  ctx: BenchContext,
  format: 'xlsx' | 'csv',
  memberRows: number,
): Promise<Measured> {
  const households = Math.ceil(memberRows / PER_HOUSEHOLD);
  const scratch = await createScratchPostgres(ctx.postgresUrl!);
  const db = await openDatabase({ kind: 'postgres', url: scratch.url });
  try {
    await migrate(db);
    const world = await buildWorld(db);
    const members = generatedMembers(households, PER_HOUSEHOLD, VILLAGES).slice(0, memberRows + 1);
    const codes = book.standards.get('ND07_2021')!.indicators.map((i) => i.code);
    const formB: Cell[][] =
      format === 'xlsx'
        ? [
            FORM_B_HEADERS,
            ...Array.from({ length: households }, (_, h) =>
              formBRow({
                ref: `G-${h}`,
                income: `${1_000_000 + ((h * 7919) % 2_000_000)}`,
                deficits: codes.filter((_, i) => (h + i) % 5 === 0),
              }),
            ),
          ]
        : [];
    const path = join(ctx.tmp, `import-${memberRows}.${format}`);
    if (format === 'xlsx')
      await writeWorkbook(path, [
        { name: 'Hộ và thành viên', rows: members },
        { name: 'Phiếu B', rows: formB },
      ]);
    else writeCsv(path, members);
    // The reference: the same rows as CSV, COPY'd into tables of as many text columns.
    const copyMembers = join(ctx.tmp, `copy-members-${memberRows}.csv`);
    const copyFormB = join(ctx.tmp, `copy-formb-${memberRows}.csv`);
    writeCsv(copyMembers, members);
    if (formB.length) writeCsv(copyFormB, formB);
    const cols = (n: number) => Array.from({ length: n }, (_, i) => `c${i} text`).join(', ');
    await db.exec(`create table bench_copy_members (${cols(members[0]!.length)})`);
    if (formB.length) await db.exec(`create table bench_copy_formb (${cols(formB[0]!.length)})`);
    const [, copyMs] = await time(async () => {
      await db.exec(`copy bench_copy_members from '${copyMembers}' with (format csv, header true)`);
      if (formB.length)
        await db.exec(`copy bench_copy_formb from '${copyFormB}' with (format csv, header true)`);
    });
    const rows = memberRows + Math.max(0, formB.length - 1);
    members.length = 0;
    formB.length = 0;
    const actor = importActor((await loadPrincipal(db, world.userIds.xa!))!);
    gc();
    let peakHeap = process.memoryUsage().heapUsed;
    let peakRss = process.memoryUsage().rss;
    const sampler = setInterval(() => {
      const m = process.memoryUsage();
      peakRss = Math.max(peakRss, m.rss);
      peakHeap = Math.max(peakHeap, m.heapUsed);
    }, 50);
    // What the import keeps (not the garbage a sampled heapUsed also counts): a full collection at each
    // phase's start and every 10.000 rows read; the collections' time is taken out of the import's and of
    // the phase it fell in (the end of the import, 'done', is reported inside the writing).
    let liveHeap = 0;
    let gcMs = 0;
    const gcOf = { read: 0, check: 0, write: 0 };
    let phase = '';
    let sampledAt = 0;
    const onProgress = (p: JobProgress) => {
      if (p.phase === phase && !(p.phase === 'reading' && p.done >= sampledAt + 10_000)) return;
      phase = p.phase;
      sampledAt = p.phase === 'reading' ? p.done : 0;
      const t0 = performance.now();
      gc();
      liveHeap = Math.max(liveHeap, process.memoryUsage().heapUsed);
      const spent = performance.now() - t0;
      gcMs += spent;
      gcOf[p.phase === 'reading' ? 'read' : p.phase === 'checking' ? 'check' : 'write'] += spent;
    };
    const [r, timedMs] = await time(() =>
      runImport({
        db,
        book,
        today: TODAY,
        actor,
        path,
        filename: `bench.${format}`,
        importId: 'bench',
        checkOnly: false,
        onProgress,
      }),
    );
    clearInterval(sampler);
    const importMs = timedMs - gcMs;
    const timings = {
      read: r.timings.read - gcOf.read,
      check: r.timings.check - gcOf.check,
      write: r.timings.write - gcOf.write,
    };
    if (!r.ok) throw new Error(`import ${format}: ${JSON.stringify(r.errors.slice(0, 3))}`);
    const counts = await registryCounts(db);
    // The server writes and reads these files: a directory it may write in.
    const sameDir = mkdtempSync(join(ctx.tmp, 'same-'));
    chmodSync(sameDir, 0o777);
    const sameTables = await copyIntoSameTables(
      db,
      sameDir,
      format === 'xlsx' ? ['households', 'members', 'assessments'] : ['households', 'members'],
    );
    ctx.log(
      `import ${format} ${memberRows.toLocaleString('en-US')} member rows (${rows.toLocaleString('en-US')} rows, ` +
        `${Math.round(statSync(path).size / 1024)} KiB): import ${Math.round(importMs)} ms ` +
        `(read ${Math.round(timings.read)}, check ${Math.round(timings.check)}, write ${Math.round(timings.write)}), ` +
        `COPY ${Math.round(copyMs)} ms, COPY into the same tables ${Math.round(sameTables.ms)} ms (${sameTables.rows} rows); peak heap ${Math.round(peakHeap / 2 ** 20)} MiB, live heap ${Math.round(liveHeap / 2 ** 20)} MiB, RSS ${Math.round(peakRss / 2 ** 20)} MiB; ${JSON.stringify(counts)}`,
    );
    return {
      format,
      memberRows,
      rows,
      importMs,
      copyMs,
      sameTables,
      peakHeap,
      liveHeap,
      peakRss,
      timings,
      counts,
    };
  } finally {
    await db.close();
    await scratch.drop();
  }
}

export async function importBench(ctx: BenchContext): Promise<BenchResult[]> {
  if (!ctx.postgresUrl) {
    ctx.log('import: no PostgreSQL (--postgres URL): skipped');
    return [];
  }
  const sizes = ctx.quick ? [300, 1_200] : [10_000, 40_000];
  const out: BenchResult[] = [];
  const mib = (b: number) => Math.round(b / 2 ** 20);
  for (const format of ['xlsx', 'csv'] as const) {
    const [small, large] = [await measure(ctx, format, sizes[0]!), await measure(ctx, format, sizes[1]!)];
    const perSecond = (rows: number, ms: number) => rows / (ms / 1000);
    for (const m of [small, large])
      out.push(
        result({
          name: `import.${format}.rows-per-s.n${m.memberRows}`,
          n: m.rows,
          ours: perSecond(m.rows, m.importMs),
          reference: perSecond(m.rows, m.copyMs),
          goal: 0.5,
          better: 'higher',
          unit: 'rows/s',
          detail: {
            reference: 'COPY of the same rows (CSV) into text columns, same database',
            memberRows: m.memberRows,
            households: Math.ceil(m.memberRows / PER_HOUSEHOLD),
            importMs: Math.round(m.importMs),
            copyMs: Math.round(m.copyMs),
            timings: Object.fromEntries(Object.entries(m.timings).map(([k, v]) => [k, Math.round(v)])),
            peakHeapMiB: mib(m.peakHeap),
            liveHeapMiB: mib(m.liveHeap),
            peakRssMiB: mib(m.peakRss),
          },
        }),
      );
    // The same import against COPY into tables of the real shape (indexes, checks, foreign keys): the
    // whole import's time (reading, checks, classification, audit, history and roll-up included) over
    // COPY's for the rows it wrote to households, members (and assessments from Phiếu B).
    for (const m of [small, large])
      out.push(
        result({
          name: `import.${format}.vs-copy-same-tables.n${m.memberRows}`,
          n: m.rows,
          ours: perSecond(m.rows, m.importMs),
          reference: perSecond(m.rows, m.sameTables.ms),
          goal: 0.5,
          better: 'higher',
          unit: 'rows/s',
          detail: {
            reference:
              'COPY of the rows the import wrote into tables shaped as households, members (and assessments): same indexes, checks and foreign keys',
            referenceRows: m.sameTables.rows,
            importMs: Math.round(m.importMs),
            copySameTablesMs: Math.round(m.sameTables.ms),
          },
        }),
      );
    // Flat memory: the peak heap at the larger N over the one at the smaller (goal ≤ 1,5 for 5 × the rows).
    out.push(
      result({
        name: `import.${format}.peak-heap-growth`,
        n: large.rows,
        ours: large.peakHeap / small.peakHeap,
        goal: 1.5,
        better: 'lower',
        unit: `× (heap at ${large.memberRows} / ${small.memberRows} member rows)`,
        detail: {
          heapMiB: { [small.memberRows]: mib(small.peakHeap), [large.memberRows]: mib(large.peakHeap) },
          rssMiB: { [small.memberRows]: mib(small.peakRss), [large.memberRows]: mib(large.peakRss) },
        },
      }),
    );
    // The same for what the import keeps (after full collections): the sampled peak above also counts the
    // garbage not yet collected, which grows with how fast the import allocates.
    out.push(
      result({
        name: `import.${format}.live-heap-growth`,
        n: large.rows,
        ours: large.liveHeap / small.liveHeap,
        goal: 1.5,
        better: 'lower',
        unit: `× (live heap at ${large.memberRows} / ${small.memberRows} member rows)`,
        detail: {
          liveHeapMiB: { [small.memberRows]: mib(small.liveHeap), [large.memberRows]: mib(large.liveHeap) },
        },
      }),
    );
  }
  return out;
}
