// Other outputs of Thông tư 10/2022/TT-BLĐTBXH: a planned and an achieved value per unit version, year and
// indicator, written one by one or in bulk, and summed under a unit as programme money is.
import type { Queryable } from '../database.ts';
import type { UnitRef } from './units.ts';
import { TERRITORY_SQL } from './territory.ts';

export interface OutputRecord {
  unitCode: string;
  unitValidFrom: string;
  year: number;
  indicator: string;
  /** numeric as exact decimal text; null when not given. */
  planned: string | null;
  achieved: string | null;
  source: string | null;
}

const COLUMNS = `o.unit_code as "unitCode", o.unit_valid_from as "unitValidFrom", o.year, o.indicator,
  o.planned::text as planned, o.achieved::text as achieved, o.source`;

export async function getOutput(
  db: Queryable,
  key: Pick<OutputRecord, 'unitCode' | 'unitValidFrom' | 'year' | 'indicator'>,
): Promise<OutputRecord | undefined> {
  const [row] = await db.query<OutputRecord>(
    `select ${COLUMNS} from output_records o
     where o.unit_code = $1 and o.unit_valid_from = $2 and o.year = $3 and o.indicator = $4`,
    [key.unitCode, key.unitValidFrom, key.year, key.indicator],
  );
  return row;
}

/**
 * Inserts or replaces records (the whole record: a value left out becomes null), a thousand per statement.
 * Returns the records as they were before, keyed like `keyOf`, for the audit.
 */
export async function upsertOutputs(
  db: Queryable,
  rows: readonly OutputRecord[],
  by: string | null,
): Promise<Map<string, OutputRecord>> {
  const before = new Map<string, OutputRecord>();
  for (let i = 0; i < rows.length; i += 1000) {
    const batch = rows.slice(i, i + 1000);
    const old = await db.query<OutputRecord>(
      `select ${COLUMNS} from output_records o
       join unnest($1::text[], $2::date[], $3::int[], $4::text[]) as k(code, vf, year, indicator)
         on o.unit_code = k.code and o.unit_valid_from = k.vf and o.year = k.year and o.indicator = k.indicator
       for update of o`,
      [
        batch.map((r) => r.unitCode),
        batch.map((r) => r.unitValidFrom),
        batch.map((r) => r.year),
        batch.map((r) => r.indicator),
      ],
    );
    for (const o of old) before.set(outputKey(o), o);
    await db.query(
      `insert into output_records (unit_code, unit_valid_from, year, indicator, planned, achieved, source, entered_by,
         entered_at)
       select i.*, $8::uuid, now() from unnest($1::text[], $2::date[], $3::int[], $4::text[], $5::numeric[], $6::numeric[],
                                        $7::text[]) as i(unit_code, unit_valid_from, year, indicator, planned, achieved, source)
       on conflict (unit_code, unit_valid_from, year, indicator) do update
         set planned = excluded.planned, achieved = excluded.achieved, source = excluded.source,
             entered_by = excluded.entered_by, entered_at = excluded.entered_at`,
      [
        batch.map((r) => r.unitCode),
        batch.map((r) => r.unitValidFrom),
        batch.map((r) => r.year),
        batch.map((r) => r.indicator),
        batch.map((r) => r.planned),
        batch.map((r) => r.achieved),
        batch.map((r) => r.source),
        by,
      ],
    );
  }
  return before;
}

export const outputKey = (k: Pick<OutputRecord, 'unitCode' | 'unitValidFrom' | 'year' | 'indicator'>) =>
  `${k.unitCode}@${k.unitValidFrom}|${k.year}|${k.indicator}`;

export interface OutputSum {
  indicator: string;
  bucketCode: string;
  bucketValidFrom: string;
  /** Sums as exact decimal text; null when no record gave a value. */
  planned: string | null;
  achieved: string | null;
  records: number;
}

/** Planned and achieved of years from–to summed per indicator and per unit directly below (bucket). */
export async function outputSumsUnder(
  db: Queryable,
  q: { unit: UnitRef; from: number; to: number },
): Promise<OutputSum[]> {
  return db.query<OutputSum>(
    `with recursive ${TERRITORY_SQL}
     select o.indicator, b.bucket_code as "bucketCode", b.bucket_from as "bucketValidFrom",
       sum(o.planned)::text as planned, sum(o.achieved)::text as achieved, count(*)::int as records
     from output_records o join below b on b.code = o.unit_code and b.valid_from = o.unit_valid_from
     where o.year between $3 and $4
     group by o.indicator, b.bucket_code, b.bucket_from
     order by o.indicator, b.bucket_code, b.bucket_from`,
    [q.unit.code, q.unit.validFrom, q.from, q.to],
  );
}
