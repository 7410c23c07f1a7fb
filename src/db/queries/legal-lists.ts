// Legal lists of units (poor districts, extremely difficult communes): replace a list, read what names a unit.
import type { Queryable } from '../database.ts';
import { unitColumns, validOn, type AdminUnit } from './units.ts';

export interface LegalListRow {
  kind: string;
  title: string;
  periodFrom: string;
  periodTo: string | null;
  citation: string;
  verified: boolean;
}

export interface LegalListEntryRow {
  unitCode: string;
  unitValidFrom: string;
  periodFrom: string;
  periodTo: string | null;
  citation: string;
  verified: boolean;
  note: string | null;
}

/** Replaces a list and all its entries in one transaction (lists are reloaded whole from rules/). */
export async function replaceLegalList(
  db: Queryable,
  list: LegalListRow,
  entries: readonly LegalListEntryRow[],
): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.query('delete from legal_list_entries where list_kind = $1', [list.kind]);
    await tx.query(
      `insert into legal_lists (kind, title, period_from, period_to, citation, verified)
       values ($1, $2, $3, $4, $5, $6)
       on conflict (kind) do update set title = excluded.title, period_from = excluded.period_from,
         period_to = excluded.period_to, citation = excluded.citation, verified = excluded.verified`,
      [list.kind, list.title, list.periodFrom, list.periodTo, list.citation, list.verified],
    );
    for (const e of entries) {
      await tx.query(
        `insert into legal_list_entries
           (list_kind, unit_code, unit_valid_from, period_from, period_to, citation, verified, note)
         values ($1, $2, $3, $4, $5, $6, $7, $8)`,
        [list.kind, e.unitCode, e.unitValidFrom, e.periodFrom, e.periodTo, e.citation, e.verified, e.note],
      );
    }
  });
}

export interface ListMembership {
  kind: string;
  title: string;
  citation: string;
  verified: boolean;
  /** The unit named on the list: the unit itself or one of its ancestors. */
  via: AdminUnit;
}

/**
 * The lists that name a unit, or a unit it lies in, on a date (a commune of a poor district is in the
 * territory of a poor district). Ancestors are followed through the dated parent links.
 */
export async function listsOfUnit(db: Queryable, code: string, date: string): Promise<ListMembership[]> {
  return db.query<ListMembership>(
    `with recursive chain as (
       select u.* from admin_units u where u.code = $1 and ${validOn('u', '$2')}
       union all
       select p.* from admin_units p join chain c on p.code = c.parent_code and p.valid_from = c.parent_valid_from
     )
     select l.kind, l.title, e.citation, e.verified, row_to_json(v) as via
     from chain c
     join legal_list_entries e on e.unit_code = c.code and e.unit_valid_from = c.valid_from
     join legal_lists l on l.kind = e.list_kind
     cross join lateral (select ${unitColumns('c')}) v
     where e.period_from <= $2::date and (e.period_to is null or e.period_to >= $2::date)
     order by l.kind`,
    [code, date],
  );
}

export async function legalListEntries(db: Queryable, kind: string): Promise<LegalListEntryRow[]> {
  return db.query<LegalListEntryRow>(
    `select unit_code as "unitCode", unit_valid_from as "unitValidFrom", period_from as "periodFrom",
       period_to as "periodTo", citation, verified, note
     from legal_list_entries where list_kind = $1 order by unit_code`,
    [kind],
  );
}
