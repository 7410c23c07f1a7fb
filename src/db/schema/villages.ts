// Villages (thôn, bản, tổ dân phố): created by users under communes, moved when communes merge.
import { sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import {
  check,
  date,
  foreignKey,
  index,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { adminUnits } from './units.ts';

/** A village keeps its id for life; its commune at a date is the latest assignment, else the original one. */
export const villages = pgTable(
  'villages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The commune version the village was created under. */
    communeCode: text('commune_code').notNull(),
    communeValidFrom: date('commune_valid_from', { mode: 'string' }).notNull(),
    name: text('name').notNull(),
    kind: text('kind', { enum: ['thon', 'ban', 'to_dan_pho', 'other'] }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** First day the village no longer exists (e.g. merged into another village). */
    retiredAt: date('retired_at', { mode: 'string' }),
    successorVillageId: uuid('successor_village_id').references((): AnyPgColumn => villages.id),
    retirementNote: text('retirement_note'),
  },
  (t) => [
    foreignKey({
      name: 'villages_commune_fk',
      columns: [t.communeCode, t.communeValidFrom],
      foreignColumns: [adminUnits.code, adminUnits.validFrom],
    }),
    index('villages_commune_idx').on(t.communeCode, t.communeValidFrom),
    check('villages_kind_check', sql`${t.kind} in ('thon', 'ban', 'to_dan_pho', 'other')`),
  ],
);

/**
 * A village handed to a successor commune from `effective` on: 'whole' when its commune went whole
 * to one successor (recorded automatically), 'explicit' when a person decided it for a split commune.
 */
export const villageAssignments = pgTable(
  'village_assignments',
  {
    villageId: uuid('village_id')
      .notNull()
      .references(() => villages.id),
    communeCode: text('commune_code').notNull(),
    communeValidFrom: date('commune_valid_from', { mode: 'string' }).notNull(),
    effective: date('effective', { mode: 'string' }).notNull(),
    method: text('method', { enum: ['whole', 'explicit'] }).notNull(),
    decidedBy: text('decided_by'),
    note: text('note'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.villageId, t.effective] }),
    foreignKey({
      name: 'village_assignments_commune_fk',
      columns: [t.communeCode, t.communeValidFrom],
      foreignColumns: [adminUnits.code, adminUnits.validFrom],
    }),
    index('village_assignments_commune_idx').on(t.communeCode, t.communeValidFrom),
    check('village_assignments_method_check', sql`${t.method} in ('whole', 'explicit')`),
  ],
);
