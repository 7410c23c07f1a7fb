// Works (công trình): list under a unit (its whole predecessors and everything below them, at the units' own
// dates), read, create, change with optimistic concurrency, hand over to a new investor, photos.
import type { Queryable } from '../database.ts';
import { TERRITORY_SQL } from './territory.ts';
import type { UnitRef } from './units.ts';

export interface WorkRow {
  id: string;
  unitCode: string;
  unitValidFrom: string;
  unitName: string;
  villageId: string | null;
  villageName: string | null;
  name: string;
  workType: string;
  construction: 'new' | 'maintenance';
  programme: string | null;
  project: string | null;
  planYear: number | null;
  investorOriginal: string;
  investorOriginalUnitCode: string | null;
  investorCurrent: string;
  investorCurrentUnitCode: string | null;
  investorChangedOn: string | null;
  investorChangeBasis: string | null;
  contractValue: bigint;
  disbursed: bigint;
  progressPct: number;
  startDate: string | null;
  completionDate: string | null;
  acceptanceDate: string | null;
  note: string | null;
  createdAt: Date;
  updatedAt: Date;
  version: number;
}

const COLUMNS = `w.id, w.unit_code as "unitCode", w.unit_valid_from as "unitValidFrom", u.name as "unitName",
  w.village_id as "villageId", v.name as "villageName", w.name, w.work_type as "workType", w.construction,
  w.programme, w.project, w.plan_year as "planYear", w.investor_original as "investorOriginal",
  w.investor_original_unit_code as "investorOriginalUnitCode", w.investor_current as "investorCurrent",
  w.investor_current_unit_code as "investorCurrentUnitCode", w.investor_changed_on as "investorChangedOn",
  w.investor_change_basis as "investorChangeBasis", w.contract_value as "contractValue", w.disbursed,
  w.progress_pct as "progressPct", w.start_date as "startDate", w.completion_date as "completionDate",
  w.acceptance_date as "acceptanceDate", w.note, w.created_at as "createdAt", w.updated_at as "updatedAt",
  w.version`;

const FROM = `works w join admin_units u on u.code = w.unit_code and u.valid_from = w.unit_valid_from
  left join villages v on v.id = w.village_id`;

/** The fields a client sets (all but identity, investor changes and bookkeeping). */
export interface WorkFields {
  villageId: string | null;
  name: string;
  workType: string;
  construction: 'new' | 'maintenance';
  programme: string | null;
  project: string | null;
  planYear: number | null;
  contractValue: bigint;
  disbursed: bigint;
  progressPct: number;
  startDate: string | null;
  completionDate: string | null;
  acceptanceDate: string | null;
  note: string | null;
}

export interface NewWork extends WorkFields {
  unitCode: string;
  unitValidFrom: string;
  investor: string;
  investorUnitCode: string | null;
}

/**
 * Works recorded under the unit (see TERRITORY_SQL in ./territory.ts), and works handed over to an investor
 * unit among those (a former district's work now run by a commune), by the units' code and the work's name.
 * Filters: type and plan year. Works are few per province (thousands), so status and Vietnamese order are applied by the caller.
 */
export async function worksUnder(
  db: Queryable,
  q: { unit: UnitRef; type?: string; year?: number },
): Promise<(WorkRow & { bucketCode: string; bucketValidFrom: string })[]> {
  return db.query(
    `with recursive ${TERRITORY_SQL},
     placed as (
       select w.id, b.bucket_code, b.bucket_from from works w
       join below b on b.code = w.unit_code and b.valid_from = w.unit_valid_from
       union
       select w.id, b.bucket_code, b.bucket_from from works w
       join below b on b.code = w.investor_current_unit_code
       join admin_units bu on bu.code = b.code and bu.valid_from = b.valid_from
       where w.investor_changed_on is not null and (bu.valid_to is null or bu.valid_to >= w.investor_changed_on)
     ),
     one as (select distinct on (id) id, bucket_code, bucket_from from placed order by id, bucket_code)
     select ${COLUMNS}, one.bucket_code as "bucketCode", one.bucket_from as "bucketValidFrom"
     from one join ${FROM} on w.id = one.id
     where ($3::text is null or w.work_type = $3) and ($4::int is null or w.plan_year = $4)
     order by w.unit_code, w.id`,
    [q.unit.code, q.unit.validFrom, q.type ?? null, q.year ?? null],
  );
}

export async function getWork(db: Queryable, id: string): Promise<WorkRow | undefined> {
  const [row] = await db.query<WorkRow>(`select ${COLUMNS} from ${FROM} where w.id = $1`, [id]);
  return row;
}

/** The work locked until the transaction ends, so two hand-overs or updates take turns. */
export async function lockWork(db: Queryable, id: string): Promise<void> {
  await db.query(`select 1 from works where id = $1 for update`, [id]);
}

export async function insertWork(db: Queryable, w: NewWork, by: string | null): Promise<WorkRow> {
  const [row] = await db.query<{ id: string }>(
    `insert into works (unit_code, unit_valid_from, village_id, name, work_type, construction, programme, project,
       plan_year, investor_original, investor_original_unit_code, investor_current, investor_current_unit_code,
       contract_value, disbursed, progress_pct, start_date, completion_date, acceptance_date, note, created_by)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
     returning id`,
    [
      w.unitCode,
      w.unitValidFrom,
      w.villageId,
      w.name,
      w.workType,
      w.construction,
      w.programme,
      w.project,
      w.planYear,
      w.investor,
      w.investorUnitCode,
      w.contractValue,
      w.disbursed,
      w.progressPct,
      w.startDate,
      w.completionDate,
      w.acceptanceDate,
      w.note,
      by,
    ],
  );
  return (await getWork(db, row!.id))!;
}

const FIELD_COLUMNS: Record<keyof WorkFields, string> = {
  villageId: 'village_id',
  name: 'name',
  workType: 'work_type',
  construction: 'construction',
  programme: 'programme',
  project: 'project',
  planYear: 'plan_year',
  contractValue: 'contract_value',
  disbursed: 'disbursed',
  progressPct: 'progress_pct',
  startDate: 'start_date',
  completionDate: 'completion_date',
  acceptanceDate: 'acceptance_date',
  note: 'note',
};

/** Applies the change when the work is still at `version`; undefined when someone changed it meanwhile. */
export async function updateWork(
  db: Queryable,
  id: string,
  version: number,
  change: Partial<WorkFields>,
): Promise<WorkRow | undefined> {
  const keys = (Object.keys(change) as (keyof WorkFields)[]).filter((k) => change[k] !== undefined);
  const sets = keys.map((k, i) => `${FIELD_COLUMNS[k]} = $${i + 3}`);
  const rows = await db.query<{ id: string }>(
    `update works set ${[...sets, 'version = version + 1', 'updated_at = now()'].join(', ')}
     where id = $1 and version = $2 returning id`,
    [id, version, ...keys.map((k) => change[k])],
  );
  return rows.length ? getWork(db, id) : undefined;
}

/**
 * Deletes the work and its photo links (the photo files stay, named in the audit entry). The caller holds the
 * work's lock (lockWork) and has checked its version.
 */
export async function deleteWork(db: Queryable, id: string): Promise<void> {
  await db.query(`delete from work_photos where work_id = $1`, [id]);
  await db.query(`delete from works where id = $1`, [id]);
}

/** Records a new current investor (hand-over), keeping the original; undefined on a stale version. */
export async function handOverWork(
  db: Queryable,
  id: string,
  version: number,
  to: { investor: string; unitCode: string | null; date: string; basis: string },
): Promise<WorkRow | undefined> {
  const rows = await db.query<{ id: string }>(
    `update works set investor_current = $3, investor_current_unit_code = $4, investor_changed_on = $5,
       investor_change_basis = $6, version = version + 1, updated_at = now()
     where id = $1 and version = $2 returning id`,
    [id, version, to.investor, to.unitCode, to.date, to.basis],
  );
  return rows.length ? getWork(db, id) : undefined;
}

export interface WorkPhoto {
  fileId: string;
  name: string;
  mimeType: string;
  size: number;
  sha256: string;
  caption: string | null;
  takenOn: string | null;
  addedAt: Date;
}

export async function addPhoto(
  db: Queryable,
  p: { workId: string; fileId: string; caption: string | null; takenOn: string | null },
): Promise<void> {
  await db.query(`insert into work_photos (work_id, file_id, caption, taken_on) values ($1, $2, $3, $4)`, [
    p.workId,
    p.fileId,
    p.caption,
    p.takenOn,
  ]);
}

export async function photosOf(db: Queryable, workId: string): Promise<WorkPhoto[]> {
  return db.query<WorkPhoto>(
    `select f.file_id as "fileId", f.name, f.mime_type as "mimeType", f.size::int as size, f.sha256, p.caption,
       p.taken_on as "takenOn", p.added_at as "addedAt"
     from work_photos p join files f on f.file_id = p.file_id
     where p.work_id = $1 order by p.taken_on nulls last, p.added_at, f.file_id`,
    [workId],
  );
}

/** A photo's file, only when it belongs to the work. */
export async function photoFile(
  db: Queryable,
  workId: string,
  fileId: string,
): Promise<{ name: string; mimeType: string; content: Uint8Array } | undefined> {
  const [row] = await db.query<{ name: string; mimeType: string; content: Uint8Array }>(
    `select f.name, f.mime_type as "mimeType", f.content from work_photos p join files f on f.file_id = p.file_id
     where p.work_id = $1 and p.file_id = $2`,
    [workId, fileId],
  );
  return row;
}

/** Every unit version counted under the unit (TERRITORY_SQL in ./territory.ts) with the bucket it is reported in. */
export async function unitBuckets(
  db: Queryable,
  unit: UnitRef,
): Promise<{ code: string; validFrom: string; bucketCode: string; bucketValidFrom: string }[]> {
  return db.query(
    `with recursive ${TERRITORY_SQL}
     select distinct code, valid_from as "validFrom", bucket_code as "bucketCode", bucket_from as "bucketValidFrom"
     from below`,
    [unit.code, unit.validFrom],
  );
}
