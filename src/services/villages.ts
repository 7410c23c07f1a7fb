// Villages (thôn, bản, tổ dân phố) as use cases: creating one under a commune and assigning a village of a
// split commune to one of its successors — the same checks and audit whether the request came over HTTP
// or from the CLI.
import { villages, type Queryable } from '../db/index.ts';
import type { Village, VillageAssignment, VillageKind } from '../db/queries/villages.ts';

/** Thôn, bản, tổ dân phố, or another name the commune uses. */
export const VILLAGE_KINDS = ['thon', 'ban', 'to_dan_pho', 'other'] as const satisfies readonly VillageKind[];
import { requireWritableCommune, unitInScope } from './access.ts';
import { requirePermission, type Actor } from './actor.ts';
import { recordAudit } from './audit.ts';
import { AppError } from './errors.ts';

export interface CreateVillageInput {
  communeCode: string;
  name: string;
  kind: VillageKind;
  /** The day the village is created on (the commune valid that day receives it). */
  date: string;
}

export async function createVillage(
  db: Queryable,
  actor: Actor,
  input: CreateVillageInput,
): Promise<Village> {
  return db.transaction(async (tx) => {
    await requireWritableCommune(tx, actor, input.communeCode, input.date, 'villages.manage');
    const created = await villages.createVillage(tx, input);
    await recordAudit(tx, actor, {
      action: 'village.create',
      entityType: 'village',
      entityId: created.id,
      unitCode: input.communeCode,
      after: { communeCode: input.communeCode, name: input.name, kind: input.kind, at: input.date },
    });
    return created;
  });
}

export interface AssignVillageInput {
  villageId: string;
  communeCode: string;
  note?: string | undefined;
}

/** Assigns a village of a split commune to a successor the actor may change (on `today`). */
export async function assignVillage(
  db: Queryable,
  actor: Actor,
  input: AssignVillageInput,
  today: string,
): Promise<VillageAssignment> {
  return db.transaction(async (tx) => {
    await requireWritableCommune(tx, actor, input.communeCode, today, 'villages.manage');
    // A village the actor may not read is not found, whatever its state: the rule answers (its commune has
    // not ended, it was retired) would tell another area's villages from ids that name nothing.
    if (!(await villageVisible(tx, actor, input.villageId, today))) throw new AppError('NOT_FOUND');
    const a = await villages.assignVillage(tx, {
      villageId: input.villageId,
      communeCode: input.communeCode,
      decidedBy: actor.username,
      ...(input.note ? { note: input.note } : {}),
    });
    await recordAudit(tx, actor, {
      action: 'village.assign',
      entityType: 'village',
      entityId: input.villageId,
      unitCode: input.communeCode,
      after: { communeCode: a.communeCode, effective: a.effective },
      reason: input.note ?? null,
    });
    return a;
  });
}

/** A village the actor reads: placed in its read scope, or awaiting assignment to a successor in it. */
async function villageVisible(db: Queryable, actor: Actor, villageId: string, today: string) {
  if (actor.read.all) return true;
  const placement = await villages.villagePlacement(db, villageId);
  if (placement.status === 'unassigned') {
    for (const c of placement.candidates) if (await unitInScope(db, actor.read, c.code, today)) return true;
    return false;
  }
  return placement.status !== 'not_found' && villages.villageInScope(db, actor.read, villageId, today);
}

/**
 * Villages of split communes still awaiting assignment that the actor may decide on: visible when one of
 * the successors (the candidates) lies in its read scope.
 */
export async function unassignedVillagesFor(
  db: Queryable,
  actor: Actor,
  filter: { candidateCode?: string | undefined },
  today: string,
) {
  requirePermission(actor, 'villages.manage');
  const rows = await villages.unassignedVillages(
    db,
    filter.candidateCode ? { candidateCode: filter.candidateCode } : {},
  );
  const visible = [];
  for (const r of rows) {
    let ok = actor.read.all;
    for (const c of r.candidates) if (!ok) ok = await unitInScope(db, actor.read, c.code, today);
    if (ok) visible.push(r);
  }
  return visible;
}

/** The villages of a commune on a date that the actor reads: all of them with the commune in scope, else its own. */
export async function villagesOfCommune(db: Queryable, actor: Actor, communeCode: string, date: string) {
  const list = await villages.listVillages(db, communeCode, date);
  const inCommuneScope = await unitInScope(db, actor.read, communeCode, date);
  return list.filter((v) => inCommuneScope || actor.read.villageIds.includes(v.id));
}
