// Bulk reads and writes for imports of households, members and Phiếu B answers: many rows per statement
// (unnest of arrays), never one statement per row, so a file of 100,000 members stays a few hundred queries.
import type { Queryable } from '../database.ts';
import { hasCitus } from '../migrate.ts';
import { bothVillageLists, scopedVillageIds, type ScopeSet } from './scope.ts';
import { validOn } from './units.ts';
import { placementSql } from './villages.ts';

/**
 * Waits for statements issued together on one transaction (it runs them in the order they were issued, each
 * sent when the one before has answered, with no turn of the caller's between them), then fails with the
 * first failure: those after it fail only because the transaction has. All are settled first, so none is
 * left to run after a rollback.
 */
export async function allInOrder(statements: readonly Promise<unknown>[]): Promise<void> {
  const failed = (await Promise.allSettled(statements)).find((o) => o.status === 'rejected');
  if (failed) throw failed.reason;
}

export interface CommuneOnDate {
  code: string;
  validFrom: string;
  name: string;
  /** 'rural' (xã), 'urban' (phường, thị trấn), 'special' (đặc khu), or null. */
  area: string | null;
}

/** The communes valid on `date` among `codes`. */
export async function communesOn(
  db: Queryable,
  codes: readonly string[],
  date: string,
): Promise<CommuneOnDate[]> {
  if (codes.length === 0) return [];
  return db.query<CommuneOnDate>(
    `select u.code, u.valid_from as "validFrom", u.name, u.area from admin_units u
     where u.code = any($1::text[]) and u.level = 'commune' and ${validOn('u', '$2')}`,
    [[...codes], date],
  );
}

export interface VillageOnDate {
  villageId: string;
  communeCode: string;
  name: string;
}

/** The villages (not retired) placed on `date` in the versions of these communes valid then. */
export async function villagesOfCommunes(
  db: Queryable,
  codes: readonly string[],
  date: string,
): Promise<VillageOnDate[]> {
  if (codes.length === 0) return [];
  return db.query<VillageOnDate>(
    `select v.id as "villageId", p.code as "communeCode", v.name
     from (${placementSql('$2')}) p
     join villages v on v.id = p.village_id
     join admin_units u on u.code = p.code and u.valid_from = p.valid_from
     where p.code = any($1::text[]) and ${validOn('u', '$2')} and (v.retired_at is null or v.retired_at > $2::date)
     order by v.id`,
    [[...codes], date],
  );
}

/** Which of these villages are in the scope on the date (one query for any number of villages). */
export async function villagesInScope(
  db: Queryable,
  scope: ScopeSet,
  villageIds: readonly string[],
  date: string,
): Promise<Set<string>> {
  if (villageIds.length === 0) return new Set();
  return new Set(bothVillageLists(villageIds, await scopedVillageIds(db, scope, date)));
}

export interface StoredHousehold {
  householdId: string;
  villageId: string;
  headName: string;
  address: string | null;
  ethnicity: string | null;
  isEthnicMinority: boolean;
  personOfMerit: boolean;
  socialProtection: boolean;
  noLabourCapacity: boolean;
  version: number;
  dissolvedAt: string | null;
}

/**
 * The households among `ids` that exist; `lock` takes their row locks to the end of the transaction, in id
 * order (so two imports over the same households cannot deadlock). One statement locks them all (the
 * locking step runs above the sort, so in that order); on Citus, which takes a row lock only with an
 * equality on household_id (a router query), one household per statement — a round trip each, which was a
 * third of an import's writing on PostgreSQL. Then they are read together.
 */
export async function householdsByIds(
  db: Queryable,
  ids: readonly string[],
  options: { lock?: boolean } = {},
): Promise<StoredHousehold[]> {
  if (ids.length === 0) return [];
  if (options.lock) {
    const sorted = [...new Set(ids)].sort();
    if (await hasCitus(db)) {
      for (const id of sorted) {
        await db.query('select 1 from households where household_id = $1 for update', [id]);
      }
    } else {
      await db.query(
        `select 1 from households where household_id = any($1::uuid[]) order by household_id for update`,
        [sorted],
      );
    }
  }
  return db.query<StoredHousehold>(
    `select household_id as "householdId", village_id as "villageId", head_name as "headName", address, ethnicity,
       is_ethnic_minority as "isEthnicMinority", person_of_merit as "personOfMerit",
       social_protection as "socialProtection", no_labour_capacity as "noLabourCapacity", version,
       dissolved_at as "dissolvedAt"
     from households where household_id = any($1::uuid[])
     order by household_id`,
    [[...ids]],
  );
}

export interface StoredMember {
  householdId: string;
  memberNo: number;
  fullName: string;
  dateOfBirth: string | null;
  sex: 'male' | 'female' | null;
  relationToHead: string | null;
  nationalId: string | null;
  phone: string | null;
  educationLevel: string | null;
  healthInsurance: boolean | null;
  employment: string | null;
  labourContract: boolean | null;
  leftAt: string | null;
}

export async function membersOfHouseholds(db: Queryable, ids: readonly string[]): Promise<StoredMember[]> {
  if (ids.length === 0) return [];
  return db.query<StoredMember>(
    `select household_id as "householdId", member_no as "memberNo", full_name as "fullName",
       date_of_birth as "dateOfBirth", sex, relation_to_head as "relationToHead", national_id as "nationalId", phone,
       education_level as "educationLevel", health_insurance as "healthInsurance", employment,
       labour_contract as "labourContract", left_at as "leftAt"
     from members where household_id = any($1::uuid[]) order by household_id, member_no`,
    [[...ids]],
  );
}

/** Members of these households who have left (their numbers are not reused). */
export async function leftMembers(
  db: Queryable,
  ids: readonly string[],
): Promise<{ householdId: string; memberNo: number; leftAt: string }[]> {
  if (ids.length === 0) return [];
  return db.query(
    `select household_id as "householdId", member_no as "memberNo", left_at as "leftAt"
     from members where household_id = any($1::uuid[]) and left_at is not null`,
    [[...ids]],
  );
}

/** Current members of existing households holding any of these national IDs. */
export async function nationalIdHolders(
  db: Queryable,
  nationalIds: readonly string[],
): Promise<{ nationalId: string; householdId: string; memberNo: number }[]> {
  if (nationalIds.length === 0) return [];
  return db.query(
    `select m.national_id as "nationalId", m.household_id as "householdId", m.member_no as "memberNo"
     from members m join households h on h.household_id = m.household_id
     where m.national_id = any($1::text[]) and m.left_at is null and h.dissolved_at is null`,
    [[...nationalIds]],
  );
}

export interface NewHousehold {
  householdId: string;
  villageId: string;
  headName: string;
  address: string | null;
  ethnicity: string | null;
  isEthnicMinority: boolean;
  personOfMerit: boolean;
  socialProtection: boolean;
  noLabourCapacity: boolean;
}

const HOUSEHOLD_ARRAYS = `$1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::boolean[], $7::boolean[],
  $8::boolean[], $9::boolean[]`;

function householdArrays(rows: readonly NewHousehold[]): unknown[] {
  return [
    rows.map((r) => r.householdId),
    rows.map((r) => r.villageId),
    rows.map((r) => r.headName),
    rows.map((r) => r.address),
    rows.map((r) => r.ethnicity),
    rows.map((r) => r.isEthnicMinority),
    rows.map((r) => r.personOfMerit),
    rows.map((r) => r.socialProtection),
    rows.map((r) => r.noLabourCapacity),
  ];
}

/** Inserts households with the first entry of their history (change 1, in their village from `effective`). */
export async function insertHouseholds(
  db: Queryable,
  rows: readonly NewHousehold[],
  effective: string,
  reason: string,
): Promise<void> {
  if (rows.length === 0) return;
  const households = db.query(
    `insert into households (household_id, village_id, head_name, address, ethnicity, is_ethnic_minority,
       person_of_merit, social_protection, no_labour_capacity)
     select * from unnest(${HOUSEHOLD_ARRAYS})`,
    householdArrays(rows),
  );
  const history = db.query(
    `insert into household_history (household_id, change_no, from_village_id, to_village_id, effective, reason)
     select id, 1, null, village, $3::date, $4 from unnest($1::uuid[], $2::uuid[]) as u(id, village)`,
    [rows.map((r) => r.householdId), rows.map((r) => r.villageId), effective, reason],
  );
  await allInOrder([households, history]);
}

/**
 * Sets households' fields and bumps their version (one version guards a household and its members, as
 * in the registry). A household whose village changes gets a history entry (a move from `effective`).
 */
export async function updateHouseholds(
  db: Queryable,
  rows: readonly (NewHousehold & { previousVillageId: string })[],
  effective: string,
  reason: string,
): Promise<void> {
  if (rows.length === 0) return;
  const update = db.query(
    `update households h set village_id = u.village_id, head_name = u.head_name, address = u.address,
       ethnicity = u.ethnicity, is_ethnic_minority = u.em, person_of_merit = u.pom, social_protection = u.sp,
       no_labour_capacity = u.nlc, version = h.version + 1, updated_at = now()
     from unnest(${HOUSEHOLD_ARRAYS}) as u(household_id, village_id, head_name, address, ethnicity, em, pom, sp, nlc)
     where h.household_id = u.household_id`,
    householdArrays(rows),
  );
  const moves = rows.filter((r) => r.villageId !== r.previousVillageId);
  if (moves.length === 0) return allInOrder([update]);
  const history = db.query(
    `insert into household_history (household_id, change_no, from_village_id, to_village_id, effective, reason)
     select u.id, coalesce(h.last, 0) + 1, u.from_village, u.to_village, $4::date, $5
     from unnest($1::uuid[], $2::uuid[], $3::uuid[]) as u(id, from_village, to_village)
     left join (select household_id, max(change_no) as last from household_history
                where household_id = any($1::uuid[]) group by household_id) h on h.household_id = u.id`,
    [
      moves.map((r) => r.householdId),
      moves.map((r) => r.previousVillageId),
      moves.map((r) => r.villageId),
      effective,
      reason,
    ],
  );
  await allInOrder([update, history]);
}

/** Bumps the version of households whose members changed while their own fields did not. */
export async function bumpVersions(db: Queryable, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.query(
    'update households set version = version + 1, updated_at = now() where household_id = any($1::uuid[])',
    [[...ids]],
  );
}

export type MemberValues = Omit<StoredMember, 'leftAt'>;

const MEMBER_ARRAYS = `$1::uuid[], $2::int[], $3::text[], $4::date[], $5::text[], $6::text[], $7::text[], $8::text[],
  $9::text[], $10::boolean[], $11::text[], $12::boolean[]`;

function memberArrays(rows: readonly MemberValues[]): unknown[] {
  return [
    rows.map((r) => r.householdId),
    rows.map((r) => r.memberNo),
    rows.map((r) => r.fullName),
    rows.map((r) => r.dateOfBirth),
    rows.map((r) => r.sex),
    rows.map((r) => r.relationToHead),
    rows.map((r) => r.nationalId),
    rows.map((r) => r.phone),
    rows.map((r) => r.educationLevel),
    rows.map((r) => r.healthInsurance),
    rows.map((r) => r.employment),
    rows.map((r) => r.labourContract),
  ];
}

export async function insertMembers(db: Queryable, rows: readonly MemberValues[]): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `insert into members (household_id, member_no, full_name, date_of_birth, sex, relation_to_head, national_id,
       phone, education_level, health_insurance, employment, labour_contract)
     select * from unnest(${MEMBER_ARRAYS})`,
    memberArrays(rows),
  );
}

export async function updateMembers(db: Queryable, rows: readonly MemberValues[]): Promise<void> {
  if (rows.length === 0) return;
  await db.query(
    `update members m set full_name = u.full_name, date_of_birth = u.dob, sex = u.sex,
       relation_to_head = u.rel, national_id = u.nid, phone = u.phone, education_level = u.edu,
       health_insurance = u.hi, employment = u.emp, labour_contract = u.lc
     from unnest(${MEMBER_ARRAYS}) as u(household_id, member_no, full_name, dob, sex, rel, nid, phone, edu, hi, emp, lc)
     where m.household_id = u.household_id and m.member_no = u.member_no`,
    memberArrays(rows),
  );
}

export interface CurrentAssessment {
  householdId: string;
  assessmentId: string;
  standardId: string;
  surveyDate: string;
  area: string;
  incomePerCapita: bigint | null;
  scoreA: number | null;
  deficits: string[];
  class: string;
}

/** The current assessments outside any review round (what an import supersedes) of these households. */
export async function currentAssessmentsOutsideRounds(
  db: Queryable,
  householdIds: readonly string[],
): Promise<CurrentAssessment[]> {
  if (householdIds.length === 0) return [];
  return db.query<CurrentAssessment>(
    `select household_id as "householdId", assessment_id as "assessmentId", standard_id as "standardId",
       survey_date as "surveyDate", area, income_per_capita as "incomePerCapita", score_a as "scoreA", deficits, class
     from assessments
     where household_id = any($1::uuid[]) and review_round_id is null and superseded_at is null`,
    [[...householdIds]],
  );
}

export interface NewAssessment {
  householdId: string;
  assessmentId: string;
  /** The current assessment of the same household × standard (no round) this one supersedes. */
  supersedes: string | null;
  standardId: string;
  surveyDate: string;
  area: string;
  incomePerCapita: bigint | null;
  scoreA: number | null;
  answers: unknown;
  deficits: readonly string[];
  class: string;
  explanation: unknown;
  recordedBy: string | null;
}

/**
 * Records assessments outside review rounds, superseding the current ones named (as
 * households.recordAssessment does, for many at once): mark the old ones superseded, insert the new,
 * then link old to new (the one-current index forbids two current rows; the link needs the new row).
 */
export async function insertAssessments(db: Queryable, rows: readonly NewAssessment[]): Promise<void> {
  if (rows.length === 0) return;
  const replacing = rows.filter((r) => r.supersedes !== null);
  const pairs = [
    replacing.map((r) => r.householdId),
    replacing.map((r) => r.supersedes),
    replacing.map((r) => r.assessmentId),
  ];
  const statements: Promise<unknown>[] = [];
  if (replacing.length > 0) {
    statements.push(
      db.query(
        `update assessments a set superseded_at = now()
         from unnest($1::uuid[], $2::uuid[], $3::uuid[]) as u(household_id, old_id, new_id)
         where a.household_id = u.household_id and a.assessment_id = u.old_id and a.superseded_at is null`,
        pairs,
      ),
    );
  }
  const insert = db.query(
    `insert into assessments (household_id, assessment_id, review_round_id, standard_id, survey_date, area,
       income_per_capita, score_a, answers, deficits, deficit_count, class, explanation, recorded_by)
     select u.household_id, u.assessment_id, null, u.standard_id, u.survey_date, u.area, u.income, u.score,
       j.value -> 0, string_to_array(u.deficits, ','), u.deficit_count, u.class, j.value -> 1, u.recorded_by
     from unnest($1::uuid[], $2::uuid[], $3::text[], $4::date[], $5::text[], $6::bigint[], $7::int[],
       $9::text[], $10::int[], $11::text[], $12::text[]) with ordinality
       as u(household_id, assessment_id, standard_id, survey_date, area, income, score, deficits,
            deficit_count, class, recorded_by, n)
     join jsonb_array_elements($8::jsonb) with ordinality as j(value, n) on j.n = u.n`,
    [
      rows.map((r) => r.householdId),
      rows.map((r) => r.assessmentId),
      rows.map((r) => r.standardId),
      rows.map((r) => r.surveyDate),
      rows.map((r) => r.area),
      rows.map((r) => r.incomePerCapita),
      rows.map((r) => r.scoreA),
      // Answers and explanation as one JSON array of pairs: joined as they are, where a text array would
      // escape every quote in them (the explanation walks every indicator).
      `[${rows.map((r) => `[${JSON.stringify(r.answers ?? {})},${JSON.stringify(r.explanation ?? {})}]`).join(',')}]`,
      rows.map((r) => r.deficits.join(',')),
      rows.map((r) => r.deficits.length),
      rows.map((r) => r.class),
      rows.map((r) => r.recordedBy),
    ],
  );
  statements.push(insert);
  if (replacing.length > 0) {
    statements.push(
      db.query(
        `update assessments a set superseded_by = u.new_id
         from unnest($1::uuid[], $2::uuid[], $3::uuid[]) as u(household_id, old_id, new_id)
         where a.household_id = u.household_id and a.assessment_id = u.old_id`,
        pairs,
      ),
    );
  }
  await allInOrder(statements);
}

/** Row counts of the registry tables (for reports and tests of idempotency). */
export async function registryCounts(
  db: Queryable,
): Promise<{ households: number; members: number; assessments: number; history: number }> {
  const [row] = await db.query<{ households: number; members: number; assessments: number; history: number }>(
    `select (select count(*)::int from households) as households, (select count(*)::int from members) as members,
       (select count(*)::int from assessments) as assessments,
       (select count(*)::int from household_history) as history`,
  );
  return row!;
}
