// Production projects (dự án hỗ trợ phát triển sản xuất): list under a unit, read, create, change with
// optimistic concurrency, and the registry households taking part (with their class when they joined).
import type { Queryable } from '../database.ts';
import type { UnitRef } from './units.ts';
import { TERRITORY_SQL } from './territory.ts';

export interface ProjectRow {
  id: string;
  unitCode: string;
  unitValidFrom: string;
  unitName: string;
  name: string;
  kind: 'value_chain' | 'community';
  programme: string | null;
  project: string | null;
  models: string | null;
  budget: bigint;
  disbursed: bigint;
  startDate: string | null;
  endDate: string | null;
  outputs: string | null;
  participants: number;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export interface ProjectFields {
  name: string;
  kind: 'value_chain' | 'community';
  programme: string | null;
  project: string | null;
  models: string | null;
  budget: bigint;
  disbursed: bigint;
  startDate: string | null;
  endDate: string | null;
  outputs: string | null;
}

const PROJECT_COLUMNS = `p.id, p.unit_code as "unitCode", p.unit_valid_from as "unitValidFrom", u.name as "unitName",
  p.name, p.kind, p.programme, p.project, p.models, p.budget, p.disbursed, p.start_date as "startDate",
  p.end_date as "endDate", p.outputs, p.created_at as "createdAt", p.updated_at as "updatedAt", p.version`;
const COLUMNS = `${PROJECT_COLUMNS}, coalesce(pc.n, 0) as participants`;
// Participants counted in a grouped join rather than a subquery per project: on Citus the participants are
// distributed by household, and a correlated subquery beside reference tables cannot be planned there.
const FROM = `production_projects p join admin_units u on u.code = p.unit_code and u.valid_from = p.unit_valid_from
  left join (select project_id, count(*)::int as n from production_project_households group by project_id) pc
    on pc.project_id = p.id`;

/**
 * Projects recorded under the unit (its whole predecessors and everything below, at their own dates). Two
 * statements: the territory's walk (a recursive CTE) over the reference tables, then the participants of
 * those projects — Citus plans no recursive CTE beside a distributed table (production_project_households).
 */
export async function projectsUnder(
  db: Queryable,
  q: { unit: UnitRef; kind?: string },
): Promise<(ProjectRow & { bucketCode: string; bucketValidFrom: string })[]> {
  const rows = await db.query<
    Omit<ProjectRow, 'participants'> & { bucketCode: string; bucketValidFrom: string }
  >(
    `with recursive ${TERRITORY_SQL}
     select ${PROJECT_COLUMNS}, b.bucket_code as "bucketCode", b.bucket_from as "bucketValidFrom"
     from production_projects p join admin_units u on u.code = p.unit_code and u.valid_from = p.unit_valid_from
     join below b on b.code = p.unit_code and b.valid_from = p.unit_valid_from
     where $3::text is null or p.kind = $3
     order by p.unit_code, p.id`,
    [q.unit.code, q.unit.validFrom, q.kind ?? null],
  );
  const ids = [...new Set(rows.map((r) => r.id))];
  const counts = new Map(
    ids.length === 0
      ? []
      : (
          await db.query<{ id: string; n: number }>(
            `select project_id as id, count(*)::int as n from production_project_households
             where project_id = any($1::uuid[]) group by project_id`,
            [ids],
          )
        ).map((r) => [r.id, r.n]),
  );
  return rows.map((r) => ({ ...r, participants: counts.get(r.id) ?? 0 }));
}

export async function getProject(db: Queryable, id: string): Promise<ProjectRow | undefined> {
  const [row] = await db.query<ProjectRow>(`select ${COLUMNS} from ${FROM} where p.id = $1`, [id]);
  return row;
}

export async function lockProject(db: Queryable, id: string): Promise<void> {
  await db.query(`select 1 from production_projects where id = $1 for update`, [id]);
}

export async function insertProject(
  db: Queryable,
  p: ProjectFields & UnitRef,
  by: string | null,
): Promise<ProjectRow> {
  const [row] = await db.query<{ id: string }>(
    `insert into production_projects (unit_code, unit_valid_from, name, kind, programme, project, models, budget,
       disbursed, start_date, end_date, outputs, created_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) returning id`,
    [
      p.code,
      p.validFrom,
      p.name,
      p.kind,
      p.programme,
      p.project,
      p.models,
      p.budget,
      p.disbursed,
      p.startDate,
      p.endDate,
      p.outputs,
      by,
    ],
  );
  return (await getProject(db, row!.id))!;
}

const FIELD_COLUMNS: Record<keyof ProjectFields, string> = {
  name: 'name',
  kind: 'kind',
  programme: 'programme',
  project: 'project',
  models: 'models',
  budget: 'budget',
  disbursed: 'disbursed',
  startDate: 'start_date',
  endDate: 'end_date',
  outputs: 'outputs',
};

/** Applies the change when the project is still at `version`; undefined when someone changed it meanwhile. */
export async function updateProject(
  db: Queryable,
  id: string,
  version: number,
  change: Partial<ProjectFields>,
): Promise<ProjectRow | undefined> {
  const keys = (Object.keys(change) as (keyof ProjectFields)[]).filter((k) => change[k] !== undefined);
  const sets = keys.map((k, i) => `${FIELD_COLUMNS[k]} = $${i + 3}`);
  const rows = await db.query<{ id: string }>(
    `update production_projects set ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')}
     where id = $1 and version = $2 returning id`,
    [id, version, ...keys.map((k) => change[k])],
  );
  return rows.length ? getProject(db, id) : undefined;
}

export interface Participant {
  householdId: string;
  headName: string;
  address: string | null;
  villageId: string;
  villageName: string | null;
  joinedOn: string | null;
  classAtJoining: string | null;
  support: string | null;
  headNationalId: string | null;
  headPhone: string | null;
}

/** The households of a project with their head's identifiers (the caller masks them for its role). */
export async function participantsOf(db: Queryable, projectId: string): Promise<Participant[]> {
  return db.query<Participant>(
    `select x.household_id as "householdId", h.head_name as "headName", h.address, h.village_id as "villageId",
       v.name as "villageName", x.joined_on as "joinedOn", x.class_at_joining as "classAtJoining", x.support,
       m.national_id as "headNationalId", m.phone as "headPhone"
     from production_project_households x
     join households h on h.household_id = x.household_id
     left join villages v on v.id = h.village_id
     left join lateral (
       select mm.national_id, mm.phone from members mm where mm.household_id = h.household_id and mm.left_at is null
       order by (mm.full_name = h.head_name) desc, mm.member_no limit 1
     ) m on true
     where x.project_id = $1
     order by h.head_name collate "C", x.household_id`,
    [projectId],
  );
}

/** The class a household's latest recognised review round gave it (null if never recognised). */
export async function latestRecognisedClass(db: Queryable, householdId: string): Promise<string | null> {
  const [row] = await db.query<{ finalClass: string | null }>(
    `select final_class as "finalClass" from review_results where household_id = $1
     order by recognised_on desc, round_id limit 1`,
    [householdId],
  );
  return row?.finalClass ?? null;
}

/** Adds a household; false when it already takes part. */
export async function addParticipant(
  db: Queryable,
  p: {
    projectId: string;
    householdId: string;
    joinedOn: string | null;
    classAtJoining: string | null;
    support: string | null;
  },
): Promise<boolean> {
  const rows = await db.query(
    `insert into production_project_households (project_id, household_id, joined_on, class_at_joining, support)
     values ($1, $2, $3, $4, $5) on conflict do nothing returning 1`,
    [p.projectId, p.householdId, p.joinedOn, p.classAtJoining, p.support],
  );
  return rows.length > 0;
}

/** Deletes the project and its participants. The caller holds its lock (lockProject) and checked its version. */
export async function deleteProject(db: Queryable, id: string): Promise<void> {
  await db.query(`delete from production_project_households where project_id = $1`, [id]);
  await db.query(`delete from production_projects where id = $1`, [id]);
}

/** Removes a household; the removed row, or undefined when it was not taking part. */
export async function removeParticipant(
  db: Queryable,
  projectId: string,
  householdId: string,
): Promise<{ joinedOn: string | null; classAtJoining: string | null; support: string | null } | undefined> {
  const [row] = await db.query<{
    joinedOn: string | null;
    classAtJoining: string | null;
    support: string | null;
  }>(
    `delete from production_project_households where project_id = $1 and household_id = $2
     returning joined_on as "joinedOn", class_at_joining as "classAtJoining", support`,
    [projectId, householdId],
  );
  return row;
}

/**
 * Projects and distinct participating households under the unit, per bucket (the unit directly below, or the
 * unit itself) and in all (the row with null bucket): a household in two projects counts once. With `year`,
 * only the projects running at some time in it (undated ends count as open).
 */
export async function participationUnder(
  db: Queryable,
  unit: UnitRef,
  year?: number,
): Promise<
  { bucketCode: string | null; bucketValidFrom: string | null; projects: number; households: number }[]
> {
  // Two statements, as in projectsUnder: the projects under the territory (reference tables, a recursive
  // CTE), then their participants (distributed by household on Citus), counted here.
  const inTerritory = await db.query<{ id: string; bucketCode: string; bucketValidFrom: string }>(
    `with recursive ${TERRITORY_SQL}
     select p.id, b.bucket_code as "bucketCode", b.bucket_from as "bucketValidFrom" from production_projects p
     join below b on b.code = p.unit_code and b.valid_from = p.unit_valid_from
     where $3::int is null or ((p.start_date is null or extract(year from p.start_date) <= $3::int)
                               and (p.end_date is null or extract(year from p.end_date) >= $3::int))
     order by b.bucket_code, b.bucket_from`,
    [unit.code, unit.validFrom, year ?? null],
  );
  const ids = [...new Set(inTerritory.map((p) => p.id))];
  const householdsOf = new Map<string, string[]>();
  if (ids.length > 0) {
    for (const x of await db.query<{ id: string; householdId: string }>(
      `select project_id as id, household_id as "householdId" from production_project_households
       where project_id = any($1::uuid[])`,
      [ids],
    )) {
      householdsOf.set(x.id, [...(householdsOf.get(x.id) ?? []), x.householdId]);
    }
  }
  // Per bucket and in all (bucket null): a project, and a household in two projects, counted once.
  const groups = new Map<
    string,
    {
      bucketCode: string | null;
      bucketValidFrom: string | null;
      projects: Set<string>;
      households: Set<string>;
    }
  >();
  const all = {
    bucketCode: null,
    bucketValidFrom: null,
    projects: new Set<string>(),
    households: new Set<string>(),
  };
  for (const p of inTerritory) {
    const k = `${p.bucketCode}|${String(p.bucketValidFrom)}`;
    let g = groups.get(k);
    if (!g) groups.set(k, (g = { ...p, projects: new Set(), households: new Set() }));
    for (const target of [g, all]) {
      target.projects.add(p.id);
      for (const h of householdsOf.get(p.id) ?? []) target.households.add(h);
    }
  }
  return [...groups.values(), all].map((g) => ({
    bucketCode: g.bucketCode,
    bucketValidFrom: g.bucketValidFrom,
    projects: g.projects.size,
    households: g.households.size,
  }));
}
