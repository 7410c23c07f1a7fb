// Row locks on stored roll-ups for whoever rebuilds many communes in one transaction (a recompute, an import
// touching several communes). Each commune is refreshed with its ancestors (figures.refreshRollups). Going
// commune by commune, one would hold the province's rows from its first commune on and then wait for a
// commune another holds while that other waits for the province: a deadlock, one of them aborted. Taking
// every commune's rows first, in one order, before any ancestor's, makes them take turns instead.
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
