// Records the audit entry of a change, inside the transaction of the change it describes, for whoever
// acted (a user through any door, or the first set-up's system actor).
import type { Queryable } from '../db/index.ts';
import { recordAudit as appendToChain, recordAuditEntries, type AuditInput } from '../db/queries/audit.ts';
import { isSystem, type Actor } from './actor.ts';

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

/** The entry of a change by whoever acted. */
export function auditInput(who: Actor | null, change: AuditedChange): AuditInput {
  const person = who && !isSystem(who) ? who : null;
  return {
    actorId: person?.userId ?? null,
    actorName: person ? `${person.displayName} (${person.username})` : 'system',
    action: change.action,
    entityType: change.entityType,
    entityId: change.entityId,
    householdId: change.householdId ?? null,
    unitCode: change.unitCode ?? null,
    before: change.before ?? null,
    after: change.after ?? null,
    reason: change.reason ?? null,
  };
}

export async function recordAudit(tx: Queryable, who: Actor | null, change: AuditedChange): Promise<void> {
  await appendToChain(tx, auditInput(who, change));
}

/** Several changes of one use case (an import's rows), appended to the chain in one go. */
export async function recordAudits(
  tx: Queryable,
  who: Actor | null,
  changes: readonly AuditedChange[],
): Promise<void> {
  await recordAuditEntries(
    tx,
    changes.map((c) => auditInput(who, c)),
  );
}
