// The dashboard's review progress as a use case (issue #11): how many communes under a unit have not
// started, are reviewing, have recognised or have reported their periodic review of a year. Read with
// registry.read (403), for a unit in the read scope on the year's date, itself or through a successor (404).
import type { Queryable } from '../db/index.ts';
import { communeReviews } from '../db/queries/dashboard.ts';
import { requireUnitOrSuccessorInScope } from './access.ts';
import { requirePermission, type Actor } from './actor.ts';

export async function reviewProgress(
  db: Queryable,
  actor: Actor,
  q: { unitCode: string; year: number },
  today: string,
) {
  requirePermission(actor, 'registry.read');
  const end = `${q.year}-12-31`;
  const date = end > today ? today : end;
  await requireUnitOrSuccessorInScope(db, actor, q.unitCode, date, today);
  const communes = await communeReviews(db, { unitCode: q.unitCode, date, year: q.year });
  const counts = { none: 0, open: 0, recognised: 0, reported: 0, total: communes.length };
  for (const c of communes) counts[c.status] += 1;
  return { date, counts, communes };
}
