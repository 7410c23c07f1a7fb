// The audit trail: append an entry to the hash chain, search it, and verify the chain end to end.
import { createHash } from 'node:crypto';
import { canonicalJson, toJsonValue, type JsonValue } from '../../domain/canonical-json.ts';
import type { Queryable } from '../database.ts';

/** prev_hash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);
/** Key of the advisory lock that makes writers of the audit log take turns (migrate.ts uses …210). */
const AUDIT_LOCK_KEY = 7_402_116_211;

export interface AuditInput {
  /** users.user_id of who acted; null or absent for the system. */
  actorId?: string | null;
  /** Their name at the time (the log reads on its own). */
  actorName: string;
  /** e.g. 'household.create', 'household.update', 'member.update', 'personal_data.read' */
  action: string;
  entityType: string;
  entityId?: string | null;
  householdId?: string | null;
  /** The commune or other unit the change concerns. */
  unitCode?: string | null;
  /** The entity before and after the change (any JSON-able value; bigint becomes decimal text). */
  before?: unknown;
  after?: unknown;
  reason?: string | null;
  /** When it happened; default: now, read from the application's clock once the lock is held. */
  at?: Date;
}

export interface AuditEntry {
  seq: number;
  at: Date;
  actorId: string | null;
  actorName: string;
  action: string;
  entityType: string;
  entityId: string | null;
  householdId: string | null;
  unitCode: string | null;
  before: JsonValue | null;
  after: JsonValue | null;
  reason: string | null;
  prevHash: string;
  hash: string;
}

type EntryContent = Omit<AuditEntry, 'prevHash' | 'hash'>;

const COLUMNS = `seq, at, actor_id as "actorId", actor_name as "actorName", action, entity_type as "entityType",
  entity_id as "entityId", household_id as "householdId", unit_code as "unitCode", "before", "after", reason,
  prev_hash as "prevHash", hash`;

type EntryRow = Omit<AuditEntry, 'seq'> & { seq: bigint | number };
const fromRow = (row: EntryRow): AuditEntry => ({ ...row, seq: Number(row.seq) });

/**
 * sha256 (hex) of the previous entry's hash followed by the canonical JSON of this entry's content.
 * `at` enters as its ISO text (millisecond precision: what both engines hand back for a timestamptz
 * written from a Date), so verification reproduces exactly the text hashed when writing.
 */
export function auditHash(prevHash: string, e: EntryContent): string {
  const content = {
    seq: e.seq,
    at: e.at.toISOString(),
    actor: { id: e.actorId, name: e.actorName },
    action: e.action,
    entity: { type: e.entityType, id: e.entityId },
    householdId: e.householdId,
    unitCode: e.unitCode,
    before: e.before,
    after: e.after,
    reason: e.reason,
  };
  return createHash('sha256')
    .update(prevHash + canonicalJson(content), 'utf8')
    .digest('hex');
}

/** A uuid as PostgreSQL prints it, so the hash is taken over what the table will hold. */
const uuidText = (id: string | null | undefined): string | null => (id ? id.toLowerCase() : null);

/** JSON for a jsonb parameter: arrays must go as text (see docs/database.md); null stays SQL null. */
const jsonParam = (v: JsonValue | null): string | null => (v === null ? null : JSON.stringify(v));

/**
 * Appends one entry. Call it inside the transaction of the change it records: the entry then
 * commits or rolls back with the change. Writers take turns on an advisory lock held to the end of
 * the transaction, so each entry links to the one committed before it and the chain never forks
 * (the primary key on seq would refuse a fork anyway).
 */
export async function recordAudit(db: Queryable, input: AuditInput): Promise<AuditEntry> {
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1::bigint)', [AUDIT_LOCK_KEY]);
    const [last] = await tx.query<{ seq: bigint; hash: string }>(
      'select seq, hash from audit_log order by seq desc limit 1',
    );
    const content: EntryContent = {
      seq: last ? Number(last.seq) + 1 : 1,
      at: input.at ?? new Date(),
      actorId: uuidText(input.actorId),
      actorName: input.actorName,
      action: input.action,
      entityType: input.entityType,
      entityId: input.entityId ?? null,
      householdId: uuidText(input.householdId),
      unitCode: input.unitCode ?? null,
      before: toJsonValue(input.before),
      after: toJsonValue(input.after),
      reason: input.reason ?? null,
    };
    const prevHash = last?.hash ?? GENESIS_HASH;
    const hash = auditHash(prevHash, content);
    const [row] = await tx.query<EntryRow>(
      `insert into audit_log (seq, at, actor_id, actor_name, action, entity_type, entity_id, household_id,
         unit_code, "before", "after", reason, prev_hash, hash)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11::jsonb, $12, $13, $14)
       returning ${COLUMNS}`,
      [
        content.seq,
        content.at,
        content.actorId,
        content.actorName,
        content.action,
        content.entityType,
        content.entityId,
        content.householdId,
        content.unitCode,
        jsonParam(content.before),
        jsonParam(content.after),
        content.reason,
        prevHash,
        hash,
      ],
    );
    const entry = fromRow(row!);
    // Never write an entry that verification would later call broken (a value that does not survive
    // the round trip through the table, e.g. a Date with sub-millisecond precision).
    if (auditHash(prevHash, entry) !== hash) {
      throw new Error(`audit entry ${content.seq} does not read back as written; nothing was recorded`);
    }
    return entry;
  });
}

/**
 * Appends many entries in one go (bulk changes such as imports): the same chain, hashes and read-back
 * check as recordAudit, with the lock taken once and the rows inserted a thousand per statement. Call it
 * inside the transaction of the changes it records. Returns how many entries were written.
 */
export async function recordAuditEntries(db: Queryable, inputs: readonly AuditInput[]): Promise<number> {
  if (inputs.length === 0) return 0;
  return db.transaction(async (tx) => {
    await tx.query('select pg_advisory_xact_lock($1::bigint)', [AUDIT_LOCK_KEY]);
    const [last] = await tx.query<{ seq: bigint; hash: string }>(
      'select seq, hash from audit_log order by seq desc limit 1',
    );
    let seq = last ? Number(last.seq) : 0;
    let prevHash = last?.hash ?? GENESIS_HASH;
    const now = new Date();
    for (let start = 0; start < inputs.length; start += 1000) {
      const entries: AuditEntry[] = inputs.slice(start, start + 1000).map((input) => {
        const content: EntryContent = {
          seq: ++seq,
          at: input.at ?? now,
          actorId: uuidText(input.actorId),
          actorName: input.actorName,
          action: input.action,
          entityType: input.entityType,
          entityId: input.entityId ?? null,
          householdId: uuidText(input.householdId),
          unitCode: input.unitCode ?? null,
          before: toJsonValue(input.before),
          after: toJsonValue(input.after),
          reason: input.reason ?? null,
        };
        const entry = { ...content, prevHash, hash: auditHash(prevHash, content) };
        prevHash = entry.hash;
        return entry;
      });
      // Read back what can change on the way through the table (the instant, the JSON), not the plain text.
      const rows = await tx.query<{
        seq: bigint;
        at: Date;
        before: JsonValue | null;
        after: JsonValue | null;
      }>(
        `insert into audit_log (seq, at, actor_id, actor_name, action, entity_type, entity_id, household_id,
           unit_code, "before", "after", reason, prev_hash, hash)
         select u.seq, u.at, u.actor_id, u.actor_name, u.action, u.entity_type, u.entity_id, u.household_id,
           u.unit_code, u.before::jsonb, u.after::jsonb, u.reason, u.prev_hash, u.hash
         from unnest($1::bigint[], $2::timestamptz[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[],
           $8::uuid[], $9::text[], $10::text[], $11::text[], $12::text[], $13::text[], $14::text[])
           as u(seq, at, actor_id, actor_name, action, entity_type, entity_id, household_id, unit_code, before,
                after, reason, prev_hash, hash)
         returning seq, at, "before", "after"`,
        [
          entries.map((e) => e.seq),
          entries.map((e) => e.at),
          entries.map((e) => e.actorId),
          entries.map((e) => e.actorName),
          entries.map((e) => e.action),
          entries.map((e) => e.entityType),
          entries.map((e) => e.entityId),
          entries.map((e) => e.householdId),
          entries.map((e) => e.unitCode),
          entries.map((e) => jsonParam(e.before)),
          entries.map((e) => jsonParam(e.after)),
          entries.map((e) => e.reason),
          entries.map((e) => e.prevHash),
          entries.map((e) => e.hash),
        ],
      );
      const written = new Map(entries.map((e) => [e.seq, e]));
      for (const row of rows) {
        const entry = written.get(Number(row.seq))!;
        const readBack = { ...entry, at: row.at, before: row.before, after: row.after };
        if (auditHash(entry.prevHash, readBack) !== entry.hash) {
          throw new Error(`audit entry ${entry.seq} does not read back as written; nothing was recorded`);
        }
      }
    }
    return inputs.length;
  });
}

export interface AuditSearch {
  householdId?: string;
  actorId?: string;
  /** One unit code or several (e.g. the communes a user may see). */
  unitCode?: string | readonly string[];
  entityType?: string;
  entityId?: string;
  action?: string;
  /** A day 'YYYY-MM-DD' in Vietnam's time (inclusive) or an instant (inclusive). */
  from?: string | Date;
  /** A day 'YYYY-MM-DD' in Vietnam's time (inclusive) or an instant (exclusive). */
  to?: string | Date;
  /** 1-based. */
  page: number;
  pageSize: number;
}

/** Entries matching every given filter, newest first, one page of them, and how many match in all. */
export async function searchAudit(
  db: Queryable,
  filter: AuditSearch,
): Promise<{ rows: AuditEntry[]; total: number }> {
  const where: string[] = [];
  const params: unknown[] = [];
  const param = (value: unknown): string => {
    params.push(value);
    return `$${params.length}`;
  };
  if (filter.householdId !== undefined) where.push(`household_id = ${param(filter.householdId)}::uuid`);
  if (filter.actorId !== undefined) where.push(`actor_id = ${param(filter.actorId)}::uuid`);
  if (typeof filter.unitCode === 'string') where.push(`unit_code = ${param(filter.unitCode)}`);
  else if (filter.unitCode !== undefined)
    where.push(`unit_code = any(${param([...filter.unitCode])}::text[])`);
  if (filter.entityType !== undefined) where.push(`entity_type = ${param(filter.entityType)}`);
  if (filter.entityId !== undefined) where.push(`entity_id = ${param(filter.entityId)}`);
  if (filter.action !== undefined) where.push(`action = ${param(filter.action)}`);
  // A day is cast to timestamptz at midnight in the session's time zone (Asia/Ho_Chi_Minh).
  if (typeof filter.from === 'string') where.push(`at >= ${param(filter.from)}::date`);
  else if (filter.from) where.push(`at >= ${param(filter.from)}::timestamptz`);
  if (typeof filter.to === 'string') where.push(`at < ${param(filter.to)}::date + 1`);
  else if (filter.to) where.push(`at < ${param(filter.to)}::timestamptz`);
  const whereSql = where.length ? `where ${where.join(' and ')}` : '';

  const page = Math.max(1, Math.floor(filter.page));
  const pageSize = Math.max(1, Math.floor(filter.pageSize));
  const [count] = await db.query<{ n: number }>(
    `select count(*)::int as n from audit_log ${whereSql}`,
    params,
  );
  const rows = await db.query<EntryRow>(
    `select ${COLUMNS} from audit_log ${whereSql}
     order by seq desc limit ${param(pageSize)} offset ${param((page - 1) * pageSize)}`,
    params,
  );
  return { rows: rows.map(fromRow), total: count?.n ?? 0 };
}

/** The last entry's number and hash (to note down: a chain cut short at its end only shows against it). */
export async function auditHead(db: Queryable): Promise<{ seq: number; hash: string } | undefined> {
  const [last] = await db.query<{ seq: bigint; hash: string }>(
    'select seq, hash from audit_log order by seq desc limit 1',
  );
  return last ? { seq: Number(last.seq), hash: last.hash } : undefined;
}

export type AuditBreak = 'hash_mismatch' | 'prev_hash_mismatch' | 'sequence_gap';

export type AuditVerification =
  | { ok: true; count: number }
  | {
      ok: false;
      /** Entries checked before the broken one. */
      count: number;
      firstBroken: { seq: number; reason: AuditBreak; expected: string; actual: string };
    };

/**
 * Walks the whole chain in seq order, `batchSize` entries at a time (constant memory), and names the
 * first entry that breaks it: a number out of sequence (an entry deleted before it), a prev_hash
 * that is not the previous entry's hash (an entry deleted, reordered or rewritten before it), or a
 * hash that is not that of its own content (the entry was changed).
 */
export async function verifyAuditChain(
  db: Queryable,
  options: { batchSize?: number } = {},
): Promise<AuditVerification> {
  const batchSize = Math.max(1, Math.floor(options.batchSize ?? 1000));
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  for (;;) {
    const rows = await db.query<EntryRow>(
      `select ${COLUMNS} from audit_log where seq >= $1 order by seq limit $2`,
      [expectedSeq, batchSize],
    );
    for (const row of rows) {
      const entry = fromRow(row);
      const broken = (reason: AuditBreak, expected: string, actual: string): AuditVerification => ({
        ok: false,
        count,
        firstBroken: { seq: entry.seq, reason, expected, actual },
      });
      if (entry.seq !== expectedSeq) return broken('sequence_gap', String(expectedSeq), String(entry.seq));
      if (entry.prevHash !== prevHash) return broken('prev_hash_mismatch', prevHash, entry.prevHash);
      const hash = auditHash(entry.prevHash, entry);
      if (entry.hash !== hash) return broken('hash_mismatch', hash, entry.hash);
      prevHash = entry.hash;
      expectedSeq += 1;
      count += 1;
    }
    if (rows.length < batchSize) return { ok: true, count };
  }
}
