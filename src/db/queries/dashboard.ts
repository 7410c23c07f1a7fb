// The dashboard's own read: the communes under a unit with the status of their periodic review of a year.
import type { Queryable } from '../database.ts';
import { validOn } from './units.ts';

export type ReviewStatus = 'none' | 'open' | 'recognised' | 'reported';

export interface CommuneReview {
  code: string;
  name: string;
  status: ReviewStatus;
  roundId: string | null;
}

/** Every commune under (or being) the unit valid on `date`, with its periodic round of `year`, by code. */
export async function communeReviews(
  db: Queryable,
  input: { unitCode: string; date: string; year: number },
): Promise<CommuneReview[]> {
  return db.query<CommuneReview>(
    `with recursive below as (
       select u.code, u.valid_from, u.level, u.name from admin_units u where u.code = $1 and ${validOn('u', '$2')}
       union all
       select c.code, c.valid_from, c.level, c.name from admin_units c
       join below b on c.parent_code = b.code and c.parent_valid_from = b.valid_from
       where ${validOn('c', '$2')}
     )
     select b.code, b.name, coalesce(r.status, 'none') as status, r.id as "roundId"
     from below b
     left join review_rounds r on r.commune_code = b.code and r.commune_valid_from = b.valid_from
       and r.kind = 'periodic' and r.year = $3
     where b.level = 'commune'
     order by b.code`,
    [input.unitCode, input.date, input.year],
  );
}
