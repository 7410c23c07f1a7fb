// Writes a checked import a batch of households at a time: households and members created or changed
// (unchanged ones left alone), Phiếu B results recorded unless equal to the current one, and one audit entry
// per batch and commune ('household.import') that holds what was written to each of its households: its
// hash on the chain covers them all, and the household's audit history still lists it (searchAudit reads
// the household's part out of it); one entry per household was two thirds of the writing (issue #14).
// On PostgreSQL the whole file is one transaction — all or nothing — while other users go on reading and
// writing beside it. The embedded engine has one connection, which a transaction holds alone (issue #15:
// another user waited 40,2 s behind an import), so there each batch is a short transaction of its own and
// the import steps aside between batches for the requests waiting: each batch is all or nothing with its
// audit entries, and an import stopped midway (a conflict, a crash) is completed by importing the same
// file again, which writes only what is missing.
import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Queryable, Transaction } from '../../db/index.ts';
import type {
  AuditInput,
  CoveredHousehold,
  HeldAuditChains,
  ImportBatchAfter,
  SealedAuditEntry,
} from '../../db/queries/audit.ts';
import {
  holdAuditChains,
  IMPORT_BATCH_ACTION,
  insertSealedEntries,
  prepareAuditInput,
  recordAuditEntries,
  sealAuditEntries,
} from '../../db/queries/audit.ts';
import * as q from '../../db/queries/imports.ts';
import { HOUSEHOLD_FIELDS } from '../../domain/field/changes.ts';
import { MEMBER_VALUE_KEYS } from '../../domain/imports/columns.ts';
import type { ImportError } from '../../domain/imports/rows.ts';
import type { CheckedFormB } from './check.ts';
import type { Collector, HouseholdEntry, MemberEntry } from './collect.ts';
import { refreshRollupsOfCommunes } from '../figures-freshness.ts';
import { defaultRuleBook } from '../../rules-loader/load-rule-book.ts';

export interface ImportCounts {
  households: { created: number; updated: number; unchanged: number };
  members: { created: number; updated: number; unchanged: number };
  assessments: { recorded: number; unchanged: number };
}

export interface WriteActor {
  actorId: string | null;
  actorName: string;
  /** Stored as assessments' recorded_by. */
  username: string | null;
}

export interface WriteInput {
  collected: Collector;
  formB: CheckedFormB[];
  actor: WriteActor;
  today: string;
  filename: string;
  importId: string;
  batchSize: number;
  /** Commit each batch on its own and yield between batches (the embedded engine); else one transaction. */
  perBatch?: boolean;
  onProgress: (done: number, total: number) => void;
}

/** What one batch writes, worked out before any of it is written. */
interface PreparedBatch {
  newHouseholds: q.NewHousehold[];
  changedHouseholds: (q.NewHousehold & { previousVillageId: string })[];
  bumped: string[];
  newMembers: q.MemberValues[];
  changedMembers: q.MemberValues[];
  newAssessments: q.NewAssessment[];
  audit: SealedAuditEntry[];
}

/** What a batch's households hold now (read before the batch is worked out). */
interface BatchReads {
  ids: string[];
  stored: Map<string, q.StoredHousehold>;
  storedMembers: Map<string, Map<number, q.StoredMember>>;
  current: Map<string, q.CurrentAssessment>;
}

/** Households worked out between two turns of the event loop (see planBatch). */
const HOUSEHOLDS_PER_TURN = 100;

/** Data changed between the checks and the writing (someone dissolved a household meanwhile…). */
export class ImportConflict extends Error {
  /**
   * @param written households of the file already written when the conflict stopped the import (the
   *   embedded engine writes batch by batch; 0 when nothing was, as always in one transaction), of `total`
   */
  constructor(
    readonly error: ImportError,
    readonly written = 0,
    readonly total = 0,
  ) {
    super(error.message.en);
  }
}

type HouseholdValues = q.NewHousehold;
const HOUSEHOLD_KEYS = ['villageId', ...HOUSEHOLD_FIELDS] as const;
const MEMBER_KEYS = MEMBER_VALUE_KEYS satisfies readonly (keyof q.MemberValues)[];

function householdValues(h: HouseholdEntry, stored: q.StoredHousehold | undefined): HouseholdValues {
  const f = h.fields;
  const pick = <
    K extends
      | 'address'
      | 'ethnicity'
      | 'isEthnicMinority'
      | 'personOfMerit'
      | 'socialProtection'
      | 'noLabourCapacity',
  >(
    key: K,
    fallback: HouseholdValues[K],
  ): HouseholdValues[K] =>
    h.present.has(key) ? (f[key] as unknown as HouseholdValues[K]) : stored ? stored[key] : fallback;
  return {
    householdId: h.id,
    villageId: h.villageId!,
    headName: f.headName,
    address: pick('address', null),
    ethnicity: pick('ethnicity', null),
    isEthnicMinority: pick('isEthnicMinority', false),
    personOfMerit: pick('personOfMerit', false),
    socialProtection: pick('socialProtection', false),
    noLabourCapacity: pick('noLabourCapacity', false),
  };
}

function memberValues(
  householdId: string,
  m: MemberEntry,
  stored: q.StoredMember | undefined,
): q.MemberValues {
  const values = { householdId, memberNo: m.fields.memberNo } as q.MemberValues;
  const target = values as unknown as Record<string, unknown>;
  for (const key of MEMBER_KEYS) {
    target[key] = m.present.has(key) || key === 'fullName' ? m.fields[key] : stored ? stored[key] : null;
  }
  return values;
}

function changedKeys<T extends object>(before: T, after: T, keys: readonly (keyof T)[]): (keyof T)[] {
  return keys.filter((k) => before[k] !== after[k]);
}

// The audit's parts are built with their keys in code-unit order: the entry's canonical text is then written
// natively from them as they are, with no sorted copy made first (canonical-json.ts; a batch's entry holds a
// thousand households). A key out of order would only cost that copy, never change the text.
const inKeyOrder = <T extends string>(keys: readonly T[]): T[] => [...keys].sort();
const MEMBER_AUDIT_KEYS = inKeyOrder(['memberNo', ...MEMBER_KEYS] as const);
const HOUSEHOLD_AUDIT_KEYS = inKeyOrder(HOUSEHOLD_KEYS);
const MEMBER_CHANGE_KEYS = inKeyOrder(MEMBER_KEYS);

/** The same record with its keys in code-unit order (a few keys: the entry's outer parts). */
function ordered(o: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(o).sort()) out[key] = o[key];
  return out;
}

/**
 * A record as the audit shows it: the fields it has, without its household id (the entry's own), in
 * code-unit order.
 */
function auditView<T extends object>(
  values: T,
  keys: readonly (keyof T & string)[],
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of keys) if (values[key] !== null) out[key] = values[key];
  return out;
}
const memberView = (m: q.MemberValues) => auditView(m, MEMBER_AUDIT_KEYS);

const pickKeys = <T extends object>(o: T, keys: readonly (keyof T)[]) =>
  Object.fromEntries(keys.map((k) => [k, o[k]])) as Partial<T>;

function sameAssessment(current: q.CurrentAssessment, next: CheckedFormB['assessed']): boolean {
  const income = next.incomePerCapita === null ? null : BigInt(Math.round(next.incomePerCapita));
  const score = next.scoreA === null ? null : Math.round(next.scoreA);
  const a = [...current.deficits].sort().join(',');
  const b = [...next.deficits].sort().join(',');
  return (
    current.surveyDate === next.surveyDate &&
    current.area === next.area &&
    current.incomePerCapita === income &&
    current.scoreA === score &&
    a === b &&
    current.class === next.class
  );
}

export async function writeImport(
  db: Queryable & { transaction<T>(fn: (tx: Transaction) => Promise<T>): Promise<T> },
  input: WriteInput,
): Promise<ImportCounts> {
  const { collected, actor, today, filename } = input;
  const counts: ImportCounts = {
    households: { created: 0, updated: 0, unchanged: 0 },
    members: { created: 0, updated: 0, unchanged: 0 },
    assessments: { recorded: 0, unchanged: 0 },
  };
  const reason = `Nhập từ tệp / imported from file "${filename}"`;
  const formBByHousehold = new Map<string, CheckedFormB[]>();
  for (const f of input.formB) {
    const list = formBByHousehold.get(f.householdId) ?? [];
    list.push(f);
    formBByHousehold.set(f.householdId, list);
  }
  // Households of the file in file order, then those only Phiếu B names.
  const order = [...collected.households.values()].map((h) => h.id);
  const inFile = new Set(order);
  for (const id of formBByHousehold.keys()) if (!inFile.has(id)) order.push(id);
  const communeOf = new Map<string, string>();
  for (const h of collected.households.values()) communeOf.set(h.id, h.communeCode);
  for (const f of input.formB) communeOf.set(f.householdId, f.communeCode);

  /** The communes of these households (their audit entries' chains). */
  const communesOf = (ids: readonly string[]) => new Set(ids.map((id) => communeOf.get(id)!));

  const audit = <T extends Omit<AuditInput, 'actorId' | 'actorName' | 'reason'>>(
    entry: T,
  ): T & AuditInput => ({
    ...entry,
    actorId: actor.actorId,
    actorName: actor.actorName,
    reason,
  });

  /**
   * Reads what the batch's households hold now, taking their row locks: only the batch's own households,
   * so it may run while an earlier batch is still being written.
   */
  const readBatch = async (tx: Transaction, start: number): Promise<BatchReads> => {
    const ids = order.slice(start, start + input.batchSize);
    const stored = new Map((await q.householdsByIds(tx, ids, { lock: true })).map((h) => [h.householdId, h]));
    const storedMembers = new Map<string, Map<number, q.StoredMember>>();
    for (const m of await q.membersOfHouseholds(
      tx,
      ids.filter((id) => stored.has(id) && inFile.has(id)),
    )) {
      let map = storedMembers.get(m.householdId);
      if (!map) storedMembers.set(m.householdId, (map = new Map()));
      map.set(m.memberNo, m);
    }
    const current = new Map(
      (
        await q.currentAssessmentsOutsideRounds(
          tx,
          ids.filter((id) => formBByHousehold.has(id) && stored.has(id)),
        )
      ).map((a) => [`${a.householdId}|${a.standardId}`, a]),
    );
    return { ids, stored, storedMembers, current };
  };

  /**
   * Works out what a batch writes from what its households hold (checking it is still allowed), and seals
   * its audit entries onto the held chains: nothing is written, no statement is sent. It gives the event
   * loop a turn every hundred households, so that the connection goes on to the next statement of the batch
   * being written meanwhile (a statement is sent when the one before has answered, which Node must hear).
   */
  const planBatch = async (
    start: number,
    { ids, stored, storedMembers, current }: BatchReads,
    held: HeldAuditChains,
  ): Promise<PreparedBatch> => {
    const newHouseholds: HouseholdValues[] = [];
    const changedHouseholds: (HouseholdValues & { previousVillageId: string })[] = [];
    const bumped: string[] = [];
    const newMembers: q.MemberValues[] = [];
    const changedMembers: q.MemberValues[] = [];
    // What the batch wrote to each household, for its audit entry: its Phiếu B results join it.
    const written = new Map<string, CoveredHousehold>();

    for (const [i, id] of ids.entries()) {
      if (i > 0 && i % HOUSEHOLDS_PER_TURN === 0) await nextTurn();
      const h = collected.householdById(id);
      if (!h) continue;
      const before = stored.get(id);
      const values = householdValues(h, before);
      if (before && before.dissolvedAt !== null) {
        throw new ImportConflict({
          sheet: h.sheet,
          row: h.rows[0]!,
          column: '',
          message: {
            vi: `Hộ "${h.ref}" vừa bị giải thể trong lúc nhập: nhập lại tệp`,
            en: `Household "${h.ref}" was dissolved while importing: import the file again`,
          },
        });
      }
      if (!before) {
        newHouseholds.push(values);
        const members = [...h.members.values()].map((m) => memberValues(id, m, undefined));
        newMembers.push(...members);
        counts.households.created++;
        counts.members.created += members.length;
        written.set(id, {
          id,
          action: 'household.create',
          after: {
            ref: h.ref,
            ...auditView(values, HOUSEHOLD_AUDIT_KEYS),
            members: members.map(memberView),
            version: 1,
          },
        });
        continue;
      }
      const householdChanges = changedKeys(before as HouseholdValues, values, HOUSEHOLD_KEYS);
      const existingMembers = storedMembers.get(id) ?? new Map<number, q.StoredMember>();
      const added: q.MemberValues[] = [];
      const changed: { memberNo: number; before: object; after: object }[] = [];
      for (const m of h.members.values()) {
        const old = existingMembers.get(m.fields.memberNo);
        const next = memberValues(id, m, old);
        if (!old) {
          added.push(next);
          continue;
        }
        if (old.leftAt !== null) {
          throw new ImportConflict({
            sheet: m.sheet,
            row: m.row,
            column: '',
            message: {
              vi: `Thành viên số ${old.memberNo} vừa rời hộ trong lúc nhập: nhập lại tệp`,
              en: `Member ${old.memberNo} left the household while importing: import the file again`,
            },
          });
        }
        const keys = changedKeys(old as q.MemberValues, next, MEMBER_CHANGE_KEYS);
        if (keys.length === 0) {
          counts.members.unchanged++;
          continue;
        }
        changedMembers.push(next);
        changed.push({ after: pickKeys(next, keys), before: pickKeys(old, keys), memberNo: old.memberNo });
      }
      newMembers.push(...added);
      counts.members.created += added.length;
      counts.members.updated += changed.length;
      if (householdChanges.length === 0 && added.length === 0 && changed.length === 0) {
        counts.households.unchanged++;
        continue;
      }
      counts.households.updated++;
      if (householdChanges.length > 0)
        changedHouseholds.push({ ...values, previousVillageId: before.villageId });
      else bumped.push(id);
      written.set(id, {
        id,
        action: 'household.update',
        before: { ...pickKeys(before, householdChanges), version: before.version },
        after: {
          ...pickKeys(values, householdChanges),
          ...(added.length ? { membersAdded: added.map(memberView) } : {}),
          ...(changed.length ? { membersChanged: changed } : {}),
          version: before.version + 1,
        },
      });
    }

    const assessed = ids.filter((id) => formBByHousehold.has(id));
    const newAssessments: q.NewAssessment[] = [];
    for (const id of assessed) {
      for (const f of formBByHousehold.get(id)!) {
        const a = f.assessed;
        const previous = current.get(`${id}|${a.standardId}`);
        if (previous && sameAssessment(previous, a)) {
          counts.assessments.unchanged++;
          continue;
        }
        const assessmentId = randomUUID();
        newAssessments.push({
          householdId: id,
          assessmentId,
          supersedes: previous?.assessmentId ?? null,
          standardId: a.standardId,
          surveyDate: a.surveyDate,
          area: a.area,
          incomePerCapita: a.incomePerCapita === null ? null : BigInt(Math.round(a.incomePerCapita)),
          scoreA: a.scoreA === null ? null : Math.round(a.scoreA),
          answers: {
            source: 'import',
            file: filename,
            row: f.row.row,
            standard: f.row.standard,
            reviewYear: f.row.reviewYear,
            area: a.area,
            incomePerCapita: a.incomePerCapita,
            scoreA: a.scoreA,
            surveyDate: a.surveyDate,
            deficits: a.deficits,
          },
          deficits: a.deficits,
          class: a.class,
          explanation: a.explanation,
          recordedBy: actor.username,
        });
        counts.assessments.recorded++;
        const recorded = {
          assessmentId,
          class: a.class,
          deficits: a.deficits,
          standard: a.standardId,
          supersedes: previous?.assessmentId ?? null,
        };
        // A household only Phiếu B names gets its results alone, as 'assessment.create'.
        let entry = written.get(id);
        if (!entry) written.set(id, (entry = { id, action: 'assessment.create', after: {} }));
        entry.after.assessments = [...((entry.after.assessments as unknown[] | undefined) ?? []), recorded];
      }
    }
    return {
      newHouseholds,
      changedHouseholds,
      bumped,
      newMembers,
      changedMembers,
      newAssessments,
      audit: sealAuditEntries(held, await batchEntries(written, start), new Date()),
    };
  };
  /** Writes a prepared batch with its audit entries, its statements issued at once (q.allInOrder). */
  const applyBatch = async (tx: Transaction, b: PreparedBatch): Promise<void> => {
    await q.allInOrder([
      q.insertHouseholds(tx, b.newHouseholds, today, reason),
      q.updateHouseholds(tx, b.changedHouseholds, today, reason),
      q.bumpVersions(tx, b.bumped),
      q.insertMembers(tx, b.newMembers),
      q.updateMembers(tx, b.changedMembers),
      q.insertAssessments(tx, b.newAssessments),
      insertSealedEntries(tx, b.audit),
    ]);
  };
  /** One batch in a transaction of its own, its audit chains held for it alone. */
  const writeBatch = async (tx: Transaction, start: number): Promise<void> => {
    const reads = await readBatch(tx, start);
    const held = await holdAuditChains(tx, communesOf(reads.ids));
    await applyBatch(tx, await planBatch(start, reads, held));
  };
  /**
   * The batch's audit entries: one per commune (the audit log is read and filtered by commune, and a
   * commune's entries go to its province's chain), listing the households written in file order. The
   * entry's own household_id stays empty; householdIds is what the household's history finds it by.
   */
  const batchEntries = async (written: Map<string, CoveredHousehold>, start: number) => {
    const byCommune = new Map<string, CoveredHousehold[]>();
    for (const item of written.values()) {
      const commune = communeOf.get(item.id)!;
      const list = byCommune.get(commune) ?? [];
      list.push(item);
      byCommune.set(commune, list);
    }
    // Made JSON and canonical text here, while the server writes the batch before (a batch's entry is about a
    // megabyte), a turn of the event loop between communes.
    const entries = [];
    for (const [commune, items] of byCommune) {
      if (entries.length > 0) await nextTurn();
      entries.push(
        prepareAuditInput(
          audit({
            action: IMPORT_BATCH_ACTION,
            entityType: 'import',
            entityId: input.importId,
            unitCode: commune,
            after: {
              file: filename,
              // The batch's first household in the file's order (a batch is named by where it starts).
              from: start + 1,
              householdIds: items.map((i) => i.id.toLowerCase()),
              households: items.map((i) => ({
                action: i.action,
                // Each household's before and after put in key order here, once, whatever built them.
                after: ordered(i.after),
                ...(i.before ? { before: ordered(i.before) } : {}),
                id: i.id.toLowerCase(),
              })),
            } satisfies ImportBatchAfter,
          }),
        ),
      );
    }
    return entries;
  };
  const finish = async (tx: Transaction): Promise<void> => {
    // Communes whose year is already recognised: their figures follow the register at once.
    await refreshRollupsOfCommunes(tx, defaultRuleBook(), communeOf.values(), today);
    await recordAuditEntries(tx, [
      audit({
        action: 'import.file',
        entityType: 'import',
        entityId: input.importId,
        after: { filename, rows: collected.rows, counts },
      }),
    ]);
  };
  const progress = (start: number) =>
    input.onProgress(Math.min(order.length, start + input.batchSize), order.length);

  if (!input.perBatch) {
    await db.transaction(async (tx) => {
      // The file's audit chains are held to the end (the locks would be anyway), so that batches are sealed
      // onto them with no statement. Two batches in flight: the next batch's reads go first (a few short
      // statements), then this batch's writes are issued, and the next batch is worked out while the server
      // writes this one — the two processors of a small server both work.
      // Both are settled before a failure goes up: a statement of either must not be left to run after the
      // transaction has been rolled back.
      const held = await holdAuditChains(tx, communesOf(order));
      let batch = order.length > 0 ? await planBatch(0, await readBatch(tx, 0), held) : null;
      for (let start = 0; batch; start += input.batchSize) {
        const following = start + input.batchSize;
        const reads = following < order.length ? await readBatch(tx, following) : null;
        const [applied, planned] = await Promise.allSettled([
          applyBatch(tx, batch),
          reads ? planBatch(following, reads, held) : null,
        ]);
        if (applied.status === 'rejected') throw applied.reason;
        if (planned.status === 'rejected') throw planned.reason;
        batch = planned.value;
        progress(start);
      }
      await finish(tx);
    });
    return counts;
  }
  for (let start = 0; start < order.length; start += input.batchSize) {
    try {
      await db.transaction((tx) => writeBatch(tx, start));
    } catch (e) {
      // The batches before this one stay written: say so, with how many, so that no one takes the file
      // for unwritten (importing it again after the fix writes only what is missing).
      if (e instanceof ImportConflict && start > 0) throw new ImportConflict(e.error, start, order.length);
      throw e;
    }
    progress(start);
    // Requests that queued for the connection during the batch go first (the engine's lock is first come,
    // first served); the next batch waits behind them.
    await nextTurn();
  }
  await db.transaction(finish);
  return counts;
}
