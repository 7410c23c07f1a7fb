// Review rounds: the round row, its event history, the results frozen at recognition, uploaded files.
import { createHash } from 'node:crypto';
import type { Queryable } from '../database.ts';
import { DataRuleError } from '../errors.ts';
import { validOn } from './units.ts';

export interface RoundRow {
  id: string;
  communeCode: string;
  communeValidFrom: string;
  kind: 'periodic' | 'regular' | 'opening';
  year: number;
  month: number | null;
  startDate: string;
  procedureVersion: string;
  status: 'open' | 'recognised' | 'reported';
  decisionNumber: string | null;
  decisionDate: string | null;
  eventCount: number;
}

export interface StoredEvent {
  seq: number;
  type: string;
  payload: Record<string, unknown>;
  actorId: string | null;
  recordedAt: Date;
}

const ROUND_COLUMNS = `r.id, r.commune_code as "communeCode", r.commune_valid_from as "communeValidFrom", r.kind, r.year,
  r.month, r.start_date as "startDate", r.procedure_version as "procedureVersion", r.status,
  r.decision_number as "decisionNumber", r.decision_date as "decisionDate", r.event_count as "eventCount"`;

export async function openRound(
  db: Queryable,
  input: {
    communeCode: string;
    kind: 'periodic' | 'regular';
    year: number;
    month: number | null;
    startDate: string;
    procedureVersion: string;
  },
): Promise<RoundRow> {
  const [row] = await db.query<RoundRow>(
    `insert into review_rounds as r (commune_code, commune_valid_from, kind, year, month, start_date, procedure_version)
     select u.code, u.valid_from, $3, $4, $5, $2::date, $6 from admin_units u
     where u.code = $1 and u.level = 'commune' and ${validOn('u', '$2')}
     on conflict on constraint review_rounds_commune_period_key do nothing
     returning ${ROUND_COLUMNS}`,
    [input.communeCode, input.startDate, input.kind, input.year, input.month, input.procedureVersion],
  );
  if (!row) {
    const exists = await db.query(
      `select 1 from review_rounds where commune_code = $1 and kind = $2 and year = $3 and month is not distinct from $4`,
      [input.communeCode, input.kind, input.year, input.month],
    );
    if (exists.length) throw new DataRuleError('round_exists', 'a round for this commune and period exists');
    throw new DataRuleError('commune_not_found', `no commune ${input.communeCode} on ${input.startDate}`);
  }
  return row;
}

export async function getRound(db: Queryable, id: string): Promise<RoundRow | undefined> {
  const [row] = await db.query<RoundRow>(`select ${ROUND_COLUMNS} from review_rounds r where r.id = $1`, [
    id,
  ]);
  return row;
}

export async function listRounds(db: Queryable, communeCodes: readonly string[] | null): Promise<RoundRow[]> {
  return db.query<RoundRow>(
    `select ${ROUND_COLUMNS} from review_rounds r
     where r.start_date is not null and r.kind <> 'opening' and ($1::text[] is null or r.commune_code = any($1::text[]))
     order by r.year desc, r.month desc nulls first, r.commune_code`,
    [communeCodes ? [...communeCodes] : null],
  );
}

export async function roundEvents(db: Queryable, roundId: string): Promise<StoredEvent[]> {
  return db.query<StoredEvent>(
    `select seq, type, payload, actor_id as "actorId", recorded_at as "recordedAt"
     from review_events where round_id = $1 order by seq`,
    [roundId],
  );
}

/**
 * Appends events if the round still has `expectedCount` events (else false: someone else moved it on),
 * and updates the round's status and decision in the same statement group.
 */
export async function appendEvents(
  db: Queryable,
  input: {
    roundId: string;
    expectedCount: number;
    events: { type: string; payload: unknown }[];
    actorId: string | null;
    status: RoundRow['status'];
    decision: { number: string; date: string } | null;
  },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const claimed = await tx.query(
      `update review_rounds set event_count = event_count + $3, status = $4, decision_number = $5, decision_date = $6
       where id = $1 and event_count = $2 returning 1`,
      [
        input.roundId,
        input.expectedCount,
        input.events.length,
        input.status,
        input.decision?.number ?? null,
        input.decision?.date ?? null,
      ],
    );
    if (claimed.length === 0) return false;
    for (const [i, e] of input.events.entries()) {
      await tx.query(
        `insert into review_events (round_id, seq, type, payload, actor_id) values ($1, $2, $3, $4, $5)`,
        [input.roundId, input.expectedCount + i + 1, e.type, JSON.stringify(e.payload), input.actorId],
      );
    }
    return true;
  });
}

export interface ResultRow {
  householdId: string;
  movedIn: boolean;
  accounted: { outcome: string; effective: string; record: string } | null;
  villageId: string;
  previousClass: string | null;
  finalClass: string | null;
  transition: string;
  deficits: string[];
  isEthnicMinority: boolean;
  personOfMerit: boolean;
  socialProtection: boolean;
  noLabourCapacity: boolean;
  recognisedOn: string;
}

/** Replaces the round's frozen results (a recognition after reopening replaces the earlier one). */
export async function freezeResults(
  db: Queryable,
  roundId: string,
  rows: readonly ResultRow[],
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('delete from review_results where round_id = $1', [roundId]);
    if (rows.length === 0) return;
    await tx.query(
      `insert into review_results (household_id, round_id, village_id, previous_class, final_class, transition, deficits,
         is_ethnic_minority, person_of_merit, social_protection, no_labour_capacity, recognised_on, moved_in, accounted)
       select h, $1, v, p, f, t, coalesce(array(select jsonb_array_elements_text(d)), '{}'), em, pm, sp, nl, $2::date, mi,
         case when ac = 'null'::jsonb then null else ac end
       from unnest($3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::jsonb[], $9::bool[], $10::bool[], $11::bool[], $12::bool[],
                   $13::bool[], $14::jsonb[])
         as x(h, v, p, f, t, d, em, pm, sp, nl, mi, ac)`,
      [
        roundId,
        rows[0]!.recognisedOn,
        rows.map((r) => r.householdId),
        rows.map((r) => r.villageId),
        rows.map((r) => r.previousClass),
        rows.map((r) => r.finalClass),
        rows.map((r) => r.transition),
        rows.map((r) => JSON.stringify(r.deficits)),
        rows.map((r) => r.isEthnicMinority),
        rows.map((r) => r.personOfMerit),
        rows.map((r) => r.socialProtection),
        rows.map((r) => r.noLabourCapacity),
        rows.map((r) => r.movedIn),
        rows.map((r) => JSON.stringify(r.accounted)),
      ],
    );
  });
}

export async function roundResults(
  db: Queryable,
  roundId: string,
): Promise<(ResultRow & { headName: string; villageName: string; address: string | null })[]> {
  return db.query(
    `select rr.household_id as "householdId", rr.village_id as "villageId", rr.previous_class as "previousClass",
       rr.final_class as "finalClass", rr.transition, rr.deficits, rr.is_ethnic_minority as "isEthnicMinority",
       rr.person_of_merit as "personOfMerit", rr.social_protection as "socialProtection",
       rr.no_labour_capacity as "noLabourCapacity", rr.recognised_on as "recognisedOn",
       rr.moved_in as "movedIn", rr.accounted,
       h.head_name as "headName", v.name as "villageName", h.address
     from review_results rr join households h on h.household_id = rr.household_id join villages v on v.id = rr.village_id
     where rr.round_id = $1 order by v.name collate "C", h.head_name collate "C"`,
    [roundId],
  );
}

/** A result that counts: its round is recognised (an open or reopened round decides nothing yet). */
const RECOGNISED = `r.status <> 'open'`;
/** Among a household's results, the latest first (an opening list after a round of the same day). */
const LATEST_FIRST = `rr.recognised_on desc, (r.kind = 'opening'), r.created_at desc`;

/**
 * The body of a lateral join giving a household's standing on a date: its latest recognised result that is
 * a class (not the bookkeeping of a move, dissolution or merger), as `rr` joined to its round `r`. One
 * definition for the figures and the household search; standingsOn states the same conditions in a
 * DISTINCT ON form that Citus can push to the shards.
 */
export function latestStandingSql(p: {
  columns: string;
  household: string;
  date: string;
  excludeRound?: string;
}): string {
  const exclude = p.excludeRound ? ` and rr.round_id is distinct from ${p.excludeRound}` : '';
  return `select ${p.columns} from review_results rr join review_rounds r on r.id = rr.round_id
    where rr.household_id = ${p.household} and ${RECOGNISED}${exclude}
      and rr.recognised_on <= ${p.date} and rr.accounted is null
    order by ${LATEST_FIRST} limit 1`;
}

export interface Standing {
  /** The class of the household's latest recognised decision (periodic, monthly or the opening list). */
  cls: string | null;
  /** The commune (version) whose decision it was. */
  communeCode: string;
  communeValidFrom: string;
  decisionNumber: string | null;
  decisionDate: string;
  escapedBefore: boolean;
  /** The latest recognised decision on or before the date by which it escaped poverty (null: never). */
  lastEscapedOn: string | null;
}

/**
 * Each household's standing on a date: the class of its latest recognised decision on or before it (never
 * an assessment: an unrecognised result is provisional), and whether it ever escaped poverty (for "re-poor").
 */
export async function standingsOn(
  db: Queryable,
  householdIds: readonly string[],
  date: string,
  excludeRoundId: string | null = null,
): Promise<Map<string, Standing>> {
  if (householdIds.length === 0) return new Map();
  // Driven from review_results (by household_id = any(…), DISTINCT ON the household) rather than a lateral
  // join from unnest(…): on Citus review_results is distributed by household and a lateral subquery from a
  // list of values cannot be pushed to the shards; this form runs on each shard, on every engine.
  const rows = await db.query<Standing & { householdId: string }>(
    `select s."householdId", s.cls, s."communeCode", s."communeValidFrom", s."decisionNumber", s."decisionDate",
       coalesce(e.escaped, false) as "escapedBefore", e.last_escaped::text as "lastEscapedOn"
     from (select distinct on (rr.household_id) rr.household_id as "householdId", rr.final_class as cls,
             r.commune_code as "communeCode", r.commune_valid_from as "communeValidFrom",
             r.decision_number as "decisionNumber", rr.recognised_on as "decisionDate"
           from review_results rr join review_rounds r on r.id = rr.round_id
           where rr.household_id = any($1::uuid[]) and ${RECOGNISED} and rr.round_id is distinct from $3::uuid
             and rr.recognised_on <= $2::date and rr.accounted is null
           order by rr.household_id, ${LATEST_FIRST}) s
     left join (select rr.household_id, true as escaped, max(rr.recognised_on) as last_escaped
                from review_results rr join review_rounds r on r.id = rr.round_id
                where rr.household_id = any($1::uuid[]) and ${RECOGNISED} and rr.round_id is distinct from $3::uuid
                  and rr.recognised_on <= $2::date
                  and rr.transition in ('escaped_to_near_poor', 'escaped_above_near_poor')
                group by rr.household_id) e on e.household_id = s."householdId"`,
    [[...householdIds], date, excludeRoundId],
  );
  return new Map(rows.map(({ householdId, ...r }) => [householdId, r]));
}

/** A commune version and all its predecessors (through the 2025 reform's lineage): one list's history. */
export async function communeFamily(
  db: Queryable,
  commune: { code: string; validFrom: string },
): Promise<{ code: string; validFrom: string }[]> {
  return db.query(
    `with recursive preds as (
       select $1::text as code, $2::date as valid_from
       union
       select l.from_code, l.from_valid_from from unit_lineage l
       join preds p on l.to_code = p.code and l.to_valid_from = p.valid_from
     )
     select code, valid_from::text as "validFrom" from preds`,
    [commune.code, commune.validFrom],
  );
}

/**
 * The commune's own list on a date: every household whose latest decision by this commune (or one of its
 * predecessors) is poor or near-poor, wherever it lives now (those living elsewhere have moved out).
 */
export async function communeList(
  db: Queryable,
  family: readonly { code: string; validFrom: string }[],
  date: string,
  excludeRoundId: string | null,
): Promise<
  { householdId: string; finalClass: 'poor' | 'near_poor'; villageId: string; dissolvedAt: string | null }[]
> {
  return db.query(
    `with fam as (select * from unnest($1::text[], $2::date[]) as f(code, valid_from)),
     latest as (
       select distinct on (rr.household_id) rr.household_id, rr.final_class
       from review_results rr join review_rounds r on r.id = rr.round_id
       join fam on fam.code = r.commune_code and fam.valid_from = r.commune_valid_from
       where ${RECOGNISED} and rr.round_id is distinct from $4::uuid and rr.recognised_on <= $3::date
       order by rr.household_id, ${LATEST_FIRST}
     )
     select l.household_id as "householdId", l.final_class as "finalClass", h.village_id as "villageId",
       h.dissolved_at::text as "dissolvedAt"
     from latest l join households h on h.household_id = l.household_id
     where l.final_class in ('poor', 'near_poor')`,
    [family.map((f) => f.code), family.map((f) => f.validFrom), date, excludeRoundId],
  );
}

export interface CommuneHousehold {
  householdId: string;
  villageId: string;
  headName: string;
  villageName: string;
  isEthnicMinority: boolean;
  personOfMerit: boolean;
  socialProtection: boolean;
  noLabourCapacity: boolean;
}

/** The households living in the commune's villages on `date` (not dissolved by then), with their names and groups. */
export async function communeHouseholds(
  db: Queryable,
  commune: { code: string; validFrom: string },
  date: string,
): Promise<CommuneHousehold[]> {
  return db.query(
    `with placed as (
       select v.id, v.name from villages v
       left join lateral (select va.commune_code, va.commune_valid_from from village_assignments va
                          where va.village_id = v.id and va.effective <= $3::date order by va.effective desc limit 1) a on true
       where coalesce(a.commune_code, v.commune_code) = $1 and coalesce(a.commune_valid_from, v.commune_valid_from) = $2
     )
     select h.household_id as "householdId", h.village_id as "villageId", h.head_name as "headName",
       p.name as "villageName", h.is_ethnic_minority as "isEthnicMinority", h.person_of_merit as "personOfMerit",
       h.social_protection as "socialProtection", h.no_labour_capacity as "noLabourCapacity"
     from households h join placed p on p.id = h.village_id
       and (h.dissolved_at is null or h.dissolved_at > $3::date)`,
    [commune.code, commune.validFrom, date],
  );
}

export async function saveFile(
  db: Queryable,
  input: { name: string; mimeType: string; content: Uint8Array; uploadedBy: string | null },
): Promise<{ fileId: string; sha256: string; size: number }> {
  const sha256 = createHash('sha256').update(input.content).digest('hex');
  const [row] = await db.query<{ fileId: string }>(
    `insert into files (name, mime_type, size, sha256, content, uploaded_by) values ($1, $2, $3, $4, $5, $6)
     returning file_id as "fileId"`,
    [input.name, input.mimeType, input.content.byteLength, sha256, input.content, input.uploadedBy],
  );
  return { fileId: row!.fileId, sha256, size: input.content.byteLength };
}

export async function getFile(db: Queryable, fileId: string) {
  const [row] = await db.query<{ name: string; mimeType: string; content: Uint8Array; sha256: string }>(
    `select name, mime_type as "mimeType", content, sha256 from files where file_id = $1`,
    [fileId],
  );
  return row;
}

/** Whether the commune (this version) has any round or opening list yet. */
export async function communeHasRounds(db: Queryable, commune: { code: string; validFrom: string }) {
  const rows = await db.query(
    `select 1 from review_rounds where commune_code = $1 and commune_valid_from = $2 limit 1`,
    [commune.code, commune.validFrom],
  );
  return rows.length > 0;
}

/**
 * Stores a commune's opening list: the last list recognised before the system, as a recognised "opening"
 * round with its decision, each household's class its result (no previous class, no flow).
 */
export async function recordOpeningList(
  db: Queryable,
  input: {
    commune: { code: string; validFrom: string };
    decisionNumber: string;
    decisionDate: string;
    procedureVersion: string;
    actorId: string | null;
    rows: readonly Omit<
      ResultRow,
      'previousClass' | 'transition' | 'recognisedOn' | 'movedIn' | 'accounted'
    >[];
  },
): Promise<RoundRow> {
  const [row] = await db.query<RoundRow>(
    `insert into review_rounds as r (commune_code, commune_valid_from, kind, year, month, start_date, procedure_version,
       status, decision_number, decision_date)
     values ($1, $2, 'opening', extract(year from $3::date)::int, null, $3::date, $4, 'recognised', $5, $3::date)
     returning ${ROUND_COLUMNS}`,
    [
      input.commune.code,
      input.commune.validFrom,
      input.decisionDate,
      input.procedureVersion,
      input.decisionNumber,
    ],
  );
  await freezeResults(
    db,
    row!.id,
    input.rows.map((r) => ({
      ...r,
      previousClass: null,
      transition: 'opening',
      recognisedOn: input.decisionDate,
      movedIn: false,
      accounted: null,
    })),
  );
  return row!;
}

export interface OpeningListRow {
  roundId: string;
  communeCode: string;
  decisionNumber: string;
  decisionDate: string;
  poor: number;
  nearPoor: number;
}

/** The commune's opening list (this version or a predecessor's), with how many poor and near-poor it holds. */
export async function openingListOf(
  db: Queryable,
  family: readonly { code: string; validFrom: string }[],
): Promise<OpeningListRow | undefined> {
  // The round, then its counts: two statements rather than a lateral count correlated on round_id, which
  // Citus cannot push down to review_results (distributed by household).
  const [round] = await db.query<Omit<OpeningListRow, 'poor' | 'nearPoor'>>(
    `select r.id as "roundId", r.commune_code as "communeCode", r.decision_number as "decisionNumber",
       r.decision_date::text as "decisionDate"
     from review_rounds r join unnest($1::text[], $2::date[]) as f(code, valid_from)
       on f.code = r.commune_code and f.valid_from = r.commune_valid_from
     where r.kind = 'opening' order by r.decision_date desc limit 1`,
    [family.map((f) => f.code), family.map((f) => f.validFrom)],
  );
  if (!round) return undefined;
  const [counts] = await db.query<{ poor: number; nearPoor: number }>(
    `select count(*) filter (where final_class = 'poor')::int as poor,
       count(*) filter (where final_class = 'near_poor')::int as "nearPoor"
     from review_results where round_id = $1`,
    [round.roundId],
  );
  return { ...round, poor: counts?.poor ?? 0, nearPoor: counts?.nearPoor ?? 0 };
}
