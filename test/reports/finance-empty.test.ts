// Every finance report on a database with units but no money, works or outputs: a document that says so (never a
// crash), rendered in every format.
import { expect, it } from 'vitest';
import { EVERYTHING } from '../../src/db/queries/scope.ts';
import { reportById } from '../../src/reports/catalogue.ts';
import { forEachDatabase } from '../support/databases.ts';
import { buildEmptyReports, cellsOf } from '../support/empty-reports.ts';
import { book } from '../support/rules.ts';

const PARAMS: Record<string, Record<string, string>> = {
  'finance-funds': { unit: '19', from: '2026' },
  'finance-allocation': { unit: '19', from: '2025', to: '2026' },
  'finance-disbursement': { unit: '19', from: '2026', at: '2026-06-30' },
  'works-status': { unit: '19' },
  'outputs-plan': { unit: '19', from: '2026' },
};

forEachDatabase((getDb) => {
  it('builds and renders each finance report with nothing recorded', async () => {
    const docs = await buildEmptyReports(getDb(), PARAMS);
    for (const [id, doc] of docs) {
      const money = cellsOf(doc).filter(([, v]) => typeof v === 'bigint');
      expect(
        money.every(([, v]) => v === 0n),
        id,
      ).toBe(true);
    }
    expect(docs.get('finance-disbursement')!.sections[0]!.paragraphs![0]!.vi).toBe(
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
