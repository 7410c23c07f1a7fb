// Keeps roll-ups fresh after changes outside a recognition (an import of households, members, Phiếu B):
// each touched commune with a recognised periodic round of the year is recomputed with its ancestors.
import { figures, type Queryable } from '../db/index.ts';
import { lockRollups } from '../db/queries/rollup-locks.ts';
import { standardForYear } from '../domain/standards/build-rule-book.ts';
import type { RuleBook } from '../domain/standards/types.ts';

/** The legal list that defines the "poor districts" group of the roll-ups. */
const POOR_DISTRICT_LIST = 'poor_district_2021_2025';

/** A commune's recognised periodic round, from which the year's roll-ups are computed. */
export interface RecognisedRound {
  roundId: string;
  communeCode: string;
  communeValidFrom: string;
  /** The day of recognition: the figures are as at that day. */
  recognisedOn: string;
}

/**
 * Refreshes the roll-ups of the round's commune and its ancestors for the year under the standard — the one
 * way a recognition, an import and a recompute bring figures up to date. Runs in the caller's transaction.
 */
export function refreshRollupsOfRound(
  db: Queryable,
  round: RecognisedRound,
  year: number,
  standard: string,
): Promise<void> {
  return figures.refreshRollups(db, {
    roundId: round.roundId,
    communeCode: round.communeCode,
    communeValidFrom: round.communeValidFrom,
    year,
    standard,
    date: round.recognisedOn,
    poorDistrictList: POOR_DISTRICT_LIST,
  });
}

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
  // Several communes (an import's): their rows locked first, in one order, as a recompute takes them, so the
  // two take turns instead of deadlocking (src/db/queries/rollup-locks.ts).
  if (rounds.length > 1) await lockRollups(db, { codes: rounds.map((r) => r.communeCode), year, standard });
  for (const r of rounds) await refreshRollupsOfRound(db, r, year, standard);
  return rounds.length;
}
