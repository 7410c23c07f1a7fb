// The audit trail: one row per recorded change or sensitive read, append-only and hash-chained.
import { sql } from 'drizzle-orm';
import { bigint, check, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { users } from './access.ts';

/**
 * One hash chain per province, and a national one (ADR 0011): `chain` is the code of the province of the
 * entry's unit, or '' for an entry without a unit in a province. In its chain, entry n holds sha256(hash
 * of entry n-1 + canonical JSON of its own content) (see queries/audit.ts). `seq` counts within the chain
 * and is not a sequence: the writer holding the chain's lock sets it to the chain's last seq + 1, so a
 * rolled-back transaction leaves no hole and a missing number always means a deleted entry. A trigger
 * (migration 0003) refuses UPDATE, DELETE and TRUNCATE. No foreign key to households: on Citus this
 * is a reference table and households is distributed.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    chain: text('chain').notNull().default(''),
    seq: bigint('seq', { mode: 'bigint' }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    /** Null for the system (imports, the demo seed, scheduled jobs). */
    actorId: uuid('actor_id').references(() => users.userId),
    /** Copied at the time, so the log reads on its own even after a user is renamed. */
    actorName: text('actor_name').notNull(),
    /** e.g. 'household.create', 'member.update', 'personal_data.read', 'round.reopen' */
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    householdId: uuid('household_id'),
    /** The commune (or other unit) the change concerns, for filtering by unit. */
    unitCode: text('unit_code'),
    before: jsonb('before'),
    after: jsonb('after'),
    reason: text('reason'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull().unique(),
  },
  (t) => [
    primaryKey({ name: 'audit_log_pkey', columns: [t.chain, t.seq] }),
    index('audit_log_household_idx').on(t.householdId),
    index('audit_log_actor_idx').on(t.actorId),
    index('audit_log_unit_idx').on(t.unitCode),
    index('audit_log_entity_idx').on(t.entityType, t.entityId),
    index('audit_log_at_idx').on(t.at),
    check('audit_log_seq_positive', sql`${t.seq} > 0`),
    check('audit_log_hashes_hex', sql`${t.hash} ~ '^[0-9a-f]{64}$' and ${t.prevHash} ~ '^[0-9a-f]{64}$'`),
  ],
);
