// Keeps roll-ups fresh after changes outside a recognition (an import of households, members, Phiếu B):
// each touched commune with a recognised periodic round of the year is recomputed with its ancestors.
import { figures, type Queryable } from '../db/index.ts';
import { standardForYear } from '../domain/standards/build-rule-book.ts';
import type { RuleBook } from '../domain/standards/types.ts';

/** The legal list that defines the "poor districts" group (as at recognition, src/services/review-rounds.ts). */
const POOR_DISTRICT_LIST = 'poor_district_2021_2025';

/** Returns how many communes' roll-ups were refreshed. Runs inside the caller's transaction, if any. */
export async function refreshRollupsOfCommunes(
  db: Queryable,
  book: RuleBook,
  communeCodes: Iterable<string>,
  today: string,
): Promise<number> {
  const year = Number(today.slice(0, 4));
  const standard = standardForYear(book, year);
  if (!standard) return 0;
  const rounds = await figures.recognisedPeriodicRounds(db, [...new Set(communeCodes)], year);
  for (const r of rounds)
    await figures.refreshRollups(db, {
      roundId: r.roundId,
      communeCode: r.communeCode,
      communeValidFrom: r.communeValidFrom,
      year,
      standard,
      date: r.recognisedOn,
      poorDistrictList: POOR_DISTRICT_LIST,
    });
  return rounds.length;
}
