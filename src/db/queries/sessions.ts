// Server-side sessions: the cookie carries only a signed id; the data lives here until it expires.
import type { Queryable } from '../database.ts';

/**
 * What a session ended by sign-out, deactivation or a password reset holds until its expiry: the row stays,
 * so that a request of that session still under way when it ended cannot write it back when it answers
 * (every answer saves the session, for its sliding expiry) — the user would be signed in again.
 */
const ENDED = '{"__ended": true}';

export async function readSession(db: Queryable, id: string): Promise<unknown | undefined> {
  const [row] = await db.query<{ data: unknown }>(
    `select data from sessions where session_id = $1 and expires_at > now() and not (data ? '__ended')`,
    [id],
  );
  return row?.data;
}

/** Creates or saves a session; false (nothing written) when it has ended. */
export async function writeSession(
  db: Queryable,
  id: string,
  data: unknown,
  expiresAt: Date,
): Promise<boolean> {
  const rows = await db.query(
    `insert into sessions (session_id, data, expires_at) values ($1, $2, $3)
     on conflict (session_id) do update set data = excluded.data, expires_at = excluded.expires_at
       where not (sessions.data ? '__ended')
     returning 1`,
    [id, JSON.stringify(data), expiresAt],
  );
  return rows.length > 0;
}

/** Ends a session (sign-out): kept as ended until it would have expired, a day at least. */
export async function deleteSession(db: Queryable, id: string): Promise<void> {
  await db.query(
    `insert into sessions (session_id, data, expires_at) values ($1, '${ENDED}', now() + interval '1 day')
     on conflict (session_id) do update set data = excluded.data`,
    [id],
  );
}

/** Ends every session of a user (password change, deactivation). */
export async function deleteSessionsOfUser(db: Queryable, userId: string): Promise<void> {
  await db.query(`update sessions set data = '${ENDED}' where data->>'userId' = $1`, [userId]);
}

export async function purgeExpiredSessions(db: Queryable): Promise<number> {
  const rows = await db.query('delete from sessions where expires_at <= now() returning 1');
  return rows.length;
}
