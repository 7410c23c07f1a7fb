// Every finance report on a database with units but no money, works or outputs: a document that says so (never a
// crash), rendered in every format.
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
  'finance-funds': { unit: '19', from: '2026' },
  'finance-allocation': { unit: '19', from: '2025', to: '2026' },
  'finance-disbursement': { unit: '19', from: '2026', at: '2026-06-30' },
  'works-status': { unit: '19' },
  'outputs-plan': { unit: '19', from: '2026' },
};

forEachDatabase((getDb) => {
  it('builds and renders each finance report with nothing recorded', async () => {
    await upsertUnits(getDb(), units);
    await upsertLineage(getDb(), edges);
    for (const [id, raw] of Object.entries(PARAMS)) {
      const entry = reportById(id)!;
      expect(entry, id).toBeDefined();
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
      const money = doc.sections
        .flatMap((s) => s.table?.rows ?? [])
        .flatMap((r) => Object.values(r.cells))
        .filter((v) => typeof v === 'bigint');
      expect(
        money.every((v) => v === 0n),
        id,
      ).toBe(true);
      for (const format of FORMATS) {
        const out = render(doc, format, 'vi');
        if (out.kind === 'stream')
          expect((await buffer(out.body)).length, `${id} ${format}`).toBeGreaterThan(100);
      }
    }
    const disbursement = await reportById('finance-disbursement')!.build({
      db: getDb(),
      book,
      today: '2026-11-22',
      now: '',
      scope: EVERYTHING,
      params: { unit: '19', from: 2026, at: '2026-06-30' },
    });
    expect(disbursement.sections[0]!.paragraphs![0]!.vi).toBe(
      'Tính đến hết ngày 30/6/2026, tỉnh chưa có kế hoạch vốn được giao.',
    );
    // A unit code no version held: the parameter is named.
    await expect(
      reportById('finance-funds')!.build({
        db: getDb(),
        book,
        today: '2026-11-22',
        now: '',
        scope: EVERYTHING,
        params: { unit: '99999', from: 2026 },
      }),
    ).rejects.toMatchObject({ path: 'unit' });
  });
});
