// Villages: created under a commune valid at a date, carried to successor communes after mergers
// (automatically when the commune went whole to one successor, by a person's decision when it split).
import type { Queryable } from '../database.ts';
import { DataRuleError } from '../errors.ts';
import type { ScopeSet } from './scope.ts';
import type { UnitRef } from './units.ts';
import { validOn } from './units.ts';

export type VillageKind = 'thon' | 'ban' | 'to_dan_pho' | 'other';

export interface Village {
  id: string;
  /** The commune version the village was created under. */
  communeCode: string;
  communeValidFrom: string;
  name: string;
  kind: VillageKind;
  createdAt: Date;
  /** First day the village no longer exists, if retired. */
  retiredAt: string | null;
  successorVillageId: string | null;
  retirementNote: string | null;
}

export interface VillageAssignment {
  villageId: string;
  communeCode: string;
  communeValidFrom: string;
  effective: string;
  method: 'whole' | 'explicit';
  decidedBy: string | null;
  note: string | null;
  recordedAt: Date;
}

export interface SuccessorCandidate extends UnitRef {
  name: string;
  /** Lineage kind of the edge from the village's former commune. */
  kind: 'whole' | 'part' | 'unchanged';
  effective: string;
}

/** A village's commune on a date. */
export type VillagePlacement =
  | { status: 'assigned'; commune: UnitRef; since: string; method: 'created' | 'whole' | 'explicit' }
  /** Its commune ended (split) and nobody has yet said which successor the village belongs to. */
  | { status: 'unassigned'; formerCommune: UnitRef; lastDay: string; candidates: SuccessorCandidate[] }
  | { status: 'retired'; retiredAt: string; successorVillageId: string | null }
  | { status: 'not_found' };

const VILLAGE_COLUMNS = `v.id, v.commune_code as "communeCode", v.commune_valid_from as "communeValidFrom", v.name,
  v.kind, v.created_at as "createdAt", v.retired_at as "retiredAt", v.successor_village_id as "successorVillageId",
  v.retirement_note as "retirementNote"`;

/**
 * SQL: for each village, the commune it was last placed in (latest assignment effective on or
 * before $date, else the commune it was created under). $date null = latest assignment of all.
 */
export function placementSql(dateParam: string): string {
  return `select v.id as village_id,
      coalesce(a.commune_code, v.commune_code) as code,
      coalesce(a.commune_valid_from, v.commune_valid_from) as valid_from,
      coalesce(a.effective, v.commune_valid_from) as since,
      coalesce(a.method, 'created') as method
    from villages v
    left join lateral (
      select va.commune_code, va.commune_valid_from, va.effective, va.method from village_assignments va
      where va.village_id = v.id and (${dateParam}::date is null or va.effective <= ${dateParam}::date)
      order by va.effective desc limit 1
    ) a on true`;
}

/** Names of the villages `ids` and the commune each belongs to now (after every recorded move). */
export async function villageLabels(
  db: Queryable,
  ids: readonly string[],
): Promise<{ id: string; name: string; communeCode: string }[]> {
  if (ids.length === 0) return [];
  return db.query(
    `select v.id, v.name, p.code as "communeCode" from villages v
     join (${placementSql('$2')}) p on p.village_id = v.id
     where v.id = any($1::uuid[])`,
    [[...ids], null],
  );
}

/** Creates a village under the commune `communeCode` valid on `date`. */
export async function createVillage(
  db: Queryable,
  input: { communeCode: string; date: string; name: string; kind: VillageKind },
): Promise<Village> {
  return db.transaction(async (tx) => {
    const [commune] = await tx.query<{ validFrom: string }>(
      `select u.valid_from as "validFrom" from admin_units u
       where u.code = $1 and u.level = 'commune' and ${validOn('u', '$2')}`,
      [input.communeCode, input.date],
    );
    if (!commune) {
      throw new DataRuleError('commune_not_found', `no commune ${input.communeCode} on ${input.date}`);
    }
    const [village] = await tx.query<Village>(
      `insert into villages as v (commune_code, commune_valid_from, name, kind) values ($1, $2, $3, $4)
       returning ${VILLAGE_COLUMNS}`,
      [input.communeCode, commune.validFrom, input.name.trim(), input.kind],
    );
    // A village created under a commune that has since merged whole follows it at once.
    await assignWholeMoves(tx, { villageIds: [village!.id] });
    return village!;
  });
}

export async function getVillage(db: Queryable, id: string): Promise<Village | undefined> {
  const [village] = await db.query<Village>(`select ${VILLAGE_COLUMNS} from villages v where v.id = $1`, [
    id,
  ]);
  return village;
}

/** Villages that belong on `date` to the version of commune `communeCode` valid then, by name. */
export async function listVillages(db: Queryable, communeCode: string, date: string): Promise<Village[]> {
  return db.query<Village>(
    `select ${VILLAGE_COLUMNS}
     from (${placementSql('$2')}) p
     join villages v on v.id = p.village_id
     join admin_units u on u.code = p.code and u.valid_from = p.valid_from
     where p.code = $1 and ${validOn('u', '$2')} and (v.retired_at is null or v.retired_at > $2::date)
     order by v.name collate "C", v.id`,
    [communeCode, date],
  );
}

/**
 * Records 'whole' moves for villages whose commune has ended with exactly one successor, repeating
 * through later reforms. Idempotent; run after loading lineage. Returns how many moves were added.
 */
export async function assignWholeMoves(
  db: Queryable,
  options: { villageIds?: string[] } = {},
): Promise<number> {
  let total = 0;
  for (let round = 0; round < 20; round++) {
    const [row] = await db.query<{ n: number }>(
      `with placed as (${placementSql('null')}
                       where $1::uuid[] is null or v.id = any($1::uuid[])),
       ended as (
         select p.village_id, p.code, p.valid_from from placed p
         join admin_units u on u.code = p.code and u.valid_from = p.valid_from
         join villages v on v.id = p.village_id
         where u.valid_to is not null and (v.retired_at is null or v.retired_at > u.valid_to + 1)
       ),
       single as (
         select e.village_id, min(l.to_code) as to_code, min(l.to_valid_from) as to_valid_from,
                min(l.effective) as effective
         from ended e join unit_lineage l on l.from_code = e.code and l.from_valid_from = e.valid_from
         group by e.village_id
         having count(distinct (l.to_code, l.to_valid_from)) = 1
       ),
       added as (
         insert into village_assignments (village_id, commune_code, commune_valid_from, effective, method, note)
         select village_id, to_code, to_valid_from, effective, 'whole', 'commune merged whole into its successor'
         from single
         on conflict do nothing
         returning 1)
       select count(*)::int as n from added`,
      [options.villageIds ?? null],
    );
    const added = row?.n ?? 0;
    total += added;
    if (added === 0) break;
  }
  return total;
}

async function successorsOf(db: Queryable, commune: UnitRef): Promise<SuccessorCandidate[]> {
  return db.query<SuccessorCandidate>(
    `select l.to_code as code, l.to_valid_from as "validFrom", u.name, l.kind, l.effective
     from unit_lineage l join admin_units u on u.code = l.to_code and u.valid_from = l.to_valid_from
     where l.from_code = $1 and l.from_valid_from = $2::date
     order by l.to_code`,
    [commune.code, commune.validFrom],
  );
}

/** Where a village belongs on `date` (default: now, i.e. after every recorded move). */
export async function villagePlacement(
  db: Queryable,
  villageId: string,
  date?: string,
): Promise<VillagePlacement> {
  const [row] = await db.query<{
    code: string;
    validFrom: string;
    since: string;
    method: 'created' | 'whole' | 'explicit';
    validTo: string | null;
    retiredAt: string | null;
    successorVillageId: string | null;
  }>(
    `select p.code, p.valid_from as "validFrom", p.since, p.method, u.valid_to as "validTo",
            v.retired_at as "retiredAt", v.successor_village_id as "successorVillageId"
     from (${placementSql('$2')}) p
     join villages v on v.id = p.village_id
     join admin_units u on u.code = p.code and u.valid_from = p.valid_from
     where p.village_id = $1`,
    [villageId, date ?? null],
  );
  if (!row) return { status: 'not_found' };
  if (row.retiredAt !== null && (date === undefined || row.retiredAt <= date)) {
    return { status: 'retired', retiredAt: row.retiredAt, successorVillageId: row.successorVillageId };
  }
  const commune = { code: row.code, validFrom: row.validFrom };
  if (row.validTo === null || (date !== undefined && date <= row.validTo)) {
    return { status: 'assigned', commune, since: row.since, method: row.method };
  }
  return {
    status: 'unassigned',
    formerCommune: commune,
    lastDay: row.validTo,
    candidates: await successorsOf(db, commune),
  };
}

export interface UnassignedVillage {
  village: Village;
  formerCommune: UnitRef;
  /** The former commune's last day. */
  lastDay: string;
  candidates: SuccessorCandidate[];
}

/**
 * Villages waiting for a person to say which successor commune they belong to: their commune has
 * ended and has several successors (or none recorded). Filter by the former commune, or by a
 * successor commune code (the villages a new commune may receive).
 */
export async function unassignedVillages(
  db: Queryable,
  filter: { formerCommune?: UnitRef; candidateCode?: string } = {},
): Promise<UnassignedVillage[]> {
  const rows = await db.query<Village & { formerCode: string; formerValidFrom: string; lastDay: string }>(
    `select ${VILLAGE_COLUMNS}, p.code as "formerCode", p.valid_from as "formerValidFrom", u.valid_to as "lastDay"
     from (${placementSql('null')}) p
     join villages v on v.id = p.village_id
     join admin_units u on u.code = p.code and u.valid_from = p.valid_from
     where u.valid_to is not null
       and (v.retired_at is null or v.retired_at > u.valid_to + 1)
       and ($1::text is null or (p.code = $1 and p.valid_from = $2::date))
       and ($3::text is null or exists (
             select 1 from unit_lineage l
             where l.from_code = p.code and l.from_valid_from = p.valid_from and l.to_code = $3))
     order by p.code, v.name collate "C", v.id`,
    [
      filter.formerCommune?.code ?? null,
      filter.formerCommune?.validFrom ?? null,
      filter.candidateCode ?? null,
    ],
  );
  const result: UnassignedVillage[] = [];
  const cache = new Map<string, SuccessorCandidate[]>();
  for (const { formerCode, formerValidFrom, lastDay, ...village } of rows) {
    const formerCommune = { code: formerCode, validFrom: formerValidFrom };
    const key = `${formerCode}@${formerValidFrom}`;
    let candidates = cache.get(key);
    if (!candidates) {
      candidates = await successorsOf(db, formerCommune);
      cache.set(key, candidates);
    }
    result.push({ village, formerCommune, lastDay, candidates });
  }
  return result;
}

/**
 * Assigns a village of a split commune to one of its successors. Refused when the village's commune
 * has not ended, went whole to a single successor (that move is automatic), or the target is not a
 * successor. Later whole moves of the target then follow automatically.
 */
export async function assignVillage(
  db: Queryable,
  input: { villageId: string; communeCode: string; decidedBy: string; note?: string },
): Promise<VillageAssignment> {
  return db.transaction(async (tx) => {
    const placement = await villagePlacement(tx, input.villageId);
    if (placement.status === 'not_found') {
      throw new DataRuleError('village_not_found', `no village ${input.villageId}`);
    }
    if (placement.status === 'retired') {
      throw new DataRuleError(
        'village_retired',
        `village ${input.villageId} was retired on ${placement.retiredAt}`,
      );
    }
    if (placement.status === 'assigned') {
      throw new DataRuleError(
        'commune_not_ended',
        `village ${input.villageId} belongs to commune ${placement.commune.code}, which has not ended`,
      );
    }
    const distinct = new Set(placement.candidates.map((c) => `${c.code}@${c.validFrom}`));
    if (distinct.size === 1) {
      throw new DataRuleError(
        'commune_not_split',
        `commune ${placement.formerCommune.code} went whole to one successor; its villages move automatically`,
      );
    }
    const target = placement.candidates.find((c) => c.code === input.communeCode);
    if (!target) {
      throw new DataRuleError(
        'not_a_successor',
        `commune ${input.communeCode} is not a successor of ${placement.formerCommune.code}`,
      );
    }
    const [assignment] = await tx.query<VillageAssignment>(
      `insert into village_assignments (village_id, commune_code, commune_valid_from, effective, method, decided_by, note)
       values ($1, $2, $3, $4, 'explicit', $5, $6)
       returning village_id as "villageId", commune_code as "communeCode", commune_valid_from as "communeValidFrom",
                 effective, method, decided_by as "decidedBy", note, recorded_at as "recordedAt"`,
      [input.villageId, target.code, target.validFrom, target.effective, input.decidedBy, input.note ?? null],
    );
    await assignWholeMoves(tx, { villageIds: [input.villageId] });
    return assignment!;
  });
}

/** All recorded moves of a village, oldest first. */
export async function villageAssignments(db: Queryable, villageId: string): Promise<VillageAssignment[]> {
  return db.query<VillageAssignment>(
    `select village_id as "villageId", commune_code as "communeCode", commune_valid_from as "communeValidFrom",
            effective, method, decided_by as "decidedBy", note, recorded_at as "recordedAt"
     from village_assignments where village_id = $1 order by effective`,
    [villageId],
  );
}

/** Marks a village as no longer existing from `date`, optionally merged into another village. */
export async function retireVillage(
  db: Queryable,
  input: { villageId: string; date: string; successorVillageId?: string; note?: string },
): Promise<void> {
  const rows = await db.query(
    `update villages set retired_at = $2, successor_village_id = $3, retirement_note = $4
     where id = $1 returning id`,
    [input.villageId, input.date, input.successorVillageId ?? null, input.note ?? null],
  );
  if (rows.length === 0) throw new DataRuleError('village_not_found', `no village ${input.villageId}`);
}

/** A village with the commune (and province) it belongs to on the date. */
export interface VillageContext {
  villageId: string;
  villageName: string;
  villageKind: string;
  communeCode: string;
  communeValidFrom: string;
  communeName: string;
  communeArea: string | null;
  provinceCode: string | null;
  provinceName: string | null;
}

/**
 * A village's place on a date, with the units above it that count for access: the commune it is placed in,
 * then each parent for as long as the unit below is in force on the date (as the walk of villageInScope
 * went). One statement gives a household page both its header and its read and write checks.
 */
export interface VillagePlace extends VillageContext {
  /** The commune version the village is placed in, then the units above it, nearest first. */
  above: UnitRef[];
}

export async function villagePlace(
  db: Queryable,
  villageId: string,
  date: string,
): Promise<VillagePlace | undefined> {
  const [row] = await db.query<VillageContext & { aboveCodes: string[]; aboveFroms: string[] }>(
    `with recursive
       pl as (select * from (${placementSql('$2')}) p where p.village_id = $1),
       up(code, valid_from, depth) as (
         select code, valid_from, 0 from pl
         union all
         select u.parent_code, u.parent_valid_from, up.depth + 1
         from up join admin_units u on u.code = up.code and u.valid_from = up.valid_from
         where u.parent_code is not null and up.depth < 8
           and u.valid_from <= $2::date and (u.valid_to is null or u.valid_to >= $2::date)
       )
     select v.id as "villageId", v.name as "villageName", v.kind as "villageKind", c.code as "communeCode",
       c.valid_from::text as "communeValidFrom", c.name as "communeName", c.area as "communeArea",
       p.code as "provinceCode", p.name as "provinceName",
       (select array_agg(code order by depth) from up) as "aboveCodes",
       (select array_agg(valid_from::text order by depth) from up) as "aboveFroms"
     from villages v join pl on pl.village_id = v.id
     join admin_units c on c.code = pl.code and c.valid_from = pl.valid_from
     left join admin_units p on p.code = c.parent_code and p.valid_from = c.parent_valid_from
     where v.id = $1`,
    [villageId, date],
  );
  if (!row) return undefined;
  const { aboveCodes, aboveFroms, ...context } = row;
  return { ...context, above: aboveCodes.map((code, i) => ({ code, validFrom: aboveFroms[i]! })) };
}

/**
 * True when a placed village is in the scope: the scope is all-seeing, the village is one of the scope's own,
 * or one of the units above it on the date is one of the scope's unit versions. The same answer as
 * `scoped_villages` of scopedVillagesCte (test/db/village-in-scope.test.ts compares them).
 */
export function placeInScope(scope: ScopeSet, place: VillagePlace): boolean {
  if (scope.all || scope.villageIds.includes(place.villageId)) return true;
  return place.above.some((a) => scope.units.some((u) => u.code === a.code && u.validFrom === a.validFrom));
}

// Whether one village is in a scope on a date, by walking up from the village instead of placing every village
// of the scope: the walk reads the village's placement and at most a few units above it, whatever the size of
// the scope. Placing every village (scopedVillagesCte) cost 31 ms per check at 33.396 villages (Citus, 5 M
// households; 1,4 ms walking up).
/** True when the village is in the scope on the date (placeInScope of its villagePlace). */
export async function villageInScope(
  db: Queryable,
  scope: ScopeSet,
  villageId: string,
  date: string,
): Promise<boolean> {
  if (scope.villageIds.includes(villageId)) return true;
  if (!scope.all && scope.units.length === 0) return false;
  const place = await villagePlace(db, villageId, date);
  return place !== undefined && placeInScope(scope, place);
}
