// Reports of the catalogue on a database with units and nothing else: each built from its raw parameters and
// rendered in every format (never a crash, never an empty file). Shared by the statistics and finance checks.
import { buffer } from 'node:stream/consumers';
import { expect } from 'vitest';
import type { Database } from '../../src/db/index.ts';
import { EVERYTHING } from '../../src/db/queries/scope.ts';
import { upsertLineage, upsertUnits } from '../../src/db/queries/units.ts';
import { reportById } from '../../src/reports/catalogue.ts';
import type { ReportDocument } from '../../src/reports/model.ts';
import { parseParameters } from '../../src/reports/parameters.ts';
import { FORMATS, render } from '../../src/reports/render/index.ts';
import { book } from './rules.ts';
import { edges, units } from './units-fixture.ts';

/** Loads the units, then builds and renders each report; returns the documents by report id. */
export async function buildEmptyReports(
  db: Database,
  params: Record<string, Record<string, string>>,
): Promise<Map<string, ReportDocument>> {
  await upsertUnits(db, units);
  await upsertLineage(db, edges);
  const docs = new Map<string, ReportDocument>();
  for (const [id, raw] of Object.entries(params)) {
    const entry = reportById(id);
    expect(entry, id).toBeDefined();
    const p = parseParameters(entry!.parameters, raw);
    expect(p.ok, id).toBe(true);
    if (!p.ok) continue;
    const doc = await entry!.build({
      db,
      book,
      today: '2026-11-22',
      now: '',
      scope: EVERYTHING,
      params: p.value,
    });
    expect(doc.id).toBe(id);
    for (const format of FORMATS) {
      const out = render(doc, format, 'vi');
      if (out.kind === 'stream')
        expect((await buffer(out.body)).length, `${id} ${format}`).toBeGreaterThan(100);
    }
    docs.set(id, doc);
  }
  return docs;
}

/** The cells of a document's tables. */
export const cellsOf = (doc: ReportDocument) =>
  doc.sections.flatMap((s) => s.table?.rows ?? []).flatMap((r) => Object.entries(r.cells));
