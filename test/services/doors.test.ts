// Every write use case through every door it has — HTTP and the CLI — gives the same guarantees: the
// audit entry under the acting user's name, the scope refusal (404 out of sight over HTTP, the row named
// over CSV, exit 1 on the CLI), the permission refusal, and the same validation messages. The cases are
// one table; each door is a function of it, so a new use case is one row.
/* eslint-disable @typescript-eslint/no-explicit-any -- JSON bodies read back. */
import type { FastifyInstance } from 'fastify';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';
import type { Database } from '../../src/db/index.ts';
import { searchAudit } from '../../src/db/queries/audit.ts';
import { openReadyDatabase } from '../../src/services/open-database.ts';
import { createScratchCitus, createScratchPostgres } from '../support/databases.ts';
import { smallFile, writeWorkbook } from '../support/import-files.ts';
import { multipartForm, multipartHeaders } from '../support/multipart.ts';
import { buildWorld, signedInAs, testServer, type Client, type World } from '../support/server.ts';

/** Where the CLI finds the database: a PGlite directory (--db) or PostgreSQL (DATABASE_URL). */
interface Engine {
  name: string;
  open(): Promise<Database>;
  cliArgs: string[];
  cliEnv: Record<string, string | undefined>;
  dispose(): Promise<void>;
}

async function engines(): Promise<Engine[]> {
  const dir = mkdtempSync(join(tmpdir(), 'gn-doors-'));
  const list: Engine[] = [
    {
      name: 'pglite',
      open: () => openReadyDatabase({ dbDir: join(dir, 'db') }),
      cliArgs: ['--db', join(dir, 'db')],
      cliEnv: { DATABASE_URL: undefined },
      dispose: async () => {},
    },
  ];
  if (process.env.TEST_DATABASE_URL && wanted('postgres')) {
    const scratch = await createScratchPostgres(process.env.TEST_DATABASE_URL);
    list.push({
      name: 'postgres',
      open: () => openReadyDatabase({ databaseUrl: scratch.url }),
      cliArgs: [],
      cliEnv: { DATABASE_URL: scratch.url },
      dispose: () => scratch.drop(),
    });
  }
  if (process.env.TEST_CITUS_URL && wanted('citus')) {
    const scratch = await createScratchCitus(process.env.TEST_CITUS_URL);
    list.push({
      name: 'citus',
      open: () => openReadyDatabase({ databaseUrl: scratch.url }),
      cliArgs: [],
      cliEnv: { DATABASE_URL: scratch.url },
      dispose: () => scratch.drop(),
    });
  }
  return list.filter((e) => wanted(e.name));
}

/** TEST_ENGINES (kinds, comma-separated) narrows the run, as in test/support/databases.ts. */
function wanted(name: string): boolean {
  const only = process.env.TEST_ENGINES?.split(',').map((k) => k.trim());
  return !only || only.includes(name);
}

/** Runs `giamngheo …` in this process (the same code as the bin), collecting what it prints. */
async function cli(engine: Engine, args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const saved = { ...process.env };
  for (const [k, v] of Object.entries(engine.cliEnv))
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  const so = vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  const se = vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  try {
    const code = await main([...args, ...engine.cliArgs]);
    return { code, out, err };
  } finally {
    so.mockRestore();
    se.mockRestore();
    process.env = saved;
  }
}

const dir = mkdtempSync(join(tmpdir(), 'gn-doors-files-'));
const householdsFile = join(dir, 'ho.xlsx');
function csvFile(name: string, lines: string[]): string {
  const path = join(dir, `${name}-${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/** A commune's opening list (.xlsx): one household by id, or a row whose class is unknown. */
async function openingListFile(householdId: string, bad = false): Promise<string> {
  const path = join(dir, `dau-ky-${unique()}.xlsx`);
  await writeWorkbook(path, [
    {
      name: 'Danh sách',
      rows: [
        ['Mã hộ', 'Phân loại'],
        [householdId, bad ? 'Hộ khá' : 'Hộ nghèo'],
      ],
    },
  ]);
  return path;
}
const openingArgs = (commune: string, file: string, as: string) => [
  'opening-list',
  'import',
  '--commune',
  commune,
  '--decision',
  '12/QĐ-UBND',
  '--date',
  '2026-03-15',
  file,
  '--as',
  as,
];

/** A one-square boundary layer over a commune (the shape does not matter, the code does). */
const layer = (code: string) => ({
  type: 'FeatureCollection',
  features: [
    {
      type: 'Feature',
      properties: { code },
      geometry: {
        type: 'Polygon',
        coordinates: [
          [
            [105, 22],
            [106, 22],
            [106, 23],
            [105, 23],
            [105, 22],
          ],
        ],
      },
    },
  ],
});
const layerMeta = { level: 'commune', validOn: '2025-07-01', licence: 'CC0', attribution: 'Ô vuông thử' };

/** One write use case, and how each door asks for it. `unit` is where it writes. */
interface UseCase {
  name: string;
  action: string;
  /** The CSV lines (header first) of one good row for a unit, and of one row with a bad cell. */
  csv?: { header: string; row(unit: string): string; bad(unit: string): string; message: RegExp };
  cli?: (file: string) => string[];
  http: (c: Client, unit: string, world: World) => Promise<{ statusCode: number; json(): any }>;
  /** What the HTTP door answers for a unit outside the actor's read scope. */
  httpOutOfScope: number;
  /** The CLI door when it takes arguments instead of a file. */
  cliArgs?: (unit: string) => string[];
}

let n = 0;
const unique = () => ++n;

const CASES: UseCase[] = [
  {
    name: 'published figures',
    action: 'figure.import',
    csv: {
      header:
        'unit,year,standard,group,total_households,poor_households,near_poor_households,poor_rate,near_poor_rate,source',
      row: (u) => `${u},2024,ND07_2021,all,${200 + unique()},20,10,,,Báo cáo xã`,
      bad: (u) => `${u},2024,ND07_2021,all,abc,20,10,,,Báo cáo xã`,
      message: /total_households/,
    },
    cli: (file) => ['figures', 'import', file],
    http: (c, unit) =>
      c.post('/api/figures/import', {
        csv: `unit,year,standard,group,total_households,poor_households,near_poor_households,poor_rate,near_poor_rate,source\n${unit},2024,ND07_2021,all,${300 + unique()},20,10,,,Báo cáo xã\n`,
      }),
    httpOutOfScope: 400,
  },
  {
    name: 'targets',
    action: 'target.import',
    csv: {
      header: 'unit,group,year_from,year_to,indicator,kind,lower,upper,source',
      row: (u) => `${u},all,2026,2026,poor_rate,reduction_pp,${unique() % 3},,Nghị quyết HĐND`,
      bad: (u) => `${u},all,2026,2026,poor_rate,nonsense,1,,Nghị quyết HĐND`,
      message: /kind/,
    },
    cli: (file) => ['targets', 'import', file],
    http: (c, unit) =>
      c.post('/api/targets/import', {
        csv: `unit,group,year_from,year_to,indicator,kind,lower,upper,source\n${unit},all,2027,2027,poor_rate,reduction_pp,2,,Nghị quyết HĐND\n`,
      }),
    httpOutOfScope: 400,
  },
  {
    name: 'plan lines',
    action: 'finance.plan.create',
    csv: {
      header: 'unit,year,project,source,amount_vnd,decision',
      row: (u) => `${u},2026,HP2.ND2,central_investment,${1_000_000 * unique()},QĐ ${unique()}/QĐ-UBND`,
      bad: (u) => `${u},2026,HP2.ND2,central_investment,-5,QĐ 1/QĐ-UBND`,
      message: /amount_vnd/,
    },
    cli: (file) => ['finance', 'import-plans', file],
    http: (c, unit) =>
      c.post('/api/finance/plans', {
        unit,
        year: 2026,
        project: 'HP2.ND2',
        source: 'local_counterpart',
        amountVnd: 2_000_000,
        decision: `QĐ ${unique()}/QĐ-UBND`,
      }),
    httpOutOfScope: 404,
  },
  {
    name: 'outputs',
    action: 'output.upsert',
    csv: {
      header: 'unit,year,indicator,planned,achieved,source',
      row: (u) => `${u},2026,vocational_trained,${unique()},,Báo cáo xã`,
      bad: (u) => `${u},2026,vocational_trained,abc,,Báo cáo xã`,
      message: /planned/,
    },
    cli: (file) => ['outputs', 'import', file],
    http: (c, unit) =>
      c.request('PUT' as never, '/api/outputs', {
        unit,
        year: 2026,
        indicator: 'jobs_found',
        planned: unique(),
      }),
    httpOutOfScope: 404,
  },
  {
    name: 'villages',
    action: 'village.create',
    cliArgs: (unit) => ['villages', 'create', unit, `Thôn Mới ${unique()}`],
    http: (c, unit) =>
      c.post('/api/villages', { communeCode: unit, name: `Thôn Mới ${unique()}`, kind: 'thon' }),
    httpOutOfScope: 404,
  },
];

const engineList = await engines();

for (const engine of engineList) {
  describe(`${engine.name}: every door of a write use case`, () => {
    let world: World;
    let db: Database;
    let app: FastifyInstance;
    let xa: Client;
    let xem: Client;
    let tinh: Client;

    beforeAll(async () => {
      const setup = await engine.open();
      world = await buildWorld(setup);
      await setup.close();
    }, 180_000);
    afterAll(async () => {
      await app?.close();
      await db?.close();
      await engine.dispose();
    });

    /** The database, opened for the HTTP door once the CLI has had its turns (PGlite: one owner at a time). */
    async function http() {
      if (!db) {
        db = await openReadyDatabase(
          engine.cliEnv.DATABASE_URL
            ? { databaseUrl: engine.cliEnv.DATABASE_URL }
            : { dbDir: engine.cliArgs[1]! },
        );
        app = await testServer(db);
        xa = await signedInAs(app, 'xa');
        xem = await signedInAs(app, 'xem');
        tinh = await signedInAs(app, 'tinh');
      }
      return { db, xa, xem, tinh };
    }

    const cliAudit: Record<string, number> = {};

    describe('the CLI', () => {
      it('refuses a write without --as once accounts exist, naming the option', async () => {
        const r = await cli(engine, ['villages', 'create', world.communeA, 'Thôn Không Tên']);
        expect(r.code).toBe(2);
        expect(r.err).toMatch(/--as USERNAME/);
      });

      for (const uc of CASES) {
        const run = (unit: string, as: string, bad = false) =>
          uc.csv
            ? cli(engine, [
                ...uc.cli!(csvFile(uc.name, [uc.csv.header, bad ? uc.csv.bad(unit) : uc.csv.row(unit)])),
                '--as',
                as,
              ])
            : cli(engine, [...uc.cliArgs!(unit), '--as', as]);

        it(`${uc.name}: writes within the scope, refuses outside it, a viewer and a bad row`, async () => {
          const ok = await run(world.communeA, 'xa');
          expect(ok.code, ok.err).toBe(0);
          cliAudit[uc.action] = (cliAudit[uc.action] ?? 0) + 1;

          const outside = await run(world.communeB, 'xa');
          expect(outside.code).toBe(1);
          expect(outside.err).toMatch(
            uc.csv ? /ngoài phạm vi được giao.*outside your scope/ : /NOT_FOUND: Không tìm thấy/,
          );

          const viewer = await run(world.communeA, 'xem');
          expect(viewer.code).toBe(1);
          expect(viewer.err).toMatch(/FORBIDDEN: Bạn không có quyền làm việc này/);

          if (uc.csv) {
            const bad = await run(world.communeA, 'xa', true);
            expect(bad.code).toBe(1);
            expect(bad.err).toMatch(uc.csv.message);
            expect(bad.err).toMatch(/Không nhập gì: 1 lỗi/);
          }
        }, 120_000);
      }
    });

    describe('the CLI: boundary layers (a permission, not a scope)', () => {
      it('refuses a commune officer and a viewer, loads as a province officer', async () => {
        const file = join(dir, `layer-${unique()}.json`);
        writeFileSync(file, JSON.stringify(layer(world.communeA)));
        const args = (as: string) => [
          'maps',
          'load',
          file,
          '--id',
          `doors-cli-${as}`,
          '--level',
          layerMeta.level,
          '--valid-on',
          layerMeta.validOn,
          '--licence',
          layerMeta.licence,
          '--attribution',
          layerMeta.attribution,
          '--as',
          as,
        ];
        for (const as of ['xa', 'xem']) {
          const refused = await cli(engine, args(as));
          expect(refused.code).toBe(1);
          expect(refused.err).toMatch(/FORBIDDEN: Bạn không có quyền làm việc này/);
        }
        const loaded = await cli(engine, args('tinh'));
        expect(loaded.code, loaded.err).toBe(0);
      }, 120_000);
    });

    describe('the CLI: households from a workbook', () => {
      it("imports as the commune officer, refuses another commune's rows and a viewer", async () => {
        const { members, formB } = smallFile();
        await writeWorkbook(householdsFile, [
          { name: 'Hộ và thành viên', rows: members },
          { name: 'Phiếu B', rows: formB },
        ]);
        const ok = await cli(engine, ['import', householdsFile, '--as', 'xa']);
        expect(ok.code, ok.err).toBe(0);
        const outside = await cli(engine, ['import', householdsFile, '--as', 'xa2']);
        expect(outside.code).toBe(1);
        expect(outside.out).toMatch(/không ghi gì \/ .*nothing written/);
        const viewer = await cli(engine, ['import', householdsFile, '--as', 'xem']);
        expect(viewer.code).toBe(2);
        expect(viewer.err).toMatch(/may not write the registry/);
      }, 120_000);
    });

    describe('the CLI: an opening list (once per commune)', () => {
      it("imports commune A's as its officer; refuses a bad row, another commune and a viewer", async () => {
        const bad = await cli(
          engine,
          openingArgs(world.communeA, await openingListFile(world.h1, true), 'xa'),
        );
        expect(bad.code).toBe(1);
        expect(bad.err).toMatch(
          /:2 \[Phân loại\]: Phân loại "Hộ khá" không hợp lệ.* \/ "Hộ khá" is not a class/,
        );
        expect(bad.err).toMatch(/Không nhập gì: 1 lỗi/);
        const file = await openingListFile(world.h1);
        const outside = await cli(engine, openingArgs(world.communeB, file, 'xa'));
        expect(outside.code).toBe(1);
        expect(outside.err).toMatch(/NOT_FOUND: Không tìm thấy/);
        const viewer = await cli(engine, openingArgs(world.communeA, file, 'xem'));
        expect(viewer.code).toBe(1);
        expect(viewer.err).toMatch(/FORBIDDEN: Bạn không có quyền làm việc này/);
        const ok = await cli(engine, openingArgs(world.communeA, file, 'xa'));
        expect(ok.code, ok.err).toBe(0);
      }, 120_000);
    });

    describe('then HTTP, on the same database', () => {
      for (const uc of CASES) {
        it(`${uc.name}: the same refusals, and each door's write audited under the user's name`, async () => {
          const { db, xa, xem } = await http();
          const ok = await uc.http(xa, world.communeA, world);
          expect([200, 201], JSON.stringify(ok.json())).toContain(ok.statusCode);

          const outside = await uc.http(xa, world.communeB, world);
          expect(outside.statusCode).toBe(uc.httpOutOfScope);
          if (uc.httpOutOfScope === 400)
            expect(outside.json().error.fields[0].message.vi).toMatch(/ngoài phạm vi được giao/);
          expect((await uc.http(xem, world.communeA, world)).statusCode).toBe(403);

          if (uc.csv) {
            // The same bad row over HTTP gives the message the CLI printed, naming the row and column.
            const bad = await (uc.name === 'published figures' || uc.name === 'targets'
              ? xa.post(`/api/${uc.name === 'targets' ? 'targets' : 'figures'}/import`, {
                  csv: `${uc.csv.header}\n${uc.csv.bad(world.communeA)}\n`,
                })
              : undefined);
            if (bad) {
              expect(bad.statusCode).toBe(400);
              expect(JSON.stringify(bad.json().error.fields)).toMatch(uc.csv.message);
            }
          }

          const entries = (await searchAudit(db, { action: uc.action, page: 1, pageSize: 50 })).rows;
          const byXa = entries.filter((e) => e.actorName === 'Người dùng xa (xa)');
          // One entry per written record: the CLI's, then the HTTP one; nothing for the refused attempts.
          expect(byXa).toHaveLength((cliAudit[uc.action] ?? 0) + 1);
          expect(entries.every((e) => e.actorName !== 'system')).toBe(true);
          expect(entries.every((e) => e.unitCode === null || e.unitCode === world.communeA)).toBe(true);
        }, 120_000);
      }

      it('households from a workbook: the same refusals, both imports audited under the officer', async () => {
        const { db, xa, xem } = await http();
        const xa2 = await signedInAs(app, 'xa2');
        const upload = (c: Client) =>
          c.request('POST', '/api/imports?filename=ho.xlsx', readFileSync(householdsFile), {
            'content-type': 'application/octet-stream',
          });
        const finished = async (c: Client, jobId: string) => {
          for (let i = 0; i < 1200; i++) {
            const job = (await c.get(`/api/imports/${jobId}`)).json();
            if (job.status === 'succeeded' || job.status === 'failed') return job;
            await new Promise((r) => setTimeout(r, 50));
          }
          throw new Error(`import ${jobId} did not finish`);
        };
        expect((await upload(xem)).statusCode).toBe(403);
        const refused = await upload(xa2);
        expect(refused.statusCode).toBe(202);
        const failed = await finished(xa2, refused.json().jobId);
        expect(failed.status).toBe('failed');
        expect(failed.errorCount).toBeGreaterThan(0);
        const started = await upload(xa);
        const done = await finished(xa, started.json().jobId);
        expect(done.status, JSON.stringify(done.errors)).toBe('succeeded');
        const entries = (await searchAudit(db, { action: 'import.file', page: 1, pageSize: 50 })).rows;
        expect(entries.map((e) => e.actorName)).toEqual(['Người dùng xa (xa)', 'Người dùng xa (xa)']);
      }, 120_000);

      it('an opening list: the same refusals, a second list refused, both imports audited', async () => {
        const { db, xa, xem } = await http();
        const xa2 = await signedInAs(app, 'xa2');
        const upload = async (c: Client, commune: string, householdId: string, bad = false) =>
          c.request(
            'POST',
            `/api/communes/${commune}/opening-list`,
            multipartForm(
              { decisionNumber: '12/QĐ-UBND', decisionDate: '2026-03-15' },
              { name: 'dau-ky.xlsx', bytes: readFileSync(await openingListFile(householdId, bad)) },
            ),
            multipartHeaders,
          );
        expect((await upload(xa, world.communeB, world.h3)).statusCode).toBe(404);
        expect((await upload(xem, world.communeB, world.h3)).statusCode).toBe(403);
        const bad = await upload(xa2, world.communeB, world.h3, true);
        expect(bad.statusCode).toBe(422);
        expect(bad.json().error.fields[0].message.vi).toMatch(
          /^Dòng 2 \[Phân loại\]: Phân loại "Hộ khá" không hợp lệ/,
        );
        // Commune A has its list from the CLI: a second one is refused.
        expect((await upload(xa, world.communeA, world.h1)).statusCode).toBe(422);
        expect((await upload(xa2, world.communeB, world.h3)).statusCode).toBe(201);
        const entries = (await searchAudit(db, { action: 'round.opening_list', page: 1, pageSize: 50 })).rows;
        expect(entries.map((e) => [e.unitCode, e.actorName]).sort()).toEqual(
          [
            [world.communeA, 'Người dùng xa (xa)'],
            [world.communeB, 'Người dùng xa2 (xa2)'],
          ].sort(),
        );
      }, 120_000);

      it('boundary layers: the same refusals, and both loads audited under the province officer', async () => {
        const { db, xa, xem, tinh } = await http();
        const body = (id: string) => ({ id, ...layerMeta, content: layer(world.communeA) });
        expect((await xa.post('/api/maps', body('doors-http-xa'))).statusCode).toBe(403);
        expect((await xem.post('/api/maps', body('doors-http-xem'))).statusCode).toBe(403);
        expect((await tinh.post('/api/maps', body('doors-http-tinh'))).statusCode).toBe(201);
        const entries = (await searchAudit(db, { action: 'map_layer.load', page: 1, pageSize: 50 })).rows;
        expect(entries.map((e) => [e.entityId, e.actorName]).sort()).toEqual([
          ['doors-cli-tinh', 'Người dùng tinh (tinh)'],
          ['doors-http-tinh', 'Người dùng tinh (tinh)'],
        ]);
      }, 120_000);
    });
  });
}
