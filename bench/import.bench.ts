// Import throughput on embedded PostgreSQL (PGlite): a generated .xlsx of 100,000 member rows (25,000
// households of 4) and 25,000 Phiếu B rows, imported in one transaction, then imported again (nothing
// changes). A benchmark, not a test: `node --expose-gc --import tsx bench/import.bench.ts` (BENCH_ROWS to
// change the member rows); record the numbers in bench/RESULTS.md. The references in the same run are
// reading the same file with the streaming reader alone, and checking it without writing.
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { statSync } from 'node:fs';
import { migrate, openDatabase } from '../src/db/index.ts';
import { registryCounts } from '../src/db/queries/imports.ts';
import { loadPrincipal } from '../src/server/auth/principal.ts';
import { importActor, runImport, type ImportReport } from '../src/services/imports/run-import.ts';
import { readXlsx } from '../src/services/imports/read-xlsx.ts';
import {
  FORM_B_HEADERS,
  formBRow,
  generatedMembers,
  tempDir,
  writeWorkbook,
} from '../test/support/import-files.ts';
import { book } from '../test/support/rules.ts';
import { buildWorld, TODAY } from '../test/support/server.ts';

const ROWS = Number(process.env.BENCH_ROWS ?? 100_000);
const PER_HOUSEHOLD = 4;
const HOUSEHOLDS = Math.ceil(ROWS / PER_HOUSEHOLD);

// RSS covers the PGlite worker's WebAssembly memory too; the heap is the importing thread's alone.
let peakRss = 0;
let peakHeap = 0;
const sampler = setInterval(() => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
}, 100);
const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;
const rate = (rows: number, ms: number) => Math.round(rows / (ms / 1000)).toLocaleString('en-US');

console.log(
  `node ${process.version}, ${cpus()[0]?.model} × ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB; ` +
    `${ROWS.toLocaleString('en-US')} member rows, ${HOUSEHOLDS.toLocaleString('en-US')} households and Phiếu B rows`,
);
const db = await openDatabase({ kind: 'pglite' });
await migrate(db);
const world = await buildWorld(db);
const path = join(tempDir(), 'bench.xlsx');
/** Writes the file; the generated rows are not the import's memory and go out of scope with this. */
async function generate(): Promise<void> {
  const members = generatedMembers(HOUSEHOLDS, PER_HOUSEHOLD, ['Thôn Nà Phầy', 'Thôn Khuổi Trả']).slice(
    0,
    ROWS + 1,
  );
  const codes = book.standards.get('ND07_2021')!.indicators.map((i) => i.code);
  const formB = [
    FORM_B_HEADERS,
    ...Array.from({ length: HOUSEHOLDS }, (_, h) =>
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
let t = performance.now();
await generate();
console.log(
  `generated ${path}: ${mib(statSync(path).size)} in ${Math.round(performance.now() - t)} ms (not counted)`,
);
global.gc?.();
peakHeap = 0;
peakRss = 0;
const totalRows = ROWS + HOUSEHOLDS;

t = performance.now();
let read = 0;
for await (const e of readXlsx(path)) if (e.type === 'row') read++;
const readMs = performance.now() - t;
console.log(
  `reference: streaming read only        ${Math.round(readMs).toString().padStart(7)} ms  ${rate(totalRows, readMs).padStart(8)} rows/s (${read} rows)`,
);

// A commune officer of 01864: every village of the file is checked against their write scope.
const actor = importActor((await loadPrincipal(db, world.userIds.xa!))!);
const run = async (checkOnly: boolean): Promise<[ImportReport, number]> => {
  const t0 = performance.now();
  const r = await runImport({
    db,
    book,
    today: TODAY,
    actor,
    path,
    filename: 'bench.xlsx',
    importId: 'bench',
    checkOnly,
  });
  if (!r.ok) throw new Error(`bench import failed: ${JSON.stringify(r.errors.slice(0, 3))}`);
  return [r, performance.now() - t0];
};
const [, checkMs] = await run(true);
console.log(
  `reference: read + check, no writing    ${Math.round(checkMs).toString().padStart(7)} ms  ${rate(totalRows, checkMs).padStart(8)} rows/s`,
);
const [first, firstMs] = await run(false);
console.log(
  `import (all new)                        ${Math.round(firstMs).toString().padStart(7)} ms  ${rate(totalRows, firstMs).padStart(8)} rows/s  ` +
    `${rate(ROWS, firstMs)} member rows/s  (read ${Math.round(first.timings.read)}, check ${Math.round(first.timings.check)}, write ${Math.round(first.timings.write)})`,
);
const [again, againMs] = await run(false);
console.log(
  `import again (nothing changes)         ${Math.round(againMs).toString().padStart(7)} ms  ${rate(totalRows, againMs).padStart(8)} rows/s  ` +
    `(read ${Math.round(again.timings.read)}, check ${Math.round(again.timings.check)}, write ${Math.round(again.timings.write)})`,
);
console.log('counts, first:', JSON.stringify(first.counts));
console.log('counts, again:', JSON.stringify(again.counts));
console.log(
  'rows in the database:',
  JSON.stringify(await registryCounts(db)),
  '(3 households were there before)',
);
console.log(
  `ratio import / read-only reference: ${(readMs / firstMs).toFixed(2)}; peak heap ${mib(peakHeap)}, peak RSS ${mib(peakRss)}`,
);
clearInterval(sampler);
await db.close();
