// Figures per unit and year: roll-ups derived from recognised rounds, figures entered from publications,
// and targets — the material of progress reports (reference tables on Citus: small, read everywhere).
import { sql } from 'drizzle-orm';
import {
  check,
  date,
  integer,
  jsonb,
  numeric,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';

/** Derived from households: kept fresh at every recognition, summed up the unit tree. */
export const rollups = pgTable(
  'rollups',
  {
    unitCode: text('unit_code').notNull(),
    unitValidFrom: date('unit_valid_from', { mode: 'string' }).notNull(),
    year: integer('year').notNull(),
    standard: text('standard').notNull(),
    grp: text('grp').notNull(),
    households: integer('households').notNull(),
    poor: integer('poor').notNull(),
    nearPoor: integer('near_poor').notNull(),
    /** Members of the counted households, of the poor ones and of the near-poor ones. */
    people: integer('people').notNull().default(0),
    poorPeople: integer('poor_people').notNull().default(0),
    nearPoorPeople: integer('near_poor_people').notNull().default(0),
    /**
     * Households by class and deficit count, with how many of them lack each indicator:
     * { [class: 'poor'|'near_poor'|'other']: { [deficitCount]: { households, indicators: { [code]: n } } } }.
     * Enough to sum up the tree and to compute per-indicator shares and Alkire–Foster for any cut-off k.
     */
    deficitProfile: jsonb('deficit_profile').notNull().default({}),
    /** The round's household flows (start, escaped, new, re-poor, end) as FlowTotals, summed up the tree. */
    flows: jsonb('flows').notNull().default({}),
    /** Communes whose recognised rounds feed the figure (for a province: how complete it is). */
    communes: integer('communes').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.unitCode, t.unitValidFrom, t.year, t.standard, t.grp] })],
);

/** Published or older figures, entered with their source. */
export const enteredFigures = pgTable(
  'entered_figures',
  {
    unitCode: text('unit_code').notNull(),
    year: integer('year').notNull(),
    standard: text('standard').notNull(),
    grp: text('grp').notNull(),
    totalHouseholds: integer('total_households'),
    poorHouseholds: integer('poor_households'),
    nearPoorHouseholds: integer('near_poor_households'),
    poorRate: numeric('poor_rate'),
    nearPoorRate: numeric('near_poor_rate'),
    source: text('source').notNull(),
    enteredBy: uuid('entered_by'),
    enteredAt: timestamp('entered_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.unitCode, t.year, t.standard, t.grp] })],
);

export const targets = pgTable(
  'targets',
  {
    unitCode: text('unit_code').notNull(),
    grp: text('grp').notNull(),
    yearFrom: integer('year_from').notNull(),
    yearTo: integer('year_to').notNull(),
    indicator: text('indicator').notNull(),
    kind: text('kind', { enum: ['reduction_pp', 'max_level'] }).notNull(),
    lower: numeric('lower'),
    upper: numeric('upper'),
    source: text('source').notNull(),
    enteredAt: timestamp('entered_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.unitCode, t.grp, t.yearFrom, t.yearTo, t.indicator] }),
    check('targets_kind_check', sql`${t.kind} in ('reduction_pp', 'max_level')`),
  ],
);
