// Review rounds (rà soát): periodic once a year, regular each month, per commune. Minimal for now.
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  customType,
  date,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
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
    /** periodic (yearly), regular (monthly), or opening: the last list recognised before the system (imported). */
    kind: text('kind', { enum: ['periodic', 'regular', 'opening'] }).notNull(),
    year: integer('year').notNull(),
    /** Only for regular (monthly) rounds. */
    month: integer('month'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** First day of the round; the procedure version valid then governs it. */
    startDate: date('start_date', { mode: 'string' }),
    procedureVersion: text('procedure_version'),
    /** open → recognised → reported; reopening returns to open (events keep the history). */
    status: text('status', { enum: ['open', 'recognised', 'reported'] })
      .notNull()
      .default('open'),
    decisionNumber: text('decision_number'),
    decisionDate: date('decision_date', { mode: 'string' }),
    /** Number of events applied: a client names the count it saw (optimistic concurrency). */
    eventCount: integer('event_count').notNull().default(0),
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
      sql`(${t.kind} in ('periodic', 'opening') and ${t.month} is null) or (${t.kind} = 'regular' and ${t.month} between 1 and 12)`,
    ),
  ],
);

/**
 * The round's history, one row per accepted event (listing, forms, meetings, postings, complaints,
 * recognition…). The round's state is these events folded in order by src/domain/review/round.ts.
 */
export const reviewEvents = pgTable(
  'review_events',
  {
    roundId: uuid('round_id')
      .notNull()
      .references(() => reviewRounds.id),
    seq: integer('seq').notNull(),
    type: text('type').notNull(),
    payload: jsonb('payload').notNull(),
    actorId: uuid('actor_id'),
    recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.roundId, t.seq] })],
);

/** Uploaded files (meeting minutes, decisions): small documents kept in the database. */
const bytea = customType<{ data: Uint8Array }>({ dataType: () => 'bytea' });
export const files = pgTable('files', {
  fileId: uuid('file_id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  mimeType: text('mime_type').notNull(),
  size: bigint('size', { mode: 'number' }).notNull(),
  sha256: text('sha256').notNull(),
  content: bytea('content').notNull(),
  uploadedBy: uuid('uploaded_by'),
  uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * What a recognised round decided for each household, frozen at recognition (and replaced on a new
 * recognition after reopening): the basis of lists, flows and statistics.
 */
export const reviewResults = pgTable(
  'review_results',
  {
    householdId: uuid('household_id').notNull(),
    roundId: uuid('round_id')
      .notNull()
      .references(() => reviewRounds.id),
    villageId: uuid('village_id').notNull(),
    previousClass: text('previous_class'),
    finalClass: text('final_class'),
    transition: text('transition').notNull(),
    deficits: text('deficits')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    isEthnicMinority: boolean('is_ethnic_minority').notNull(),
    personOfMerit: boolean('person_of_merit').notNull(),
    socialProtection: boolean('social_protection').notNull(),
    noLabourCapacity: boolean('no_labour_capacity').notNull(),
    recognisedOn: date('recognised_on', { mode: 'string' }).notNull(),
    /** The household came from another commune with this standing (counted as moved in, not in the start). */
    movedIn: boolean('moved_in').notNull().default(false),
    /** Why a listed household left the list without review: moved out, dissolved or merged, dated, with the record. */
    accounted: jsonb('accounted'),
  },
  (t) => [
    primaryKey({ columns: [t.householdId, t.roundId] }),
    index('review_results_round_idx').on(t.roundId),
    // A household's standing is its latest recognised result: found by household, newest first.
    index('review_results_household_recognised_idx').on(t.householdId, t.recognisedOn),
  ],
);
