// Every statistics report on a database with units but no figures: a document that says nothing is known
// (never a crash), and it renders in every format.
import { expect, it } from 'vitest';
import { forEachDatabase } from '../support/databases.ts';
import { buildEmptyReports, cellsOf } from '../support/empty-reports.ts';

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
    for (const [id, doc] of await buildEmptyReports(getDb(), PARAMS)) {
      const numbers = cellsOf(doc).filter(([k, v]) => typeof v === 'number' && k !== 'year');
      expect(numbers, id).toEqual([]);
    }
  });
});
