// The commune's conflict queue: fields an enumerator changed offline that someone changed differently on the
// server meanwhile. The officer sees both sides of each field and keeps one; the device's side is applied
// through the same use cases as any write (updateHousehold, changeMember, recordAssessment), and the
// resolution is audited with both sides and the choice.
import { fieldSync, registry, type Queryable } from '../db/index.ts';
import type { ConflictListRow } from '../db/queries/field-sync.ts';
import type { HouseholdChange, MemberChange } from '../db/queries/registry.ts';
import type { FieldChange, FieldValue, Side } from '../domain/field/changes.ts';
import type { RuleBook } from '../domain/standards/types.ts';
import { readableHousehold, writableHousehold } from './access.ts';
import { requirePermission, type Actor } from './actor.ts';
import { recordAssessment } from './assessments.ts';
import { recordAudit } from './audit.ts';
import { AppError, type FieldError } from './errors.ts';
import { updateHousehold } from './households.ts';
import { changeMember } from './members.ts';

export type ConflictView = Omit<ConflictListRow, 'change'> & { communeCode: string | null };

/** Conflicts of households in the actor's read scope (open ones unless asked otherwise), newest first. */
export async function listConflicts(
  db: Queryable,
  actor: Actor,
  filter: { status?: 'open' | 'resolved' | undefined; householdId?: string | undefined },
  today: string,
): Promise<ConflictView[]> {
  requirePermission(actor, 'registry.read');
  if (filter.householdId) await readableHousehold(db, actor, filter.householdId, today);
  const rows = await fieldSync.conflictsInScope(db, actor.read, today, {
    status: filter.status ?? 'open',
    householdIds: filter.householdId ? [filter.householdId] : undefined,
  });
  const out: ConflictView[] = [];
  for (const { change: _change, ...row } of rows) {
    const place = await registry.villageContext(db, row.villageId, today);
    out.push({ ...row, communeCode: place?.communeCode ?? null });
  }
  return out;
}

const invalid = (fields: FieldError[]) => new AppError('VALIDATION_FAILED', fields);

/** Keeps, for each conflicting field, the device's or the server's value; every field must be decided. */
export async function resolveConflict(
  db: Queryable,
  actor: Actor,
  input: { conflictId: string; choices: Record<string, Side> },
  ctx: { book: RuleBook; today: string },
): Promise<ConflictView> {
  requirePermission(actor, 'conflicts.resolve');
  const { today } = ctx;
  return db.transaction(async (tx) => {
    const c = await fieldSync.claimOpenConflict(tx, input.conflictId);
    if (!c) {
      const any = await fieldSync.getConflict(tx, input.conflictId);
      if (any) await readableHousehold(tx, actor, any.householdId, today);
      throw any
        ? new AppError('RULE_VIOLATION', [], undefined, {
            vi: 'Xung đột này đã được xử lý',
            en: 'This conflict has already been resolved',
          })
        : new AppError('NOT_FOUND');
    }
    const h = await writableHousehold(tx, actor, c.householdId, today);
    const paths = new Set(c.fields.map((f) => f.path));
    const problems: FieldError[] = [
      ...c.fields
        .filter((f) => input.choices[f.path] !== 'device' && input.choices[f.path] !== 'server')
        .map((f) => ({
          path: `body.choices.${f.path}`,
          message: {
            vi: 'Chọn giữ giá trị của thiết bị hay của hệ thống',
            en: 'Keep the device’s or the server’s value',
          },
        })),
      ...Object.keys(input.choices)
        .filter((p) => !paths.has(p))
        .map((p) => ({
          path: `body.choices.${p}`,
          message: { vi: 'Trường này không có xung đột', en: 'This field is not in conflict' },
        })),
    ];
    if (problems.length) throw invalid(problems);

    const kept = c.fields.filter((f) => input.choices[f.path] === 'device');
    const household: Record<string, FieldValue> = {};
    const members = new Map<number, Record<string, FieldValue>>();
    const assessment: Record<string, FieldValue> = {};
    for (const f of kept) {
      const [kind, a, b] = f.path.split('.') as [string, string, string | undefined];
      const value = f.device ?? null;
      if (kind === 'household') household[a] = value;
      else if (kind === 'member') members.set(Number(a), { ...members.get(Number(a)), [b!]: value });
      else assessment[a] = value;
    }
    let version = h.version;
    const reason = 'Xử lý xung đột đồng bộ / sync conflict resolved';
    if (Object.keys(household).length)
      version = (
        await updateHousehold(
          tx,
          actor,
          { householdId: h.householdId, version, change: household as HouseholdChange, reason },
          today,
        )
      ).version;
    for (const [memberNo, change] of members)
      version = (
        await changeMember(
          tx,
          actor,
          { householdId: h.householdId, memberNo, version, change: change as MemberChange, reason },
          today,
        )
      ).version;
    if (Object.keys(assessment).length) {
      // The server's current Phiếu B with the device's answers for the fields kept from the device.
      const device = (c.change as FieldChange).assessment!;
      const latest = (await fieldSync.latestAssessments(tx, [h.householdId])).get(h.householdId);
      const server = {
        incomePerCapita: latest?.incomePerCapita != null ? Number(latest.incomePerCapita) : undefined,
        scoreA: latest?.scoreA ?? undefined,
        deficits: latest?.deficits ?? [],
      };
      const chosen = <T>(field: string, fallback: T): T =>
        field in assessment ? ((assessment[field] ?? undefined) as T) : fallback;
      await recordAssessment(
        tx,
        actor,
        {
          householdId: h.householdId,
          answers: {
            standard: device.standard,
            surveyDate: device.surveyDate,
            incomePerCapita: chosen('incomePerCapita', server.incomePerCapita),
            scoreA: chosen('scoreA', server.scoreA),
            deficits: chosen('deficits', server.deficits),
          },
        },
        ctx,
      );
    }
    await fieldSync.markResolved(tx, c.conflictId, actor.username, input.choices);
    const place = await registry.villageContext(tx, h.villageId, today);
    await recordAudit(tx, actor, {
      action: 'sync.conflict_resolve',
      entityType: 'household',
      entityId: h.householdId,
      householdId: h.householdId,
      unitCode: place?.communeCode ?? null,
      before: Object.fromEntries(
        c.fields.map((f) => [f.path, { device: f.device ?? null, server: f.server ?? null }]),
      ),
      after: Object.fromEntries(
        c.fields.map((f) => [
          f.path,
          {
            kept: input.choices[f.path],
            value: (input.choices[f.path] === 'device' ? f.device : f.server) ?? null,
          },
        ]),
      ),
      reason: `Xung đột do ${c.raisedBy} gửi lúc ${c.deviceChangedAt} / raised by a device`,
    });
    const resolved = await listConflicts(
      tx,
      actor,
      { status: 'resolved', householdId: h.householdId },
      today,
    );
    return resolved.find((r) => r.conflictId === c.conflictId)!;
  });
}
