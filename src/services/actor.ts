// Who acts: a signed-in user (over HTTP, or named with --as on the CLI) with role and scopes, or the
// recorded system actor of the first set-up. Every use case takes one and is checked against it.
import type { Queryable } from '../db/index.ts';
import { users } from '../db/index.ts';
import type { ScopeSet } from '../db/queries/scope.ts';
import { can, seesEverything, type Permission, type Role } from '../domain/access/roles.ts';
import { AppError } from './errors.ts';

export interface Actor {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  /** Where the user may read (its read scope and its write scope together). */
  read: ScopeSet;
  /** Where the user may change things. */
  write: ScopeSet;
}

/** The user acting, with role and scopes; undefined for an unknown or disabled account. */
export async function loadActor(db: Queryable, userId: string): Promise<Actor | undefined> {
  const user = await users.getUser(db, userId);
  if (!user || !user.active) return undefined;
  const scopes = await users.scopesOf(db, userId);
  const all = seesEverything(user.role);
  const toSet = (rows: typeof scopes): ScopeSet => ({
    all,
    units: rows
      .filter((s) => s.unitCode && s.unitValidFrom)
      .map((s) => ({ code: s.unitCode!, validFrom: s.unitValidFrom! })),
    villageIds: rows.filter((s) => s.villageId).map((s) => s.villageId!),
  });
  return {
    userId: user.userId,
    username: user.username,
    displayName: user.displayName,
    role: user.role,
    read: toSet(scopes),
    write: toSet(scopes.filter((s) => s.access === 'write')),
  };
}

/** The active user with this username, or undefined. */
export async function actorByUsername(db: Queryable, username: string): Promise<Actor | undefined> {
  const user = await users.findForLogin(db, username);
  return user ? loadActor(db, user.userId) : undefined;
}

export function requirePermission(actor: Actor, permission: Permission): void {
  if (!can(actor.role, permission)) throw new AppError('FORBIDDEN');
}

/**
 * The first set-up's actor: an operator at the console before any account exists (loading reference
 * data, the first imports). Recorded in the audit as 'system'; never available once users exist.
 */
export const SYSTEM_ACTOR: Actor = Object.freeze({
  userId: '00000000-0000-0000-0000-000000000000',
  username: 'system',
  displayName: 'Hệ thống / system',
  role: 'system_admin',
  read: { all: true, units: [], villageIds: [] },
  write: { all: true, units: [], villageIds: [] },
}) as Actor;

export const isSystem = (actor: Actor): boolean => actor === SYSTEM_ACTOR;

/** The users.user_id a record names as its author: none for the system actor (no account behind it). */
export const authorId = (actor: Actor): string | null => (isSystem(actor) ? null : actor.userId);
