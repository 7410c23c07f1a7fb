// Other outputs (Thông tư 10/2022): the CSV import (every row checked, all rows written or none, each change
// audited) and the achieved-against-planned summary of a unit with everything below it.
import { figures, type Queryable } from '../db/index.ts';
import * as outputs from '../db/queries/outputs.ts';
import type { AdminUnit } from '../db/queries/units.ts';
import { planUnit } from '../domain/finance/csv.ts';
import type { OutputIndicator, OutputsRules } from '../domain/works/catalogue.ts';
import { parseOutputsCsv, type RowError } from '../domain/works/outputs-csv.ts';
import { achievementRate, fromNumeric, quantityText } from '../domain/works/quantity.ts';
import { defaultOutputsRules } from '../rules-loader/load-outputs.ts';
import { rowsOutsideWriteScope } from './access.ts';
import { authorId, requirePermission, type Actor } from './actor.ts';
import { recordAudits } from './audit.ts';

export type OutputsImportResult = { ok: true; count: number } | { ok: false; errors: RowError[] };

/** Outputs from CSV (giamngheo outputs import): each record audited as `PUT /outputs` audits it. */
export async function importOutputs(
  db: Queryable,
  actor: Actor,
  text: string,
  context: { today: string; rules?: OutputsRules },
): Promise<OutputsImportResult> {
  requirePermission(actor, 'finance.write');
  const rules = context.rules ?? defaultOutputsRules();
  const spans = await figures.unitSpans(db);
  const byCode = new Map<string, typeof spans>();
  for (const s of spans) byCode.set(s.code, [...(byCode.get(s.code) ?? []), s]);
  const parsed = parseOutputsCsv(text, {
    rules,
    resolveUnit: (code, year) => planUnit(byCode.get(code) ?? [], code, year),
  });
  if (!parsed.ok) return { ok: false, errors: parsed.errors };
  const records = parsed.rows.map((r) => ({
    unitCode: r.unitCode,
    unitValidFrom: r.unitValidFrom,
    year: r.year,
    indicator: r.indicator,
    planned: r.planned === null ? null : quantityText(r.planned),
    achieved: r.achieved === null ? null : quantityText(r.achieved),
    source: r.source,
  }));
  return db.transaction(async (tx) => {
    const refused = await rowsOutsideWriteScope(tx, actor, parsed.rows, context.today);
    if (refused.length) return { ok: false, errors: refused };
    const before = await outputs.upsertOutputs(tx, records, authorId(actor));
    await recordAudits(
      tx,
      actor,
      records.map((r) => ({
        action: 'output.upsert',
        entityType: 'output_record',
        entityId: outputs.outputKey(r),
        unitCode: r.unitCode,
        before: before.get(outputs.outputKey(r)) ?? null,
        after: r,
      })),
    );
    return { ok: true, count: records.length };
  });
}

export interface OutputLine {
  indicator: OutputIndicator;
  /** Hundredths (exact); null when nothing was recorded. */
  planned: bigint | null;
  achieved: bigint | null;
  /** achieved / planned in hundredths of a percent; null without a plan. */
  rate: bigint | null;
}

export interface OutputsSummary {
  lines: OutputLine[];
  /** Per unit directly below (or the unit's own records, bucket = the unit), each indicator. */
  byBucket: { bucketCode: string; bucketValidFrom: string; lines: OutputLine[] }[];
}

const add = (a: bigint | null, b: bigint | null) => (a === null ? b : b === null ? a : a + b);

/** Every indicator of the rules (zeros left null), summed over the unit and everything below it. */
export async function outputsSummary(
  db: Queryable,
  q: { unit: AdminUnit; from: number; to: number; rules?: OutputsRules },
): Promise<OutputsSummary> {
  const rules = q.rules ?? defaultOutputsRules();
  const sums = await outputs.outputSumsUnder(db, q);
  const line = (indicator: OutputIndicator, rows: typeof sums): OutputLine => {
    let planned: bigint | null = null;
    let achieved: bigint | null = null;
    for (const r of rows) {
      planned = add(planned, fromNumeric(r.planned));
      achieved = add(achieved, fromNumeric(r.achieved));
    }
    return {
      indicator,
      planned,
      achieved,
      rate: planned === null ? null : achievementRate(achieved ?? 0n, planned),
    };
  };
  const ind = rules.indicators.indicators;
  const buckets = [...new Set(sums.map((s) => `${s.bucketCode}@${s.bucketValidFrom}`))];
  return {
    lines: ind.map((i) =>
      line(
        i,
        sums.filter((s) => s.indicator === i.code),
      ),
    ),
    byBucket: buckets.map((b) => {
      const [code, from] = b.split('@') as [string, string];
      const mine = sums.filter((s) => s.bucketCode === code && s.bucketValidFrom === from);
      return {
        bucketCode: code,
        bucketValidFrom: from,
        lines: ind.map((i) =>
          line(
            i,
            mine.filter((s) => s.indicator === i.code),
          ),
        ),
      };
    }),
  };
}
