// A device back online: each household entry it sends is applied through the same use cases as any other
// write (createHousehold, updateHousehold, addMember, changeMember, recordAssessment — so scope, rules and
// audit hold), in one transaction per household. A field both the device and someone on the server changed
// is never overwritten: the entry's other fields apply, and those go to the commune's conflict queue
// (resolveConflict keeps one side field by field). A change sent twice (the answer was lost on a bad line)
// gets the first answer again instead of being applied twice.
import { fieldSync, registry, villages, type Queryable } from '../db/index.ts';
import type { HouseholdChange, MemberChange } from '../db/queries/registry.ts';
import {
  ASSESSMENT_FIELDS,
  HOUSEHOLD_FIELDS,
  MEMBER_FIELDS,
  type AssessmentEntry,
  type ConflictField,
  type FieldChange,
  type FieldValue,
  type Values,
} from '../domain/field/changes.ts';
import { mergeFields, sameValue } from '../domain/field/merge.ts';
import type { RuleBook } from '../domain/standards/types.ts';
import { writableHousehold } from './access.ts';
import { requirePermission, type Actor } from './actor.ts';
import { recordAssessment } from './assessments.ts';
import { recordAudit } from './audit.ts';
import { AppError, CATALOGUE, type ErrorCode, type FieldError } from './errors.ts';
import { asFieldHouseholds, type FieldHousehold } from './field-snapshot.ts';
import { createHousehold, updateHousehold, type NewMember } from './households.ts';
import { addMember, changeMember } from './members.ts';

export interface ChangeOutcome {
  changeId: string;
  localId: string;
  status: 'applied' | 'conflict' | 'rejected';
  /** The household the change ended on (its new id for one created on the device). */
  householdId: string | null;
  conflictId: string | null;
  /** Why it was refused: the same error the other doors give. */
  error: { code: ErrorCode; message: { vi: string; en: string }; fields: FieldError[] } | null;
  /** The household as it now stands on the server, for the device to hold instead of its copy. */
  household: FieldHousehold | null;
}

interface Context {
  book: RuleBook;
  today: string;
}

const pick = <F extends string>(from: Record<string, unknown>, fields: readonly F[]): Values<F> =>
  Object.fromEntries(fields.map((f) => [f, (from[f] ?? null) as FieldValue])) as Values<F>;

function assessmentAnswers(a: AssessmentEntry, values: Values<(typeof ASSESSMENT_FIELDS)[number]>) {
  const num = (v: FieldValue | undefined) => (typeof v === 'number' ? v : undefined);
  return {
    standard: a.standard,
    surveyDate: a.surveyDate,
    incomePerCapita: num(values.incomePerCapita),
    scoreA: num(values.scoreA),
    deficits: Array.isArray(values.deficits) ? values.deficits : [],
  };
}

const deviceAssessment = (a: AssessmentEntry): Values<(typeof ASSESSMENT_FIELDS)[number]> => ({
  incomePerCapita: a.incomePerCapita ?? null,
  scoreA: a.scoreA ?? null,
  deficits: a.deficits,
});

async function serverAssessment(tx: Queryable, householdId: string) {
  const latest = (await fieldSync.latestAssessments(tx, [householdId])).get(householdId);
  const values: Values<(typeof ASSESSMENT_FIELDS)[number]> = latest
    ? {
        incomePerCapita: latest.incomePerCapita === null ? null : Number(latest.incomePerCapita),
        scoreA: latest.scoreA,
        deficits: latest.deficits,
      }
    : { incomePerCapita: null, scoreA: null, deficits: [] };
  return { latest, values };
}

/** A household made on the device: created with its members, then its Phiếu B recorded. */
async function applyNew(tx: Queryable, actor: Actor, change: FieldChange, ctx: Context): Promise<string> {
  const values = change.household?.values ?? {};
  if (typeof values.headName !== 'string' || !values.headName.trim())
    throw new AppError('VALIDATION_FAILED', [
      {
        path: 'household.headName',
        message: { vi: 'Thiếu tên chủ hộ', en: 'The head of household is missing' },
      },
    ]);
  const view = await createHousehold(
    tx,
    actor,
    {
      villageId: change.villageId,
      ...(values as HouseholdChange & { headName: string }),
      members: (change.members ?? []).map((m) => m.values as NewMember),
    },
    ctx.today,
  );
  if (change.assessment)
    await recordAssessment(
      tx,
      actor,
      {
        householdId: view.householdId,
        answers: assessmentAnswers(change.assessment, deviceAssessment(change.assessment)),
      },
      ctx,
    );
  return view.householdId;
}

/** An existing household: what only the device changed applies; what both changed is returned as conflicts. */
async function applyExisting(
  tx: Queryable,
  actor: Actor,
  householdId: string,
  change: FieldChange,
  ctx: Context,
): Promise<ConflictField[]> {
  const h = await writableHousehold(tx, actor, householdId, ctx.today);
  let version = h.version;
  const conflicts: ConflictField[] = [];
  if (change.household) {
    const merged = mergeFields(
      'household',
      change.household.base ?? {},
      change.household.values,
      pick(h as unknown as Record<string, unknown>, HOUSEHOLD_FIELDS),
    );
    conflicts.push(...merged.conflicts);
    if (Object.keys(merged.apply).length)
      version = (
        await updateHousehold(
          tx,
          actor,
          {
            householdId,
            version,
            change: merged.apply as HouseholdChange,
            reason: 'Đồng bộ từ thiết bị / device sync',
          },
          ctx.today,
        )
      ).version;
  }
  const current = await registry.membersOf(tx, householdId);
  for (const m of change.members ?? []) {
    if (m.memberNo === null) {
      version = (
        await addMember(tx, actor, { householdId, version, member: m.values as NewMember }, ctx.today)
      ).version;
      continue;
    }
    const now = current.find((c) => c.memberNo === m.memberNo && c.leftAt === null);
    if (!now)
      throw new AppError('RULE_VIOLATION', [
        {
          path: `members.${m.memberNo}`,
          message: {
            vi: 'Thành viên này đã rời hộ trên hệ thống; không sửa được',
            en: 'This member has left the household on the server; it cannot be changed',
          },
        },
      ]);
    const merged = mergeFields(
      `member.${m.memberNo}`,
      m.base ?? {},
      m.values,
      pick(now as unknown as Record<string, unknown>, MEMBER_FIELDS),
    );
    conflicts.push(...merged.conflicts);
    if (Object.keys(merged.apply).length)
      version = (
        await changeMember(
          tx,
          actor,
          { householdId, memberNo: m.memberNo, version, change: merged.apply as MemberChange },
          ctx.today,
        )
      ).version;
  }
  if (change.assessment) {
    const device = deviceAssessment(change.assessment);
    const server = await serverAssessment(tx, householdId);
    if ((server.latest?.assessmentId ?? null) === change.assessment.baseAssessmentId) {
      await recordAssessment(
        tx,
        actor,
        { householdId, answers: assessmentAnswers(change.assessment, device) },
        ctx,
      );
    } else {
      // Someone recorded a Phiếu B since the snapshot: the device's answers differ from it field by field.
      for (const f of ASSESSMENT_FIELDS)
        if (!sameValue(device[f], server.values[f]))
          conflicts.push({
            path: `assessment.${f}`,
            base: undefined,
            device: device[f],
            server: server.values[f],
          });
    }
  }
  return conflicts;
}

async function applyChange(
  db: Queryable,
  actor: Actor,
  deviceId: string,
  change: FieldChange,
  ctx: Context,
): Promise<Omit<ChangeOutcome, 'household'>> {
  return db.transaction(async (tx) => {
    let householdId = change.householdId;
    let conflictId: string | null = null;
    if (householdId === null) householdId = await applyNew(tx, actor, change, ctx);
    else {
      const conflicts = await applyExisting(tx, actor, householdId, change, ctx);
      if (conflicts.length) {
        conflictId = await fieldSync.insertConflict(tx, {
          householdId,
          changeId: change.changeId,
          raisedBy: actor.username,
          deviceChangedAt: change.changedAt,
          fields: conflicts,
          change,
        });
        const place = await registry.villageContext(tx, change.villageId, ctx.today);
        await recordAudit(tx, actor, {
          action: 'sync.conflict',
          entityType: 'household',
          entityId: householdId,
          householdId,
          unitCode: place?.communeCode ?? null,
          before: Object.fromEntries(conflicts.map((c) => [c.path, c.server ?? null])),
          after: Object.fromEntries(conflicts.map((c) => [c.path, c.device ?? null])),
          reason: `Thay đổi ngoại tuyến của ${actor.username} lúc ${change.changedAt} / offline change`,
        });
      }
    }
    const outcome = {
      changeId: change.changeId,
      localId: change.localId,
      status: conflictId ? ('conflict' as const) : ('applied' as const),
      householdId,
      conflictId,
      error: null,
    };
    await fieldSync.recordSyncChange(tx, {
      changeId: change.changeId,
      username: actor.username,
      deviceId,
      householdId,
      outcome: outcome.status,
      result: outcome,
    });
    return outcome;
  });
}

/** Applies a device's entries in order, each on its own; answers one outcome per entry. */
export async function syncFieldChanges(
  db: Queryable,
  actor: Actor,
  input: { deviceId: string; changes: readonly FieldChange[] },
  ctx: Context,
): Promise<ChangeOutcome[]> {
  requirePermission(actor, 'registry.write');
  const outcomes: ChangeOutcome[] = [];
  for (const change of input.changes) {
    let outcome: Omit<ChangeOutcome, 'household'>;
    const seen = await fieldSync.findSyncChange(db, change.changeId);
    if (seen && seen.username !== actor.username) throw new AppError('FORBIDDEN');
    if (seen) outcome = seen.result as Omit<ChangeOutcome, 'household'>;
    else {
      try {
        outcome = await applyChange(db, actor, input.deviceId, change, ctx);
      } catch (e) {
        if (!(e instanceof AppError)) throw e;
        outcome = {
          changeId: change.changeId,
          localId: change.localId,
          status: 'rejected',
          householdId: change.householdId,
          conflictId: null,
          error: {
            code: e.code,
            message: e.customMessage ?? { vi: CATALOGUE[e.code].vi, en: CATALOGUE[e.code].en },
            fields: e.fields,
          },
        };
      }
    }
    const household = outcome.householdId
      ? await currentFieldHousehold(db, actor, outcome.householdId, ctx.today)
      : null;
    outcomes.push({ ...outcome, household });
  }
  return outcomes;
}

async function currentFieldHousehold(db: Queryable, actor: Actor, householdId: string, today: string) {
  const rows = await fieldSync.fieldHouseholds(db, { householdIds: [householdId] });
  const visible = rows.length && (await villages.villageInScope(db, actor.read, rows[0]!.villageId, today));
  return visible ? ((await asFieldHouseholds(db, actor, rows, today))[0] ?? null) : null;
}
