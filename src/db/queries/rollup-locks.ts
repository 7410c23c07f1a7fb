// Row locks on stored roll-ups for whoever rebuilds many communes in one transaction (a recompute). A
// recognition or an import refreshes one commune, then its ancestors (figures.refreshRollups). A recompute
// that went commune by commune would hold the province's rows from its first commune on and then wait for
// a commune a recognition holds while that recognition waits for the province: a deadlock, one of them
// aborted. Taking every commune's rows first, before any ancestor's, makes them take turns instead.
import type { Queryable } from '../database.ts';

/** Locks the roll-ups of these units for the year and standard (in one order), until the transaction ends. */
export async function lockRollups(
  db: Queryable,
  input: { codes: readonly string[]; year: number; standard: string },
): Promise<void> {
  if (input.codes.length === 0) return;
  await db.query(
    `select 1 from rollups where year = $1 and standard = $2 and unit_code = any($3::text[])
     order by unit_code, unit_valid_from, grp for update`,
    [input.year, input.standard, [...input.codes]],
  );
}
