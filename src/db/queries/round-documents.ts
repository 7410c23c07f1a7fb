// What the commune hands out after a review round: the households a recognised round decided on (its frozen
// results with the registry's head and address), the households of a round still open, and their members
// on a day. Columns are named one by one: review_results may gain columns.
import type { Queryable } from '../database.ts';

export interface DecidedHousehold {
  householdId: string;
  villageId: string;
  previousClass: string | null;
  finalClass: string | null;
  transition: string;
  recognisedOn: string;
  headName: string;
  address: string | null;
}

/** The round's frozen results with each household's head and address (any order: callers sort). */
export async function decidedHouseholds(db: Queryable, roundId: string): Promise<DecidedHousehold[]> {
  return db.query<DecidedHousehold>(
    `select rr.household_id as "householdId", rr.village_id as "villageId", rr.previous_class as "previousClass",
       rr.final_class as "finalClass", rr.transition, rr.recognised_on as "recognisedOn",
       h.head_name as "headName", h.address
     from review_results rr join households h on h.household_id = rr.household_id
     where rr.round_id = $1`,
    [roundId],
  );
}

export interface HouseholdHead {
  householdId: string;
  headName: string;
  address: string | null;
}

/** Head and address of the households named (a round's provisional list). */
export async function householdHeads(
  db: Queryable,
  householdIds: readonly string[],
): Promise<HouseholdHead[]> {
  if (householdIds.length === 0) return [];
  return db.query<HouseholdHead>(
    `select h.household_id as "householdId", h.head_name as "headName", h.address
     from households h where h.household_id = any($1::uuid[])`,
    [[...householdIds]],
  );
}

export interface MemberOnDay {
  householdId: string;
  memberNo: number;
  fullName: string;
  dateOfBirth: string | null;
  sex: string | null;
  relationToHead: string | null;
  nationalId: string | null;
}

/** The members of the households who had not left by the day, by household and member number. */
export async function membersOnDay(
  db: Queryable,
  householdIds: readonly string[],
  day: string,
): Promise<MemberOnDay[]> {
  if (householdIds.length === 0) return [];
  return db.query<MemberOnDay>(
    `select m.household_id as "householdId", m.member_no as "memberNo", m.full_name as "fullName",
       m.date_of_birth as "dateOfBirth", m.sex, m.relation_to_head as "relationToHead",
       m.national_id as "nationalId"
     from members m
     where m.household_id = any($1::uuid[]) and (m.left_at is null or m.left_at > $2::date)
     order by m.household_id, m.member_no`,
    [[...householdIds], day],
  );
}
