// Signing in: the password checked against its argon2id hash (a decoy hash for unknown accounts, so the
// time taken does not reveal usernames), failed attempts counted towards a temporary lock, and the
// sign-in audited. The HTTP layer then starts a fresh session for the returned actor.
import { users, type Queryable } from '../db/index.ts';
import { loadActor, type Actor } from './actor.ts';
import { recordAudit } from './audit.ts';
import { AppError } from './errors.ts';
import { decoyHash, verifyPassword } from './passwords.ts';

const MAX_FAILURES = 5;
const LOCK_MINUTES = 15;

export async function signIn(
  db: Queryable,
  credentials: { username: string; password: string },
  now: Date,
): Promise<Actor> {
  const user = await users.findForLogin(db, credentials.username);
  if (!user || !user.active) {
    await verifyPassword(await decoyHash(), credentials.password);
    throw new AppError('INVALID_CREDENTIALS');
  }
  const locked = !!user.lockedUntil && user.lockedUntil > now;
  // A locked account answers exactly as a wrong password does (status, message, time): a different answer
  // would tell an attacker that the username exists.
  const right = await verifyPassword(user.passwordHash, credentials.password);
  if (locked || !right) {
    const after = locked ? null : await users.recordLoginFailure(db, user.userId, MAX_FAILURES, LOCK_MINUTES);
    // Failed attempts on a real account are audited (never the password typed, nor an unknown username,
    // which is often a password typed in the wrong field).
    await db.transaction((tx) =>
      recordAudit(tx, null, {
        action: 'user.login_failed',
        entityType: 'user',
        entityId: user.userId,
        after: { locked, failures: after?.failedLogins ?? null, lockedUntil: after?.lockedUntil ?? null },
      }),
    );
    throw new AppError('INVALID_CREDENTIALS');
  }
  await users.recordLoginSuccess(db, user.userId);
  const actor = (await loadActor(db, user.userId))!;
  await db.transaction((tx) =>
    recordAudit(tx, actor, { action: 'user.login', entityType: 'user', entityId: user.userId }),
  );
  return actor;
}
