// Households, their members, moves and assessments: keyed by household_id (distributed by it on Citus).
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import type { HouseholdClass } from '../../domain/standards/types.ts';
import { villages } from './villages.ts';
import { reviewRounds } from './rounds.ts';

export const households = pgTable(
  'households',
  {
    householdId: uuid('household_id').primaryKey().defaultRandom(),
    villageId: uuid('village_id')
      .notNull()
      .references(() => villages.id),
    address: text('address'),
    headName: text('head_name').notNull(),
    ethnicity: text('ethnicity'),
    isEthnicMinority: boolean('is_ethnic_minority').notNull().default(false),
    /** Hộ người có công với cách mạng. */
    personOfMerit: boolean('person_of_merit').notNull().default(false),
    /** Hộ bảo trợ xã hội. */
    socialProtection: boolean('social_protection').notNull().default(false),
    /** Hộ không có khả năng lao động. */
    noLabourCapacity: boolean('no_labour_capacity').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /** Optimistic concurrency: incremented by every update; an update names the version it read. */
    version: integer('version').notNull().default(1),
    /** Set when the household was formed by splitting another (no foreign key: shards differ on Citus). */
    splitFrom: uuid('split_from'),
    /** Set, with dissolved_at, when the household was merged into another. */
    mergedInto: uuid('merged_into'),
    /** Last day the household existed (merged into another, or dissolved); null while it exists. */
    dissolvedAt: date('dissolved_at', { mode: 'string' }),
  },
  (t) => [index('households_village_idx').on(t.villageId)],
);

/** Where a household lived when: change 1 is its first village, later ones are moves. */
export const householdHistory = pgTable(
  'household_history',
  {
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.householdId),
    changeNo: integer('change_no').notNull(),
    fromVillageId: uuid('from_village_id').references(() => villages.id),
    toVillageId: uuid('to_village_id')
      .notNull()
      .references(() => villages.id),
    effective: date('effective', { mode: 'string' }).notNull(),
    reason: text('reason'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.householdId, t.changeNo] })],
);

export const members = pgTable(
  'members',
  {
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.householdId),
    memberNo: integer('member_no').notNull(),
    fullName: text('full_name').notNull(),
    dateOfBirth: date('date_of_birth', { mode: 'string' }),
    sex: text('sex', { enum: ['male', 'female'] }),
    ethnicity: text('ethnicity'),
    relationToHead: text('relation_to_head'),
    nationalId: text('national_id'),
    phone: text('phone'),
    educationLevel: text('education_level'),
    /** Holds a valid health insurance card. */
    healthInsurance: boolean('health_insurance'),
    employment: text('employment'),
    /** Works under a labour contract. */
    labourContract: boolean('labour_contract'),
    /** Further facts a standard's form asks for, keyed by indicator. */
    facts: jsonb('facts').notNull().default({}),
    /** Set when the member left the household (moved, died, split off): the row stays, for history. */
    leftAt: date('left_at', { mode: 'string' }),
    leftReason: text('left_reason'),
  },
  (t) => [
    primaryKey({ columns: [t.householdId, t.memberNo] }),
    index('members_national_id_idx').on(t.nationalId),
    check('members_sex_check', sql`${t.sex} is null or ${t.sex} in ('male', 'female')`),
    check('members_member_no_check', sql`${t.memberNo} > 0`),
  ],
);

/**
 * Household × review round × standard. Never overwritten: a new assessment for the same triple marks
 * the previous one superseded (superseded_at, superseded_by), so the history stays.
 */
export const assessments = pgTable(
  'assessments',
  {
    householdId: uuid('household_id')
      .notNull()
      .references(() => households.householdId),
    assessmentId: uuid('assessment_id').notNull().defaultRandom(),
    reviewRoundId: uuid('review_round_id').references(() => reviewRounds.id),
    /** e.g. 'ND07_2021' */
    standardId: text('standard_id').notNull(),
    surveyDate: date('survey_date', { mode: 'string' }).notNull(),
    area: text('area', { enum: ['urban', 'rural', 'special'] }).notNull(),
    /** Đồng per person per month; null where the standard does not use income. */
    incomePerCapita: bigint('income_per_capita', { mode: 'bigint' }),
    scoreA: integer('score_a'),
    answers: jsonb('answers').notNull().default({}),
    deficits: text('deficits')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    deficitCount: integer('deficit_count').notNull(),
    // Written only by the rule engine, so only its classes (typed here; no migration needed).
    class: text('class').$type<HouseholdClass>().notNull(),
    explanation: jsonb('explanation').notNull().default({}),
    recordedBy: text('recorded_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    supersededBy: uuid('superseded_by'),
    supersededAt: timestamp('superseded_at', { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.householdId, t.assessmentId] }),
    foreignKey({
      name: 'assessments_superseded_by_fk',
      columns: [t.householdId, t.supersededBy],
      foreignColumns: [t.householdId, t.assessmentId],
    }),
    // One current assessment per household × round × standard (a null round counts as one round).
    uniqueIndex('assessments_current_key')
      .on(
        t.householdId,
        sql`coalesce(${t.reviewRoundId}, '00000000-0000-0000-0000-000000000000'::uuid)`,
        t.standardId,
      )
      .where(sql`${t.supersededAt} is null`),
    index('assessments_round_idx').on(t.reviewRoundId, t.standardId),
    check('assessments_area_check', sql`${t.area} in ('urban', 'rural', 'special')`),
    check('assessments_deficit_count_check', sql`${t.deficitCount} >= 0`),
    check('assessments_superseded_check', sql`${t.supersededBy} is null or ${t.supersededAt} is not null`),
  ],
);
