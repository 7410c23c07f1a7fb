// Personal API tokens: stored by prefix and the SHA-256 of their secret, listed without it, revoked, and
// stamped with their last use.
import type { Queryable } from '../database.ts';

export interface ApiTokenRow {
  tokenId: string;
  userId: string;
  username: string;
  name: string;
  prefix: string;
  access: 'read' | 'write';
  expiresOn: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** The row with its hash, for checking a presented token. */
export interface ApiTokenSecretRow extends ApiTokenRow {
  secretHash: string;
}

const COLUMNS = `t.token_id as "tokenId", t.user_id as "userId", u.username, t.name, t.prefix, t.access,
  t.expires_on as "expiresOn", t.created_at as "createdAt", t.last_used_at as "lastUsedAt",
  t.revoked_at as "revokedAt"`;

export async function insertToken(
  db: Queryable,
  input: {
    userId: string;
    name: string;
    prefix: string;
    secretHash: string;
    access: 'read' | 'write';
    expiresOn: string | null;
    createdBy: string | null;
  },
): Promise<ApiTokenRow> {
  const [row] = await db.query<{ tokenId: string }>(
    `insert into api_tokens (user_id, name, prefix, secret_hash, access, expires_on, created_by)
     values ($1, $2, $3, $4, $5, $6, $7) returning token_id as "tokenId"`,
    [
      input.userId,
      input.name,
      input.prefix,
      input.secretHash,
      input.access,
      input.expiresOn,
      input.createdBy,
    ],
  );
  return (await getToken(db, row!.tokenId))!;
}

export async function getToken(db: Queryable, tokenId: string): Promise<ApiTokenRow | undefined> {
  const [row] = await db.query<ApiTokenRow>(
    `select ${COLUMNS} from api_tokens t join users u on u.user_id = t.user_id where t.token_id = $1`,
    [tokenId],
  );
  return row;
}

/** Tokens of one user, or of everyone (null), newest first. */
export async function listTokens(db: Queryable, userId: string | null): Promise<ApiTokenRow[]> {
  return db.query<ApiTokenRow>(
    `select ${COLUMNS} from api_tokens t join users u on u.user_id = t.user_id
     where $1::uuid is null or t.user_id = $1::uuid
     order by t.created_at desc, t.token_id`,
    [userId],
  );
}

export async function findByPrefix(db: Queryable, prefix: string): Promise<ApiTokenSecretRow | undefined> {
  const [row] = await db.query<ApiTokenSecretRow>(
    `select ${COLUMNS}, t.secret_hash as "secretHash"
     from api_tokens t join users u on u.user_id = t.user_id where t.prefix = $1`,
    [prefix],
  );
  return row;
}

export async function revokeToken(db: Queryable, tokenId: string, revokedBy: string | null): Promise<void> {
  await db.query(
    'update api_tokens set revoked_at = now(), revoked_by = $2 where token_id = $1 and revoked_at is null',
    [tokenId, revokedBy],
  );
}

export async function markUsed(db: Queryable, tokenId: string): Promise<void> {
  await db.query('update api_tokens set last_used_at = now() where token_id = $1', [tokenId]);
}
