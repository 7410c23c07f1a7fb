// Households with their members, and their assessments (never overwritten: superseded instead).
import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { SQL } from 'drizzle-orm';
import { randomUUID } from 'node:crypto';
import type { HouseholdClass } from '../../domain/standards/types.ts';
import type { Queryable } from '../database.ts';
import { DataRuleError } from '../errors.ts';
import { assessments, householdHistory, households, members } from '../schema/households.ts';

export type Household = typeof households.$inferSelect;
export type Member = typeof members.$inferSelect;
export type Assessment = typeof assessments.$inferSelect;

export type MemberInput = Omit<typeof members.$inferInsert, 'householdId' | 'memberNo'> & {
  /** 1, 2, … in the household; defaults to the position in the list. */
  memberNo?: number;
};

export interface HouseholdInput {
  villageId: string;
  headName: string;
  address?: string | null;
  ethnicity?: string | null;
  isEthnicMinority?: boolean;
  personOfMerit?: boolean;
  socialProtection?: boolean;
  noLabourCapacity?: boolean;
  /** Date the household is recorded in the village (first entry of its history). */
  since: string;
  members: MemberInput[];
}

export interface HouseholdWithMembers extends Household {
  members: Member[];
}

/** Creates a household, its members and the first entry of its history, in one transaction. */
export async function createHousehold(db: Queryable, input: HouseholdInput): Promise<HouseholdWithMembers> {
  return db.transaction(async (tx) => {
    const [household] = await tx.drizzle
      .insert(households)
      .values({
        villageId: input.villageId,
        headName: input.headName,
        address: input.address ?? null,
        ethnicity: input.ethnicity ?? null,
        isEthnicMinority: input.isEthnicMinority ?? false,
        personOfMerit: input.personOfMerit ?? false,
        socialProtection: input.socialProtection ?? false,
        noLabourCapacity: input.noLabourCapacity ?? false,
      })
      .returning();
    const householdId = household!.householdId;
    await tx.drizzle.insert(householdHistory).values({
      householdId,
      changeNo: 1,
      fromVillageId: null,
      toVillageId: input.villageId,
      effective: input.since,
      reason: 'created',
    });
    const memberRows =
      input.members.length === 0
        ? []
        : await tx.drizzle
            .insert(members)
            .values(input.members.map((m, i) => ({ ...m, householdId, memberNo: m.memberNo ?? i + 1 })))
            .returning();
    memberRows.sort((a, b) => a.memberNo - b.memberNo);
    return { ...household!, members: memberRows };
  });
}

export async function getHousehold(
  db: Queryable,
  householdId: string,
): Promise<HouseholdWithMembers | undefined> {
  const [household] = await db.drizzle
    .select()
    .from(households)
    .where(eq(households.householdId, householdId));
  if (!household) return undefined;
  const memberRows = await db.drizzle
    .select()
    .from(members)
    .where(eq(members.householdId, householdId))
    .orderBy(asc(members.memberNo));
  return { ...household, members: memberRows };
}

export interface AssessmentInput {
  householdId: string;
  reviewRoundId: string | null;
  standardId: string;
  surveyDate: string;
  area: 'urban' | 'rural' | 'special';
  /** Đồng per person per month. */
  incomePerCapita: bigint | null;
  scoreA: number | null;
  answers: unknown;
  deficits: string[];
  /** Defaults to deficits.length. */
  deficitCount?: number;
  class: HouseholdClass;
  explanation: unknown;
  recordedBy?: string | null;
}

function sameTriple(householdId: string, reviewRoundId: string | null, standardId: string): SQL {
  return and(
    eq(assessments.householdId, householdId),
    reviewRoundId === null ? isNull(assessments.reviewRoundId) : eq(assessments.reviewRoundId, reviewRoundId),
    eq(assessments.standardId, standardId),
  )!;
}

/**
 * Records an assessment; the current one for the same household × round × standard, if any, is
 * marked superseded by it (never changed otherwise, never deleted).
 */
export async function recordAssessment(db: Queryable, input: AssessmentInput): Promise<Assessment> {
  return db.transaction(async (tx) => {
    // Locking the household serialises concurrent assessments of it (a router query on Citus).
    const locked = await tx.query('select 1 from households where household_id = $1 for update', [
      input.householdId,
    ]);
    if (locked.length === 0)
      throw new DataRuleError('household_not_found', `no household ${input.householdId}`);

    const assessmentId = randomUUID();
    // The superseded row's superseded_at equals the new row's created_at (both now(): the transaction's
    // start). Three steps, because the one-current-per-triple index forbids two current rows at once and the
    // superseded_by foreign key needs the new row to exist.
    const previous = await tx.drizzle
      .update(assessments)
      .set({ supersededAt: sql`now()` })
      .where(
        and(
          sameTriple(input.householdId, input.reviewRoundId, input.standardId),
          isNull(assessments.supersededAt),
        ),
      )
      .returning({ assessmentId: assessments.assessmentId });
    const [created] = await tx.drizzle
      .insert(assessments)
      .values({
        householdId: input.householdId,
        assessmentId,
        reviewRoundId: input.reviewRoundId,
        standardId: input.standardId,
        surveyDate: input.surveyDate,
        area: input.area,
        incomePerCapita: input.incomePerCapita,
        scoreA: input.scoreA,
        answers: input.answers ?? {},
        deficits: input.deficits,
        deficitCount: input.deficitCount ?? input.deficits.length,
        class: input.class,
        explanation: input.explanation ?? {},
        recordedBy: input.recordedBy ?? null,
      })
      .returning();
    if (previous.length > 0) {
      await tx.drizzle
        .update(assessments)
        .set({ supersededBy: assessmentId })
        .where(
          and(
            eq(assessments.householdId, input.householdId),
            inArray(
              assessments.assessmentId,
              previous.map((p) => p.assessmentId),
            ),
          ),
        );
    }
    return created!;
  });
}

/** Current (not superseded) assessments, filtered by households, round and/or standard. */
export async function currentAssessments(
  db: Queryable,
  filter: { householdIds?: string[]; reviewRoundId?: string | null; standardId?: string } = {},
): Promise<Assessment[]> {
  const conditions: SQL[] = [isNull(assessments.supersededAt)];
  if (filter.householdIds) conditions.push(inArray(assessments.householdId, filter.householdIds));
  if (filter.reviewRoundId !== undefined) {
    conditions.push(
      filter.reviewRoundId === null
        ? isNull(assessments.reviewRoundId)
        : eq(assessments.reviewRoundId, filter.reviewRoundId),
    );
  }
  if (filter.standardId !== undefined) conditions.push(eq(assessments.standardId, filter.standardId));
  return db.drizzle
    .select()
    .from(assessments)
    .where(and(...conditions))
    .orderBy(asc(assessments.householdId), asc(assessments.standardId), asc(assessments.createdAt));
}

/** An assessment row as `Assessment` names its columns (the engine's parsers give the same values drizzle maps). */
const ASSESSMENT_COLUMNS = `household_id as "householdId", assessment_id as "assessmentId",
  review_round_id as "reviewRoundId", standard_id as "standardId", survey_date as "surveyDate", area,
  income_per_capita as "incomePerCapita", score_a as "scoreA", answers, deficits, deficit_count as "deficitCount",
  class, explanation, recorded_by as "recordedBy", created_at as "createdAt", superseded_by as "supersededBy",
  superseded_at as "supersededAt"`;

/**
 * Every assessment of a household, superseded ones included, oldest first. Plain SQL rather than drizzle's
 * builder: every household page asks it, and building and mapping the statement was ≈ 8 % of the server's
 * time under a load of household pages.
 */
export async function assessmentHistory(
  db: Queryable,
  householdId: string,
  filter: { reviewRoundId?: string | null; standardId?: string } = {},
): Promise<Assessment[]> {
  const params: unknown[] = [householdId];
  const where = ['household_id = $1'];
  if (filter.reviewRoundId === null) where.push('review_round_id is null');
  else if (filter.reviewRoundId !== undefined)
    where.push(`review_round_id = $${params.push(filter.reviewRoundId)}`);
  if (filter.standardId !== undefined) where.push(`standard_id = $${params.push(filter.standardId)}`);
  return db.query<Assessment>(
    `select ${ASSESSMENT_COLUMNS} from assessments where ${where.join(' and ')}
     order by created_at, superseded_at nulls last`,
    params,
  );
}
