// Every statistics report on a database with units but no figures: a document that says nothing is known
// (never a crash), and it renders in every format.
import { buffer } from 'node:stream/consumers';
import { expect, it } from 'vitest';
import { EVERYTHING } from '../../src/db/queries/scope.ts';
import { upsertLineage, upsertUnits } from '../../src/db/queries/units.ts';
import { reportById } from '../../src/reports/catalogue.ts';
import { parseParameters } from '../../src/reports/parameters.ts';
import { FORMATS, render } from '../../src/reports/render/index.ts';
import { forEachDatabase } from '../support/databases.ts';
import { book } from '../support/rules.ts';
import { edges, units } from '../support/units-fixture.ts';

const PARAMS: Record<string, Record<string, string>> = {
  'review-results': { unit: '19', year: '2026' },
  deficits: { unit: '19', year: '2026' },
  flows: { unit: '19', year: '2026' },
  progress: { unit: '19', from: '2022', to: '2026' },
  'monitoring-tt10': { unit: '19', year: '2026', period: 'six_month' },
  'public-table': { unit: '19', year: '2026' },
};

forEachDatabase((getDb) => {
  it('builds and renders each statistics report with no figures at all', async () => {
    await upsertUnits(getDb(), units);
    await upsertLineage(getDb(), edges);
    for (const [id, raw] of Object.entries(PARAMS)) {
      const entry = reportById(id)!;
      const p = parseParameters(entry.parameters, raw);
      expect(p.ok, id).toBe(true);
      if (!p.ok) continue;
      const doc = await entry.build({
        db: getDb(),
        book,
        today: '2026-11-22',
        now: '',
        scope: EVERYTHING,
        params: p.value,
      });
      expect(doc.id).toBe(id);
      const numbers = doc.sections
        .flatMap((s) => s.table?.rows ?? [])
        .flatMap((r) => Object.entries(r.cells))
        .filter(([k, v]) => typeof v === 'number' && k !== 'year');
      expect(numbers, id).toEqual([]);
      for (const format of FORMATS) {
        const out = render(doc, format, 'vi');
        if (out.kind === 'stream')
          expect((await buffer(out.body)).length, `${id} ${format}`).toBeGreaterThan(100);
      }
    }
  });
});
