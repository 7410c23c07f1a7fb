// The audit trail: append an entry to its hash chain (one per province and a national one, ADR 0011),
// search the entries, and verify every chain end to end.
import { createHash } from 'node:crypto';
import { canonicalJson, jsonValueAndText, toJsonValue, type JsonValue } from '../../domain/canonical-json.ts';
import type { Queryable } from '../database.ts';

/** prev_hash of the first entry. */
export const GENESIS_HASH = '0'.repeat(64);
/**
 * First key of the two-key advisory lock that makes the writers of one chain take turns; the second key is
 * hashtext(chain). Two-key locks never meet the one-key locks of migrate.ts. Two chains whose names hash
 * alike would share a lock: they would only take turns, never fork.
 */
const AUDIT_LOCK_CLASS = 740_211_621;
/** The chain of entries whose unit is in no province (the system's set-up, users, national lists). */
export const NATIONAL_CHAIN = '';

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
  /** The province code of the entry's unit, or '' (the national chain). */
  chain: string;
  /** The entry's number within its chain. */
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

/**
 * The action of an import's batch entry: one entry for the households an import batch wrote in one
 * commune (issue #14: an entry per household was two thirds of an import's writing). Its hash on the chain
 * covers every household's part; the household's history finds it by `householdIds` (a GIN index,
 * migration 0017) and shows the household's part alone (searchAudit).
 */
export const IMPORT_BATCH_ACTION = 'household.import';

/** What an import wrote to one household, as its batch entry holds it. */
export interface CoveredHousehold {
  /** The household's id (lower case, as the table prints a uuid). */
  id: string;
  /** What the entry records for it, as an entry of its own would have: created, changed, or results only. */
  action: 'household.create' | 'household.update' | 'assessment.create';
  before?: Record<string, unknown>;
  after: Record<string, unknown>;
}

/** The `after` of a batch entry. */
export interface ImportBatchAfter {
  file: string;
  /** The batch's first household, counted in the file's order from 1. */
  from: number;
  /** The ids of `households`, in their order: what the index and the household's history search. */
  householdIds: string[];
  households: CoveredHousehold[];
}

const COLUMNS = `chain, seq, at, actor_id as "actorId", actor_name as "actorName", action, entity_type as "entityType",
  entity_id as "entityId", household_id as "householdId", unit_code as "unitCode", "before", "after", reason,
  prev_hash as "prevHash", hash`;

type EntryRow = Omit<AuditEntry, 'seq'> & { seq: bigint | number };
const fromRow = (row: EntryRow): AuditEntry => ({ ...row, seq: Number(row.seq) });

/**
 * sha256 (hex) of the previous entry's hash followed by the canonical JSON of this entry's content.
 * `at` enters as its ISO text (millisecond precision: what both engines hand back for a timestamptz
 * written from a Date), so verification reproduces exactly the text hashed when writing. A province's
 * chain enters the content (an entry moved to another chain no longer verifies); the national chain does
 * not, so the entries written before there were several chains keep their hashes.
 */
export function auditHash(prevHash: string, e: EntryContent): string {
  return hashOfTexts(prevHash, e, canonicalJson(e.before), canonicalJson(e.after));
}

/**
 * auditHash with the canonical texts of `before` and `after` given (worked out ahead, off the writing's
 * path: an import batch's `after` is a megabyte). The content's own keys are few and fixed, so its canonical
 * text is written here in their code-unit order — action, actor {id, name}, after, at, before, chain (not
 * for the national chain), entity {id, type}, householdId, reason, seq, unitCode — with the two texts
 * spliced in; test/db/audit-hash.test.ts holds it equal to canonicalJson of the content as an object.
 */
function hashOfTexts(prevHash: string, e: EntryContent, beforeText: string, afterText: string): string {
  const j = JSON.stringify;
  const chain = e.chain === NATIONAL_CHAIN ? '' : `"chain":${j(e.chain)},`;
  const head = `{"action":${j(e.action)},"actor":{"id":${j(e.actorId)},"name":${j(e.actorName)}},"after":`;
  const middle = `,"at":${j(e.at.toISOString())},"before":`;
  const tail =
    `,${chain}"entity":{"id":${j(e.entityId)},"type":${j(e.entityType)}},"householdId":${j(e.householdId)},` +
    `"reason":${j(e.reason)},"seq":${j(e.seq)},"unitCode":${j(e.unitCode)}}`;
  return createHash('sha256')
    .update(prevHash + head, 'utf8')
    .update(afterText, 'utf8')
    .update(middle, 'utf8')
    .update(beforeText, 'utf8')
    .update(tail, 'utf8')
    .digest('hex');
}

/**
 * An entry to record whose before and after are already JSON values and canonical texts: an import works
 * them out while the server writes the batch before (prepareAuditInput), so that recording the entry only
 * hashes and inserts.
 */
export interface PreparedAuditInput extends AuditInput {
  readonly json: { before: JsonValue | null; after: JsonValue | null; beforeText: string; afterText: string };
}

export function prepareAuditInput(input: AuditInput): PreparedAuditInput {
  // Not copied when already plain JSON with keys in order (an import builds its batch's entry so).
  const before = jsonValueAndText(input.before);
  const after = jsonValueAndText(input.after);
  return {
    ...input,
    json: { before: before.value, after: after.value, beforeText: before.text, afterText: after.text },
  };
}

/** An entry's content: the input as the table will hold it, numbered on its chain (`at`: when it has none). */
function entryContent(
  input: AuditInput,
  chain: string,
  seq: number,
  at: Date,
  json: { before: JsonValue | null; after: JsonValue | null },
): EntryContent {
  return {
    chain,
    seq,
    at: input.at ?? at,
    actorId: uuidText(input.actorId),
    actorName: input.actorName,
    action: input.action,
    entityType: input.entityType,
    entityId: input.entityId ?? null,
    householdId: uuidText(input.householdId),
    unitCode: input.unitCode ?? null,
    before: json.before,
    after: json.after,
    reason: input.reason ?? null,
  };
}

/** A uuid as PostgreSQL prints it, so the hash is taken over what the table will hold. */
const uuidText = (id: string | null | undefined): string | null => (id ? id.toLowerCase() : null);

/** JSON for a jsonb parameter: arrays must go as text (see docs/database.md); null stays SQL null. */
const jsonParam = (v: JsonValue | null): string | null => (v === null ? null : JSON.stringify(v));

/**
 * The chain of each unit code: the code of the province above the unit's latest version (the unit itself
 * for a province), or the national chain for no unit or a code that is not a unit.
 */
export async function chainsOf(
  db: Queryable,
  unitCodes: readonly (string | null | undefined)[],
): Promise<Map<string | null, string>> {
  const codes = [...new Set(unitCodes.filter((c): c is string => !!c))];
  const chains = new Map<string | null, string>([[null, NATIONAL_CHAIN]]);
  for (const c of codes) chains.set(c, NATIONAL_CHAIN);
  if (codes.length === 0) return chains;
  const rows = await db.query<{ code: string; province: string }>(
    `with recursive up as (
       select u.code as start, u.code, u.level, u.parent_code, u.parent_valid_from
       from (select distinct on (code) code, level, parent_code, parent_valid_from from admin_units
             where code = any($1::text[]) order by code, valid_from desc) u
       union all
       select up.start, p.code, p.level, p.parent_code, p.parent_valid_from
       from up join admin_units p on p.code = up.parent_code and p.valid_from = up.parent_valid_from
     )
     select start as code, code as province from up where level = 'province'`,
    [codes],
  );
  for (const r of rows) chains.set(r.code, r.province);
  return chains;
}

/** Takes the chains' locks, in one order, to the end of the transaction; returns each chain's last entry. */
async function lockChains(
  tx: Queryable,
  chains: readonly string[],
): Promise<Map<string, { seq: number; hash: string }>> {
  const last = new Map<string, { seq: number; hash: string }>();
  for (const chain of [...new Set(chains)].sort()) {
    await tx.query('select pg_advisory_xact_lock($1::int, hashtext($2::text))', [AUDIT_LOCK_CLASS, chain]);
    const [row] = await tx.query<{ seq: bigint; hash: string }>(
      'select seq, hash from audit_log where chain = $1 order by seq desc limit 1',
      [chain],
    );
    last.set(chain, row ? { seq: Number(row.seq), hash: row.hash } : { seq: 0, hash: GENESIS_HASH });
  }
  return last;
}

/**
 * Appends one entry to the chain of its unit's province. Call it inside the transaction of the change it
 * records: the entry then commits or rolls back with the change. Writers of one chain take turns on an
 * advisory lock held to the end of the transaction, so each entry links to the one committed before it
 * in its chain and the chain never forks (the primary key on chain and seq would refuse a fork anyway);
 * writers of other provinces do not wait for them.
 */
export async function recordAudit(db: Queryable, input: AuditInput): Promise<AuditEntry> {
  return db.transaction(async (tx) => {
    const chain = (await chainsOf(tx, [input.unitCode])).get(input.unitCode ?? null)!;
    const last = (await lockChains(tx, [chain])).get(chain)!;
    const content = entryContent(input, chain, last.seq + 1, new Date(), {
      before: toJsonValue(input.before),
      after: toJsonValue(input.after),
    });
    const prevHash = last.hash;
    const hash = auditHash(prevHash, content);
    const [row] = await tx.query<EntryRow>(
      `insert into audit_log (seq, at, actor_id, actor_name, action, entity_type, entity_id, household_id,
         unit_code, "before", "after", reason, prev_hash, hash, chain)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::jsonb, $11::jsonb, $12, $13, $14, $15)
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
        chain,
      ],
    );
    const entry = fromRow(row!);
    // Never write an entry that verification would later call broken (a value that does not survive
    // the round trip through the table, e.g. a Date with sub-millisecond precision).
    if (auditHash(prevHash, entry) !== hash) {
      throw new Error(
        `audit entry ${chainLabel(chain)} #${content.seq} does not read back as written; nothing was recorded`,
      );
    }
    return entry;
  });
}

/**
 * Appends many entries in one go (bulk changes such as imports): the same chains, hashes and read-back
 * check as recordAudit, each chain's lock taken once (in one order) and the rows inserted a thousand per
 * statement. Call it inside the transaction of the changes it records. Returns how many entries were written.
 */
export async function recordAuditEntries(
  db: Queryable,
  given: readonly (AuditInput | PreparedAuditInput)[],
): Promise<number> {
  if (given.length === 0) return 0;
  const inputs = given.map((i) => ('json' in i ? i : prepareAuditInput(i)));
  return db.transaction(async (tx) => {
    const held = await holdAuditChains(
      tx,
      inputs.map((i) => i.unitCode),
    );
    await insertSealedEntries(tx, sealAuditEntries(held, inputs, new Date()));
    return inputs.length;
  });
}

/**
 * The chains of some units, locked to the end of the transaction, with each chain's last entry as
 * entries are sealed onto it. A bulk writer that records in several steps of one transaction (an import,
 * batch after batch) holds them once: sealing then needs no statement, so a batch's entries are numbered
 * and hashed while the server still writes the batch before.
 */
export interface HeldAuditChains {
  readonly chainOf: ReadonlyMap<string | null, string>;
  readonly heads: Map<string, { seq: number; hash: string }>;
}

/** Locks the chains of these units (see recordAudit) and reads their last entries. */
export async function holdAuditChains(
  tx: Queryable,
  unitCodes: Iterable<string | null | undefined>,
): Promise<HeldAuditChains> {
  const chainOf = await chainsOf(tx, [...unitCodes]);
  return { chainOf, heads: await lockChains(tx, [...new Set(chainOf.values())]) };
}

/** An entry numbered and hashed onto its chain, ready to insert. */
export interface SealedAuditEntry extends AuditEntry {
  readonly json: PreparedAuditInput['json'];
}

/**
 * Numbers and hashes entries onto held chains, in the order given (no I/O). The held heads move on: the
 * entries must then be inserted in the same transaction, in this order, before anything else writes to
 * those chains. `now` is the instant of entries without their own.
 */
export function sealAuditEntries(
  held: HeldAuditChains,
  inputs: readonly PreparedAuditInput[],
  now: Date,
): SealedAuditEntry[] {
  return inputs.map((input) => {
    const chain = held.chainOf.get(input.unitCode ?? null);
    if (chain === undefined) throw new Error(`audit chain of unit ${input.unitCode} is not held`);
    const head = held.heads.get(chain)!;
    const prevHash = head.hash;
    const content = entryContent(input, chain, head.seq + 1, now, input.json);
    const hash = hashOfTexts(prevHash, content, input.json.beforeText, input.json.afterText);
    head.seq = content.seq;
    head.hash = hash;
    return { ...content, prevHash, hash, json: input.json };
  });
}

/**
 * Inserts sealed entries, a thousand per statement, and checks that each reads back as it was hashed
 * (never an entry that verification would later call broken); a failure leaves the transaction to roll back.
 */
export async function insertSealedEntries(tx: Queryable, sealed: readonly SealedAuditEntry[]): Promise<void> {
  for (let start = 0; start < sealed.length; start += 1000) {
    const entries = sealed.slice(start, start + 1000);
    // What the table holds is compared there with what was sent (the instant, the JSON as values: jsonb
    // equality leaves key order aside, as the hash does), and only the verdict comes back: reading the JSON
    // back was a megabyte per import batch to print and parse. The JSON texts sent are the hashed ones, and
    // jsonb reads JSON.stringify's text as the same values; what can differ is what happens on the way in.
    const rows = await tx.query<{ chain: string; seq: bigint; same: boolean }>(
      `with given as (
         select u.seq, u.at, u.actor_id, u.actor_name, u.action, u.entity_type, u.entity_id, u.household_id,
           u.unit_code, nullif(j.value -> 0, 'null') as "before", nullif(j.value -> 1, 'null') as "after", u.reason,
           u.prev_hash, u.hash, u.chain
         from unnest($1::bigint[], $2::timestamptz[], $3::uuid[], $4::text[], $5::text[], $6::text[], $7::text[],
           $8::uuid[], $9::text[], $11::text[], $12::text[], $13::text[], $14::text[]) with ordinality
           as u(seq, at, actor_id, actor_name, action, entity_type, entity_id, household_id, unit_code, reason,
                prev_hash, hash, chain, n)
         join jsonb_array_elements($10::jsonb) with ordinality as j(value, n) on j.n = u.n
       ), written as (
         insert into audit_log (seq, at, actor_id, actor_name, action, entity_type, entity_id, household_id,
           unit_code, "before", "after", reason, prev_hash, hash, chain)
         select seq, at, actor_id, actor_name, action, entity_type, entity_id, household_id, unit_code, "before",
           "after", reason, prev_hash, hash, chain
         from given
         returning chain, seq, at, "before", "after"
       )
       select g.chain, g.seq, coalesce(w.at = g.at and w."before" is not distinct from g."before"
         and w."after" is not distinct from g."after", false) as same
       from given g left join written w on w.chain = g.chain and w.seq = g.seq`,
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
        // Each entry's before and after as one JSON array of pairs, not two text arrays: the JSON texts
        // are joined as they are, where an array parameter escapes every quote in them (an import
        // batch's entry is about a megabyte of JSON).
        `[${entries.map((e) => `[${e.json.beforeText},${e.json.afterText}]`).join(',')}]`,
        entries.map((e) => e.reason),
        entries.map((e) => e.prevHash),
        entries.map((e) => e.hash),
        entries.map((e) => e.chain),
      ],
    );
    const broken = rows.find((row) => !row.same);
    if (broken || rows.length !== entries.length) {
      const label = broken ? `${chainLabel(broken.chain)} #${Number(broken.seq)}` : 'of the batch';
      throw new Error(`audit entry ${label} does not read back as written; nothing was recorded`);
    }
  }
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

/**
 * Entries matching every given filter, newest first (by time, then by number within a chain), one page
 * of them, and how many match in all.
 */
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
  // A household's entries are its own and the import batches that cover it; the batch's part for the
  // household is read out of the entry here, so that a batch of a thousand households is not sent whole.
  let covered = 'null::jsonb';
  if (filter.householdId !== undefined) {
    const id = param(filter.householdId.toLowerCase());
    where.push(
      `(household_id = ${id}::text::uuid or (action = '${IMPORT_BATCH_ACTION}' and "after" -> 'householdIds' @> jsonb_build_array(${id}::text)))`,
    );
    covered = `case when action = '${IMPORT_BATCH_ACTION}' then
      (select h from jsonb_array_elements("after" -> 'households') h where h ->> 'id' = ${id}::text limit 1) end`;
  }
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
  // Listed without a household, a batch entry shows which households it covers, not all they received
  // (a thousand households' members would make one page of the log megabytes long).
  const columns = COLUMNS.replace(
    '"after"',
    `case when action = '${IMPORT_BATCH_ACTION}' then "after" - 'households' else "after" end as "after"`,
  );
  const rows = await db.query<EntryRow & { covered: CoveredHousehold | null }>(
    `select ${columns}, ${covered} as covered from audit_log ${whereSql}
     order by at desc, seq desc, chain limit ${param(pageSize)} offset ${param((page - 1) * pageSize)}`,
    params,
  );
  return {
    rows: rows.map(({ covered, ...row }) => coveredPart(fromRow(row), covered)),
    total: count?.n ?? 0,
  };
}

/**
 * A household's part of an import batch entry, shown as the entry of its own it stands for (action,
 * record, before and after); the chain, number and hashes stay the batch entry's, which they verify.
 */
function coveredPart(entry: AuditEntry, covered: CoveredHousehold | null): AuditEntry {
  if (!covered) return entry;
  return {
    ...entry,
    action: covered.action,
    entityType: 'household',
    entityId: covered.id,
    householdId: covered.id,
    before: (covered.before as JsonValue | undefined) ?? null,
    after: covered.after as JsonValue,
  };
}

/** How a chain is named in messages: its province code, or 'national'. */
export const chainLabel = (chain: string): string => (chain === NATIONAL_CHAIN ? 'national' : chain);

/**
 * A chain's last entry's number and hash (to note down: a chain cut short at its end only shows against
 * it); the national chain unless another is named.
 */
export async function auditHead(
  db: Queryable,
  chain: string = NATIONAL_CHAIN,
): Promise<{ seq: number; hash: string } | undefined> {
  const [last] = await db.query<{ seq: bigint; hash: string }>(
    'select seq, hash from audit_log where chain = $1 order by seq desc limit 1',
    [chain],
  );
  return last ? { seq: Number(last.seq), hash: last.hash } : undefined;
}

/** The chains there are, in order, each with its last entry. */
export async function auditHeads(db: Queryable): Promise<{ chain: string; seq: number; hash: string }[]> {
  const rows = await db.query<{ chain: string; seq: bigint; hash: string }>(
    `select distinct on (chain) chain, seq, hash from audit_log order by chain, seq desc`,
  );
  return rows.map((r) => ({ chain: r.chain, seq: Number(r.seq), hash: r.hash }));
}

export type AuditBreak = 'hash_mismatch' | 'prev_hash_mismatch' | 'sequence_gap' | 'covered_mismatch';

/**
 * Whether an import batch entry's list of household ids (what the households' histories search) names
 * exactly its households' parts, in order, each once: else a household's part could be hidden from its
 * history although the entry's hash holds. Returns the first disagreement, or null.
 */
export function coveredMismatch(after: JsonValue | null): { expected: string; actual: string } | null {
  const a = after as Partial<ImportBatchAfter> | null;
  const ids = Array.isArray(a?.householdIds) ? a.householdIds : null;
  const parts = Array.isArray(a?.households) ? a.households.map((h) => h?.id) : null;
  const expected = JSON.stringify(parts);
  const actual = JSON.stringify(ids);
  if (!ids || !parts || expected !== actual || new Set(ids).size !== ids.length) return { expected, actual };
  return null;
}

export type AuditVerification =
  | {
      ok: true;
      /** Entries checked, in all chains. */
      count: number;
      /** Each chain checked, in order, with its entries and its last entry. */
      chains: { chain: string; count: number; head: { seq: number; hash: string } }[];
    }
  | {
      ok: false;
      /** Entries of the broken chain checked before the broken one. */
      count: number;
      firstBroken: { chain: string; seq: number; reason: AuditBreak; expected: string; actual: string };
    };

/**
 * Walks every chain (the national one and each province's) in seq order, `batchSize` entries at a time
 * (constant memory), and names the first entry that breaks one: a number out of sequence (an entry
 * deleted before it), a prev_hash that is not the previous entry's hash (an entry deleted, reordered or
 * rewritten before it), or a hash that is not that of its own content (the entry was changed or moved to
 * another chain). Chains are checked in order and the first broken one is reported; `chain` checks one.
 */
export async function verifyAuditChain(
  db: Queryable,
  options: { batchSize?: number; chain?: string; pageBytes?: number } = {},
): Promise<AuditVerification> {
  const chains =
    options.chain !== undefined
      ? [options.chain]
      : (await db.query<{ chain: string }>('select distinct chain from audit_log order by chain')).map(
          (r) => r.chain,
        );
  const checked: { chain: string; count: number; head: { seq: number; hash: string } }[] = [];
  let total = 0;
  for (const chain of chains) {
    const result = await verifyOneChain(
      db,
      chain,
      options.batchSize ?? 1000,
      options.pageBytes ?? PAGE_BYTES,
    );
    if (!result.ok) return result;
    total += result.count;
    if (result.count > 0) checked.push({ chain, count: result.count, head: result.head });
  }
  return { ok: true, count: total, chains: checked };
}

/** About how many bytes of entries (as stored) the verifier reads at a time, unless told (pageBytes). */
const PAGE_BYTES = 16 * 2 ** 20;

async function verifyOneChain(
  db: Queryable,
  chain: string,
  size: number,
  pageBytes: number,
): Promise<
  { ok: true; count: number; head: { seq: number; hash: string } } | Extract<AuditVerification, { ok: false }>
> {
  const batchSize = Math.max(1, Math.floor(size));
  let expectedSeq = 1;
  let prevHash = GENESIS_HASH;
  let count = 0;
  for (;;) {
    // At most batchSize entries, and no more than about pageBytes of them (an import's batch entry holds a
    // thousand households), so that memory stays bounded whatever the entries hold.
    const rows = await db.query<EntryRow>(
      `with page as (
         select seq, sum(pg_column_size("after")) over (order by seq) as bytes
         from audit_log where chain = $1 and seq >= $2 order by seq limit $3)
       select ${COLUMNS} from audit_log
       where chain = $1 and seq >= $2
         and seq <= (select max(seq) from page where bytes <= $4 or seq = (select min(seq) from page))
       order by seq`,
      [chain, expectedSeq, batchSize, pageBytes],
    );
    for (const row of rows) {
      const entry = fromRow(row);
      const broken = (
        reason: AuditBreak,
        expected: string,
        actual: string,
      ): Extract<AuditVerification, { ok: false }> => ({
        ok: false,
        count,
        firstBroken: { chain, seq: entry.seq, reason, expected, actual },
      });
      if (entry.seq !== expectedSeq) return broken('sequence_gap', String(expectedSeq), String(entry.seq));
      if (entry.prevHash !== prevHash) return broken('prev_hash_mismatch', prevHash, entry.prevHash);
      const hash = auditHash(entry.prevHash, entry);
      if (entry.hash !== hash) return broken('hash_mismatch', hash, entry.hash);
      if (entry.action === IMPORT_BATCH_ACTION) {
        const mismatch = coveredMismatch(entry.after);
        if (mismatch) return broken('covered_mismatch', mismatch.expected, mismatch.actual);
      }
      prevHash = entry.hash;
      expectedSeq += 1;
      count += 1;
    }
    if (rows.length === 0) return { ok: true, count, head: { seq: expectedSeq - 1, hash: prevHash } };
  }
}
