// One access policy for every door. Side by side: what a scope covers (units with their descendants on a
// date, single villages), the three rules for units of before the July 2025 reform, and the one answer
// every use case gives — 404 for anything outside the actor's read scope (its existence is never
// revealed), 403 for a change outside the write scope on something the actor may read. A role that lacks
// the permission for a kind of action altogether (a viewer recording money) gets 403 before the target
// is even looked up: that answer says nothing about the target.
//
// The reform rules (provinces merged by Nghị quyết 202/2025/QH15, communes re-drawn by the Standing
// Committee's resolutions, e.g. 1683/NQ-UBTVQH15 for Thái Nguyên; no districts from 1/7/2025):
// - household-level records follow the village: a village placed under a commune in the scope is in it;
// - figures and reports of an old unit (`unitOrSuccessorInScope`): readable by whoever holds any of its
//   successors today — Thái Nguyên's officers answer for old Bắc Kạn's figures;
// - money, works, outputs and projects of an old unit (`unitVersionInScope`): only a unit that went
//   *whole* into one in the scope, since money of a unit split between two provinces belongs to neither
//   alone.
import { registry, units, villages, type Queryable } from '../db/index.ts';
import type { ScopeSet } from '../db/queries/scope.ts';
import type { AdminUnit } from '../db/queries/units.ts';
import { can, type Permission } from '../domain/access/roles.ts';
import type { Actor } from './actor.ts';
import { AppError } from './errors.ts';
import { requireReportUnit } from './finance.ts';

export { requirePermission } from './actor.ts';

// ---- What a scope covers ------------------------------------------------------------------------

/** True when the unit (on the date) lies within one of the scope's units. */
export async function unitInScope(
  db: Queryable,
  scope: ScopeSet,
  code: string,
  date: string,
): Promise<boolean> {
  if (scope.all) return true;
  const chain = await units.parentChain(db, code, date);
  return chain.some((u) => scope.units.some((s) => s.code === u.code && s.validFrom === u.validFrom));
}

/**
 * Like unitInScope, but a unit of before the 2025 reform also counts when one of its successors (or its
 * ancestors' successors) is in the scope today, whole or in part: the rule for figures and reports.
 */
export async function unitOrSuccessorInScope(
  db: Queryable,
  scope: ScopeSet,
  code: string,
  date: string,
  today: string,
): Promise<boolean> {
  if (await unitInScope(db, scope, code, date)) return true;
  for (const u of await units.parentChain(db, code, date)) {
    const next = await units.lineage(db, { code: u.code, validFrom: u.validFrom }, { direction: 'forward' });
    for (const e of next) if (await unitInScope(db, scope, e.toCode, today)) return true;
  }
  return false;
}

/** The day a unit version is read on: today, or its last day if it has ended, or its first if it starts later. */
export const dayOf = (unit: AdminUnit, at: string): string =>
  unit.validTo !== null && unit.validTo < at ? unit.validTo : at < unit.validFrom ? unit.validFrom : at;

/**
 * True when the unit version is within the scope on a day it existed, or when a unit it lies in went
 * whole (lineage) into a unit within the scope: the rule for money, works, outputs and projects.
 */
export async function unitVersionInScope(
  db: Queryable,
  scope: ScopeSet,
  unit: AdminUnit,
  at: string,
): Promise<boolean> {
  if (scope.all) return true;
  const day = dayOf(unit, at);
  if (await unitInScope(db, scope, unit.code, day)) return true;
  for (const u of await units.parentChain(db, unit.code, day)) {
    for (const step of await units.lineage(
      db,
      { code: u.code, validFrom: u.validFrom },
      { direction: 'forward' },
    )) {
      if (step.allPopulation && (await unitInScope(db, scope, step.toCode, step.toValidFrom))) return true;
    }
  }
  return false;
}

/** A row of an import refused because its unit lies outside the write scope. */
export interface OutOfScopeRow {
  row: number;
  column: string;
  message: { vi: string; en: string };
}

/**
 * The rows of an import whose unit lies outside the actor's write scope, as row errors naming the unit
 * column: an import is refused whole, like a row with a bad cell. `inScope` is asked once per `key`.
 */
async function rowsOutside<R>(
  actor: Actor,
  rows: readonly R[],
  at: (r: R, index: number) => { row: number; unit: string; key: string },
  inScope: (r: R) => Promise<boolean>,
): Promise<OutOfScopeRow[]> {
  if (actor.write.all) return [];
  const out: OutOfScopeRow[] = [];
  const checked = new Map<string, boolean>();
  for (const [i, r] of rows.entries()) {
    const { row, unit, key } = at(r, i);
    if (!checked.has(key)) checked.set(key, await inScope(r));
    if (!checked.get(key))
      out.push({
        row,
        column: 'unit',
        message: { vi: `Đơn vị ${unit} ngoài phạm vi được giao`, en: `Unit ${unit} is outside your scope` },
      });
  }
  return out;
}

/** Rows naming a unit version (money, outputs): the rule for money applies (whole successors only). */
export const rowsOutsideWriteScope = (
  db: Queryable,
  actor: Actor,
  rows: readonly { row: number; unitCode: string; unitValidFrom: string }[],
  today: string,
) =>
  rowsOutside(
    actor,
    rows,
    (r) => ({ row: r.row, unit: r.unitCode, key: `${r.unitCode}@${r.unitValidFrom}` }),
    async (r) => {
      const unit = await units.unitVersion(db, { code: r.unitCode, validFrom: r.unitValidFrom });
      return unit !== undefined && unitVersionInScope(db, actor.write, unit, today);
    },
  );

/** The day a figure of a year is judged on: the year's last day, or today for the current year. */
export const figuresDay = (year: number, today: string) =>
  `${year}-12-31` > today ? today : `${year}-12-31`;

/**
 * Rows of figures by unit code and year (the file's data rows start on line 2): the rule for figures
 * applies (a unit of before the reform counts when one of its successors is in the scope), on figuresDay.
 */
export const figureRowsOutsideWriteScope = (
  db: Queryable,
  actor: Actor,
  rows: readonly { unit: string; year: number }[],
  today: string,
) => {
  const on = (year: number) => figuresDay(year, today);
  return rowsOutside(
    actor,
    rows,
    (r, i) => ({ row: i + 2, unit: r.unit, key: `${r.unit}|${on(r.year)}` }),
    (r) => unitOrSuccessorInScope(db, actor.write, r.unit, on(r.year), today),
  );
};

// ---- Guards: 404 outside the read scope, 403 for a missing permission or write scope ---------------

/**
 * A unit version the actor may change records of: 404 when outside its read scope, 403 when the role
 * lacks the permission or the unit is only readable.
 */
export async function requireWritableUnitVersion(
  db: Queryable,
  actor: Actor,
  unit: AdminUnit,
  today: string,
  permission: Permission,
): Promise<AdminUnit> {
  if (!(await unitVersionInScope(db, actor.read, unit, today))) throw new AppError('NOT_FOUND');
  if (!can(actor.role, permission) || !(await unitVersionInScope(db, actor.write, unit, today)))
    throw new AppError('FORBIDDEN');
  return unit;
}

/**
 * A commune (by code on a date) the actor may change: 403 for a role without the permission, then 404
 * outside the read scope, 403 outside the write scope.
 */
export async function requireWritableCommune(
  db: Queryable,
  actor: Actor,
  code: string,
  date: string,
  permission: Permission,
): Promise<void> {
  // A role without the permission is refused before the commune is looked up: 403 says nothing of it.
  if (!can(actor.role, permission)) throw new AppError('FORBIDDEN');
  if (!(await unitInScope(db, actor.read, code, date))) throw new AppError('NOT_FOUND');
  if (!(await unitInScope(db, actor.write, code, date))) throw new AppError('FORBIDDEN');
}

/**
 * A unit whose figures the actor may read on some version of it, itself or through a successor (404
 * otherwise). A code no version of which exists is not readable, even for an all-seeing scope.
 */
export async function requireSomeVersionReadable(
  db: Queryable,
  actor: Actor,
  code: string,
  today: string,
): Promise<void> {
  // Newest first: a scope names today's units, so the current version usually answers at once, where the
  // oldest would walk its parents and their lineage first (four statements more for a province's figures).
  for (const v of (await units.unitVersions(db, code)).reverse())
    if (await unitOrSuccessorInScope(db, actor.read, code, v.validFrom, today)) return;
  throw new AppError('NOT_FOUND');
}

/**
 * A unit whose figures or reports the actor may read (404 otherwise): an all-seeing scope reads any code;
 * otherwise some version of the unit, or a successor of it, lies in the read scope.
 */
export async function requireReadableFigures(
  db: Queryable,
  actor: Actor,
  code: string,
  today: string,
): Promise<void> {
  if (!actor.read.all) await requireSomeVersionReadable(db, actor, code, today);
}

/** A unit (by code on a date) the actor may read figures of, itself or through a successor; 404 otherwise. */
export async function requireUnitOrSuccessorInScope(
  db: Queryable,
  actor: Actor,
  code: string,
  date: string,
  today: string,
): Promise<void> {
  if (!(await unitOrSuccessorInScope(db, actor.read, code, date, today))) throw new AppError('NOT_FOUND');
}

/** A unit a report is about (valid on `at`, else its last version before) that the actor may read; 404 otherwise. */
export async function readableReportUnit(db: Queryable, actor: Actor, code: string, at: string) {
  const unit = await requireReportUnit(db, code, at).catch(
    (e: Error & { messages?: { vi: string; en: string } }) => {
      throw new AppError('NOT_FOUND', [], undefined, e.messages);
    },
  );
  if (!(await unitVersionInScope(db, actor.read, unit, at))) throw new AppError('NOT_FOUND');
  return unit;
}

/** The unit a new record names in its body: 404 naming the field when unknown or out of sight, 403 when only readable. */
export async function writableUnitOfBody(
  db: Queryable,
  actor: Actor,
  code: string,
  at: string,
  today: string,
  permission: Permission = 'finance.write',
) {
  const notFound = () =>
    new AppError('NOT_FOUND', [
      { path: 'body.unit', message: { vi: `Không có đơn vị mã ${code}`, en: `No unit has code ${code}` } },
    ]);
  const unit = await requireReportUnit(db, code, at).catch(() => {
    throw notFound();
  });
  if (!(await unitVersionInScope(db, actor.read, unit, today))) throw notFound();
  return requireWritableUnitVersion(db, actor, unit, today, permission);
}

/**
 * A household the actor may read with its village's place on the date (header and write check of its page
 * in the same statement), or 404 (never revealing households out of scope).
 */
export async function readablePlacedHousehold(
  db: Queryable,
  actor: Actor,
  householdId: string,
  today: string,
) {
  const household = await registry.getRegistryHousehold(db, householdId);
  const place = household && (await villages.villagePlace(db, household.villageId, today));
  if (!household || !place || !villages.placeInScope(actor.read, place)) throw new AppError('NOT_FOUND');
  return { household, place };
}

/** Reads a household the actor may read, or answers 404 (never revealing households out of scope). */
export async function readableHousehold(db: Queryable, actor: Actor, householdId: string, today: string) {
  const h = await registry.getRegistryHousehold(db, householdId);
  if (!h || !(await villages.villageInScope(db, actor.read, h.villageId, today)))
    throw new AppError('NOT_FOUND');
  return h;
}

/** True when the actor may change the households of a village whose place it has (villagePlace). */
export function mayWritePlace(actor: Actor, place: villages.VillagePlace): boolean {
  return can(actor.role, 'registry.write') && villages.placeInScope(actor.write, place);
}

/** True when the actor may change the households of this village. */
export async function mayWriteVillage(db: Queryable, actor: Actor, villageId: string, today: string) {
  return can(actor.role, 'registry.write') && villages.villageInScope(db, actor.write, villageId, today);
}

/** A household the actor may change: 404 when it cannot even read it, 403 when it may only read it. */
export async function writableHousehold(db: Queryable, actor: Actor, householdId: string, today: string) {
  const h = await readableHousehold(db, actor, householdId, today);
  if (!(await mayWriteVillage(db, actor, h.villageId, today))) throw new AppError('FORBIDDEN');
  return h;
}

/** A village new households go into: 404 naming the field when out of sight, 403 when only readable. */
export async function requireWritableVillage(
  db: Queryable,
  actor: Actor,
  villageId: string,
  today: string,
  path = 'body.villageId',
) {
  if (!(await villages.villageInScope(db, actor.read, villageId, today)))
    throw new AppError('NOT_FOUND', [
      { path, message: { vi: 'Không tìm thấy thôn', en: 'Village not found' } },
    ]);
  if (!(await mayWriteVillage(db, actor, villageId, today)))
    throw new AppError('FORBIDDEN', [
      { path, message: { vi: 'Thôn ngoài phạm vi được sửa', en: 'Village outside your write scope' } },
    ]);
}

/**
 * What of a commune the actor reads: all of it (the commune in the read scope), or the villages of its
 * scope that lie in the commune on the day (an enumerator). 404 when neither: nothing of another commune
 * is revealed. Rounds and their documents are read through this.
 */
export async function communeReadScope(
  db: Queryable,
  actor: Actor,
  communeCode: string,
  today: string,
): Promise<{ whole: boolean; villageIds: Set<string> }> {
  const whole = await unitInScope(db, actor.read, communeCode, today);
  const villageIds = new Set<string>();
  if (!whole)
    for (const v of actor.read.villageIds)
      if ((await registry.villageContext(db, v, today))?.communeCode === communeCode) villageIds.add(v);
  if (!whole && villageIds.size === 0) throw new AppError('NOT_FOUND');
  return { whole, villageIds };
}
