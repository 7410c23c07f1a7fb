// Review rounds (rà soát): periodic once a year, regular each month, per commune. Minimal for now.
import { sql } from 'drizzle-orm';
import {
  check,
  date,
  foreignKey,
  integer,
  pgTable,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { adminUnits } from './units.ts';

export const reviewRounds = pgTable(
  'review_rounds',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    communeCode: text('commune_code').notNull(),
    communeValidFrom: date('commune_valid_from', { mode: 'string' }).notNull(),
    kind: text('kind', { enum: ['periodic', 'regular'] }).notNull(),
    year: integer('year').notNull(),
    /** Only for regular (monthly) rounds. */
    month: integer('month'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    foreignKey({
      name: 'review_rounds_commune_fk',
      columns: [t.communeCode, t.communeValidFrom],
      foreignColumns: [adminUnits.code, adminUnits.validFrom],
    }),
    unique('review_rounds_commune_period_key')
      .on(t.communeCode, t.communeValidFrom, t.kind, t.year, t.month)
      .nullsNotDistinct(),
    check(
      'review_rounds_kind_check',
      sql`(${t.kind} = 'periodic' and ${t.month} is null) or (${t.kind} = 'regular' and ${t.month} between 1 and 12)`,
    ),
  ],
);
