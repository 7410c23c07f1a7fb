// Server-side sessions: the cookie carries only a signed id; the data lives here until it expires.
import type { Queryable } from '../database.ts';

export async function readSession(db: Queryable, id: string): Promise<unknown | undefined> {
  const [row] = await db.query<{ data: unknown }>(
    'select data from sessions where session_id = $1 and expires_at > now()',
    [id],
  );
  return row?.data;
}

export async function writeSession(db: Queryable, id: string, data: unknown, expiresAt: Date): Promise<void> {
  await db.query(
    `insert into sessions (session_id, data, expires_at) values ($1, $2, $3)
     on conflict (session_id) do update set data = excluded.data, expires_at = excluded.expires_at`,
    [id, JSON.stringify(data), expiresAt],
  );
}

export async function deleteSession(db: Queryable, id: string): Promise<void> {
  await db.query('delete from sessions where session_id = $1', [id]);
}

/** Ends every session of a user (password change, deactivation). */
export async function deleteSessionsOfUser(db: Queryable, userId: string): Promise<void> {
  await db.query(`delete from sessions where data->>'userId' = $1`, [userId]);
}

export async function purgeExpiredSessions(db: Queryable): Promise<number> {
  const rows = await db.query('delete from sessions where expires_at <= now() returning 1');
  return rows.length;
}
