// Programme money: plan lines, adjustments, payments and carry-overs written in bulk, and plan and
// disbursement sums for a unit with everything below it — at the plans' own dates and across the 2025
// reform through whole-merge lineage (see docs/adr/0005-programme-money.md).
import type { Queryable } from '../database.ts';
import type { Adjustment, CarryOver, Payment, PlanLine } from '../../domain/finance/plans.ts';
import type { SourceCode } from '../../domain/finance/programmes.ts';
import type { LineKey, LineRecord } from '../../domain/finance/csv.ts';
import { TERRITORY_SQL, TERRITORY_WALK_SQL } from './territory.ts';
import { unitColumns, type AdminUnit, type UnitRef } from './units.ts';

export type NewPlanLine = Omit<PlanLine, 'id'>;

const LINE_COLUMNS = `p.id, p.unit_code as "unitCode", p.unit_valid_from as "unitValidFrom", p.year, p.programme,
  p.project, p.source, p.amount, p.decision, p.decision_date as "decisionDate"`;

const BATCH = 2000;

function batches<T>(items: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += BATCH) out.push(items.slice(i, i + BATCH));
  return out;
}

/** Inserts plan lines (one statement per few thousand rows); returns them with their ids, by natural key. */
export async function insertPlanLines(
  db: Queryable,
  rows: readonly NewPlanLine[],
  by: string | null,
): Promise<PlanLine[]> {
  return db.transaction(async (tx) => {
    const out: PlanLine[] = [];
    for (const batch of batches(rows)) {
      const written = await tx.query<PlanLine>(
        `with written as (
           insert into finance_plan_lines (unit_code, unit_valid_from, year, programme, project, source, amount,
                                           decision, decision_date, created_by)
           select i.*, $10::uuid from unnest($1::text[], $2::date[], $3::int[], $4::text[], $5::text[], $6::text[],
                                             $7::bigint[], $8::text[], $9::date[])
             as i(unit_code, unit_valid_from, year, programme, project, source, amount, decision, decision_date)
           returning *)
         select ${LINE_COLUMNS} from written p`,
        [
          batch.map((r) => r.unitCode),
          batch.map((r) => r.unitValidFrom),
          batch.map((r) => r.year),
          batch.map((r) => r.programme),
          batch.map((r) => r.project),
          batch.map((r) => r.source),
          batch.map((r) => r.amount),
          batch.map((r) => r.decision),
          batch.map((r) => r.decisionDate),
          by,
        ],
      );
      // RETURNING order is not guaranteed: give the rows back in input order, matched by natural key.
      const byKey = new Map(written.map((w) => [keyOf(w), w]));
      for (const r of batch) out.push(byKey.get(keyOf(r))!);
    }
    return out;
  });
}

const keyOf = (l: Pick<PlanLine, 'unitCode' | 'unitValidFrom' | 'year' | 'project' | 'source'>) =>
  `${l.unitCode}@${l.unitValidFrom}|${l.year}|${l.project}|${l.source}`;

export async function insertAdjustments(
  db: Queryable,
  rows: readonly Adjustment[],
  by: string | null,
): Promise<number> {
  let n = 0;
  for (const batch of batches(rows)) {
    const [row] = await db.query<{ n: number }>(
      `with written as (
         insert into finance_plan_adjustments (plan_line_id, decision, decision_date, amount, reason, created_by)
         select i.*, $6::uuid from unnest($1::uuid[], $2::text[], $3::date[], $4::bigint[], $5::text[])
           as i(plan_line_id, decision, decision_date, amount, reason)
         returning 1)
       select count(*)::int as n from written`,
      [
        batch.map((r) => r.planLineId),
        batch.map((r) => r.decision),
        batch.map((r) => r.decisionDate),
        batch.map((r) => r.amount),
        batch.map((r) => r.reason ?? null),
        by,
      ],
    );
    n += row?.n ?? 0;
  }
  return n;
}

export async function insertPayments(
  db: Queryable,
  rows: readonly Payment[],
  by: string | null,
): Promise<number> {
  let n = 0;
  for (const batch of batches(rows)) {
    const [row] = await db.query<{ n: number }>(
      `with written as (
         insert into finance_payments (plan_line_id, paid_on, amount, decision, created_by)
         select i.*, $5::uuid from unnest($1::uuid[], $2::date[], $3::bigint[], $4::text[])
           as i(plan_line_id, paid_on, amount, decision)
         returning 1)
       select count(*)::int as n from written`,
      [
        batch.map((r) => r.planLineId),
        batch.map((r) => r.paidOn),
        batch.map((r) => r.amount),
        batch.map((r) => r.decision),
        by,
      ],
    );
    n += row?.n ?? 0;
  }
  return n;
}

export async function insertCarryOver(db: Queryable, carry: CarryOver, by: string | null): Promise<void> {
  await db.query(
    `insert into finance_carry_overs (plan_line_id, to_year, amount, decision, decision_date, created_by)
     values ($1, $2, $3, $4, $5, $6)`,
    [carry.planLineId, carry.toYear, carry.amount, carry.decision, carry.decisionDate, by],
  );
}

/** Lines with their adjustments, payments and carry-over, for the given ids. */
async function recordsOf(db: Queryable, lines: PlanLine[]): Promise<LineRecord[]> {
  if (!lines.length) return [];
  const ids = lines.map((l) => l.id);
  const adjustments = await db.query<Adjustment & { id: string; createdAt: Date }>(
    `select id, plan_line_id as "planLineId", decision, decision_date as "decisionDate", amount, reason,
       created_at as "createdAt"
     from finance_plan_adjustments where plan_line_id = any($1::uuid[]) order by decision_date, created_at`,
    [ids],
  );
  const payments = await db.query<Payment & { id: string }>(
    `select id, plan_line_id as "planLineId", paid_on as "paidOn", amount, decision
     from finance_payments where plan_line_id = any($1::uuid[]) order by paid_on, created_at`,
    [ids],
  );
  const carries = await db.query<CarryOver>(
    `select plan_line_id as "planLineId", to_year as "toYear", amount, decision, decision_date as "decisionDate"
     from finance_carry_overs where plan_line_id = any($1::uuid[])`,
    [ids],
  );
  return lines.map((line) => ({
    line,
    adjustments: adjustments.filter((a) => a.planLineId === line.id),
    payments: payments.filter((p) => p.planLineId === line.id),
    carry: carries.find((c) => c.planLineId === line.id) ?? null,
  }));
}

/** The recorded lines for the given keys (absent keys are simply missing), with their history. */
export async function linesByKeys(db: Queryable, keys: readonly LineKey[]): Promise<LineRecord[]> {
  const lines: PlanLine[] = [];
  for (const batch of batches(keys)) {
    lines.push(
      ...(await db.query<PlanLine>(
        `select ${LINE_COLUMNS} from finance_plan_lines p
         join unnest($1::text[], $2::date[], $3::int[], $4::text[], $5::text[]) as k(unit_code, unit_valid_from, year, project, source)
           on p.unit_code = k.unit_code and p.unit_valid_from = k.unit_valid_from and p.year = k.year
              and p.project = k.project and p.source = k.source`,
        [
          batch.map((k) => k.unitCode),
          batch.map((k) => k.unitValidFrom),
          batch.map((k) => k.year),
          batch.map((k) => k.project),
          batch.map((k) => k.source),
        ],
      )),
    );
  }
  return recordsOf(db, [...new Map(lines.map((l) => [l.id, l])).values()]);
}

/** One line with its history, or undefined. */
export async function lineRecord(db: Queryable, id: string): Promise<LineRecord | undefined> {
  const lines = await db.query<PlanLine>(`select ${LINE_COLUMNS} from finance_plan_lines p where p.id = $1`, [
    id,
  ]);
  return (await recordsOf(db, lines))[0];
}

/** Takes row locks on lines, so concurrent payments or adjustments on them are checked one after another. */
export async function lockLines(db: Queryable, ids: readonly string[]): Promise<void> {
  await db.query(`select 1 from finance_plan_lines where id = any($1::uuid[]) order by id for update`, [ids]);
}

/** Every version of a code with its validity, oldest first (to find the unit a plan of a year belongs to). */
export async function versionsOf(
  db: Queryable,
  code: string,
): Promise<{ code: string; validFrom: string; validTo: string | null }[]> {
  return db.query(
    `select code, valid_from as "validFrom", valid_to as "validTo" from admin_units where code = $1 order by valid_from`,
    [code],
  );
}

/**
 * The unit a money report is about: the version of `code` valid on `at`, else its last version before
 * `at` (a unit ended by the 2025 reform is still reported on for the years it existed).
 */
export async function reportUnit(db: Queryable, code: string, at: string): Promise<AdminUnit | undefined> {
  const [u] = await db.query<AdminUnit>(
    `select ${unitColumns('u')} from admin_units u where u.code = $1 and u.valid_from <= $2::date
     order by u.valid_from desc limit 1`,
    [code, at],
  );
  return u;
}

/** Plan in force and paid by `$5` for each line of years `$3`–`$4` under the territory. */
const VALUED_SQL = `
  valued as (
    select p.id, p.year, p.source, b.bucket_code, b.bucket_from,
      (case when p.decision_date is null or p.decision_date <= $5::date then p.amount else 0 end)
        + coalesce((select sum(a.amount) from finance_plan_adjustments a
                    where a.plan_line_id = p.id and a.decision_date <= $5::date), 0) as plan,
      coalesce((select sum(x.amount) from finance_payments x where x.plan_line_id = p.id and x.paid_on <= $5::date), 0)
        as disbursed
    from finance_plan_lines p join below b on b.code = p.unit_code and b.valid_from = p.unit_valid_from
    where p.year between $3 and $4
  )`;

export interface Bucket {
  unit: AdminUnit;
  plan: bigint;
  disbursed: bigint;
  lines: number;
}

export interface SumsQuery {
  unit: UnitRef;
  from: number;
  to: number;
  at: string;
}

/** Plan in force and paid at `at`, summed per bucket: the unit's own lines, and per unit directly below it. */
export async function disbursementByBucket(db: Queryable, q: SumsQuery): Promise<Bucket[]> {
  const rows = await db.query<AdminUnit & { plan: bigint; disbursed: bigint; lines: number }>(
    `with recursive ${TERRITORY_SQL}, ${VALUED_SQL}
     select ${unitColumns('u')}, s.plan, s.disbursed, s.lines
     from (select bucket_code, bucket_from, sum(plan)::bigint as plan, sum(disbursed)::bigint as disbursed,
             count(*)::int as lines
           from valued group by bucket_code, bucket_from) s
     join admin_units u on u.code = s.bucket_code and u.valid_from = s.bucket_from
     order by u.code, u.valid_from`,
    [q.unit.code, q.unit.validFrom, q.from, q.to, q.at],
  );
  return rows.map(({ plan, disbursed, lines, ...unit }) => ({ unit, plan, disbursed, lines }));
}

/** Plan in force and paid at `at` per source, over the unit and everything below it. */
export async function sumsBySource(
  db: Queryable,
  q: SumsQuery,
): Promise<{ source: SourceCode; plan: bigint; disbursed: bigint }[]> {
  return db.query(
    `with recursive ${TERRITORY_SQL}, ${VALUED_SQL}
     select source, sum(plan)::bigint as plan, sum(disbursed)::bigint as disbursed from valued
     group by source order by source`,
    [q.unit.code, q.unit.validFrom, q.from, q.to, q.at],
  );
}

export interface LineView extends PlanLine {
  unitName: string;
  plan: bigint;
  disbursed: bigint;
  carried: bigint | null;
  carriedTo: number | null;
  adjustments: number;
}

/** The lines under the unit (as the sums count them), with plan and paid at `at`, by year, unit, project, source. */
export async function linesUnder(db: Queryable, q: SumsQuery & { limit?: number }): Promise<LineView[]> {
  return db.query<LineView>(
    `with recursive ${TERRITORY_SQL}, ${VALUED_SQL}
     select ${LINE_COLUMNS}, u.name as "unitName", v.plan::bigint as plan, v.disbursed::bigint as disbursed,
       c.amount as carried, c.to_year as "carriedTo",
       (select count(*)::int from finance_plan_adjustments a where a.plan_line_id = p.id) as adjustments
     from valued v join finance_plan_lines p on p.id = v.id
     join admin_units u on u.code = p.unit_code and u.valid_from = p.unit_valid_from
     left join finance_carry_overs c on c.plan_line_id = p.id
     order by p.year, p.unit_code, p.project, p.source
     limit $6`,
    [q.unit.code, q.unit.validFrom, q.from, q.to, q.at, q.limit ?? 10_000],
  );
}

/**
 * Predecessors merged only in part into the unit (or into one of its whole predecessors) that hold lines
 * of the years: not counted, since the share of their money that went to the unit is not known.
 */
export async function partialPredecessors(
  db: Queryable,
  q: SumsQuery,
): Promise<{ unit: AdminUnit; lines: number; plan: bigint }[]> {
  const rows = await db.query<AdminUnit & { lines: number; plan: bigint }>(
    `with recursive ${TERRITORY_WALK_SQL},
     partial as (
       select distinct l.from_code as code, l.from_valid_from as valid_from from territory_walk t
       join unit_lineage l on l.to_code = t.code and l.to_valid_from = t.valid_from and not l.all_population
     ),
     below(code, valid_from, root_code, root_from, depth) as (
       select code, valid_from, code, valid_from, 0 from partial
       union all
       select c.code, c.valid_from, b.root_code, b.root_from, b.depth + 1
       from below b join admin_units c on c.parent_code = b.code and c.parent_valid_from = b.valid_from
       where b.depth < 5
     )
     select ${unitColumns('u')}, s.lines, s.plan
     from (
       select b.root_code, b.root_from, count(*)::int as lines, sum(
           (case when p.decision_date is null or p.decision_date <= $5::date then p.amount else 0 end)
           + coalesce((select sum(a.amount) from finance_plan_adjustments a
                       where a.plan_line_id = p.id and a.decision_date <= $5::date), 0))::bigint as plan
       from finance_plan_lines p join below b on b.code = p.unit_code and b.valid_from = p.unit_valid_from
       where p.year between $3 and $4
       group by b.root_code, b.root_from
     ) s join admin_units u on u.code = s.root_code and u.valid_from = s.root_from
     order by u.code`,
    [q.unit.code, q.unit.validFrom, q.from, q.to, q.at],
  );
  return rows.map(({ lines, plan, ...unit }) => ({ unit, lines, plan }));
}

export interface PaymentView extends Payment {
  id: string;
  createdAt: Date;
}

/** Payments of a line, by date. */
export async function paymentsOf(db: Queryable, planLineId: string): Promise<PaymentView[]> {
  return db.query<PaymentView>(
    `select id, plan_line_id as "planLineId", paid_on as "paidOn", amount, decision, created_at as "createdAt"
     from finance_payments where plan_line_id = $1 order by paid_on, created_at`,
    [planLineId],
  );
}
