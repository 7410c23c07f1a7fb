// Administrative units and their lineage: bulk loading, and lookups at a date.
import type { Queryable } from '../database.ts';
import { DataRuleError } from '../errors.ts';

import type { UnitArea, UnitKind, UnitLevel } from '../../domain/geography/types.ts';

export type { UnitArea, UnitLevel };
export type LineageKind = 'whole' | 'part' | 'unchanged';

/**
 * One version of a unit. Dates are 'YYYY-MM-DD'; validTo is the last day (inclusive), null while
 * valid; parentValidFrom names the parent's version. Same meaning as src/domain/geography's AdminUnit.
 */
export interface AdminUnit {
  code: string;
  validFrom: string;
  validTo: string | null;
  name: string;
  level: UnitLevel;
  kind: UnitKind;
  area: UnitArea | null;
  parentCode: string | null;
  parentValidFrom: string | null;
}

/**
 * A unit to load. Without parentValidFrom, the parent is the version of parentCode valid on the
 * unit's validFrom (as src/domain/geography links parents), looked up while loading.
 */
export type AdminUnitInput = Omit<AdminUnit, 'validTo' | 'area' | 'parentCode' | 'parentValidFrom'> &
  Partial<Pick<AdminUnit, 'validTo' | 'area' | 'parentCode' | 'parentValidFrom'>>;

export interface LineageEdge {
  fromCode: string;
  fromValidFrom: string;
  toCode: string;
  toValidFrom: string;
  kind: LineageKind;
  /** The day the change took effect (the successor's first day). */
  effective: string;
  legalBasis: string | null;
  legalBasisVerified: boolean;
  /** The whole population of the predecessor went to this successor. */
  allPopulation: boolean;
  /** Explicit share of the predecessor (decimal text, 0 < share <= 1), if known. */
  share: string | null;
  note: string | null;
}

type OptionalEdgeFields = 'legalBasis' | 'legalBasisVerified' | 'allPopulation' | 'share' | 'note';
/** An edge to load; allPopulation defaults to true for whole and unchanged edges, false for part. */
export type LineageEdgeInput = Omit<LineageEdge, OptionalEdgeFields> &
  Partial<Pick<LineageEdge, OptionalEdgeFields>>;

export interface UnitRef {
  code: string;
  validFrom: string;
}

/** A row a loader could not use as it is (the shape of src/domain/geography's Problem). */
export interface LoadProblem {
  file: string;
  /** 1-based line where the row starts; 0 for the whole file. */
  line: number;
  severity: 'error' | 'warning';
  message: { vi: string; en: string };
  /** The row as read. */
  raw: string;
}

/** Select list of an admin_units row as an AdminUnit. */
export function unitColumns(alias: string): string {
  const a = alias;
  return `${a}.code, ${a}.valid_from as "validFrom", ${a}.valid_to as "validTo", ${a}.name, ${a}.level,
    ${a}.kind, ${a}.area, ${a}.parent_code as "parentCode", ${a}.parent_valid_from as "parentValidFrom"`;
}

const EDGE_COLUMNS = `from_code as "fromCode", from_valid_from as "fromValidFrom", to_code as "toCode",
  to_valid_from as "toValidFrom", kind, effective, legal_basis as "legalBasis",
  legal_basis_verified as "legalBasisVerified", all_population as "allPopulation", share, note`;

/** SQL condition: the row of `alias` is valid on the date bound to `param`. */
export function validOn(alias: string, param: string): string {
  return `${alias}.valid_from <= ${param}::date and (${alias}.valid_to is null or ${alias}.valid_to >= ${param}::date)`;
}

const DEFAULT_BATCH = 2000;
const LEVEL_ORDER: Record<UnitLevel, number> = { province: 0, district: 1, commune: 2 };

function batches<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

function rejectDuplicates<T>(items: readonly T[], key: (item: T) => string, what: string): void {
  const seen = new Set<string>();
  const dupes = new Set<string>();
  for (const item of items) {
    const k = key(item);
    if (seen.has(k)) dupes.add(k);
    seen.add(k);
  }
  if (dupes.size > 0) {
    throw new DataRuleError('duplicate_key', `duplicate ${what}: ${[...dupes].slice(0, 10).join(', ')}`);
  }
}

/**
 * Inserts or updates unit versions (keyed by code + valid_from) in one transaction: provinces, then
 * districts, then communes, a few thousand rows per statement. Returns the number of rows written.
 */
export async function upsertUnits(
  db: Queryable,
  units: readonly AdminUnitInput[],
  options: { batchSize?: number } = {},
): Promise<number> {
  rejectDuplicates(units, (u) => `${u.code}@${u.validFrom}`, 'unit version');
  const byLevel = (Object.keys(LEVEL_ORDER) as UnitLevel[]).map((level) =>
    units.filter((u) => u.level === level),
  );
  return db.transaction(async (tx) => {
    let written = 0;
    // Level by level, so a missing parentValidFrom can be found among the rows already written.
    for (const level of byLevel) {
      for (const batch of batches(level, options.batchSize ?? DEFAULT_BATCH)) {
        const [row] = await tx.query<{ n: number; orphans: string[] }>(
          `with input as (
             select * from unnest($1::text[], $2::date[], $3::date[], $4::text[], $5::text[], $6::text[],
                                  $7::text[], $8::text[], $9::date[])
               as i(code, valid_from, valid_to, name, level, kind, area, parent_code, parent_valid_from)
           ),
           resolved as (
             select i.code, i.valid_from, i.valid_to, i.name, i.level, i.kind, i.area, i.parent_code,
                    coalesce(i.parent_valid_from, (
                      select p.valid_from from admin_units p
                      where p.code = i.parent_code and ${validOn('p', 'i.valid_from')}
                      order by p.valid_from desc limit 1)) as parent_valid_from
             from input i
           ),
           written as (
             insert into admin_units (code, valid_from, valid_to, name, level, kind, area, parent_code, parent_valid_from)
             select * from resolved where parent_code is null or parent_valid_from is not null
             on conflict (code, valid_from) do update set
               valid_to = excluded.valid_to, name = excluded.name, level = excluded.level, kind = excluded.kind,
               area = excluded.area, parent_code = excluded.parent_code, parent_valid_from = excluded.parent_valid_from
             returning 1)
           select (select count(*)::int from written) as n,
                  array(select code || '@' || valid_from::text from resolved
                        where parent_code is not null and parent_valid_from is null order by code) as orphans`,
          [
            batch.map((u) => u.code),
            batch.map((u) => u.validFrom),
            batch.map((u) => u.validTo ?? null),
            batch.map((u) => u.name),
            batch.map((u) => u.level),
            batch.map((u) => u.kind),
            batch.map((u) => u.area ?? null),
            batch.map((u) => u.parentCode ?? null),
            batch.map((u) => u.parentValidFrom ?? null),
          ],
        );
        if (row && row.orphans.length > 0) {
          throw new DataRuleError(
            'parent_not_found',
            `no parent valid on the unit's first day for: ${row.orphans.slice(0, 10).join(', ')}`,
          );
        }
        written += row?.n ?? 0;
      }
    }
    return written;
  });
}

/** Inserts or updates lineage edges (keyed by both ends) in one transaction. Returns rows written. */
export async function upsertLineage(
  db: Queryable,
  edges: readonly LineageEdgeInput[],
  options: { batchSize?: number } = {},
): Promise<number> {
  rejectDuplicates(
    edges,
    (e) => `${e.fromCode}@${e.fromValidFrom}→${e.toCode}@${e.toValidFrom}`,
    'lineage edge',
  );
  return db.transaction(async (tx) => {
    let written = 0;
    for (const batch of batches(edges, options.batchSize ?? DEFAULT_BATCH)) {
      const [row] = await tx.query<{ n: number }>(
        `with written as (
           insert into unit_lineage (from_code, from_valid_from, to_code, to_valid_from, kind, effective,
                                     legal_basis, legal_basis_verified, all_population, share, note)
           select * from unnest($1::text[], $2::date[], $3::text[], $4::date[], $5::text[], $6::date[],
                                $7::text[], $8::bool[], $9::bool[], $10::numeric[], $11::text[])
           on conflict (from_code, from_valid_from, to_code, to_valid_from) do update set
             kind = excluded.kind, effective = excluded.effective, legal_basis = excluded.legal_basis,
             legal_basis_verified = excluded.legal_basis_verified, all_population = excluded.all_population,
             share = excluded.share, note = excluded.note
           returning 1)
         select count(*)::int as n from written`,
        [
          batch.map((e) => e.fromCode),
          batch.map((e) => e.fromValidFrom),
          batch.map((e) => e.toCode),
          batch.map((e) => e.toValidFrom),
          batch.map((e) => e.kind),
          batch.map((e) => e.effective),
          batch.map((e) => e.legalBasis ?? null),
          batch.map((e) => e.legalBasisVerified ?? false),
          batch.map((e) => e.allPopulation ?? e.kind !== 'part'),
          batch.map((e) => e.share ?? null),
          batch.map((e) => e.note ?? null),
        ],
      );
      written += row?.n ?? 0;
    }
    return written;
  });
}

/** Forgets the recorded load problems (before the official units are loaded again). */
export async function clearLoadProblems(db: Queryable): Promise<void> {
  await db.query('delete from unit_load_problems');
}

/** Keeps the rows a loader could not use, for a person to look at. */
export async function recordLoadProblems(db: Queryable, problems: readonly LoadProblem[]): Promise<void> {
  for (const batch of batches(problems, DEFAULT_BATCH)) {
    await db.query(
      `insert into unit_load_problems (source, line, severity, message_vi, message_en, raw)
       select * from unnest($1::text[], $2::int[], $3::text[], $4::text[], $5::text[], $6::text[])`,
      [
        batch.map((p) => p.file),
        batch.map((p) => p.line),
        batch.map((p) => p.severity),
        batch.map((p) => p.message.vi),
        batch.map((p) => p.message.en),
        batch.map((p) => p.raw),
      ],
    );
  }
}

/** The recorded problems, of one file or all, in file and line order. */
export async function loadProblems(
  db: Queryable,
  file?: string,
): Promise<(LoadProblem & { recordedAt: Date })[]> {
  const rows = await db.query<LoadProblem & { vi: string; en: string; recordedAt: Date }>(
    `select source as file, line, severity, message_vi as vi, message_en as en, raw, recorded_at as "recordedAt"
     from unit_load_problems where $1::text is null or source = $1 order by source, line, recorded_at`,
    [file ?? null],
  );
  return rows.map(({ vi, en, ...rest }) => ({ ...rest, message: { vi, en } }));
}

/** The version of `code` valid on `date`, if any. */
export async function unitAt(db: Queryable, code: string, date: string): Promise<AdminUnit | undefined> {
  const [unit] = await db.query<AdminUnit>(
    `select ${unitColumns('u')} from admin_units u where u.code = $1 and ${validOn('u', '$2')}
     order by u.valid_from desc limit 1`,
    [code, date],
  );
  return unit;
}

/** A specific version. */
export async function unitVersion(db: Queryable, ref: UnitRef): Promise<AdminUnit | undefined> {
  const [unit] = await db.query<AdminUnit>(
    `select ${unitColumns('u')} from admin_units u where code = $1 and valid_from = $2::date`,
    [ref.code, ref.validFrom],
  );
  return unit;
}

/** Every version of `code`, oldest first (codes were re-used across the 2025 reform). */
export async function unitVersions(db: Queryable, code: string): Promise<AdminUnit[]> {
  return db.query<AdminUnit>(
    `select ${unitColumns('u')} from admin_units u where u.code = $1 order by u.valid_from`,
    [code],
  );
}

/** The version of `code` still valid (no end date), if any. */
export async function currentVersion(db: Queryable, code: string): Promise<AdminUnit | undefined> {
  const [unit] = await db.query<AdminUnit>(
    `select ${unitColumns('u')} from admin_units u where u.code = $1 and u.valid_to is null`,
    [code],
  );
  return unit;
}

/** Units directly under the version of `code` valid on `date`, themselves valid on `date`, by code. */
export async function children(db: Queryable, code: string, date: string): Promise<AdminUnit[]> {
  return db.query<AdminUnit>(
    `select ${unitColumns('c')}
     from admin_units p
     join admin_units c on c.parent_code = p.code and c.parent_valid_from = p.valid_from
     where p.code = $1 and ${validOn('p', '$2')} and ${validOn('c', '$2')}
     order by c.code`,
    [code, date],
  );
}

/** The unit valid on `date` followed by its parent, grandparent… up to the province. */
export async function parentChain(db: Queryable, code: string, date: string): Promise<AdminUnit[]> {
  return db.query<AdminUnit>(
    `with recursive chain as (
       select u.*, 0 as depth from admin_units u where u.code = $1 and ${validOn('u', '$2')}
       union all
       select p.*, chain.depth + 1 from chain
       join admin_units p on p.code = chain.parent_code and p.valid_from = chain.parent_valid_from
       where chain.depth < 5
     )
     select ${unitColumns('chain')} from chain order by depth`,
    [code, date],
  );
}

export interface LineageStep extends LineageEdge {
  /** 1 for a direct edge, 2 for an edge reached through one intermediate version… */
  depth: number;
}

/**
 * Lineage edges from a unit version: 'forward' follows successors, 'backward' predecessors; with
 * `transitive` (default) through every later/earlier reform, ordered by depth.
 */
export async function lineage(
  db: Queryable,
  unit: UnitRef,
  options: { direction?: 'forward' | 'backward'; transitive?: boolean } = {},
): Promise<LineageStep[]> {
  const forward = (options.direction ?? 'forward') === 'forward';
  const [start, next] = forward ? ['from', 'to'] : ['to', 'from'];
  const maxDepth = options.transitive === false ? 1 : 20;
  return db.query<LineageStep>(
    `with recursive walk as (
       select l.*, 1 as depth from unit_lineage l
       where l.${start}_code = $1 and l.${start}_valid_from = $2::date
       union all
       select l.*, walk.depth + 1 from walk
       join unit_lineage l on l.${start}_code = walk.${next}_code and l.${start}_valid_from = walk.${next}_valid_from
       where walk.depth < $3
     )
     select ${EDGE_COLUMNS}, depth from walk order by depth, to_code, from_code`,
    [unit.code, unit.validFrom, maxDepth],
  );
}

/** Every unit code at or below the given units (any version): what an audit entry's unit may be within them. */
export async function codesUnder(db: Queryable, roots: readonly UnitRef[]): Promise<string[]> {
  if (roots.length === 0) return [];
  const rows = await db.query<{ code: string }>(
    `with recursive below as (
       select u.code, u.valid_from from admin_units u
       join unnest($1::text[], $2::date[]) as r(code, valid_from) on r.code = u.code and r.valid_from = u.valid_from
       union
       select c.code, c.valid_from from admin_units c
       join below b on c.parent_code = b.code and c.parent_valid_from = b.valid_from
     )
     select distinct code from below`,
    [roots.map((r) => r.code), roots.map((r) => r.validFrom)],
  );
  return rows.map((r) => r.code);
}
