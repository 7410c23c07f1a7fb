// User administration (system administrators) as use cases: list, create, change accounts, roles and
// read/write scopes. Every change is audited with the account before and after (never the password).
import { DatabaseError, sessions, users, villages, type Queryable } from '../db/index.ts';
import type { Role } from '../domain/access/roles.ts';
import { requirePermission, type Actor } from './actor.ts';
import { accountChanged } from './account-events.ts';
import { recordAudit } from './audit.ts';
import { AppError } from './errors.ts';
import { hashPassword } from './passwords.ts';
import { passwordProblems } from '../domain/access/password-policy.ts';

/** 400 naming the password field, with every reason, when the password breaks the policy. */
function checkPassword(password: string, username: string | undefined, path = 'body.password'): void {
  const problems = passwordProblems(password, username);
  if (problems.length)
    throw new AppError(
      'VALIDATION_FAILED',
      problems.map((p) => ({ path, message: p.message })),
    );
}

export type ScopeInput =
  | { access: 'read' | 'write'; unitCode: string; unitValidFrom: string }
  | { access: 'read' | 'write'; villageId: string };

/** An account as administrators see it; a village scope is named by the village and its commune. */
async function accountView(db: Queryable, userId: string, now: Date) {
  const u = (await users.getUser(db, userId))!;
  return {
    userId: u.userId,
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    active: u.active,
    locked: !!u.lockedUntil && u.lockedUntil > now,
    version: u.version,
    scopes: await scopesView(db, await users.scopesOf(db, userId)),
  };
}

export type AccountView = Awaited<ReturnType<typeof accountView>>;

async function scopesView(db: Queryable, scopes: Awaited<ReturnType<typeof users.scopesOf>>) {
  const villageIds = scopes.flatMap((s) => (s.villageId ? [s.villageId] : []));
  const labels = new Map((await villages.villageLabels(db, villageIds)).map((v) => [v.id, v]));
  return scopes.map((s) => {
    const village = s.villageId ? labels.get(s.villageId) : undefined;
    return {
      access: s.access,
      unitCode: s.unitCode ?? null,
      unitValidFrom: s.unitValidFrom ?? null,
      villageId: s.villageId ?? null,
      villageName: village?.name ?? null,
      villageCommuneCode: village?.communeCode ?? null,
    };
  });
}

export async function listAccounts(db: Queryable, actor: Actor, now: Date): Promise<AccountView[]> {
  requirePermission(actor, 'users.manage');
  const list = await users.listUsers(db);
  return Promise.all(list.map((u) => accountView(db, u.userId, now)));
}

export interface NewAccount {
  username: string;
  displayName: string;
  password: string;
  role: Role;
  scopes: ScopeInput[];
}

export async function createAccount(
  db: Queryable,
  actor: Actor,
  input: NewAccount,
  now: Date,
): Promise<AccountView> {
  requirePermission(actor, 'users.manage');
  const { password: plain, ...rest } = input;
  checkPassword(plain, input.username);
  const passwordHash = await hashPassword(plain);
  return db
    .transaction(async (tx) => {
      const u = await users.createUser(tx, { ...rest, passwordHash, scopes: input.scopes });
      await recordAudit(tx, actor, {
        action: 'user.create',
        entityType: 'user',
        entityId: u.userId,
        after: rest,
      });
      return accountView(tx, u.userId, now);
    })
    .catch((e: unknown) => {
      if (e instanceof DatabaseError && e.code === '23505') {
        throw new AppError('VALIDATION_FAILED', [
          { path: 'body.username', message: { vi: 'Tên đăng nhập đã có', en: 'Username already taken' } },
        ]);
      }
      throw e;
    });
}

export interface AccountChange {
  version: number;
  displayName?: string | undefined;
  role?: Role | undefined;
  active?: boolean | undefined;
  password?: string | undefined;
  scopes?: ScopeInput[] | undefined;
}

/** Changes an account at the version read (409 with the current account otherwise). */
export async function changeAccount(
  db: Queryable,
  actor: Actor,
  userId: string,
  input: AccountChange,
  now: Date,
): Promise<AccountView> {
  requirePermission(actor, 'users.manage');
  const { version, password: plain, scopes, ...change } = input;
  if (plain) checkPassword(plain, (await users.getUser(db, userId))?.username);
  const passwordHash = plain ? await hashPassword(plain) : undefined;
  const view = await db.transaction(async (tx) => {
    const before = await users.getUser(tx, userId);
    if (!before) throw new AppError('NOT_FOUND');
    const beforeView = await accountView(tx, before.userId, now);
    const after = await users.updateUser(tx, before.userId, version, {
      ...change,
      ...(passwordHash ? { passwordHash } : {}),
    });
    if (!after) throw new AppError('STALE_VERSION', [], { current: beforeView });
    if (scopes) await users.setScopes(tx, before.userId, scopes);
    // A changed password, role or deactivation ends the user's sessions; a new password also lifts a lockout
    // (users.updateUser), so an administrator's reset lets a locked-out user in at once.
    if (passwordHash || change.role || change.active === false)
      await sessions.deleteSessionsOfUser(tx, before.userId);
    const view = await accountView(tx, before.userId, now);
    const hidden = plain ? { password: '(đã đổi / changed)' } : {};
    await recordAudit(tx, actor, {
      action: 'user.update',
      entityType: 'user',
      entityId: before.userId,
      before: { ...beforeView, ...hidden },
      after: { ...view, ...hidden },
    });
    return view;
  });
  // Committed: the server forgets the sessions and the role and scopes it keeps for this user.
  accountChanged(userId);
  return view;
}
