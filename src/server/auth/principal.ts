// Who is asking: the signed-in user with role and scopes, loaded once per request.
import type { Database } from '../../db/index.ts';
import { users } from '../../db/index.ts';
import type { ScopeSet } from '../../db/queries/scope.ts';
import { can, seesEverything, type Permission, type Role } from '../../domain/access/roles.ts';
import { AppError } from '../errors.ts';

export interface Principal {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  /** Where the user may read (its read scope and its write scope together). */
  read: ScopeSet;
  /** Where the user may change things. */
  write: ScopeSet;
}

export async function loadPrincipal(db: Database, userId: string): Promise<Principal | undefined> {
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

export function requirePermission(principal: Principal, permission: Permission): void {
  if (!can(principal.role, permission)) throw new AppError('FORBIDDEN');
}
