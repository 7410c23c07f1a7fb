// Other outputs (Thông tư 10/2022): one record entered (planned and/or achieved), the CSV import (every row
// checked, all rows written or none, each change audited) and the achieved-against-planned summary of a
// unit with everything below it, within the actor's read scope.
import { figures, finance, units, type Queryable } from '../db/index.ts';
import * as outputs from '../db/queries/outputs.ts';
import type { OutputRecord } from '../db/queries/outputs.ts';
import type { AdminUnit } from '../db/queries/units.ts';
import { planUnit } from '../domain/finance/csv.ts';
import { indicatorOf, type OutputIndicator, type OutputsRules } from '../domain/works/catalogue.ts';
import { parseOutputsCsv, type RowError } from '../domain/works/outputs-csv.ts';
import { achievementRate, fromNumeric, parseQuantity, quantityText } from '../domain/works/quantity.ts';
import { defaultOutputsRules } from '../rules-loader/load-outputs.ts';
import { readableReportUnit, requireWritableUnitVersion, rowsOutsideWriteScope } from './access.ts';
import { authorId, requirePermission, type Actor } from './actor.ts';
import { recordAudit, recordAudits } from './audit.ts';
import { AppError, type FieldError } from './errors.ts';
import { reportPeriod, type Period, type PeriodQuery } from './finance-plans.ts';

export interface EnterOutputInput {
  /** The unit code, read as plans are: the unit holding it on 1 January of the year. */
  unit: string;
  year: number;
  indicator: string;
  /** A non-negative number with at most 2 decimals; left out: kept; null: cleared. */
  planned?: number | string | null | undefined;
  achieved?: number | string | null | undefined;
  source?: string | null | undefined;
}

/** One record entered by hand (PUT /outputs): audited output.upsert with the record before and after. */
export async function enterOutput(
  db: Queryable,
  actor: Actor,
  input: EnterOutputInput,
  today: string,
): Promise<OutputRecord> {
  requirePermission(actor, 'finance.write');
  const fields: FieldError[] = [];
  if (!indicatorOf(defaultOutputsRules(), input.indicator))
    fields.push({
      path: 'body.indicator',
      message: {
        vi: `Chỉ tiêu "${input.indicator}" không có trong rules/outputs/tt10-outputs.yaml`,
        en: `Indicator "${input.indicator}" is not in rules/outputs/tt10-outputs.yaml`,
      },
    });
  const read = (name: 'planned' | 'achieved') => {
    const v = input[name];
    if (v === undefined || v === null) return v;
    const q = parseQuantity(String(v));
    if (q === null)
      fields.push({
        path: `body.${name}`,
        message: {
          vi: `${name}: "${v}" không phải số không âm (tối đa 2 chữ số thập phân)`,
          en: `${name}: "${v}" is not a non-negative number (at most 2 decimals)`,
        },
      });
    return q === null ? undefined : quantityText(q);
  };
  const planned = read('planned');
  const achieved = read('achieved');
  if (fields.length) throw new AppError('VALIDATION_FAILED', fields);
  return db.transaction(async (tx) => {
    const resolved = planUnit(await finance.versionsOf(tx, input.unit), input.unit, input.year);
    if (!resolved.ok) throw new AppError('NOT_FOUND', [], undefined, resolved.message);
    const unit = (await units.unitVersion(tx, resolved))!;
    await requireWritableUnitVersion(tx, actor, unit, today, 'finance.write');
    const key = {
      unitCode: unit.code,
      unitValidFrom: unit.validFrom,
      year: input.year,
      indicator: input.indicator,
    };
    const old = await outputs.getOutput(tx, key);
    const record = {
      ...key,
      planned: planned === undefined ? (old?.planned ?? null) : planned,
      achieved: achieved === undefined ? (old?.achieved ?? null) : achieved,
      source: input.source === undefined ? (old?.source ?? null) : input.source,
    };
    await outputs.upsertOutputs(tx, [record], authorId(actor));
    await recordAudit(tx, actor, {
      action: 'output.upsert',
      entityType: 'output_record',
      entityId: outputs.outputKey(key),
      unitCode: unit.code,
      before: old ?? null,
      after: record,
    });
    return (await outputs.getOutput(tx, key))!;
  });
}

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

export interface OutputsReport extends Period {
  unit: AdminUnit;
  lines: OutputLine[];
  /** Per unit directly below (or the unit itself for its own records), with its name. */
  byUnit: { code: string; validFrom: string; name: string; lines: OutputLine[] }[];
}

/** Achieved against planned for a unit the actor may read and everything below it, over a period. */
export async function outputsReport(
  db: Queryable,
  actor: Actor,
  q: PeriodQuery & { unit: string },
  today: string,
): Promise<OutputsReport> {
  const { at, from, to } = reportPeriod(q, today);
  const unit = await readableReportUnit(db, actor, q.unit, at);
  const s = await outputsSummary(db, { unit, from, to });
  const byUnit = [];
  for (const b of s.byBucket) {
    const u = await units.unitVersion(db, { code: b.bucketCode, validFrom: b.bucketValidFrom });
    byUnit.push({ code: b.bucketCode, validFrom: b.bucketValidFrom, name: u?.name ?? '', lines: b.lines });
  }
  return { at, from, to, unit, lines: s.lines, byUnit };
}
