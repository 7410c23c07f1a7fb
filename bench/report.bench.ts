// Report generation time for a province of about 100 communes: building the review-results and flows
// reports from roll-ups on in-memory PGlite, then rendering them to xlsx (streamed) and pdf. A benchmark,
// not a test: `node --import tsx bench/report.bench.ts` (BENCH_COMMUNES to change the size); record the
// numbers in bench/RESULTS.md. The reference in the same run is JSON.stringify of the same model.
import { cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { migrate, openDatabase } from '../src/db/index.ts';
import { EVERYTHING } from '../src/db/queries/scope.ts';
import { upsertUnits, type AdminUnitInput } from '../src/db/queries/units.ts';
import { reportById } from '../src/reports/catalogue.ts';
import type { ReportDocument } from '../src/reports/model.ts';
import { parseParameters } from '../src/reports/parameters.ts';
import { render, type ReportFormat } from '../src/reports/render/index.ts';
import { loadRuleBook } from '../src/rules-loader/load-rule-book.ts';

const COMMUNES = Number(process.env.BENCH_COMMUNES ?? 100);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const FROM = '2025-07-01';
const book = loadRuleBook();
const codes = [...book.standards.get('ND07_2021')!.indicatorCodes];

const db = await openDatabase({ kind: 'pglite' });
await migrate(db);
const units: AdminUnitInput[] = [
  { code: '99', validFrom: FROM, name: 'Tỉnh Thử Nghiệm', level: 'province', kind: 'tinh' },
  ...Array.from({ length: COMMUNES }, (_, i) => ({
    code: String(99000 + i),
    validFrom: FROM,
    name: `Xã Thử Nghiệm ${i + 1}`,
    level: 'commune' as const,
    kind: 'xa' as const,
    area: 'rural' as const,
    parentCode: '99',
    parentValidFrom: FROM,
  })),
];
await upsertUnits(db, units);
let seed = 20261130;
const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
for (const u of units) {
  const households = 800 + Math.floor(random() * 2000);
  const poor = Math.floor(households * random() * 0.3);
  const near = Math.floor(households * random() * 0.1);
  const profile = {
    poor: {
      '3': { households: poor, indicators: Object.fromEntries(codes.slice(0, 3).map((c) => [c, poor])) },
    },
    near_poor: {
      '2': { households: near, indicators: Object.fromEntries(codes.slice(3, 5).map((c) => [c, near])) },
    },
  };
  const flows = {
    poor: {
      start: poor + 10,
      escapedToNearPoor: 6,
      escapedAboveNearPoor: 4,
      movedOut: 2,
      new: 2,
      rePoor: 1,
      end: poor,
    },
    nearPoor: { start: near, toPoor: 1, escaped: 5, movedOut: 0, new: 6, fromPoor: 6, end: near },
  };
  for (const grp of ['all', 'ethnic_minority'])
    await db.query(
      `insert into rollups (unit_code, unit_valid_from, year, standard, grp, households, poor, near_poor, deficit_profile, flows, communes)
       values ($1, $2, 2026, 'ND07_2021', $3, $4, $5, $6, $7, $8, 1)`,
      [u.code, FROM, grp, households, poor, near, JSON.stringify(profile), JSON.stringify(flows)],
    );
}

async function build(id: string): Promise<ReportDocument> {
  const entry = reportById(id)!;
  const p = parseParameters(entry.parameters, { unit: '99', year: '2026' });
  if (!p.ok) throw new Error(JSON.stringify(p.errors));
  return entry.build({
    db,
    book,
    today: '2026-11-30',
    now: new Date().toISOString(),
    scope: EVERYTHING,
    params: p.value,
  });
}

async function size(doc: ReportDocument, format: ReportFormat): Promise<number> {
  const out = render(doc, format, 'vi');
  if (out.kind !== 'stream') return JSON.stringify(out.body).length;
  let n = 0;
  await pipeline(
    out.body,
    new Writable({
      write(chunk: Buffer, _e, done) {
        n += chunk.length;
        done();
      },
    }),
  );
  return n;
}

async function median(work: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  await work(); // warm-up
  for (let i = 0; i < ROUNDS; i++) {
    const t0 = performance.now();
    await work();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

console.log(
  `node ${process.version}, ${cpus()[0]?.model} × ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB; ${COMMUNES} communes, median of ${ROUNDS}`,
);
for (const id of ['review-results', 'flows']) {
  const doc = await build(id);
  const rows = doc.sections[0]!.table!.rows.length;
  const reference = await median(async () =>
    JSON.stringify(doc, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v)),
  );
  const built = await median(() => build(id));
  const xlsx = await median(() => size(doc, 'xlsx'));
  const pdf = await median(() => size(doc, 'pdf'));
  const bytes = { xlsx: await size(doc, 'xlsx'), pdf: await size(doc, 'pdf') };
  console.log(
    `${id.padEnd(15)} ${rows} rows  reference ${reference.toFixed(2)} ms  build ${built.toFixed(0)} ms  xlsx ${xlsx.toFixed(0)} ms (${Math.round(bytes.xlsx / 1024)} KiB)  pdf ${pdf.toFixed(0)} ms (${Math.round(bytes.pdf / 1024)} KiB)  ratio xlsx/ref ${(xlsx / reference).toFixed(0)}, pdf/ref ${(pdf / reference).toFixed(0)}`,
  );
}
await db.close();
