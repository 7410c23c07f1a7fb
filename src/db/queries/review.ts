// Review rounds: the round row, its event history, the results frozen at recognition, uploaded files.
import { createHash } from 'node:crypto';
import type { Queryable } from '../database.ts';
import { DataRuleError } from '../errors.ts';
import { validOn } from './units.ts';

export interface RoundRow {
  id: string;
  communeCode: string;
  communeValidFrom: string;
  kind: 'periodic' | 'regular';
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
     where r.start_date is not null and ($1::text[] is null or r.commune_code = any($1::text[]))
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
         is_ethnic_minority, person_of_merit, social_protection, no_labour_capacity, recognised_on)
       select h, $1, v, p, f, t, coalesce(array(select jsonb_array_elements_text(d)), '{}'), em, pm, sp, nl, $2::date
       from unnest($3::uuid[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::jsonb[], $9::bool[], $10::bool[], $11::bool[], $12::bool[])
         as x(h, v, p, f, t, d, em, pm, sp, nl)`,
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
       h.head_name as "headName", v.name as "villageName", h.address
     from review_results rr join households h on h.household_id = rr.household_id join villages v on v.id = rr.village_id
     where rr.round_id = $1 order by v.name collate "C", h.head_name collate "C"`,
    [roundId],
  );
}

/**
 * Each household's standing before a date: the class its latest recognised round decided, and whether
 * it ever escaped poverty (for "re-poor").
 */
export async function standingBefore(
  db: Queryable,
  householdIds: readonly string[],
  beforeDate: string,
  excludeRoundId: string,
): Promise<Map<string, { previous: 'poor' | 'near_poor' | null; escapedBefore: boolean }>> {
  const rows = await db.query<{ householdId: string; finalClass: string | null; escapedBefore: boolean }>(
    `select h as "householdId",
       (select rr.final_class from review_results rr join review_rounds r on r.id = rr.round_id
        where rr.household_id = h and rr.round_id <> $3 and rr.recognised_on <= $2::date
        order by rr.recognised_on desc limit 1) as "finalClass",
       exists (select 1 from review_results rr where rr.household_id = h and rr.round_id <> $3
               and rr.recognised_on <= $2::date
               and rr.transition in ('escaped_to_near_poor', 'escaped_above_near_poor')) as "escapedBefore"
     from unnest($1::uuid[]) as h`,
    [[...householdIds], beforeDate, excludeRoundId],
  );
  return new Map(
    rows.map((r) => [
      r.householdId,
      {
        previous: r.finalClass === 'poor' || r.finalClass === 'near_poor' ? r.finalClass : null,
        escapedBefore: r.escapedBefore,
      },
    ]),
  );
}

/**
 * The households of a commune's villages on `date` (not dissolved) with their current standing: the
 * class of their latest recognised result, else of their latest current assessment (null if neither).
 */
export async function currentStandings(
  db: Queryable,
  communeCode: string,
  date: string,
): Promise<{ householdId: string; villageId: string; cls: string | null }[]> {
  return db.query<{ householdId: string; villageId: string; cls: string | null }>(
    `with recursive scope_villages as (
       select v.id from villages v
       left join lateral (select va.commune_code from village_assignments va where va.village_id = v.id and va.effective <= $2::date order by va.effective desc limit 1) a on true
       where coalesce(a.commune_code, v.commune_code) = $1
     )
     select h.household_id as "householdId", h.village_id as "villageId",
       coalesce(
         (select rr.final_class from review_results rr where rr.household_id = h.household_id order by rr.recognised_on desc limit 1),
         (select a.class from assessments a where a.household_id = h.household_id and a.superseded_at is null order by a.survey_date desc, a.created_at desc limit 1)
       ) as cls
     from households h where h.village_id in (select id from scope_villages) and h.dissolved_at is null`,
    [communeCode, date],
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

/**
 * Households recognised poor or near-poor by the commune's latest earlier recognised round: the start of
 * this round's lists (those no longer living in the commune count as moved out).
 */
export async function previouslyRecognised(
  db: Queryable,
  communeCode: string,
  beforeDate: string,
  excludeRoundId: string,
): Promise<{ householdId: string; finalClass: 'poor' | 'near_poor'; villageId: string }[]> {
  return db.query(
    `with last_round as (
       select r.id from review_rounds r
       where r.commune_code = $1 and r.id <> $3 and r.status <> 'open' and r.decision_date <= $2::date
       order by r.decision_date desc limit 1
     )
     select rr.household_id as "householdId", rr.final_class as "finalClass", h.village_id as "villageId"
     from review_results rr join last_round lr on lr.id = rr.round_id
     join households h on h.household_id = rr.household_id
     where rr.final_class in ('poor', 'near_poor')`,
    [communeCode, beforeDate, excludeRoundId],
  );
}

/** The date a household last escaped poverty by a recognised round (null: never). */
export async function lastEscape(db: Queryable, householdId: string): Promise<string | null> {
  const [row] = await db.query<{ on: string | null }>(
    `select max(recognised_on) as "on" from review_results
     where household_id = $1 and transition in ('escaped_to_near_poor', 'escaped_above_near_poor')`,
    [householdId],
  );
  return row?.on ?? null;
}
