// Members of a household as use cases: join, change, leave — each guarded by the household's version (409
// with the current record when stale), within the actor's write scope, audited in the same transaction.
import { registry, type Queryable } from '../db/index.ts';
import type { MemberChange } from '../db/queries/registry.ts';
import { writableHousehold } from './access.ts';
import { requirePermission, type Actor } from './actor.ts';
import { recordAudit } from './audit.ts';
import { AppError } from './errors.ts';
import {
  auditingRefusedReads,
  checkNationalIds,
  householdView,
  staleHousehold,
  type HouseholdView,
} from './household-view.ts';
import type { NewMember } from './households.ts';

export interface AddMemberInput {
  householdId: string;
  version: number;
  member: NewMember;
  reason?: string | undefined;
}

/** A member joins the household; 409 when the national ID is held elsewhere or the version is stale. */
export async function addMember(
  db: Queryable,
  actor: Actor,
  input: AddMemberInput,
  today: string,
): Promise<HouseholdView> {
  requirePermission(actor, 'registry.write');
  return auditingRefusedReads(db, actor, () =>
    db.transaction(async (tx) => {
      const h = await writableHousehold(tx, actor, input.householdId, today);
      await checkNationalIds(tx, [input.member], today);
      const added = await registry.addMember(tx, h.householdId, input.version, input.member);
      if (!added) return staleHousehold(tx, actor, h.householdId, input.version, today);
      const view = await householdView(tx, actor, h.householdId, today);
      await recordAudit(tx, actor, {
        action: 'member.create',
        entityType: 'member',
        entityId: `${h.householdId}/${added.memberNo}`,
        householdId: h.householdId,
        unitCode: view.communeCode,
        after: { ...input.member, memberNo: added.memberNo, version: view.version },
        reason: input.reason ?? null,
      });
      return view;
    }),
  );
}

export interface ChangeMemberInput {
  householdId: string;
  memberNo: number;
  version: number;
  /** Only the fields present are changed (and audited). */
  change: MemberChange;
  reason?: string | undefined;
}

/** Changes a current member; 404 for no such current member. */
export async function changeMember(
  db: Queryable,
  actor: Actor,
  input: ChangeMemberInput,
  today: string,
): Promise<HouseholdView> {
  requirePermission(actor, 'registry.write');
  const { version, change, reason } = input;
  return auditingRefusedReads(db, actor, () =>
    db.transaction(async (tx) => {
      const h = await writableHousehold(tx, actor, input.householdId, today);
      const before = (await registry.membersOf(tx, h.householdId)).find(
        (m) => m.memberNo === input.memberNo && m.leftAt === null,
      );
      if (!before) throw new AppError('NOT_FOUND');
      if (change.nationalId) {
        const holders = await registry.nationalIdHolders(tx, change.nationalId, {
          householdId: h.householdId,
          memberNo: before.memberNo,
        });
        if (holders.length) await checkNationalIds(tx, [change], today);
      }
      const after = await registry.updateMember(tx, h.householdId, before.memberNo, version, change);
      if (!after) return staleHousehold(tx, actor, h.householdId, version, today);
      const view = await householdView(tx, actor, h.householdId, today);
      const keys = Object.keys(change) as (keyof typeof change)[];
      await recordAudit(tx, actor, {
        action: 'member.update',
        entityType: 'member',
        entityId: `${h.householdId}/${before.memberNo}`,
        householdId: h.householdId,
        unitCode: view.communeCode,
        before: { ...Object.fromEntries(keys.map((k) => [k, before[k as keyof typeof before]])), version },
        after: {
          ...Object.fromEntries(keys.map((k) => [k, after[k as keyof typeof after]])),
          version: view.version,
        },
        reason: reason ?? null,
      });
      return view;
    }),
  );
}

export interface MemberLeavesInput {
  householdId: string;
  memberNo: number;
  version: number;
  /** Today when absent. */
  leftAt?: string | undefined;
  reason: string;
}

/** A member leaves the household (kept in its history with the day and the reason). */
export async function memberLeaves(
  db: Queryable,
  actor: Actor,
  input: MemberLeavesInput,
  today: string,
): Promise<HouseholdView> {
  requirePermission(actor, 'registry.write');
  return auditingRefusedReads(db, actor, () =>
    db.transaction(async (tx) => {
      const h = await writableHousehold(tx, actor, input.householdId, today);
      const left = await registry.memberLeaves(tx, {
        householdId: h.householdId,
        memberNo: input.memberNo,
        version: input.version,
        leftAt: input.leftAt ?? today,
        reason: input.reason,
      });
      if (!left) return staleHousehold(tx, actor, h.householdId, input.version, today);
      const view = await householdView(tx, actor, h.householdId, today);
      await recordAudit(tx, actor, {
        action: 'member.leave',
        entityType: 'member',
        entityId: `${h.householdId}/${left.memberNo}`,
        householdId: h.householdId,
        unitCode: view.communeCode,
        before: { leftAt: null, version: input.version },
        after: { leftAt: left.leftAt, version: view.version },
        reason: input.reason,
      });
      return view;
    }),
  );
}
