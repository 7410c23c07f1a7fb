// Programme money: plan lines (year × unit version × project × source), their adjustments one by one,
// payments and carry-overs. Amounts are integer đồng in bigint columns (JS bigint on both engines).
// Reference tables on Citus: small (thousands of lines a province-year), read with the unit tree.
import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  date,
  foreignKey,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { adminUnits } from './units.ts';

const SOURCES = sql`('central_investment', 'central_recurrent', 'local_counterpart', 'integrated', 'policy_credit', 'people')`;

/** Kế hoạch vốn: recorded against the unit version valid on the plan's date. */
export const financePlanLines = pgTable(
  'finance_plan_lines',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    unitCode: text('unit_code').notNull(),
    unitValidFrom: date('unit_valid_from', { mode: 'string' }).notNull(),
    year: integer('year').notNull(),
    /** The programme the project code is read in (rules/programmes: QD1722_2016, QD90_2022, NQ257_2025). */
    programme: text('programme').notNull(),
    /** "DA1" or "DA1.TDA1". */
    project: text('project').notNull(),
    source: text('source').notNull(),
    /** The amount first allocated (đồng); changes are adjustments. */
    amount: bigint('amount', { mode: 'bigint' }).notNull(),
    decision: text('decision').notNull(),
    /** Null when unknown: the amount then counts at every date. */
    decisionDate: date('decision_date', { mode: 'string' }),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('finance_plan_lines_key').on(t.unitCode, t.unitValidFrom, t.year, t.project, t.source),
    foreignKey({
      name: 'finance_plan_lines_unit_fk',
      columns: [t.unitCode, t.unitValidFrom],
      foreignColumns: [adminUnits.code, adminUnits.validFrom],
    }),
    index('finance_plan_lines_year_idx').on(t.year),
    check('finance_plan_lines_amount_check', sql`${t.amount} >= 0`),
    check('finance_plan_lines_source_check', sql`${t.source} in ${SOURCES}`),
  ],
);

/** Điều chỉnh kế hoạch vốn: a signed change by a decision on a date, kept one by one. */
export const financePlanAdjustments = pgTable(
  'finance_plan_adjustments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    planLineId: uuid('plan_line_id')
      .notNull()
      .references(() => financePlanLines.id),
    decision: text('decision').notNull(),
    decisionDate: date('decision_date', { mode: 'string' }).notNull(),
    amount: bigint('amount', { mode: 'bigint' }).notNull(),
    reason: text('reason'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('finance_plan_adjustments_line_idx').on(t.planLineId, t.decisionDate),
    check('finance_plan_adjustments_amount_check', sql`${t.amount} <> 0`),
  ],
);

/** Giải ngân: a payment against a plan line, with its decision or voucher. */
export const financePayments = pgTable(
  'finance_payments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    planLineId: uuid('plan_line_id')
      .notNull()
      .references(() => financePlanLines.id),
    paidOn: date('paid_on', { mode: 'string' }).notNull(),
    amount: bigint('amount', { mode: 'bigint' }).notNull(),
    decision: text('decision').notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('finance_payments_line_idx').on(t.planLineId, t.paidOn),
    check('finance_payments_amount_check', sql`${t.amount} > 0`),
  ],
);

/** Chuyển nguồn: the unspent plan of a line's year carried into the next year (one per line). */
export const financeCarryOvers = pgTable(
  'finance_carry_overs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    planLineId: uuid('plan_line_id')
      .notNull()
      .references(() => financePlanLines.id),
    toYear: integer('to_year').notNull(),
    amount: bigint('amount', { mode: 'bigint' }).notNull(),
    decision: text('decision').notNull(),
    decisionDate: date('decision_date', { mode: 'string' }).notNull(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('finance_carry_overs_line').on(t.planLineId),
    check('finance_carry_overs_amount_check', sql`${t.amount} > 0`),
  ],
);
