// Issue #13, part 1: a village enumerator (`thon`, scoped to world.villageA1 of communeA) sees only the
// households of their village on every route — lists, search, rounds, exports, reports, counts — and reads
// nothing of the rest of the commune (world.h2, another village of communeA) nor of another commune
// (world.h3). Every GET route the server registers is called, its path and required query parameters filled
// from the world; every 200 answer is searched for the other households' ids and head names, and a
// commune- or province-wide answer (a count of the whole commune) is a leak too unless listed below.
/* eslint-disable @typescript-eslint/no-explicit-any -- the OpenAPI document and bodies are read as JSON. */
import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import type { FastifyInstance } from 'fastify';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { loadProcedure } from '../../src/rules-loader/load-procedure.ts';
import { actorByUsername } from '../../src/services/actor.ts';
import { importOpeningList } from '../../src/services/opening-list.ts';
import { forEachDatabase } from '../support/databases.ts';
import { buildWorld, signedInAs, testServer, TODAY, type Client, type World } from '../support/server.ts';

/** The text of a pdf, all pages. */
async function pdfText(data: Buffer): Promise<string> {
  const pdf = await getDocument({ data: new Uint8Array(data), useSystemFonts: false, isEvalSupported: false })
    .promise;
  const pages: string[] = [];
  for (let p = 1; p <= pdf.numPages; p++)
    pages.push(
      (await (await pdf.getPage(p)).getTextContent()).items.map((i) => ('str' in i ? i.str : '')).join(''),
    );
  await pdf.destroy();
  return pages.join('\n');
}

/** The cells of every sheet of a workbook, as text. */
async function workbookText(data: Buffer): Promise<string> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(data as unknown as ArrayBuffer);
  const cells: string[] = [];
  for (const ws of wb.worksheets) ws.eachRow((row) => cells.push(JSON.stringify(row.values)));
  return cells.join('\n');
}

/** An answer's text: JSON and CSV as they are, pdf and xlsx read back. */
async function answerText(res: { headers: Record<string, unknown>; body: string; rawPayload: Buffer }) {
  const type = String(res.headers['content-type'] ?? '');
  if (type.includes('pdf')) return pdfText(res.rawPayload);
  if (type.includes('spreadsheet')) return workbookText(res.rawPayload);
  return res.body;
}

/**
 * Routes that may answer 200 to a village user for a whole unit, because what they give is no household's
 * and no count of households: reference data and the user's own rounds, which scope to their villages.
 */
const UNIT_WIDE_ALLOWED: Record<string, string> = {
  // The administrative units themselves (names, codes, levels): public reference data.
  'GET /api/units/{code}': 'reference data',
  'GET /api/units/{code}/children': 'reference data',
  // A commune's rounds, listed for one of its villages' enumerators; the rounds scope to their villages.
  'GET /api/rounds': 'scoped to the villages',
  // A commune's villages, filtered to the user's own (an empty list for another commune).
  'GET /api/villages': 'filtered to the villages',
  // The household search filtered by commune: the filter narrows the user's own households, it gives no count
  // of the commune (the households' ids and names are checked like every answer).
  'GET /api/households': 'filtered to the villages',
  // The v1 list of a unit's households for other systems: the same search, the user's own households only.
  'GET /api/v1/units/{code}/households': 'filtered to the villages',
};

forEachDatabase(
  (getDb) => {
    let app: FastifyInstance;
    let world: World;
    let thon: Client;
    let roundId = '';
    const secrets = () => [world.h2, world.h3, 'Triệu Văn Sơn', 'Lý Thị Hoa'];

    beforeAll(async () => {
      world = await buildWorld(getDb());
      app = await testServer(getDb());
      const xa = await signedInAs(app, 'xa');
      const officer = (await actorByUsername(getDb(), 'xa'))!;
      const opening = await importOpeningList(
        getDb(),
        officer,
        {
          communeCode: world.communeA,
          decisionNumber: '140/QĐ-UBND',
          decisionDate: '2025-12-20',
          rows: [
            { row: 2, householdId: world.h1, class: 'poor' },
            { row: 3, householdId: world.h2, class: 'poor' },
          ],
        },
        { procedure: loadProcedure(), today: TODAY },
      );
      expect(opening.ok).toBe(true);
      const assessed = await xa.post(`/api/households/${world.h2}/assessments`, {
        standard: 'ND07_2021',
        incomePerCapita: 1_000_000,
        deficits: ['water', 'sanitation', 'housing_area'],
      });
      expect(assessed.statusCode, assessed.body).toBeLessThan(300);
      const opened = await xa.post('/api/rounds', {
        communeCode: world.communeA,
        kind: 'periodic',
        year: 2026,
      });
      expect(opened.statusCode, opened.body).toBe(201);
      roundId = opened.json().id;
      // The commune's officer sees both of the commune's poor households listed: the answers are not trivial.
      expect(opened.body).toContain('Triệu Văn Sơn');
      thon = await signedInAs(app, 'thon');
    }, 180_000);
    afterAll(async () => app?.close());

    /** The values a path or query parameter is tried with. */
    function choices(name: string, schema: any, where: 'path' | 'query', doc: any): string[] {
      if (schema?.$ref) schema = doc.components.schemas[String(schema.$ref).split('/').pop()!];
      if (schema?.enum) return where === 'path' ? schema.enum.map(String) : [String(schema.enum[0])];
      switch (name) {
        case 'householdId':
          return where === 'path' ? [world.h1, world.h2, world.h3] : [world.h2];
        case 'roundId':
          return [roundId];
        case 'communeCode':
          return [world.communeA, world.communeB];
        case 'villageId':
          return [world.villageA2];
        case 'code':
        case 'unit':
        case 'unitCode':
          return [world.communeA, world.communeB, '19'];
        case 'year':
          return ['2026'];
        case 'from':
          return ['2025'];
        case 'to':
          return ['2026'];
        case 'purpose':
          return ['Kiểm tra phạm vi thôn'];
        case 'name':
          return ['Triệu'];
        default:
          return [randomUUID()];
      }
    }

    /** Optional query parameters tried on top of the bare call: searches that could reach other villages. */
    const extras = (): Record<string, Record<string, string>[]> => ({
      '/api/households': [
        { communeCode: world.communeA },
        { villageId: world.villageA2 },
        { name: 'Triệu' },
        { name: 'Lý Thị' },
        { nationalId: '006080009999' },
        { status: 'poor' },
      ],
      '/api/audit': [{ householdId: world.h2 }, { unitCode: world.communeA }],
      '/api/villages/unassigned': [{ candidateCode: world.communeA }],
      '/api/rounds/{roundId}/results': [{ list: 'poor' }],
      '/api/rounds/{roundId}/documents/certificates.pdf': [{ villageId: world.villageA2 }],
      '/api/rounds/{roundId}/documents/posting-list.pdf': [{ villageId: world.villageA2 }],
      '/api/rounds/{roundId}/documents/recognised-list.pdf': [{ villageId: world.villageA2 }],
    });

    function product(lists: [string, string[]][]): Record<string, string>[] {
      return lists.reduce<Record<string, string>[]>(
        (acc, [k, vs]) => acc.flatMap((a) => vs.map((v) => ({ ...a, [k]: v }))),
        [{}],
      );
    }

    /** Every GET call to try: each route of the OpenAPI document with its parameters filled. */
    async function calls(): Promise<{ route: string; url: string; unitWide: boolean }[]> {
      await app.ready();
      const doc = app.swagger() as any;
      const out: { route: string; url: string; unitWide: boolean }[] = [];
      const units = new Set([world.communeA, world.communeB, '19']);
      for (const [path, ops] of Object.entries<any>(doc.paths)) {
        const get = ops.get;
        if (!get) continue;
        const params: any[] = get.parameters ?? [];
        const pathParams = product(
          params.filter((p) => p.in === 'path').map((p) => [p.name, choices(p.name, p.schema, 'path', doc)]),
        );
        const required = product(
          params
            .filter((p) => p.in === 'query' && p.required)
            .map((p) => [p.name, choices(p.name, p.schema, 'query', doc)]),
        );
        const queries =
          path === '/api/reports/{id}'
            ? [] // filled from the catalogue below
            : [...required, ...(extras()[path] ?? []).map((e) => ({ ...required[0], ...e }))];
        for (const pp of pathParams)
          for (const q of queries) {
            const url =
              path.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(pp[k]!)) +
              (Object.keys(q).length ? `?${new URLSearchParams(q).toString()}` : '');
            const unitWide = [...Object.values(pp), ...Object.values(q)].some((v) => units.has(v));
            out.push({ route: `GET ${path}`, url, unitWide });
          }
      }
      // Reports: every report of the catalogue the user may see, each in every format, for each unit.
      const catalogue = (await thon.get('/api/reports')).json() as any[];
      for (const r of catalogue)
        for (const unit of units)
          for (const format of ['json', 'csv', 'xlsx', 'pdf']) {
            const q: Record<string, string> = { format };
            for (const p of r.parameters) {
              if (p.name === 'unit') q.unit = unit;
              else if (p.name === 'year') q.year = '2026';
              else if (p.name === 'from') q.from = '2025';
              else if (p.name === 'to') q.to = '2026';
              else if (p.required) q[p.name] = String(p.default ?? p.values?.[0] ?? '');
            }
            out.push({
              route: `GET /api/reports/${r.id}`,
              url: `/api/reports/${r.id}?${new URLSearchParams(q).toString()}`,
              unitWide: true,
            });
          }
      return out;
    }

    it('shows a village enumerator no household of another village, nor a whole unit, on any GET route', async () => {
      // The reader's own household shows where expected: the answers are read, not empty by accident.
      expect((await thon.get(`/api/rounds/${roundId}`)).body).toContain('Hoàng Văn Đức');
      const table: string[] = [];
      const leaks: string[] = [];
      for (const c of await calls()) {
        const res = await thon.get(c.url);
        const text = res.statusCode === 200 ? await answerText(res) : res.body;
        const found = res.statusCode === 200 ? secrets().filter((s) => text.includes(s)) : [];
        const wide = res.statusCode === 200 && c.unitWide && !UNIT_WIDE_ALLOWED[c.route];
        const leak = found.length > 0 || wide;
        if (leak)
          leaks.push(
            `${c.url} → ${res.statusCode}${found.length ? ` names ${found.join(', ')}` : ''}${wide ? ' (a whole unit)' : ''}`,
          );
        table.push(`${leak ? 'LEAK' : '    '} ${res.statusCode} ${c.url}`);
      }
      expect(leaks, `leaks:\n${leaks.join('\n')}\n\nall calls:\n${table.join('\n')}`).toEqual([]);
      // A direct read of another village's household, or another commune's, is not found.
      expect((await thon.get(`/api/households/${world.h2}`)).statusCode).toBe(404);
      expect((await thon.get(`/api/households/${world.h3}`)).statusCode).toBe(404);
      expect((await thon.get(`/api/households/${world.h1}`)).statusCode).toBe(200);
    }, 180_000);
  },
  { cleanup: false },
);
