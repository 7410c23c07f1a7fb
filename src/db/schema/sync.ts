// Offline field work coming back: every change a device sent (so a re-sent change gets the same answer,
// never applied twice) and the conflicts it raised, waiting for the commune officer to keep one side field by
// field. Keyed by household like the registry (distributed by household_id on Citus).
import { index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const syncChanges = pgTable(
  'sync_changes',
  {
    /** The device's id for this version of its entry (FieldChange.changeId). */
    changeId: uuid('change_id').primaryKey(),
    username: text('username').notNull(),
    deviceId: text('device_id').notNull(),
    /** The household the change ended on (created or existing); null when it was refused. */
    householdId: uuid('household_id'),
    outcome: text('outcome', { enum: ['applied', 'conflict', 'rejected'] }).notNull(),
    /** The answer given (conflict id, error), returned again when the device re-sends the change. */
    result: jsonb('result').notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('sync_changes_household_idx').on(t.householdId)],
);

export const syncConflicts = pgTable(
  'sync_conflicts',
  {
    conflictId: uuid('conflict_id').primaryKey().defaultRandom(),
    householdId: uuid('household_id').notNull(),
    changeId: uuid('change_id').notNull(),
    /** Who worked on the device, and when they last changed the record by its clock. */
    raisedBy: text('raised_by').notNull(),
    deviceChangedAt: text('device_changed_at').notNull(),
    raisedAt: timestamp('raised_at', { withTimezone: true }).notNull().defaultNow(),
    /** ConflictField[]: each field both sides changed, with the snapshot's, the device's and the server's value. */
    fields: jsonb('fields').notNull(),
    /** What the device sent, so the device's side of a field can be applied as it was recorded. */
    change: jsonb('change').notNull(),
    status: text('status', { enum: ['open', 'resolved'] })
      .notNull()
      .default('open'),
    resolvedBy: text('resolved_by'),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    /** path → 'device' | 'server', as the officer chose. */
    choices: jsonb('choices'),
  },
  (t) => [index('sync_conflicts_household_idx').on(t.householdId, t.status)],
);
