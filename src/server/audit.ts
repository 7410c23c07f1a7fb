// Records an audit entry for the signed-in user, inside the transaction of the change it describes.
import type { Queryable } from '../db/index.ts';
import { recordAudit as appendToChain } from '../db/queries/audit.ts';
import type { Principal } from './auth/principal.ts';

export interface AuditedChange {
  action: string;
  entityType: string;
  entityId: string;
  householdId?: string | null;
  unitCode?: string | null;
  before?: unknown;
  after?: unknown;
  reason?: string | null;
}

export async function recordAudit(
  tx: Queryable,
  who: Principal | null,
  change: AuditedChange,
): Promise<void> {
  await appendToChain(tx, {
    actorId: who?.userId ?? null,
    actorName: who ? `${who.displayName} (${who.username})` : 'system',
    action: change.action,
    entityType: change.entityType,
    entityId: change.entityId,
    householdId: change.householdId ?? null,
    unitCode: change.unitCode ?? null,
    before: change.before ?? null,
    after: change.after ?? null,
    reason: change.reason ?? null,
  });
}
