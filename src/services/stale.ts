// 409 STALE_VERSION answers: the current record and the audited changes made since the version the client
// had, so the screen can show who changed what meanwhile (households, works, production projects alike).
import type { Queryable } from '../db/index.ts';
import { searchAudit } from '../db/queries/audit.ts';
import { AppError } from './errors.ts';

/** Which audit entries belong to the record: a household's, or an entity's by type and id. */
export type AuditSubject = { householdId: string } | { entityType: string; entityId: string };

export async function staleAnswer(
  db: Queryable,
  subject: AuditSubject,
  clientVersion: number,
  current: unknown,
): Promise<never> {
  const { rows } = await searchAudit(db, { ...subject, page: 1, pageSize: 50 });
  const changes = rows
    .filter((r) => {
      const v = (r.after as { version?: number } | null)?.version;
      return typeof v === 'number' && v > clientVersion;
    })
    .map((r) => ({
      at: new Date(r.at).toISOString(),
      by: r.actorName,
      action: r.action,
      before: r.before,
      after: r.after,
    }));
  throw new AppError('STALE_VERSION', [], { current, changes });
}
