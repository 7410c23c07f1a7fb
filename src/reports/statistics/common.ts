// What the statistics builders share: the date a year's units are read at, the standard of a year, the
// unit tree under a unit (districts with their communes indented before the 2025 reform), and picking
// for a unit the figure derived from recognised rounds or, failing that, the entered one.
import type { Queryable } from '../../db/index.ts';
import { units } from '../../db/index.ts';
import type { EnteredRecord, RollupRecord } from '../../db/queries/reports.ts';
import type { AdminUnit } from '../../db/queries/units.ts';
import { formatNumber, formatPercent } from '../../domain/format/numbers.ts';
import { rate } from '../../domain/measures/rates.ts';
import type { RuleBook } from '../../domain/standards/types.ts';
import { ReportParameterError } from '../definition.ts';
import type { LocalText } from '../model.ts';

/** Units as they were at the end of the year (or today, for the current year). */
export function dateOfYear(year: number, today: string): string {
  const end = `${year}-12-31`;
  return end > today ? today : end;
}

export function standardOf(book: RuleBook, year: number, explicit?: string): string {
  const standard = explicit ?? book.reviewYears.find((r) => year >= r.from && year <= r.to)?.standard;
  if (!standard || !book.standards.has(standard))
    throw new ReportParameterError('standard', {
      vi: `Không có chuẩn nghèo ${explicit ?? ''} cho năm ${year}`.replace('  ', ' '),
      en: `No poverty standard ${explicit ?? ''} for ${year}`.replace('  ', ' '),
    });
  return standard;
}

export async function unitOfYear(db: Queryable, code: string, date: string): Promise<AdminUnit> {
  const unit = await units.unitAt(db, code, date);
  if (!unit)
    throw new ReportParameterError('unit', {
      vi: `Không có đơn vị mã ${code} vào ngày ${viDate(date)}`,
      en: `No unit with code ${code} on ${date}`,
    });
  return unit;
}

export interface TreeRow {
  unit: AdminUnit;
  level: number;
  /** A district between its communes: a subtotal. */
  subtotal: boolean;
}

/** The rows of a by-unit table: the unit's children, and under each district its communes indented. */
export async function unitTree(db: Queryable, unit: AdminUnit, date: string): Promise<TreeRow[]> {
  const out: TreeRow[] = [];
  for (const child of await units.children(db, unit.code, date)) {
    if (child.level === 'district') {
      out.push({ unit: child, level: 0, subtotal: true });
      for (const c of await units.children(db, child.code, date))
        out.push({ unit: c, level: 1, subtotal: false });
    } else out.push({ unit: child, level: 0, subtotal: false });
  }
  if (out.length === 0) out.push({ unit, level: 0, subtotal: false });
  return out;
}

export const refOf = (u: AdminUnit) => ({ code: u.code, validFrom: u.validFrom });

/** 2024-12-31 → 31/12/2024. */
export function viDate(iso: string): string {
  const [y, m, d] = iso.split('-');
  return `${d}/${m}/${y}`;
}

/** A percentage with two decimals as a number (the renderers format it): 12 of 80 → 15. */
export function percentOf(part: number, whole: number): number | null {
  return rate(part, whole, 'fraction');
}

export const fmtCount = (n: number): LocalText => ({ vi: formatNumber(n, 'vi'), en: formatNumber(n, 'en') });
export const fmtPercent = (n: number): LocalText => ({
  vi: formatPercent(n, 'vi'),
  en: formatPercent(n, 'en'),
});

export interface UnitFigure {
  households: number | null;
  poor: number | null;
  nearPoor: number | null;
  poorRate: number | null;
  nearPoorRate: number | null;
}

export function figureOfRollup(r: RollupRecord): UnitFigure {
  return {
    households: r.households,
    poor: r.poor,
    nearPoor: r.nearPoor,
    poorRate: percentOf(r.poor, r.households),
    nearPoorRate: percentOf(r.nearPoor, r.households),
  };
}

export function figureOfEntered(e: EnteredRecord): UnitFigure {
  const rate = (given: string | null, n: number | null) =>
    given !== null
      ? Math.round(Number(given) * 100) / 100
      : n !== null && e.totalHouseholds
        ? percentOf(n, e.totalHouseholds)
        : null;
  return {
    households: e.totalHouseholds,
    poor: e.poorHouseholds,
    nearPoor: e.nearPoorHouseholds,
    poorRate: rate(e.poorRate, e.poorHouseholds),
    nearPoorRate: rate(e.nearPoorRate, e.nearPoorHouseholds),
  };
}

/** Whether two figures of one unit disagree on a value both give. */
export function differs(a: UnitFigure, b: UnitFigure): boolean {
  const keys = ['households', 'poor', 'nearPoor', 'poorRate', 'nearPoorRate'] as const;
  return keys.some((k) => a[k] !== null && b[k] !== null && a[k] !== b[k]);
}
