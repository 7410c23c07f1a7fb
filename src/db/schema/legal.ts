// Lists of units named by legal texts (poor districts, extremely difficult communes…), each with its citation.
import { boolean, date, foreignKey, pgTable, primaryKey, text } from 'drizzle-orm/pg-core';
import { adminUnits } from './units.ts';

export const legalLists = pgTable('legal_lists', {
  /** e.g. 'poor_district_2021_2025' */
  kind: text('kind').primaryKey(),
  title: text('title').notNull(),
  periodFrom: date('period_from', { mode: 'string' }).notNull(),
  /** Last day (inclusive), like admin_units.valid_to; null = open-ended. */
  periodTo: date('period_to', { mode: 'string' }),
  citation: text('citation').notNull(),
  verified: boolean('verified').notNull().default(false),
});

/** A unit on a list for a period (a list can be amended: an entry's period can be shorter than the list's). */
export const legalListEntries = pgTable(
  'legal_list_entries',
  {
    listKind: text('list_kind')
      .notNull()
      .references(() => legalLists.kind),
    unitCode: text('unit_code').notNull(),
    unitValidFrom: date('unit_valid_from', { mode: 'string' }).notNull(),
    periodFrom: date('period_from', { mode: 'string' }).notNull(),
    periodTo: date('period_to', { mode: 'string' }),
    citation: text('citation').notNull(),
    verified: boolean('verified').notNull().default(false),
    note: text('note'),
  },
  (t) => [
    primaryKey({ columns: [t.listKind, t.unitCode, t.unitValidFrom, t.periodFrom] }),
    foreignKey({
      name: 'legal_list_entries_unit_fk',
      columns: [t.unitCode, t.unitValidFrom],
      foreignColumns: [adminUnits.code, adminUnits.validFrom],
    }),
  ],
);
