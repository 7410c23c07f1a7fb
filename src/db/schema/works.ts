// What the programme money built and did: works (công trình), production projects (dự án hỗ trợ phát triển
// sản xuất) with their participating households, and the other outputs of Thông tư 10/2022/TT-BLĐTBXH.
// Works and projects are reference-sized tables on Citus; participations are keyed by household_id.
import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  date,
  foreignKey,
  index,
  integer,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { adminUnits } from './units.ts';
import { villages } from './villages.ts';
import { files } from './rounds.ts';

/**
 * Công trình: where it stands (the unit version valid when it was registered, and optionally a village),
 * what it is, who invests, its money and its dates. Types are data (rules/outputs/work-types.yaml).
 */
export const works = pgTable(
  'works',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    unitCode: text('unit_code').notNull(),
    unitValidFrom: date('unit_valid_from', { mode: 'string' }).notNull(),
    villageId: uuid('village_id').references(() => villages.id),
    name: text('name').notNull(),
    /** transport, school, irrigation, bridge, health_station, culture_house, water_supply, other… */
    workType: text('work_type').notNull(),
    /** Xây dựng mới or duy tu, bảo dưỡng. */
    construction: text('construction', { enum: ['new', 'maintenance'] }).notNull(),
    /** The programme and project it is funded under (rules/programmes), e.g. QD90_2022 / DA1.TDA1. */
    programme: text('programme'),
    project: text('project'),
    planYear: integer('plan_year'),
    /** Chủ đầu tư as decided at first, and today's (a district's board handed over to a commune in 2025). */
    investorOriginal: text('investor_original').notNull(),
    investorOriginalUnitCode: text('investor_original_unit_code'),
    investorCurrent: text('investor_current').notNull(),
    investorCurrentUnitCode: text('investor_current_unit_code'),
    investorChangedOn: date('investor_changed_on', { mode: 'string' }),
    investorChangeBasis: text('investor_change_basis'),
    contractValue: bigint('contract_value', { mode: 'bigint' }).notNull(),
    disbursed: bigint('disbursed', { mode: 'bigint' })
      .notNull()
      .default(sql`0`),
    /** Physical progress in percent, 0–100. */
    progressPct: integer('progress_pct').notNull().default(0),
    startDate: date('start_date', { mode: 'string' }),
    completionDate: date('completion_date', { mode: 'string' }),
    acceptanceDate: date('acceptance_date', { mode: 'string' }),
    note: text('note'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    /** Optimistic concurrency, as for households. */
    version: integer('version').notNull().default(1),
  },
  (t) => [
    foreignKey({
      name: 'works_unit_fk',
      columns: [t.unitCode, t.unitValidFrom],
      foreignColumns: [adminUnits.code, adminUnits.validFrom],
    }),
    index('works_unit_idx').on(t.unitCode, t.unitValidFrom),
    check('works_contract_value_check', sql`${t.contractValue} >= 0`),
    check('works_disbursed_check', sql`${t.disbursed} >= 0`),
    check('works_progress_check', sql`${t.progressPct} between 0 and 100`),
    check('works_construction_check', sql`${t.construction} in ('new', 'maintenance')`),
    check(
      'works_dates_check',
      sql`(${t.completionDate} is null or ${t.startDate} is null or ${t.completionDate} >= ${t.startDate})
        and (${t.acceptanceDate} is null or ${t.completionDate} is null or ${t.acceptanceDate} >= ${t.completionDate})`,
    ),
  ],
);

/** Photos of a work (before, during, after): files kept in the database like meeting minutes. */
export const workPhotos = pgTable(
  'work_photos',
  {
    workId: uuid('work_id')
      .notNull()
      .references(() => works.id),
    fileId: uuid('file_id')
      .notNull()
      .references(() => files.fileId),
    caption: text('caption'),
    takenOn: date('taken_on', { mode: 'string' }),
    addedAt: timestamp('added_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.workId, t.fileId] })],
);

/** Dự án hỗ trợ phát triển sản xuất: along a value chain or in a community, with its models and outputs. */
export const productionProjects = pgTable(
  'production_projects',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    unitCode: text('unit_code').notNull(),
    unitValidFrom: date('unit_valid_from', { mode: 'string' }).notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['value_chain', 'community'] }).notNull(),
    programme: text('programme'),
    project: text('project'),
    /** The models it runs (raising cattle, cinnamon, …), free text one per line. */
    models: text('models'),
    budget: bigint('budget', { mode: 'bigint' })
      .notNull()
      .default(sql`0`),
    disbursed: bigint('disbursed', { mode: 'bigint' })
      .notNull()
      .default(sql`0`),
    startDate: date('start_date', { mode: 'string' }),
    endDate: date('end_date', { mode: 'string' }),
    /** What it produced (tonnes of produce, animals, income), free text until TT 10's Biểu 05 is known. */
    outputs: text('outputs'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    foreignKey({
      name: 'production_projects_unit_fk',
      columns: [t.unitCode, t.unitValidFrom],
      foreignColumns: [adminUnits.code, adminUnits.validFrom],
    }),
    index('production_projects_unit_idx').on(t.unitCode, t.unitValidFrom),
    check('production_projects_kind_check', sql`${t.kind} in ('value_chain', 'community')`),
    check('production_projects_budget_check', sql`${t.budget} >= 0 and ${t.disbursed} >= 0`),
  ],
);

/** A registry household taking part in a production project (no foreign key to households: Citus shards). */
export const productionProjectHouseholds = pgTable(
  'production_project_households',
  {
    projectId: uuid('project_id')
      .notNull()
      .references(() => productionProjects.id),
    householdId: uuid('household_id').notNull(),
    joinedOn: date('joined_on', { mode: 'string' }),
    /** Class of the household when it joined (poor, near_poor, newly_escaped…), kept for reporting. */
    classAtJoining: text('class_at_joining'),
    support: text('support'),
  },
  (t) => [
    primaryKey({ columns: [t.projectId, t.householdId] }),
    index('production_project_households_household_idx').on(t.householdId),
  ],
);

/**
 * Other outputs of Thông tư 10/2022/TT-BLĐTBXH (workers trained, jobs found, houses supported…): a plan
 * and an achieved value per unit version, year and indicator. Indicators are data (rules/outputs/).
 */
export const outputRecords = pgTable(
  'output_records',
  {
    unitCode: text('unit_code').notNull(),
    unitValidFrom: date('unit_valid_from', { mode: 'string' }).notNull(),
    year: integer('year').notNull(),
    indicator: text('indicator').notNull(),
    planned: numeric('planned'),
    achieved: numeric('achieved'),
    source: text('source'),
    enteredBy: uuid('entered_by'),
    enteredAt: timestamp('entered_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.unitCode, t.unitValidFrom, t.year, t.indicator] }),
    foreignKey({
      name: 'output_records_unit_fk',
      columns: [t.unitCode, t.unitValidFrom],
      foreignColumns: [adminUnits.code, adminUnits.validFrom],
    }),
    check(
      'output_records_values_check',
      sql`(${t.planned} is null or ${t.planned} >= 0) and (${t.achieved} is null or ${t.achieved} >= 0)`,
    ),
  ],
);
