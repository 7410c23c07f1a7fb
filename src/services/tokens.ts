// Personal API tokens for other systems (issue #13, part 6): created by their owner for themselves or by the
// administrator for anyone, listed without their secret, revoked by the owner or the administrator. A token
// acts as its user, with the user's role and scopes; a read token only reads. Every use is audited.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { users, type Queryable } from '../db/index.ts';
import * as tokens from '../db/queries/tokens.ts';
import type { ApiTokenRow } from '../db/queries/tokens.ts';
import { can } from '../domain/access/roles.ts';
import { authorId, loadActor, requirePermission, type Actor } from './actor.ts';
import { recordAudit } from './audit.ts';
import { AppError } from './errors.ts';

export type TokenAccess = 'read' | 'write';

export interface TokenView {
  tokenId: string;
  userId: string;
  username: string;
  name: string;
  access: TokenAccess;
  /** `gn_<prefix>_…`: enough to recognise the token, never the secret. */
  prefix: string;
  expiresOn: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  state: 'active' | 'expired' | 'revoked';
}

export interface NewTokenInput {
  /** Whose token: the actor's own when neither is given; someone else's needs users.manage. */
  userId?: string;
  username?: string;
  name: string;
  access: TokenAccess;
  /** Last day the token works; none: until revoked. */
  expiresOn?: string | null;
  /** The request itself came with an API token: refused, a token does not make tokens. */
  throughToken?: boolean;
}

const TOKEN_SHAPE = /^gn_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$/;

const INVALID_TOKEN = {
  vi: 'Mã truy cập API không hợp lệ, đã hết hạn, đã bị thu hồi hoặc tài khoản đã bị khoá',
  en: 'The API token is invalid, expired or revoked, or its account is disabled',
};
const READ_ONLY = {
  vi: 'Mã truy cập API này chỉ được đọc: chỉ chấp nhận yêu cầu GET, không được thay đổi dữ liệu',
  en: 'This API token is read-only: only GET requests are accepted, no data may be changed',
};
const NOT_THROUGH_TOKEN = {
  vi: 'Không thể tạo mã truy cập API bằng một mã truy cập API; hãy đăng nhập',
  en: 'An API token cannot create API tokens; sign in instead',
};

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

function stateOf(row: ApiTokenRow, today: string): TokenView['state'] {
  if (row.revokedAt) return 'revoked';
  if (row.expiresOn && row.expiresOn < today) return 'expired';
  return 'active';
}

function view(row: ApiTokenRow, today: string): TokenView {
  return {
    tokenId: row.tokenId,
    userId: row.userId,
    username: row.username,
    name: row.name,
    access: row.access,
    prefix: `gn_${row.prefix}_…`,
    expiresOn: row.expiresOn,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
    state: stateOf(row, today),
  };
}

const managesUsers = (actor: Actor) => can(actor.role, 'users.manage');

/** Creates a token and returns it with its full text, shown this once and never again. */
export async function createToken(
  db: Queryable,
  actor: Actor,
  input: NewTokenInput,
  today: string,
): Promise<TokenView & { token: string }> {
  if (input.throughToken) throw new AppError('FORBIDDEN', [], undefined, NOT_THROUGH_TOKEN);
  const target = input.userId
    ? await users.getUser(db, input.userId)
    : input.username
      ? await users.findForLogin(db, input.username)
      : await users.getUser(db, actor.userId);
  if (!target || target.userId !== actor.userId) requirePermission(actor, 'users.manage');
  if (!target) throw new AppError('NOT_FOUND');
  if (!target.active)
    throw new AppError('RULE_VIOLATION', [], undefined, {
      vi: 'Tài khoản đã bị khoá: không thể tạo mã truy cập API',
      en: 'The account is disabled: no API token can be created for it',
    });
  const name = input.name.trim();
  if (!name || name.length > 120)
    throw new AppError('VALIDATION_FAILED', [
      { path: 'name', message: { vi: 'từ 1 đến 120 ký tự', en: '1 to 120 characters' } },
    ]);
  const expiresOn = input.expiresOn ?? null;
  if (expiresOn && expiresOn < today)
    throw new AppError('VALIDATION_FAILED', [
      {
        path: 'expiresOn',
        message: { vi: 'ngày hết hạn đã qua', en: 'the expiry date is in the past' },
      },
    ]);
  const prefix = randomBytes(6).toString('hex');
  const secret = randomBytes(32).toString('base64url');
  return db.transaction(async (tx) => {
    const row = await tokens.insertToken(tx, {
      userId: target.userId,
      name,
      prefix,
      secretHash: sha256(secret),
      access: input.access,
      expiresOn,
      createdBy: authorId(actor),
    });
    await recordAudit(tx, actor, {
      action: 'token.create',
      entityType: 'api_token',
      entityId: row.tokenId,
      after: {
        userId: target.userId,
        username: target.username,
        name,
        access: input.access,
        expiresOn,
        prefix,
      },
    });
    return { ...view(row, today), token: `gn_${prefix}_${secret}` };
  });
}

/** The actor's own tokens; every token for the administrator. */
export async function listTokens(db: Queryable, actor: Actor, today: string): Promise<TokenView[]> {
  const rows = await tokens.listTokens(db, managesUsers(actor) ? null : actor.userId);
  return rows.map((r) => view(r, today));
}

/** Revokes a token of the actor's own, or any token for the administrator (404 for anyone else's). */
export async function revokeToken(
  db: Queryable,
  actor: Actor,
  tokenId: string,
  today: string,
): Promise<TokenView> {
  return db.transaction(async (tx) => {
    const row = await tokens.getToken(tx, tokenId);
    if (!row || (row.userId !== actor.userId && !managesUsers(actor))) throw new AppError('NOT_FOUND');
    if (row.revokedAt) return view(row, today);
    await tokens.revokeToken(tx, tokenId, authorId(actor));
    await recordAudit(tx, actor, {
      action: 'token.revoke',
      entityType: 'api_token',
      entityId: tokenId,
      before: { userId: row.userId, username: row.username, name: row.name, access: row.access },
    });
    return view((await tokens.getToken(tx, tokenId))!, today);
  });
}

/**
 * A request presenting a token: the token's user as the actor (a read token with no write scope), the use
 * audited once with the method and route. 401 for an unknown, revoked or expired token or a disabled account;
 * 403 (audited too) for a read token on anything but GET or HEAD.
 */
export async function useToken(
  db: Queryable,
  presented: string,
  request: { method: string; route: string },
  today: string,
): Promise<Actor> {
  const m = TOKEN_SHAPE.exec(presented.trim());
  const row = m ? await tokens.findByPrefix(db, m[1]!) : undefined;
  const expected = row ? Buffer.from(row.secretHash, 'hex') : Buffer.alloc(32);
  const given = Buffer.from(sha256(m?.[2] ?? ''), 'hex');
  const matches = timingSafeEqual(expected, given) && !!row;
  if (!row || !matches || stateOf(row, today) !== 'active')
    throw new AppError('UNAUTHENTICATED', [], undefined, INVALID_TOKEN);
  const user = await loadActor(db, row.userId);
  if (!user) throw new AppError('UNAUTHENTICATED', [], undefined, INVALID_TOKEN);
  const refused = row.access === 'read' && request.method !== 'GET' && request.method !== 'HEAD';
  // A read token cannot change anything, whatever the route: its actor has no write scope at all.
  const actor: Actor =
    row.access === 'read' ? { ...user, write: { all: false, units: [], villageIds: [] } } : user;
  await db.transaction(async (tx) => {
    await tokens.markUsed(tx, row.tokenId);
    await recordAudit(tx, actor, {
      action: 'token.use',
      entityType: 'api_token',
      entityId: row.tokenId,
      after: { method: request.method, route: request.route, ...(refused ? { refused: 'read_only' } : {}) },
    });
  });
  if (refused) throw new AppError('FORBIDDEN', [], undefined, READ_ONLY);
  return actor;
}
