// The dashboard tiles of programme money and what it built, for a unit and for each unit directly below it:
// plan, disbursed and rate, lines behind schedule, works by status, production projects and their households,
// outputs achieved against planned — each part summed over the same units as the money (ADR 0005).
import { finance, units, type Queryable } from '../db/index.ts';
import * as projects from '../db/queries/production-projects.ts';
import type { AdminUnit } from '../db/queries/units.ts';
import * as works from '../db/queries/works.ts';
import type { FinanceRules } from '../domain/finance/programmes.ts';
import { behindSchedule } from '../domain/finance/schedule.ts';
import { WORK_STATUSES, workInYear, workStatus, type WorkStatus } from '../domain/works/status.ts';
import { defaultFinanceRules } from '../rules-loader/load-finance.ts';
import { readableReportUnit } from './access.ts';
import type { Actor } from './actor.ts';
import { disbursementReport } from './finance.ts';
import { outputsSummary, type OutputLine } from './outputs.ts';

export interface Tile {
  plan: bigint;
  disbursed: bigint;
  rate: bigint | null;
  behindSchedule: number;
  works: Record<WorkStatus, number> & { total: number };
  projects: number;
  households: number;
  outputs: OutputLine[];
}

export interface TileRow extends Tile {
  unit: AdminUnit;
  /** Code, or `code@valid_from` when an earlier unit with the same code is listed too. */
  label: string;
  own: boolean;
}

const emptyWorks = () =>
  ({ total: 0, ...Object.fromEntries(WORK_STATUSES.map((s) => [s, 0])) }) as Tile['works'];

export async function financeTiles(
  db: Queryable,
  q: { unit: string; year: number; at: string; rules?: FinanceRules },
): Promise<{ unit: AdminUnit; tile: Tile; byUnit: TileRow[] }> {
  const rules = q.rules ?? defaultFinanceRules();
  const report = await disbursementReport(db, { unit: q.unit, from: q.year, to: q.year, at: q.at, rules });
  const unit = report.unit;
  const key = (code: string, from: string) => `${code}@${from}`;
  const bucketOf = new Map(
    (await works.unitBuckets(db, unit)).map((b) => [
      key(b.code, b.validFrom),
      key(b.bucketCode, b.bucketValidFrom),
    ]),
  );

  const lines = await finance.linesUnder(db, { unit, from: q.year, to: q.year, at: q.at });
  const late = behindSchedule(
    lines.map((l) => ({
      key: key(l.unitCode, l.unitValidFrom),
      label: l.id,
      year: l.year,
      plan: l.plan,
      disbursed: l.disbursed,
    })),
    rules.milestones,
    q.at,
  );
  const lateBy = new Map<string, number>();
  for (const w of late) {
    const b = bucketOf.get(w.key)!;
    lateBy.set(b, (lateBy.get(b) ?? 0) + 1);
  }

  const worksBy = new Map<string, Tile['works']>();
  const allWorks = emptyWorks();
  // The works of the year: a work begun in an earlier year still counts until handed over (workInYear).
  for (const w of await works.worksUnder(db, { unit })) {
    if (!workInYear(w, q.year)) continue;
    const s = workStatus(w, q.at);
    const b = key(w.bucketCode, w.bucketValidFrom);
    const t = worksBy.get(b) ?? emptyWorks();
    t[s] += 1;
    t.total += 1;
    worksBy.set(b, t);
    allWorks[s] += 1;
    allWorks.total += 1;
  }

  const participation = await projects.participationUnder(db, unit, q.year);
  const totalP = participation.find((p) => p.bucketCode === null);
  const partBy = new Map(
    participation
      .filter((p) => p.bucketCode !== null)
      .map((p) => [key(p.bucketCode!, p.bucketValidFrom!), p]),
  );

  const outs = await outputsSummary(db, { unit, from: q.year, to: q.year });
  const outsBy = new Map(outs.byBucket.map((b) => [key(b.bucketCode, b.bucketValidFrom), b.lines]));
  const noOutputs = outs.lines.map((l) => ({ ...l, planned: null, achieved: null, rate: null }));

  const tile: Tile = {
    plan: report.plan,
    disbursed: report.disbursed,
    rate: report.rate,
    behindSchedule: late.length,
    works: allWorks,
    projects: totalP?.projects ?? 0,
    households: totalP?.households ?? 0,
    outputs: outs.lines,
  };
  // The rows of the disbursement report (the unit's own lines, the units below, former units), plus any unit
  // that holds works, projects or outputs but no money.
  const rows = new Map<string, TileRow>();
  const addRow = (
    u: AdminUnit,
    label: string,
    own: boolean,
    plan: bigint,
    disbursed: bigint,
    rate: bigint | null,
  ) => {
    const k = key(u.code, u.validFrom);
    rows.set(k, {
      unit: u,
      label,
      own,
      plan,
      disbursed,
      rate,
      behindSchedule: lateBy.get(k) ?? 0,
      works: worksBy.get(k) ?? emptyWorks(),
      projects: partBy.get(k)?.projects ?? 0,
      households: partBy.get(k)?.households ?? 0,
      outputs: outsBy.get(k) ?? noOutputs,
    });
  };
  for (const r of report.byUnit) addRow(r.unit, r.label, r.own, r.plan, r.disbursed, r.rate);
  const others = new Set([...worksBy.keys(), ...partBy.keys(), ...outsBy.keys()].filter((k) => !rows.has(k)));
  for (const k of others) {
    const [code, from] = k.split('@') as [string, string];
    const u = await units.unitVersion(db, { code, validFrom: from });
    if (u) addRow(u, code, k === key(unit.code, unit.validFrom), 0n, 0n, null);
  }
  return { unit, tile, byUnit: [...rows.values()] };
}

/**
 * The tiles as a use case: for a unit the actor may read (404 otherwise) on `at` (default today), of the
 * plan year (default the year of `at`).
 */
export async function readFinanceTiles(
  db: Queryable,
  actor: Actor,
  q: { unitCode: string; year?: number | undefined; at?: string | undefined },
  today: string,
) {
  const at = q.at ?? today;
  const year = q.year ?? Number(at.slice(0, 4));
  await readableReportUnit(db, actor, q.unitCode, at);
  return { year, at, ...(await financeTiles(db, { unit: q.unitCode, year, at })) };
}
