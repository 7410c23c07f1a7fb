// The household registry as officials use it: search in scope, change with optimistic concurrency,
// move, split and merge (history kept), members joining and leaving, national-ID duplicates.
import type { HouseholdClass } from '../../domain/standards/types.ts';
import { PLAN_EACH_CALL, type Queryable } from '../database.ts';
import { DataRuleError } from '../errors.ts';
import { latestStandingSql } from './review.ts';
import {
  placedIn,
  scopedPlacements,
  scopedVillageIds,
  scopeUnitsCte,
  type Placements,
  type ScopeSet,
} from './scope.ts';
import type { Household, Member, MemberInput } from './households.ts';
import type { UnitRef } from './units.ts';
import { villagePlace, type VillageContext } from './villages.ts';

export const HOUSEHOLD_COLUMNS = `h.household_id as "householdId", h.village_id as "villageId", h.address,
  h.head_name as "headName", h.ethnicity, h.is_ethnic_minority as "isEthnicMinority",
  h.person_of_merit as "personOfMerit", h.social_protection as "socialProtection",
  h.no_labour_capacity as "noLabourCapacity", h.created_at as "createdAt", h.updated_at as "updatedAt",
  h.version, h.split_from as "splitFrom", h.merged_into as "mergedInto", h.dissolved_at as "dissolvedAt"`;

export const MEMBER_COLUMNS = `m.household_id as "householdId", m.member_no as "memberNo", m.full_name as "fullName",
  m.date_of_birth as "dateOfBirth", m.sex, m.ethnicity, m.relation_to_head as "relationToHead",
  m.national_id as "nationalId", m.phone, m.education_level as "educationLevel",
  m.health_insurance as "healthInsurance", m.employment, m.labour_contract as "labourContract", m.facts,
  m.left_at as "leftAt", m.left_reason as "leftReason"`;

export type RegistryHousehold = Household & {
  splitFrom: string | null;
  mergedInto: string | null;
  dissolvedAt: string | null;
};
export type RegistryMember = Member & { leftAt: string | null; leftReason: string | null };

export interface SearchFilter {
  scope: ScopeSet;
  /** Today (Vietnam): where villages are now. */
  date: string;
  /**
   * Words of the head's or a current member's name, in any order (accents and case do not matter); when no
   * name holds them all, the text anywhere in a name (a word being typed).
   */
  name?: string;
  nationalId?: string;
  villageId?: string;
  /** Households in villages now placed in this commune. */
  communeCode?: string;
  /** The class of the household's latest current assessment under `standardId`. */
  status?: string;
  standardId?: string;
  /** Households in villages now placed in a commune at or under this unit version (a province or a commune). */
  unit?: UnitRef;
  /**
   * Keyset paging for other systems (GET /api/v1/…/households): households by id after `after` (from the
   * first when null), `pageSize` of them, no total and no offset — each page costs the same however deep.
   */
  keyset?: { after: string | null };
  page: number;
  pageSize: number;
}

export interface SearchRow {
  householdId: string;
  headName: string;
  address: string | null;
  villageId: string;
  villageName: string;
  communeCode: string;
  communeName: string;
  memberCount: number;
  /** The class of the household's current assessment (the rule engine writes only its own classes). */
  /** The recognised class: the latest recognised decision's. */
  status: HouseholdClass | null;
  decisionNumber: string | null;
  decisionDate: string | null;
  /** A class assessed after that decision, not yet recognised. */
  provisionalClass: HouseholdClass | null;
  standardId: string | null;
  version: number;
}

/** A search counts its matches up to this many; beyond it the answer says "more than" (`totalCapped`). */
export const SEARCH_TOTAL_CAP = 10_000;
/**
 * Matches a name search reads from the indexes at most, before the scope is applied: heads, and member rows
 * (several members of a household often share a family name). Past either, the matches read are not all
 * the matches, and `searchHouseholds` walks the scope's villages instead (the tests make them small).
 */
export interface NameHitCaps {
  heads: number;
  members: number;
}
export const NAME_HIT_CAPS: NameHitCaps = {
  heads: SEARCH_TOTAL_CAP + 1,
  members: 4 * (SEARCH_TOTAL_CAP + 1),
};

/**
 * The CTEs of a name search's matches (`name_hits`: household ids), read from the indexes over the whole
 * register, each side cut off at its cap so that a common name ("Nguyễn") stops reading early; with `cut`, an
 * expression true when a side reached its cap (the matches read may then miss some in scope), and `words`,
 * true when the word tier answered. Two tiers, each over heads and current members (a union, never an `or`
 * over a correlated subquery):
 * - whole words (migration 0015): names holding every typed word as a word, in any order ("Hoàng Văn Đức",
 *   "Đức Hoàng"), through the word indexes, where the rarest word drives;
 * - only when no name has them all: names holding the typed text anywhere ("Hoàng Văn Đ", "oàng"), through
 *   the trigram indexes (migration 0012), slower on common syllables but rarely needed.
 * `nameMatchSql` says the same of one household.
 */
function nameHitsCtes(
  q: string,
  caps: NameHitCaps,
  p: (value: unknown) => string,
): { ctes: string; cut: string; words: string } {
  const words = `plainto_tsquery('simple', vn_fold(${q}))`;
  const memberCap = p(caps.members);
  const headCap = p(caps.heads);
  // Planned at each call: a common name and a rare one want different plans (PLAN_EACH_CALL).
  const ctes = `${PLAN_EACH_CALL} head_word_hits as materialized (
        select hh.household_id from households hh
        where to_tsvector('simple', hh.head_name_folded) @@ ${words} and hh.dissolved_at is null
        limit ${headCap}
      ),
      member_word_hits as materialized (
        select m.household_id from members m
        where to_tsvector('simple', m.full_name_folded) @@ ${words} and m.left_at is null
        limit ${memberCap}
      ),
      word_hits as materialized (
        select household_id from head_word_hits union select household_id from member_word_hits
      ),
      head_text_hits as materialized (
        select hh.household_id from households hh
        where not exists (select 1 from word_hits)
          and hh.head_name_folded like '%' || vn_fold(${q}) || '%' and hh.dissolved_at is null
        limit ${headCap}
      ),
      member_text_hits as materialized (
        select m.household_id from members m
        where not exists (select 1 from word_hits)
          and m.full_name_folded like '%' || vn_fold(${q}) || '%' and m.left_at is null
        limit ${memberCap}
      ),
      name_hits as materialized (
        select household_id from word_hits
        union select household_id from head_text_hits
        union select household_id from member_text_hits
      )`;
  const cut = `((select count(*) from head_word_hits) >= ${headCap}
      or (select count(*) from member_word_hits) >= ${memberCap}
      or (select count(*) from head_text_hits) >= ${headCap}
      or (select count(*) from member_text_hits) >= ${memberCap})`;
  return { ctes, cut, words: 'exists (select 1 from word_hits)' };
}

/**
 * Whether a folded name (`column`) matches the typed name (`q`, a placeholder) in a tier: every typed word a
 * word of it (`words`), or the typed text anywhere in it.
 */
const nameMatches = (column: string, q: string, words: boolean): string =>
  words
    ? `${PLAN_EACH_CALL} to_tsvector('simple', ${column}) @@ plainto_tsquery('simple', vn_fold(${q}))`
    : `${PLAN_EACH_CALL} ${column} like '%' || vn_fold(${q}) || '%'`;

/**
 * The same CTEs (`name_hits`, with `cut` and `words`) when a national ID narrows the search to its holders'
 * households (`holders`, a subquery of household ids): the name is asked of those few households alone, in
 * the same two tiers — whole words, and the text anywhere only when none of them has the words — rather than
 * read from the whole register's indexes, where a common name ("Nguyễn") was cut off and walked the whole
 * scope (≈ 16 s for a province at a million households) to confirm one household. Never cut.
 */
function nameAmongHoldersCtes(q: string, holders: string): { ctes: string; cut: string; words: string } {
  const either = (words: boolean) =>
    `(${nameMatches('hh.head_name_folded', q, words)} or exists (select 1 from members m
        where m.household_id = hh.household_id and m.left_at is null
          and ${nameMatches('m.full_name_folded', q, words)}))`;
  const ctes = `holder_names as materialized (
        select hh.household_id, ${either(true)} as by_words, ${either(false)} as by_text from households hh
        where hh.household_id in (${holders}) and hh.dissolved_at is null
      ),
      name_hits as materialized (
        select household_id from holder_names
        where by_words or (by_text and not exists (select 1 from holder_names where by_words))
      )`;
  return { ctes, cut: 'false', words: 'exists (select 1 from holder_names where by_words)' };
}

/**
 * Whether the household `h` matches the typed name (`q`, a placeholder) in the tier given (`words`: every
 * typed word a word of its head's or a current member's name; else the text anywhere in one): what
 * `nameHitsCtes` finds through the indexes, asked of one household — a lateral join (`join`, its member
 * looked up by the household's key: an `exists` in an `or` lets the planner read every member of a common
 * name once to hash them) and the condition (`where`).
 */
function nameMatchSql(q: string, words: boolean): { join: string; where: string } {
  const matches = (column: string) => nameMatches(column, q, words);
  return {
    join: `left join lateral (select true as named from members m
        where m.household_id = h.household_id and m.left_at is null and ${matches('m.full_name_folded')}
        limit 1) named_member on true`,
    where: `(${matches('h.head_name_folded')} or named_member.named)`,
  };
}

/** The households of a national ID's holders (`nationalId`, a placeholder), by members_national_id_idx. */
const holdersOf = (nationalId: string) =>
  `select m.household_id from members m where m.national_id = ${nationalId}`;

/**
 * The SQL of `searchHouseholds` with its parameters (exported for the query-plan tests, which EXPLAIN it).
 *
 * Shape, so that it stays fast at a million households: `base` picks the matching households in scope by
 * index — a name through the word indexes on the folded names (households' heads, current members), or
 * the trigram indexes when no name has all the typed words, a national ID through members_national_id_idx, a
 * village or commune through households_village_head_idx — with only the columns the order needs; `page`
 * sorts and cuts that; only the page's rows then get their members counted, their standing and their
 * latest assessment. The total counts at most SEARCH_TOTAL_CAP + 1 matches. With a name, each row also
 * says whether the matches read were cut off (`nameCut`) and which tier answered (`nameWords`).
 */
export function searchHouseholdsSql(
  f: SearchFilter,
  villages: readonly Placements[],
  caps: NameHitCaps = NAME_HIT_CAPS,
): { sql: string; params: unknown[] } {
  // The date is $1; the villages (scope and unit) are resolved beforehand to where they are placed
  // (searchVillages), as Citus plans no recursive CTE beside the household tables.
  const params: unknown[] = [f.date];
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const where: string[] = ['h.dissolved_at is null'];
  let nameHits = '';
  let nameFlags = '';
  if (f.name) {
    // The matches come first (materialized: the scope's row estimate is poor, and the planner would
    // otherwise read every household in scope to semi-join them with a handful of matches). When a side
    // was cut off, the page and the total may miss matches in scope: searchHouseholds then walks the
    // scope's villages (`nameCut`); otherwise both sides were read whole and the answer is exact.
    const q = p(f.name.normalize('NFC'));
    const hits = f.nationalId
      ? nameAmongHoldersCtes(q, holdersOf(p(f.nationalId)))
      : nameHitsCtes(q, caps, p);
    nameHits = `, ${hits.ctes}`;
    nameFlags = `, ${hits.cut} as "nameCut", ${hits.words} as "nameWords"`;
    where.push('h.household_id in (select household_id from name_hits)');
  }
  // With a name, the national ID's households are already the only candidates (`nameAmongHoldersCtes`).
  if (f.nationalId && !f.name) where.push(`h.household_id in (${holdersOf(p(f.nationalId))})`);
  if (f.villageId) where.push(`h.village_id = ${p(f.villageId)}`);
  if (f.communeCode) where.push(`pl.code = ${p(f.communeCode)}`);
  // The status is the recognised class (the latest recognised decision); an assessment newer than it is
  // provisional and shown beside it, never as the status.
  const standingOf = (household: string) =>
    latestStandingSql({
      columns: 'rr.final_class, rr.recognised_on, r.decision_number',
      household,
      date: '$1::date',
    });
  if (f.status) where.push(`s.final_class = ${p(f.status)}`);
  const keyset = f.keyset;
  if (keyset?.after) where.push(`h.household_id > ${p(keyset.after)}::uuid`);
  // The scope (and unit) by the villages' placement, which `base` joins anyway: a handful of communes rather
  // than thousands of village ids (scope.ts, `Placements`).
  if (villages.length > 0)
    where.push(
      placedIn({ code: 'pl.code', validFrom: 'pl.valid_from', village: 'h.village_id' }, villages, p),
    );
  const order = keyset
    ? 'order by b.household_id'
    : 'order by b.village_name collate "C", b.head_name collate "C", b.household_id';
  const limit = p(f.pageSize);
  const offset = p(keyset ? 0 : (f.page - 1) * f.pageSize);
  const standard = p(f.standardId ?? null);
  const total = keyset
    ? '0'
    : `(select count(*)::int from (select 1 from base limit ${p(SEARCH_TOTAL_CAP + 1)}) c)`;
  // With a name, `base` is materialized, and reads `households` itself (by key, from the matches) joined
  // with the villages and their placement: on Citus that whole statement, scope filter included, runs on
  // the shards (a distributed table joined with reference tables), and only the matches in scope come
  // back. Joined on the coordinator instead, to matches already pulled there (an intermediate result),
  // the planner's estimates for that result (negative costs) made it a nested loop of villages × villages
  // × matches: with a province's 6.716 villages at 1 M households most searches ran past 30 s
  // (docs/scaling.md, "Status on Citus"). On PostgreSQL it keeps the matches from being re-read for the
  // page and for the total.
  const sql = `with placed as not materialized (select * from (${placementFor('$1')}) x)${nameHits},
    base as ${f.name ? 'materialized' : 'not materialized'} (
      select h.household_id, h.head_name, h.village_id, v.name as village_name, pl.code, pl.valid_from
      from households h
      join villages v on v.id = h.village_id
      join placed pl on pl.village_id = h.village_id
      ${f.status ? `left join lateral (${standingOf('h.household_id')}) s on true` : ''}
      where ${where.join(' and ')}
    ),
    page as (select b.* from base b ${order} limit ${limit} offset ${offset})
    ${pageRowsSql({ order, total, standard, extra: nameFlags })}`;
  return { sql, params };
}

/**
 * The page's rows (the CTE `page`: household_id, village_name, code and valid_from of the commune) with
 * what a list shows: the household, its commune's name, its current members counted, its standing on the
 * date ($1) and its latest current assessment (under `standard`, a placeholder, when not null).
 */
function pageRowsSql(p: { order: string; total: string; standard: string; extra?: string }): string {
  const standingOf = (household: string) =>
    latestStandingSql({
      columns: 'rr.final_class, rr.recognised_on, r.decision_number',
      household,
      date: '$1::date',
    });
  const { order, total, standard, extra = '' } = p;
  return `select h.household_id as "householdId", h.head_name as "headName", h.address, h.village_id as "villageId",
      b.village_name as "villageName", b.code as "communeCode", cu.name as "communeName",
      (select count(*)::int from members m where m.household_id = h.household_id and m.left_at is null) as "memberCount",
      s.final_class as status, s.decision_number as "decisionNumber", s.recognised_on::text as "decisionDate",
      case when a.class is not null and (s.recognised_on is null or a.survey_date > s.recognised_on) then a.class end
        as "provisionalClass",
      a.standard_id as "standardId", h.version,
      ${total} as total${extra}
    from page b
    join households h on h.household_id = b.household_id
    join admin_units cu on cu.code = b.code and cu.valid_from = b.valid_from
    left join lateral (${standingOf('h.household_id')}) s on true
    left join lateral (
      select a.class, a.standard_id, a.survey_date from assessments a
      where a.household_id = h.household_id and a.superseded_at is null
        and (${standard}::text is null or a.standard_id = ${standard})
      order by a.survey_date desc, a.created_at desc limit 1
    ) a on true
    ${order}`;
}

/** A list of households by place alone (no name, national ID, class or cursor): `listHouseholdsSql`. */
export const isPlainList = (f: SearchFilter): boolean => !f.name && !f.nationalId && !f.status && !f.keyset;

/** Villages counted at a time (doubling) until a list's page and capped total are known. */
const LIST_VILLAGE_BATCH = 128;
/**
 * The same for a walked name search, where each household is asked whether it matches (≈ 16 µs at a million
 * households, its members looked up): a common name fills a page and passes the cap within a few hundred
 * villages of a province's thousands.
 */
const WALK_VILLAGE_BATCH = 16;

/**
 * The statement of a plain list's page (`isPlainList`), answering as `searchHouseholdsSql` does (the same
 * rows in the same order, the same total) for a fraction of its work at a million households, where a
 * commune's list placed every village of the register, then sorted and counted the commune's ≈ 10.000
 * households twice for each page. Here, before the statement:
 * - the villages listed, in order, from the reference tables alone (a commune's or a village's villages
 *   placed first by index, the scope and unit applied to those): `listedVillages`;
 * - their live households counted per village, from households_village_head_idx alone (an index-only
 *   scan), in that order, a batch of villages at a time until the total is past SEARCH_TOTAL_CAP and the
 *   page is covered;
 * then the statement reads only the page's villages (those whose households fall on the page: one or two
 * of a commune's ≈ 70), sorts their few hundred households and cuts the page from them. The total is the
 * count so read (at most SEARCH_TOTAL_CAP + 1), given as a parameter.
 * Villages of the same name are listed together, their households merged by head's name, as the order by
 * village name, head's name and id does; they are counted and read together.
 */
export async function listHouseholdsSql(
  db: Queryable,
  f: SearchFilter,
  /**
   * Villages counted by the first statement (then twice as many each time): LIST_VILLAGE_BATCH for a list,
   * WALK_VILLAGE_BATCH for a name; the tests make it small.
   */
  batch?: number,
  /**
   * A walked name search: the tier its name is matched in (`nameMatchSql`), and how many matches in scope
   * the index search already found (`found`; past SEARCH_TOTAL_CAP the total is known to be capped, and
   * only the page is walked to).
   */
  name?: { words: boolean; found: number },
): Promise<{ sql: string; params: unknown[] }> {
  const villages = await listedVillages(db, f);
  // The households' own filters beyond the place (a walked name search), over `h`, in both statements.
  const filtered = (p: (value: unknown) => string): { join: string; where: string } => {
    const and: string[] = [];
    let join = '';
    if (f.name && name) {
      const match = nameMatchSql(p(f.name.normalize('NFC')), name.words);
      join = match.join;
      and.push(match.where);
    }
    if (f.nationalId) and.push(`h.household_id in (${holdersOf(p(f.nationalId))})`);
    if (f.status)
      and.push(
        `(${latestStandingSql({ columns: 'rr.final_class', household: 'h.household_id', date: p(f.date) + '::date' })}) = ${p(f.status)}`,
      );
    return { join, where: and.map((c) => ` and ${c}`).join('') };
  };
  // Runs of villages of the same name (compared as the order compares them, byte by byte).
  const runs: ListedVillage[][] = [];
  for (const v of villages) {
    const last = runs[runs.length - 1];
    if (last && last[0]!.name === v.name) last.push(v);
    else runs.push([v]);
  }
  const offset = (f.page - 1) * f.pageSize;
  const known = Math.min(name?.found ?? 0, SEARCH_TOTAL_CAP + 1);
  const wanted = Math.max(known > SEARCH_TOTAL_CAP ? 0 : SEARCH_TOTAL_CAP + 1, offset + f.pageSize);
  const counts: number[] = [];
  let counted = 0;
  for (
    let n = batch ?? (name ? WALK_VILLAGE_BATCH : LIST_VILLAGE_BATCH);
    counts.length < runs.length && counted < wanted;
    n *= 2
  ) {
    // The next runs, `n` villages or just past them (a run of same-named villages is not split: a province has
    // a few hundred village names for its thousands of villages).
    const next: ListedVillage[][] = [];
    for (let i = counts.length, taken = 0; i < runs.length && taken < n; i++) {
      next.push(runs[i]!);
      taken += runs[i]!.length;
    }
    const countParams: unknown[] = [next.flat().map((v) => v.id)];
    const filters = filtered((value) => `$${countParams.push(value)}`);
    const rows = await db.query<{ id: string; n: number }>(
      `select h.village_id as id, count(*)::int as n from households h ${filters.join}
       where h.village_id = any($1::uuid[]) and h.dissolved_at is null${filters.where} group by h.village_id`,
      countParams,
    );
    const byVillage = new Map(rows.map((r) => [r.id, r.n]));
    for (const run of next) {
      const n = run.reduce((sum, v) => sum + (byVillage.get(v.id) ?? 0), 0);
      counts.push(n);
      counted += n;
    }
  }
  // The page's runs: those with households at or after `offset` and before `offset + pageSize`.
  const onPage: ListedVillage[] = [];
  let before = 0;
  let skip = 0;
  for (let i = 0; i < counts.length && before < offset + f.pageSize; before += counts[i]!, i++) {
    if (before + counts[i]! <= offset) continue;
    if (onPage.length === 0) skip = offset - before;
    onPage.push(...runs[i]!);
  }
  const params: unknown[] = [f.date];
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const ids = p(onPage.map((v) => v.id));
  const pageFilters = filtered(p);
  const at = (array: string, type: string) =>
    `(${array}::${type}[])[array_position(${ids}::uuid[], h.village_id)]`;
  const order = 'order by b.village_name collate "C", b.head_name collate "C", b.household_id';
  const sql = `with page as (
      select b.* from (
        select h.household_id, h.head_name, h.village_id, ${at(p(onPage.map((v) => v.name)), 'text')} as village_name,
          ${at(p(onPage.map((v) => v.code)), 'text')} as code, ${at(p(onPage.map((v) => v.validFrom)), 'date')} as valid_from
        from households h ${pageFilters.join}
        where h.village_id = any(${ids}::uuid[]) and h.dissolved_at is null${pageFilters.where}
      ) b
      ${order} limit ${p(f.pageSize)} offset ${p(skip)}
    )
    ${pageRowsSql({ order, total: `${p(Math.max(known, Math.min(counted, SEARCH_TOTAL_CAP + 1)))}::int`, standard: p(f.standardId ?? null) })}`;
  return { sql, params };
}

interface ListedVillage {
  id: string;
  name: string;
  /** The commune the village is placed in on the date. */
  code: string;
  validFrom: string;
}

/**
 * The villages a plain list shows, in its order (name, byte by byte, then id), with where each is placed
 * on the date: those of the commune or the village asked for, in the scope and under the unit (their units
 * resolved in the same statement, as `scopedPlacements` does before a search). Reference tables only. With
 * a commune, only villages created in it or ever assigned to it are placed: placing all of a province's
 * villages, one lateral look-up each, was most of a commune list's time.
 */
async function listedVillages(db: Queryable, f: SearchFilter): Promise<ListedVillage[]> {
  const params: unknown[] = [f.date];
  const p = (value: unknown) => {
    params.push(value);
    return `$${params.length}`;
  };
  const ctes: string[] = [];
  const candidates: string[] = [];
  const where: string[] = [];
  if (f.communeCode) {
    const code = p(f.communeCode);
    candidates.push(`(v.commune_code = ${code} or v.id in (
      select va.village_id from village_assignments va where va.commune_code = ${code}))`);
    where.push(`pl.code = ${code}`);
  }
  if (f.villageId) candidates.push(`v.id = ${p(f.villageId)}::uuid`);
  // Placed in one of the units (with those under them) or among the villages: the scope, then the unit.
  const within = (name: string, units: readonly UnitRef[], villageIds: readonly string[]) => {
    const parts: string[] = [];
    if (units.length > 0) {
      ctes.push(scopeUnitsCte(p(units.map((u) => u.code)), p(units.map((u) => u.validFrom)), '$1', name));
      parts.push(`(pl.code, pl.valid_from) in (select code, valid_from from ${name})`);
    }
    const ids = [...new Set(villageIds)];
    if (ids.length > 0) parts.push(`pl.village_id = any(${p(ids)}::uuid[])`);
    where.push(parts.length === 0 ? 'false' : `(${parts.join(' or ')})`);
  };
  if (!f.scope.all) within('scope_units', f.scope.units, f.scope.villageIds);
  if (f.unit) within('unit_units', [f.unit], []);
  return db.query<ListedVillage>(
    `${ctes.length > 0 ? `with recursive ${ctes.join(', ')}` : ''}
     select pl.village_id as id, pl.name, pl.code, pl.valid_from::text as "validFrom"
     from (${placementFor('$1', candidates.join(' and ') || 'true')}) pl
     where ${where.join(' and ') || 'true'}
     order by pl.name collate "C", pl.village_id`,
    params,
  );
}

/**
 * Households in scope matching every given filter, a page at a time, by village then head's name, with the
 * total counted up to SEARCH_TOTAL_CAP (`totalCapped` when there are more); with `keyset`, by id after the
 * cursor, without a total.
 */
export async function searchHouseholds(
  db: Queryable,
  f: SearchFilter,
  /** The name search's caps and the walk's first batch of villages (the tests make them small). */
  limits: { caps?: NameHitCaps; batch?: number } = {},
): Promise<{ rows: SearchRow[]; total: number; totalCapped: boolean }> {
  type Row = SearchRow & { total: number; nameCut?: boolean; nameWords?: boolean };
  const caps = limits.caps ?? NAME_HIT_CAPS;
  let rows: Row[];
  if (isPlainList(f)) {
    const { sql, params } = await listHouseholdsSql(db, f, limits.batch);
    rows = await db.query<Row>(sql, params);
  } else {
    const villages = await searchVillages(db, f);
    const { sql, params } = searchHouseholdsSql(f, villages, caps);
    rows = await db.query<Row>(sql, params);
    // A name common enough to reach the caps (read before the scope is applied, in no particular order): the
    // matches read may miss some in scope — all of them, for a commune whose households were not among those
    // read first — so neither the page nor the total can come from them. The scope's villages are walked in
    // the list's order instead, each household asked whether it matches: a common name fills a page from the
    // first villages. The keyset paging (other systems' unit lists) never takes a name; with a national ID the
    // name was asked of its holders' households alone, never cut.
    if (f.name && !f.keyset && !f.nationalId) {
      const flags = rows[0] ?? (await nameFlags(db, f.name, caps));
      if (flags.nameCut) {
        // The matches in scope among those read (a lower bound): past the cap, the total is known.
        const found = rows[0]?.total ?? 0;
        const walked = await listHouseholdsSql(db, f, limits.batch, {
          words: flags.nameWords === true,
          found,
        });
        rows = await db.query<Row>(walked.sql, walked.params);
      }
    }
  }
  const counted = rows[0]?.total ?? 0;
  return {
    rows: rows.map(({ total: _t, nameCut: _c, nameWords: _w, ...r }) => r),
    total: Math.min(counted, SEARCH_TOTAL_CAP),
    totalCapped: counted > SEARCH_TOTAL_CAP,
  };
}

/** Whether a name search's matches were cut off, and in which tier, when its page came back empty. */
async function nameFlags(
  db: Queryable,
  name: string,
  caps: NameHitCaps,
): Promise<{ nameCut: boolean; nameWords: boolean }> {
  const params: unknown[] = [];
  const hits = nameHitsCtes(
    `$${params.push(name.normalize('NFC'))}`,
    caps,
    (value) => `$${params.push(value)}`,
  );
  const [row] = await db.query<{ nameCut: boolean; nameWords: boolean }>(
    `with ${hits.ctes} select ${hits.cut} as "nameCut", ${hits.words} as "nameWords"`,
    params,
  );
  return row!;
}

/**
 * The villages a search may return, by where they are placed on the date: those in all of the sets (none: all
 * villages) — the scope's, and with `unit` those placed under that unit. One query or two over the reference
 * tables, before the household query (scope.ts).
 */
export async function searchVillages(db: Queryable, f: SearchFilter): Promise<Placements[]> {
  const sets = [await scopedPlacements(db, f.scope, f.date)];
  if (f.unit) sets.push(await scopedPlacements(db, { all: false, units: [f.unit], villageIds: [] }, f.date));
  return sets.filter((set) => set !== null);
}

// The village placement on a date (villages module), aliased for this module's queries.
// `villages`: a condition on the villages (v) placed, all of them by default.
function placementFor(dateParam: string, villages = 'true'): string {
  return `select v.id as village_id, coalesce(a.commune_code, v.commune_code) as code,
      coalesce(a.commune_valid_from, v.commune_valid_from) as valid_from, v.name
    from villages v
    left join lateral (
      select va.commune_code, va.commune_valid_from from village_assignments va
      where va.village_id = v.id and va.effective <= ${dateParam}::date
      order by va.effective desc limit 1
    ) a on true
    where ${villages}`;
}

export async function getRegistryHousehold(
  db: Queryable,
  householdId: string,
): Promise<RegistryHousehold | undefined> {
  const [h] = await db.query<RegistryHousehold>(
    `select ${HOUSEHOLD_COLUMNS} from households h where h.household_id = $1`,
    [householdId],
  );
  return h;
}

export async function membersOf(db: Queryable, householdId: string): Promise<RegistryMember[]> {
  return db.query<RegistryMember>(
    `select ${MEMBER_COLUMNS} from members m where m.household_id = $1 order by m.left_at nulls first, m.member_no`,
    [householdId],
  );
}

export type HouseholdChange = Partial<
  Pick<
    Household,
    | 'address'
    | 'headName'
    | 'ethnicity'
    | 'isEthnicMinority'
    | 'personOfMerit'
    | 'socialProtection'
    | 'noLabourCapacity'
  >
>;

const HOUSEHOLD_FIELDS: Record<keyof HouseholdChange, string> = {
  address: 'address',
  headName: 'head_name',
  ethnicity: 'ethnicity',
  isEthnicMinority: 'is_ethnic_minority',
  personOfMerit: 'person_of_merit',
  socialProtection: 'social_protection',
  noLabourCapacity: 'no_labour_capacity',
};

/**
 * Bumps the household's version if it is still `version`; false when someone changed it first (the
 * caller answers 409). Every change of a household or its members goes through this, so one version
 * guards the whole record.
 */
export async function claimVersion(db: Queryable, householdId: string, version: number): Promise<boolean> {
  const rows = await db.query(
    `update households set version = version + 1, updated_at = now()
     where household_id = $1 and version = $2 and dissolved_at is null returning 1`,
    [householdId, version],
  );
  return rows.length > 0;
}

export async function updateHousehold(
  db: Queryable,
  householdId: string,
  version: number,
  change: HouseholdChange,
): Promise<RegistryHousehold | undefined> {
  return db.transaction(async (tx) => {
    if (!(await claimVersion(tx, householdId, version))) return undefined;
    const sets: string[] = [];
    const params: unknown[] = [householdId];
    for (const [key, column] of Object.entries(HOUSEHOLD_FIELDS)) {
      const value = change[key as keyof HouseholdChange];
      if (value === undefined) continue;
      params.push(value);
      sets.push(`${column} = $${params.length}`);
    }
    if (sets.length)
      await tx.query(`update households set ${sets.join(', ')} where household_id = $1`, params);
    return getRegistryHousehold(tx, householdId);
  });
}

async function nextChangeNo(db: Queryable, householdId: string): Promise<number> {
  const [row] = await db.query<{ n: number }>(
    'select coalesce(max(change_no), 0)::int + 1 as n from household_history where household_id = $1',
    [householdId],
  );
  return row!.n;
}

/** Moves a household to another village (a new history entry); false when the version is stale. */
export async function moveHousehold(
  db: Queryable,
  input: { householdId: string; version: number; toVillageId: string; effective: string; reason: string },
): Promise<boolean> {
  return db.transaction(async (tx) => {
    const before = await getRegistryHousehold(tx, input.householdId);
    if (!before || !(await claimVersion(tx, input.householdId, input.version))) return false;
    await tx.query('update households set village_id = $2 where household_id = $1', [
      input.householdId,
      input.toVillageId,
    ]);
    await tx.query(
      `insert into household_history (household_id, change_no, from_village_id, to_village_id, effective, reason)
       values ($1, $2, $3, $4, $5, $6)`,
      [
        input.householdId,
        await nextChangeNo(tx, input.householdId),
        before.villageId,
        input.toVillageId,
        input.effective,
        input.reason,
      ],
    );
    return true;
  });
}

export async function householdHistory(db: Queryable, householdId: string) {
  return db.query<{
    changeNo: number;
    fromVillageId: string | null;
    toVillageId: string;
    effective: string;
    reason: string | null;
  }>(
    `select change_no as "changeNo", from_village_id as "fromVillageId", to_village_id as "toVillageId", effective, reason
     from household_history where household_id = $1 order by change_no`,
    [householdId],
  );
}

const MEMBER_FIELDS = {
  fullName: 'full_name',
  dateOfBirth: 'date_of_birth',
  sex: 'sex',
  ethnicity: 'ethnicity',
  relationToHead: 'relation_to_head',
  nationalId: 'national_id',
  phone: 'phone',
  educationLevel: 'education_level',
  healthInsurance: 'health_insurance',
  employment: 'employment',
  labourContract: 'labour_contract',
  facts: 'facts',
} as const;

export type MemberChange = Partial<Pick<MemberInput, keyof typeof MEMBER_FIELDS>>;

async function insertMember(
  db: Queryable,
  householdId: string,
  m: MemberChange & { fullName: string },
): Promise<RegistryMember> {
  const [{ n }] = (await db.query<{ n: number }>(
    'select coalesce(max(member_no), 0)::int + 1 as n from members where household_id = $1',
    [householdId],
  )) as [{ n: number }];
  const columns = ['household_id', 'member_no'];
  const params: unknown[] = [householdId, n];
  for (const [key, column] of Object.entries(MEMBER_FIELDS)) {
    const value = m[key as keyof MemberChange];
    if (value === undefined) continue;
    columns.push(column);
    params.push(key === 'facts' ? JSON.stringify(value) : value);
  }
  const [row] = await db.query<RegistryMember>(
    `insert into members as m (${columns.join(', ')}) values (${params.map((_, i) => `$${i + 1}`).join(', ')})
     returning ${MEMBER_COLUMNS}`,
    params,
  );
  return row!;
}

export async function addMember(
  db: Queryable,
  householdId: string,
  version: number,
  member: MemberChange & { fullName: string },
): Promise<RegistryMember | undefined> {
  return db.transaction(async (tx) => {
    if (!(await claimVersion(tx, householdId, version))) return undefined;
    return insertMember(tx, householdId, member);
  });
}

export async function updateMember(
  db: Queryable,
  householdId: string,
  memberNo: number,
  version: number,
  change: MemberChange,
): Promise<RegistryMember | undefined> {
  return db.transaction(async (tx) => {
    if (!(await claimVersion(tx, householdId, version))) return undefined;
    const sets: string[] = [];
    const params: unknown[] = [householdId, memberNo];
    for (const [key, column] of Object.entries(MEMBER_FIELDS)) {
      const value = change[key as keyof MemberChange];
      if (value === undefined) continue;
      params.push(key === 'facts' ? JSON.stringify(value) : value);
      sets.push(`${column} = $${params.length}`);
    }
    const [row] = await tx.query<RegistryMember>(
      `update members m set ${sets.length ? sets.join(', ') : 'member_no = member_no'}
       where m.household_id = $1 and m.member_no = $2 and m.left_at is null returning ${MEMBER_COLUMNS}`,
      params,
    );
    if (!row) throw new DataRuleError('member_not_found', `no current member ${memberNo} in ${householdId}`);
    return row;
  });
}

/** A member leaves (moved away, died…): the row stays with the date and reason. */
export async function memberLeaves(
  db: Queryable,
  input: { householdId: string; memberNo: number; version: number; leftAt: string; reason: string },
): Promise<RegistryMember | undefined> {
  return db.transaction(async (tx) => {
    if (!(await claimVersion(tx, input.householdId, input.version))) return undefined;
    const [row] = await tx.query<RegistryMember>(
      `update members m set left_at = $3, left_reason = $4
       where m.household_id = $1 and m.member_no = $2 and m.left_at is null returning ${MEMBER_COLUMNS}`,
      [input.householdId, input.memberNo, input.leftAt, input.reason],
    );
    if (!row)
      throw new DataRuleError(
        'member_not_found',
        `no current member ${input.memberNo} in ${input.householdId}`,
      );
    return row;
  });
}

async function copyMembersOut(
  tx: Queryable,
  fromId: string,
  toId: string,
  memberNos: readonly number[],
  date: string,
  reason: string,
): Promise<void> {
  const moving = (await membersOf(tx, fromId)).filter(
    (m) => m.leftAt === null && memberNos.includes(m.memberNo),
  );
  if (moving.length !== memberNos.length) {
    throw new DataRuleError(
      'member_not_found',
      `members ${memberNos.join(', ')} are not all current members of ${fromId}`,
    );
  }
  for (const m of moving) {
    const { householdId: _h, memberNo: _n, leftAt: _l, leftReason: _r, ...data } = m;
    await insertMember(tx, toId, { ...data, facts: data.facts as Record<string, unknown> } as MemberChange & {
      fullName: string;
    });
    await tx.query(
      'update members set left_at = $3, left_reason = $4 where household_id = $1 and member_no = $2',
      [fromId, m.memberNo, date, reason],
    );
  }
}

/**
 * Splits members off into a new household (tách hộ) in the same or another village. The members' old
 * rows stay in the first household as having left; their copies start the new one.
 */
export async function splitHousehold(
  db: Queryable,
  input: {
    householdId: string;
    version: number;
    memberNos: number[];
    headName: string;
    villageId?: string;
    address?: string | null;
    effective: string;
    reason: string;
  },
): Promise<RegistryHousehold | undefined> {
  return db.transaction(async (tx) => {
    const from = await getRegistryHousehold(tx, input.householdId);
    if (!from || !(await claimVersion(tx, input.householdId, input.version))) return undefined;
    const villageId = input.villageId ?? from.villageId;
    const [created] = await tx.query<{ id: string }>(
      `insert into households (village_id, address, head_name, ethnicity, is_ethnic_minority, split_from)
       values ($1, $2, $3, $4, $5, $6) returning household_id as id`,
      [
        villageId,
        input.address ?? from.address,
        input.headName,
        from.ethnicity,
        from.isEthnicMinority,
        from.householdId,
      ],
    );
    const newId = created!.id;
    await tx.query(
      `insert into household_history (household_id, change_no, from_village_id, to_village_id, effective, reason)
       values ($1, 1, null, $2, $3, $4)`,
      [newId, villageId, input.effective, `split from ${from.householdId}: ${input.reason}`],
    );
    await copyMembersOut(
      tx,
      from.householdId,
      newId,
      input.memberNos,
      input.effective,
      `split into ${newId}: ${input.reason}`,
    );
    return getRegistryHousehold(tx, newId);
  });
}

/** Merges one household into another (nhập hộ): members move, the merged household is dissolved. */
export async function mergeHouseholds(
  db: Queryable,
  input: {
    intoId: string;
    intoVersion: number;
    fromId: string;
    fromVersion: number;
    effective: string;
    reason: string;
  },
): Promise<boolean> {
  if (input.intoId === input.fromId)
    throw new DataRuleError('same_household', 'a household cannot merge into itself');
  return db.transaction(async (tx) => {
    // Lock both in a fixed order so two opposite merges cannot deadlock.
    for (const id of [input.intoId, input.fromId].sort()) {
      await tx.query('select 1 from households where household_id = $1 for update', [id]);
    }
    if (!(await claimVersion(tx, input.intoId, input.intoVersion))) return false;
    if (!(await claimVersion(tx, input.fromId, input.fromVersion))) return false;
    const current = (await membersOf(tx, input.fromId))
      .filter((m) => m.leftAt === null)
      .map((m) => m.memberNo);
    await copyMembersOut(
      tx,
      input.fromId,
      input.intoId,
      current,
      input.effective,
      `merged into ${input.intoId}: ${input.reason}`,
    );
    await tx.query('update households set merged_into = $2, dissolved_at = $3 where household_id = $1', [
      input.fromId,
      input.intoId,
      input.effective,
    ]);
    return true;
  });
}

/** Current members elsewhere holding this national ID (duplicate detection). */
export async function nationalIdHolders(
  db: Queryable,
  nationalId: string,
  except?: { householdId: string; memberNo?: number },
): Promise<{ householdId: string; memberNo: number; villageId: string }[]> {
  return db.query(
    `select m.household_id as "householdId", m.member_no as "memberNo", h.village_id as "villageId"
     from members m join households h on h.household_id = m.household_id
     where m.national_id = $1 and m.left_at is null and h.dissolved_at is null
       and ($2::uuid is null or not (m.household_id = $2::uuid and ($3::int is null or m.member_no = $3::int)))`,
    [nationalId, except?.householdId ?? null, except?.memberNo ?? null],
  );
}

/** A national ID held by several current members in scope, with those holders. */
export interface DuplicateNationalId {
  nationalId: string;
  holders: { householdId: string; memberNo: number; fullName: string }[];
}

/** National IDs held twice anywhere, read at a time by `duplicateNationalIds` over a large scope. */
const DUPLICATE_CANDIDATES = 1000;

/**
 * National IDs held by more than one current member of a live household, the holders counted and shown
 * among households in scope: the first `limit` IDs in order, each with its holders by household and member.
 *
 * Never one statement carrying every current member's name through a JSON aggregate (9–14 s on Citus at
 * 200.000 households). The IDs first, with no names, one of two ways by the size of the scope (its villages
 * against all villages), then the holders of those few IDs through members_national_id_idx:
 * - a small scope (under a quarter of the villages: a commune): the IDs counted over the scope's members,
 *   read by household — proportional to the scope, 0,2 s for a commune at 1 M households;
 * - a large scope (a province holding most of the data): IDs held twice anywhere, in order, a thousand at a
 *   time from members_national_id_idx alone (an index-only scan), each thousand's holders then checked in
 *   scope, until `limit` IDs are found or none is left — one pass over that index at most, where counting
 *   the scope's 3,3 M current members took 5–8 s (0,1–0,4 s at 1 M households, with duplicates as
 *   frequent as in bench/data; an index-only pass of 2 s when there are none).
 * Both aggregates are written so that the planner cannot read members_national_id_idx in order through the
 * households for the limit's sake (its estimate for `having count(*) > 1` is a third of the IDs): where
 * duplicates are rare, as they should be, that plan read every member and household at random — 58 s for a
 * commune at 1 M households.
 */
export async function duplicateNationalIds(
  db: Queryable,
  scope: ScopeSet,
  date: string,
  limit = 100,
  /** IDs held twice read at a time over a large scope (the tests page through a few). */
  batch = DUPLICATE_CANDIDATES,
): Promise<DuplicateNationalId[]> {
  let villages = await scopedVillageIds(db, scope, date);
  if (villages !== null && villages.length === 0) return [];
  const [{ all }] = (await db.query<{ all: number }>('select count(*)::int as "all" from villages')) as [
    { all: number },
  ];
  if (villages !== null && villages.length >= all) villages = null;
  if (villages !== null && villages.length * 4 < all) {
    const ids = (
      await db.query<{ id: string }>(
        // The scope's households as an array, read from members by their primary key: joined instead, the
        // planner preferred a parallel scan of all members (800 ms against 200 ms for a commune at 1 M).
        `with duplicated as materialized (
           select m.national_id from members m
           where m.household_id = any(array(
               select h.household_id from households h
               where h.village_id = any($1::uuid[]) and h.dissolved_at is null))
             and m.left_at is null and m.national_id is not null
           group by m.national_id having count(*) > 1
         )
         select national_id as id from duplicated order by national_id limit $2`,
        [villages, limit],
      )
    ).map((r) => r.id);
    return holdersInScope(db, ids, villages);
  }
  const found: DuplicateNationalId[] = [];
  let after: string | null = null;
  for (;;) {
    // IDs held twice by any members, current or not, in or out of scope: a superset, checked below.
    const candidates: string[] = (
      await db.query<{ id: string }>(
        `select national_id as id from members
         where national_id is not null and ($1::text is null or national_id > $1)
         group by national_id having count(*) > 1 order by national_id limit $2`,
        [after, batch],
      )
    ).map((r) => r.id);
    for (const d of await holdersInScope(db, candidates, villages)) {
      if (found.length === limit) break;
      found.push(d);
    }
    if (found.length === limit || candidates.length < batch) return found;
    after = candidates[candidates.length - 1]!;
  }
}

/** The IDs (in their order) held by more than one current member in the villages (null: all), with those. */
async function holdersInScope(
  db: Queryable,
  ids: readonly string[],
  villages: readonly string[] | null,
): Promise<DuplicateNationalId[]> {
  if (ids.length === 0) return [];
  const holders = await db.query<{
    nationalId: string;
    householdId: string;
    memberNo: number;
    fullName: string;
  }>(
    `select m.national_id as "nationalId", m.household_id as "householdId", m.member_no as "memberNo",
       m.full_name as "fullName"
     from members m join households h on h.household_id = m.household_id
     where m.national_id = any($1::text[]) and m.left_at is null and h.dissolved_at is null
       and ($2::uuid[] is null or h.village_id = any($2::uuid[]))
     order by m.household_id, m.member_no`,
    [ids, villages],
  );
  const byId = new Map(ids.map((id) => [id, [] as DuplicateNationalId['holders']]));
  for (const { nationalId, ...holder } of holders) byId.get(nationalId)?.push(holder);
  // An ID whose other holders are out of scope, have left or (between two statements) changed is not listed.
  return ids
    .map((nationalId) => ({ nationalId, holders: byId.get(nationalId)! }))
    .filter((d) => d.holders.length > 1);
}

/**
 * The commune each household's village is placed in on the date (as `villageContext` gives it), for many
 * households at once; households not found are absent. Two statements: the households' villages, then those
 * villages' placement over the reference tables alone (the placement of every village, joined to the
 * households, took 0,3 s for 200 households at 1 M).
 */
export async function householdCommunes(
  db: Queryable,
  householdIds: readonly string[],
  date: string,
): Promise<Map<string, string>> {
  if (householdIds.length === 0) return new Map();
  const households = await db.query<{ householdId: string; villageId: string }>(
    `select household_id as "householdId", village_id as "villageId" from households
     where household_id = any($1::uuid[])`,
    [householdIds],
  );
  const villages = await db.query<{ villageId: string; communeCode: string }>(
    `select pl.village_id as "villageId", c.code as "communeCode"
     from (${placementFor('$2')}) pl
     join admin_units c on c.code = pl.code and c.valid_from = pl.valid_from
     where pl.village_id = any($1::uuid[])`,
    [[...new Set(households.map((h) => h.villageId))], date],
  );
  const communeOf = new Map(villages.map((v) => [v.villageId, v.communeCode]));
  const communes = new Map<string, string>();
  for (const h of households) {
    const commune = communeOf.get(h.villageId);
    if (commune !== undefined) communes.set(h.householdId, commune);
  }
  return communes;
}

export type { VillageContext } from './villages.ts';

/** A village with the commune (and province) it belongs to on the date. */
export async function villageContext(
  db: Queryable,
  villageId: string,
  date: string,
): Promise<VillageContext | undefined> {
  const place = await villagePlace(db, villageId, date);
  if (!place) return undefined;
  const { above: _above, ...context } = place;
  return context;
}
