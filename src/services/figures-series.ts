// A unit's figures over the years for /api/figures: derived and entered side by side with differences
// flagged, and either as they were (the units of each year) or re-based onto today's unit through its
// lineage, with a footnote saying how.
import { figures, units, type Queryable } from '../db/index.ts';
import type { FigureRow } from '../db/queries/figures.ts';
import type { AdminUnit as DbUnit, LineageStep } from '../db/queries/units.ts';
import { indexGeography, unitKey } from '../domain/geography/geography-index.ts';
import type { AdminUnit, LineageEdge, Message } from '../domain/geography/types.ts';
import { compareFigures, type FigureDifference } from '../domain/measures/compare-figures.ts';
import { predecessorsOn, rebaseFigures } from '../domain/measures/rebase-figures.ts';

export type Basis = 'as_was' | 'today';

export interface SeriesFigure extends FigureRow {
  /** Where a derived and an entered figure exist for the same year and standard: do they differ? */
  differs: boolean | null;
  /** Re-based from predecessors onto today's unit, with how. */
  rebased: boolean;
  footnote: Message | null;
}

export interface Comparison {
  year: number;
  standard: string;
  derived: FigureRow;
  entered: FigureRow;
  difference: FigureDifference;
}

const yearEnd = (year: number, today: string) => (`${year}-12-31` > today ? today : `${year}-12-31`);

const toDomainUnit = (u: DbUnit): AdminUnit => ({
  code: u.code,
  name: u.name,
  level: u.level,
  kind: u.kind as AdminUnit['kind'],
  area: (u.area ?? 'rural') as AdminUnit['area'],
  validFrom: u.validFrom,
  validTo: u.validTo,
  parentCode: u.parentCode,
});
const toDomainEdge = (e: LineageStep): LineageEdge => ({
  fromCode: e.fromCode,
  fromValidFrom: e.fromValidFrom,
  toCode: e.toCode,
  toValidFrom: e.toValidFrom,
  kind: e.kind,
  effective: e.effective,
  legalBasis: e.legalBasis ?? '',
  legalBasisVerified: e.legalBasisVerified,
  allPopulation: e.allPopulation,
  note: e.note,
});

/** Pairs each year's derived and entered figure of the same standard and compares them. */
export function compareSeries(rows: readonly FigureRow[]): Comparison[] {
  const out: Comparison[] = [];
  for (const d of rows.filter((r) => r.derived))
    for (const e of rows.filter((r) => !r.derived && r.year === d.year && r.standard === d.standard))
      out.push({
        year: d.year,
        standard: d.standard,
        derived: d,
        entered: e,
        difference: compareFigures(d, e),
      });
  return out;
}

/** Today's unit with its predecessors and their other successors: enough lineage to re-base it. */
async function lineageAround(db: Queryable, unit: DbUnit, today: string) {
  const back = await units.lineage(db, unit, { direction: 'backward' });
  const edges = new Map<string, LineageStep>();
  const key = (e: LineageStep) =>
    `${unitKey(e.fromCode, e.fromValidFrom)}>${unitKey(e.toCode, e.toValidFrom)}`;
  for (const e of back) edges.set(key(e), e);
  for (const e of back)
    for (const f of await units.lineage(
      db,
      { code: e.fromCode, validFrom: e.fromValidFrom },
      { direction: 'forward' },
    ))
      edges.set(key(f), f);
  const refs = new Map<string, { code: string; validFrom: string }>([
    [unitKey(unit.code, unit.validFrom), unit],
  ]);
  for (const e of edges.values()) {
    refs.set(unitKey(e.fromCode, e.fromValidFrom), { code: e.fromCode, validFrom: e.fromValidFrom });
    refs.set(unitKey(e.toCode, e.toValidFrom), { code: e.toCode, validFrom: e.toValidFrom });
  }
  // The geography as of today: later (planned) versions and edges are left out, and a version still
  // valid today ends nowhere, so the pure rebase lands on today's units.
  const versions: AdminUnit[] = [];
  for (const ref of refs.values()) {
    const v = await units.unitVersion(db, ref);
    if (v && v.validFrom <= today)
      versions.push(
        toDomainUnit({ ...v, validTo: v.validTo !== null && v.validTo < today ? v.validTo : null }),
      );
  }
  for (const [k, e] of edges) if (e.effective > today) edges.delete(k);
  // Shares of split predecessors, as lineage records them: the known share to each successor, and what
  // is left spread over successors without one (only this unit's part matters for its figure).
  const shares: Record<string, Record<string, number>> = {};
  const byFrom = new Map<string, LineageStep[]>();
  for (const e of edges.values()) byFrom.set(e.fromCode, [...(byFrom.get(e.fromCode) ?? []), e]);
  for (const [from, list] of byFrom) {
    const known = list.filter((e) => e.share !== null);
    if (known.length === 0 || list.length < 2) continue;
    const rest = Math.max(0, 1 - known.reduce((s, e) => s + Number(e.share), 0));
    const unknown = list.filter((e) => e.share === null);
    shares[from] = Object.fromEntries(
      list.map((e) => [e.toCode, e.share !== null ? Number(e.share) : rest / unknown.length]),
    );
  }
  return { index: indexGeography(versions, [...edges.values()].map(toDomainEdge)), shares, back };
}

export async function figureSeries(
  db: Queryable,
  input: { unitCode: string; group: string; basis: Basis; today: string },
): Promise<{ figures: SeriesFigure[]; comparisons: Comparison[]; footnotes: Message[] }> {
  let rows = await figures.figuresOf(db, input.unitCode, input.group);
  const rebasedKeys = new Map<string, Message>();
  const current = input.basis === 'today' ? await units.unitAt(db, input.unitCode, input.today) : undefined;
  if (current) {
    const { index, shares, back } = await lineageAround(db, current, input.today);
    const unit = index.byKey.get(unitKey(current.code, current.validFrom))!;
    if (back.length > 0) {
      // Years before today's unit existed: its predecessors' figures, re-based.
      const predCodes = new Set(back.map((e) => e.fromCode));
      const predRows = new Map<string, FigureRow[]>();
      for (const code of predCodes) predRows.set(code, await figures.figuresOf(db, code, input.group));
      const own = rows.filter((r) => yearEnd(r.year, input.today) >= current.validFrom);
      const keys = new Set<string>();
      for (const list of predRows.values())
        for (const r of list)
          if (yearEnd(r.year, input.today) < current.validFrom)
            keys.add(`${r.year}|${r.standard}|${r.derived}`);
      const rebased: FigureRow[] = [];
      for (const k of [...keys].sort()) {
        const [year, standard, derived] = [
          Number(k.split('|')[0]),
          k.split('|')[1]!,
          k.split('|')[2] === 'true',
        ];
        const date = yearEnd(year, input.today);
        const preds = predecessorsOn(index, unit, date);
        const source = preds.flatMap((p) =>
          (predRows.get(p.code) ?? [])
            .filter((r) => r.year === year && r.standard === standard && r.derived === derived)
            .slice(0, 1)
            .map((r) => ({ code: p.code, ...r })),
        );
        const out = rebaseFigures(index, unit, date, source, shares);
        if (!out) continue;
        rebased.push({
          year,
          standard,
          households: out.households,
          poor: out.poor,
          nearPoor: out.nearPoor,
          poorRate: out.poorRate,
          source: [...new Set(source.map((s) => s.source))].join('; '),
          sourceText: {
            vi: [...new Set(source.map((s) => s.sourceText.vi))].join('; '),
            en: [...new Set(source.map((s) => s.sourceText.en))].join('; '),
          },
          derived,
        });
        rebasedKeys.set(`${year}|${standard}|${derived}`, out.footnote);
      }
      rows = [...own, ...rebased].sort((a, b) => a.year - b.year || a.standard.localeCompare(b.standard));
    }
  }
  const comparisons = compareSeries(rows);
  const flagged = new Map(comparisons.map((c) => [`${c.year}|${c.standard}`, c.difference.differs]));
  return {
    figures: rows.map((r) => {
      const footnote = rebasedKeys.get(`${r.year}|${r.standard}|${r.derived}`) ?? null;
      return {
        ...r,
        differs: flagged.get(`${r.year}|${r.standard}`) ?? null,
        rebased: footnote !== null,
        footnote,
      };
    }),
    comparisons,
    footnotes: [...new Map([...rebasedKeys.values()].map((m) => [m.vi, m])).values()],
  };
}
