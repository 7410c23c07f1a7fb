// Reading the audit trail: who changed what, by household, user or unit. Outside an all-seeing scope the
// trail is read through something the reader may see (a household or a unit in its scope), or, for an
// auditor, across its assigned units.
import { units, type Queryable } from '../db/index.ts';
import { searchAudit } from '../db/queries/audit.ts';
import { maskRecordedChange } from '../domain/access/masking.ts';
import { can } from '../domain/access/roles.ts';
import { readableHousehold, unitInScope } from './access.ts';
import { requirePermission, type Actor } from './actor.ts';
import { AppError } from './errors.ts';

export interface AuditQuery {
  householdId?: string | undefined;
  actorId?: string | undefined;
  unitCode?: string | undefined;
  entityType?: string | undefined;
  page: number;
  pageSize: number;
}

export async function browseAudit(db: Queryable, actor: Actor, q: AuditQuery, today: string) {
  requirePermission(actor, 'audit.read');
  // An auditor browsing without a household or a unit reads its assigned units' entries only (their units
  // and everything below them), never the whole country's.
  let within: string[] | undefined;
  if (!actor.read.all) {
    if (q.householdId) await readableHousehold(db, actor, q.householdId, today);
    else if (q.unitCode) {
      if (!(await unitInScope(db, actor.read, q.unitCode, today))) throw new AppError('NOT_FOUND');
    } else if (actor.role !== 'auditor' || actor.read.units.length === 0) {
      throw new AppError('VALIDATION_FAILED', [
        {
          path: 'querystring.householdId',
          message: { vi: 'Cần chọn hộ hoặc đơn vị', en: 'Choose a household or a unit' },
        },
      ]);
    } else within = await units.codesUnder(db, actor.read.units);
  }
  const found = await searchAudit(db, {
    ...(q.householdId ? { householdId: q.householdId } : {}),
    ...(q.actorId ? { actorId: q.actorId } : {}),
    ...(q.unitCode ? { unitCode: q.unitCode } : within ? { unitCode: within } : {}),
    ...(q.entityType ? { entityType: q.entityType } : {}),
    page: q.page,
    pageSize: q.pageSize,
  });
  // National IDs, phones and incomes inside recorded changes are masked for roles that see them masked
  // everywhere else (an auditor follows who changed what, not people's identities).
  if (can(actor.role, 'personal.read')) return found;
  return {
    ...found,
    rows: found.rows.map((r) => ({
      ...r,
      before: maskRecordedChange(r.before),
      after: maskRecordedChange(r.after),
    })),
  };
}
