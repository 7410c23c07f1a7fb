// Users and their scopes: create, find, change with optimistic concurrency, sign-in bookkeeping.
import type { Queryable } from '../database.ts';

export type Role =
  'system_admin' | 'province_officer' | 'commune_officer' | 'village_enumerator' | 'viewer' | 'auditor';

export interface User {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  active: boolean;
  failedLogins: number;
  lockedUntil: Date | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

export interface ScopeEntry {
  access: 'read' | 'write';
  /** A unit (covering its descendants at the date of a query)… */
  unitCode?: string | null;
  unitValidFrom?: string | null;
  /** …or one village. */
  villageId?: string | null;
}

const USER_COLUMNS = `user_id as "userId", username, display_name as "displayName", role, active,
  failed_logins as "failedLogins", locked_until as "lockedUntil", created_at as "createdAt",
  updated_at as "updatedAt", version`;

export async function createUser(
  db: Queryable,
  input: { username: string; displayName: string; passwordHash: string; role: Role; scopes: ScopeEntry[] },
): Promise<User> {
  return db.transaction(async (tx) => {
    const [user] = await tx.query<User>(
      `insert into users (username, display_name, password_hash, role) values ($1, $2, $3, $4)
       returning ${USER_COLUMNS}`,
      [input.username.trim().toLowerCase(), input.displayName.trim(), input.passwordHash, input.role],
    );
    await setScopes(tx, user!.userId, input.scopes);
    return user!;
  });
}

export async function setScopes(db: Queryable, userId: string, scopes: readonly ScopeEntry[]): Promise<void> {
  await db.query('delete from user_scopes where user_id = $1', [userId]);
  for (const s of scopes) {
    await db.query(
      `insert into user_scopes (user_id, access, unit_code, unit_valid_from, village_id) values ($1, $2, $3, $4, $5)`,
      [userId, s.access, s.unitCode ?? null, s.unitValidFrom ?? null, s.villageId ?? null],
    );
  }
}

export async function scopesOf(db: Queryable, userId: string): Promise<Required<ScopeEntry>[]> {
  return db.query<Required<ScopeEntry>>(
    `select access, unit_code as "unitCode", unit_valid_from as "unitValidFrom", village_id as "villageId"
     from user_scopes where user_id = $1 order by access, unit_code, village_id`,
    [userId],
  );
}

export async function getUser(db: Queryable, userId: string): Promise<User | undefined> {
  const [u] = await db.query<User>(`select ${USER_COLUMNS} from users where user_id = $1`, [userId]);
  return u;
}

/** The user and password hash for a sign-in attempt (usernames are case-insensitive). */
export async function findForLogin(
  db: Queryable,
  username: string,
): Promise<(User & { passwordHash: string }) | undefined> {
  const [u] = await db.query<User & { passwordHash: string }>(
    `select ${USER_COLUMNS}, password_hash as "passwordHash" from users where username = $1`,
    [username.trim().toLowerCase()],
  );
  return u;
}

/** True once any account exists (the first set-up is over). */
export async function hasUsers(db: Queryable): Promise<boolean> {
  const [row] = await db.query<{ any: boolean }>('select exists (select 1 from users) as "any"');
  return row!.any;
}

export async function listUsers(db: Queryable): Promise<User[]> {
  return db.query<User>(`select ${USER_COLUMNS} from users order by username`);
}

/** Counts a failed sign-in; after `maxFailures` in a row the account is locked until `lockUntil`. */
/**
 * Counts a failed sign-in and locks the account for `lockMinutes` at `maxFailures` in a row. A lock that has
 * run out starts the count afresh (one wrong attempt after it does not lock again at once).
 */
export async function recordLoginFailure(
  db: Queryable,
  userId: string,
  maxFailures: number,
  lockMinutes: number,
): Promise<{ failedLogins: number; lockedUntil: Date | null }> {
  const [row] = await db.query<{ failedLogins: number; lockedUntil: Date | null }>(
    `update users set
       failed_logins = case when locked_until <= now() then 1 else failed_logins + 1 end,
       locked_until = case
         when (case when locked_until <= now() then 1 else failed_logins + 1 end) >= $2
           then now() + make_interval(mins => $3)
         when locked_until <= now() then null
         else locked_until end
     where user_id = $1
     returning failed_logins as "failedLogins", locked_until as "lockedUntil"`,
    [userId, maxFailures, lockMinutes],
  );
  return row ?? { failedLogins: 0, lockedUntil: null };
}

export async function recordLoginSuccess(db: Queryable, userId: string): Promise<void> {
  await db.query('update users set failed_logins = 0, locked_until = null where user_id = $1', [userId]);
}

/**
 * Changes a user if it is still at `version`; returns the new row, or undefined when someone else
 * changed it first (the caller answers 409 with the current row).
 */
export async function updateUser(
  db: Queryable,
  userId: string,
  version: number,
  change: { displayName?: string; role?: Role; active?: boolean; passwordHash?: string },
): Promise<User | undefined> {
  const [u] = await db.query<User>(
    `update users set display_name = coalesce($3, display_name), role = coalesce($4, role),
       active = coalesce($5, active), password_hash = coalesce($6, password_hash),
       failed_logins = case when $6::text is null then failed_logins else 0 end,
       locked_until = case when $6::text is null then locked_until else null end,
       updated_at = now(), version = version + 1
     where user_id = $1 and version = $2
     returning ${USER_COLUMNS}`,
    [
      userId,
      version,
      change.displayName ?? null,
      change.role ?? null,
      change.active ?? null,
      change.passwordHash ?? null,
    ],
  );
  return u;
}
