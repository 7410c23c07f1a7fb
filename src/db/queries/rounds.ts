// Review rounds (rà soát) per commune: minimal for now, later issues extend them with their steps.
import type { Queryable } from '../database.ts';
import { DataRuleError } from '../errors.ts';
import { validOn } from './units.ts';

export interface ReviewRound {
  id: string;
  communeCode: string;
  communeValidFrom: string;
  kind: 'periodic' | 'regular';
  year: number;
  /** Regular (monthly) rounds only. */
  month: number | null;
  createdAt: Date;
}

const COLUMNS = `id, commune_code as "communeCode", commune_valid_from as "communeValidFrom", kind, year, month,
  created_at as "createdAt"`;

/** Opens a round for the commune `communeCode` valid on `date`. */
export async function createReviewRound(
  db: Queryable,
  input: {
    communeCode: string;
    date: string;
    kind: 'periodic' | 'regular';
    year: number;
    month?: number | null;
  },
): Promise<ReviewRound> {
  const [round] = await db.query<ReviewRound>(
    `insert into review_rounds (commune_code, commune_valid_from, kind, year, month)
     select u.code, u.valid_from, $3, $4, $5 from admin_units u
     where u.code = $1 and u.level = 'commune' and ${validOn('u', '$2')}
     returning ${COLUMNS}`,
    [input.communeCode, input.date, input.kind, input.year, input.month ?? null],
  );
  if (!round)
    throw new DataRuleError('commune_not_found', `no commune ${input.communeCode} on ${input.date}`);
  return round;
}

export async function getReviewRound(db: Queryable, id: string): Promise<ReviewRound | undefined> {
  const [round] = await db.query<ReviewRound>(`select ${COLUMNS} from review_rounds where id = $1`, [id]);
  return round;
}
