// Administrative units, versioned by date, and the lineage between versions (Citus reference tables).
import { sql } from 'drizzle-orm';
import {
  boolean,
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

/**
 * One version of a unit: (code, valid_from) is its identity, since the 2025 reform re-used codes.
 * Validity is inclusive at both ends, as in src/domain/geography: valid on d iff valid_from <= d and
 * (valid_to is null or d <= valid_to); valid_to is the last day (e.g. '2025-06-30' for a commune merged
 * by the 2025 reform). The parent link names the parent's version (code, valid_from).
 */
export const adminUnits = pgTable(
  'admin_units',
  {
    code: text('code').notNull(),
    validFrom: date('valid_from', { mode: 'string' }).notNull(),
    validTo: date('valid_to', { mode: 'string' }),
    name: text('name').notNull(),
    level: text('level', { enum: ['province', 'district', 'commune'] }).notNull(),
    /** Legal type code as in src/domain/geography (tinh, thanh_pho_tw, huyen, quan, xa, phuong, dac_khu…). */
    kind: text('kind').notNull(),
    /** Phường and thị trấn are urban, xã rural, đặc khu special. */
    area: text('area', { enum: ['urban', 'rural', 'special'] }),
    parentCode: text('parent_code'),
    parentValidFrom: date('parent_valid_from', { mode: 'string' }),
  },
  (t) => [
    primaryKey({ columns: [t.code, t.validFrom] }),
    foreignKey({
      name: 'admin_units_parent_fk',
      columns: [t.parentCode, t.parentValidFrom],
      foreignColumns: [t.code, t.validFrom],
    }),
    index('admin_units_parent_idx').on(t.parentCode, t.parentValidFrom),
    check('admin_units_level_check', sql`${t.level} in ('province', 'district', 'commune')`),
    check('admin_units_area_check', sql`${t.area} is null or ${t.area} in ('urban', 'rural', 'special')`),
    check('admin_units_validity_check', sql`${t.validTo} is null or ${t.validTo} >= ${t.validFrom}`),
    check(
      'admin_units_parent_check',
      sql`(${t.parentCode} is null) = (${t.parentValidFrom} is null) and (${t.level} = 'province') = (${t.parentCode} is null)`,
    ),
  ],
);

/** Predecessor → successor between unit versions, with the legal text that made it. */
export const unitLineage = pgTable(
  'unit_lineage',
  {
    fromCode: text('from_code').notNull(),
    fromValidFrom: date('from_valid_from', { mode: 'string' }).notNull(),
    toCode: text('to_code').notNull(),
    toValidFrom: date('to_valid_from', { mode: 'string' }).notNull(),
    /** whole: all of the predecessor went to this successor; part: a share of it; unchanged: same territory. */
    kind: text('kind', { enum: ['whole', 'part', 'unchanged'] }).notNull(),
    /** The day the change took effect (the successor's first day). */
    effective: date('effective', { mode: 'string' }).notNull(),
    legalBasis: text('legal_basis'),
    /** False while the legal basis has not been checked against the legal text. */
    legalBasisVerified: boolean('legal_basis_verified').notNull().default(false),
    /** The whole population of the predecessor went to this successor (re-basing counts is exact). */
    allPopulation: boolean('all_population').notNull().default(false),
    /** Optional explicit share of the predecessor (0–1) for re-basing a partial merge. */
    share: numeric('share'),
    /** The official note as written, e.g. 'Nhập một phần'. */
    note: text('note'),
  },
  (t) => [
    primaryKey({ columns: [t.fromCode, t.fromValidFrom, t.toCode, t.toValidFrom] }),
    foreignKey({
      name: 'unit_lineage_from_fk',
      columns: [t.fromCode, t.fromValidFrom],
      foreignColumns: [adminUnits.code, adminUnits.validFrom],
    }),
    foreignKey({
      name: 'unit_lineage_to_fk',
      columns: [t.toCode, t.toValidFrom],
      foreignColumns: [adminUnits.code, adminUnits.validFrom],
    }),
    index('unit_lineage_to_idx').on(t.toCode, t.toValidFrom),
    check('unit_lineage_kind_check', sql`${t.kind} in ('whole', 'part', 'unchanged')`),
    check('unit_lineage_share_check', sql`${t.share} is null or (${t.share} > 0 and ${t.share} <= 1)`),
  ],
);

/** Rows of an official list a loader could not use as they are, kept instead of dropped. */
export const unitLoadProblems = pgTable(
  'unit_load_problems',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** The input file. */
    source: text('source').notNull(),
    /** 1-based line where the row starts; 0 for the whole file. */
    line: integer('line').notNull(),
    severity: text('severity', { enum: ['error', 'warning'] }).notNull(),
    messageVi: text('message_vi').notNull(),
    messageEn: text('message_en').notNull(),
    raw: text('raw').notNull(),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('unit_load_problems_source_idx').on(t.source, t.line),
    check('unit_load_problems_severity_check', sql`${t.severity} in ('error', 'warning')`),
  ],
);
