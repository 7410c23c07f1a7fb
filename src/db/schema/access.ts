// Users, what they may read and write (sets of units or villages), and their sessions (reference tables).
import { sql } from 'drizzle-orm';
import {
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  text,
  timestamp,
  uuid,
  boolean,
} from 'drizzle-orm/pg-core';
import { villages } from './villages.ts';

export const users = pgTable(
  'users',
  {
    userId: uuid('user_id').primaryKey().defaultRandom(),
    username: text('username').notNull().unique(),
    displayName: text('display_name').notNull(),
    /** argon2id (PHC string). */
    passwordHash: text('password_hash').notNull(),
    role: text('role', {
      enum: [
        'system_admin',
        'province_officer',
        'commune_officer',
        'village_enumerator',
        'viewer',
        'auditor',
      ],
    }).notNull(),
    active: boolean('active').notNull().default(true),
    /** Consecutive failed sign-ins; reset on success. Login throttling locks the account for a while. */
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    check(
      'users_role_known',
      sql`${t.role} in ('system_admin','province_officer','commune_officer','village_enumerator','viewer','auditor')`,
    ),
  ],
);

/**
 * One unit (covering its descendants at the date of a query) or one village a user may read or write.
 * Exactly one of (unit_code, unit_valid_from) and village_id is set.
 */
export const userScopes = pgTable(
  'user_scopes',
  {
    scopeId: uuid('scope_id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.userId, { onDelete: 'cascade' }),
    access: text('access', { enum: ['read', 'write'] }).notNull(),
    unitCode: text('unit_code'),
    unitValidFrom: date('unit_valid_from', { mode: 'string' }),
    villageId: uuid('village_id').references(() => villages.id),
  },
  (t) => [
    index('user_scopes_user_idx').on(t.userId),
    check('user_scopes_access_known', sql`${t.access} in ('read','write')`),
    check(
      'user_scopes_one_target',
      sql`(${t.unitCode} is not null and ${t.unitValidFrom} is not null and ${t.villageId} is null)
          or (${t.unitCode} is null and ${t.unitValidFrom} is null and ${t.villageId} is not null)`,
    ),
  ],
);

/** Server-side sessions (the cookie holds only the signed id). */
export const sessions = pgTable(
  'sessions',
  {
    sessionId: text('session_id').primaryKey(),
    data: jsonb('data').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [index('sessions_expires_idx').on(t.expiresAt)],
);

/**
 * Personal API tokens for other systems: a token acts as its user (role and scopes), restricted to reading or
 * not. Only a SHA-256 of the random secret is kept; the prefix finds the row and is shown in lists.
 */
export const apiTokens = pgTable(
  'api_tokens',
  {
    tokenId: uuid('token_id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.userId, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** Public part of the token (`gn_<prefix>_<secret>`), unique; enough to tell tokens apart in a list. */
    prefix: text('prefix').notNull().unique(),
    /** Hex SHA-256 of the secret part; the secret itself is never stored. */
    secretHash: text('secret_hash').notNull(),
    access: text('access', { enum: ['read', 'write'] }).notNull(),
    /** Last day the token works (Vietnam's date); none: until revoked. */
    expiresOn: date('expires_on', { mode: 'string' }),
    createdBy: uuid('created_by').references(() => users.userId, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    revokedBy: uuid('revoked_by').references(() => users.userId, { onDelete: 'set null' }),
  },
  (t) => [
    index('api_tokens_user_idx').on(t.userId),
    check('api_tokens_access_known', sql`${t.access} in ('read','write')`),
  ],
);
