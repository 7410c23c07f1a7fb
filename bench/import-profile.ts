// One import of the import benchmark, alone, to profile it:
//   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/import-profile.ts csv 10000
// (format, member rows; --postgres URL as for bench/run.ts, default the local server).
//
// The reading phase alone (the reader and the per-row checks of collect.ts, no database), the same file
// as the benchmark's, read `runs` times, with the rows/s of each run, then once more for a fingerprint of
// everything the phase produced (rows, cells, errors, households), to compare two versions of the code on
// the same file:
//   node --import tsx bench/import-profile.ts csv 10000 --read [runs] [--keep DIR]
// (--keep writes the file to DIR, or reuses it there, so two checkouts read the same bytes).
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Collector } from '../src/services/imports/collect.ts';
import { readCsv } from '../src/services/imports/read-csv.ts';
import { readXlsx } from '../src/services/imports/read-xlsx.ts';
import {
  FORM_B_HEADERS,
  formBRow,
  generatedMembers,
  writeWorkbook,
  type Cell,
} from '../test/support/import-files.ts';
import { book } from '../test/support/rules.ts';
import type { FormBRow, HouseholdFields, MemberFields } from '../src/domain/imports/rows.ts';
import { MEMBER_VALUE_KEYS } from '../src/domain/imports/columns.ts';
import { HOUSEHOLD_FIELDS } from '../src/domain/field/changes.ts';

const TODAY = '2026-11-22';
const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i === -1 ? undefined : (args.splice(i, 2)[1] ?? '');
};
const readRuns = args.includes('--read') ? Number(flag('--read') || '5') : 0;
const keep = flag('--keep');
const [format = 'csv', rows = '10000'] = args;
if (format !== 'csv' && format !== 'xlsx') throw new Error('format: csv or xlsx');
const tmp = keep ?? mkdtempSync(join(tmpdir(), 'gn-import-profile-'));
mkdirSync(tmp, { recursive: true });
chmodSync(tmp, 0o755); // the PostgreSQL server reads the COPY files

/** The benchmark's file (bench/import.bench.ts writes the same rows). */
async function writeFile(path: string, memberRows: number): Promise<void> {
  const PER_HOUSEHOLD = 4;
  const households = Math.ceil(memberRows / PER_HOUSEHOLD);
  const members = generatedMembers(households, PER_HOUSEHOLD, ['Thôn Nà Phầy', 'Thôn Khuổi Trả']).slice(
    0,
    memberRows + 1,
  );
  if (format === 'csv') {
    const csvCell = (c: Cell) => {
      if (c === null) return '';
      const s = c instanceof Date ? c.toISOString().slice(0, 10) : String(c);
      return /[",\n\r]/u.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
    };
    writeFileSync(path, members.map((r) => r.map(csvCell).join(',')).join('\n') + '\n');
    return;
  }
  const codes = book.standards.get('ND07_2021')!.indicators.map((i) => i.code);
  const formB: Cell[][] = [
    FORM_B_HEADERS,
    ...Array.from({ length: households }, (_, h) =>
      formBRow({
        ref: `G-${h}`,
        income: `${1_000_000 + ((h * 7919) % 2_000_000)}`,
        deficits: codes.filter((_, i) => (h + i) % 5 === 0),
      }),
    ),
  ];
  await writeWorkbook(path, [
    { name: 'Hộ và thành viên', rows: members },
    { name: 'Phiếu B', rows: formB },
  ]);
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** One reading, timed; with `fingerprint`, a hash of everything it produced instead (not timed). */
async function readPhase(
  path: string,
  fingerprint: boolean,
): Promise<{ ms: number; cpuMs: number; rows: number; fingerprint: string; liveHeap: number }> {
  const hash = createHash('sha256');
  // CPU time as well as the clock's: on a loaded machine the process waits for a core much of the time.
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const collector = new Collector(book, TODAY, format as 'csv' | 'xlsx');
  const source = format === 'csv' ? readCsv(path, '') : readXlsx(path);
  let n = 0;
  for await (const event of source) {
    if (event.type === 'row') n++;
    if (fingerprint) hash.update(JSON.stringify(event));
    collector.accept(event);
  }
  collector.finish();
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  // What the phase keeps for the next ones (the collector's rows and whatever their strings hold on to).
  gc();
  const liveHeap = process.memoryUsage().heapUsed;
  if (fingerprint) fingerprintOf(collector, hash);
  return { ms, cpuMs, rows: n, fingerprint: fingerprint ? hash.digest('hex').slice(0, 16) : '', liveHeap };
}

const HOUSEHOLD_KEYS = [
  'communeCode',
  'ref',
  'villageName',
  ...HOUSEHOLD_FIELDS,
] as const satisfies readonly (keyof HouseholdFields)[];
const MEMBER_KEYS = ['memberNo', ...MEMBER_VALUE_KEYS] as const satisfies readonly (keyof MemberFields)[];
const FORM_B_KEYS = [
  'sheet',
  'row',
  'communeCode',
  'ref',
  'reviewYear',
  'standard',
  'area',
  'incomePerCapita',
  'scoreA',
  'surveyDate',
  'deficits',
] as const satisfies readonly (keyof FormBRow)[];
const pick = <T extends object>(o: T, keys: readonly (keyof T)[]) => keys.map((k) => o[k]);

/**
 * Everything the later phases read of the collector (check.ts, write.ts, run-import.ts), through the
 * accessors they use, so that it stays the same whatever the collector keeps inside.
 */
function fingerprintOf(c: Collector, hash: ReturnType<typeof createHash>): void {
  hash.update(JSON.stringify([c.errors.count, c.errors.kept, c.rows, c.sheetOrder, c.households.size]));
  for (const h of c.households.values()) {
    const members = [...h.members.values()].map((m) => [
      m.sheet,
      m.row,
      pick(m.fields, MEMBER_KEYS),
      [...m.present],
      h.members.get(m.fields.memberNo) === m,
    ]);
    hash.update(
      JSON.stringify([
        h.id,
        h.communeCode,
        h.ref,
        pick(h.fields, HOUSEHOLD_KEYS),
        [...h.present],
        h.sheet,
        h.ctx.sheet,
        [...h.ctx.match.columns],
        h.rows,
        h.villageId,
        c.householdById(h.id) === h,
        h.members.size,
        members,
      ]),
    );
  }
  for (const f of c.formB)
    hash.update(JSON.stringify([f.householdId, f.ctx.sheet, pick(f.row, FORM_B_KEYS)]));
  for (const [id, at] of c.nationalIds)
    hash.update(JSON.stringify([id, at.row, at.householdId, at.memberNo]));
}

try {
  if (readRuns > 0) {
    const path = join(tmp, `read-${rows}.${format}`);
    if (!existsSync(path)) await writeFile(path, Number(rows));
    for (let i = 0; i < readRuns; i++) {
      const r = await readPhase(path, false);
      console.log(
        `read ${format} ${r.rows} rows: ${Math.round(r.ms)} ms, ${Math.round(r.rows / (r.ms / 1000))} rows/s; ` +
          `CPU ${Math.round(r.cpuMs)} ms, ${Math.round(r.rows / (r.cpuMs / 1000))} rows/s; ` +
          `live heap ${Math.round(r.liveHeap / 2 ** 20)} MiB`,
      );
    }
    console.log(`fingerprint ${(await readPhase(path, true)).fingerprint}`);
  } else {
    const { measure } = await import('./import.bench.ts');
    await measure(
      {
        quick: true,
        postgresUrl: process.env.BENCH_POSTGRES_URL ?? 'postgres://root@127.0.0.1:5432/postgres',
        tmp,
        log: (line) => console.error(line),
      },
      format,
      Number(rows),
    );
  }
} finally {
  if (!keep) rmSync(tmp, { recursive: true, force: true });
}
