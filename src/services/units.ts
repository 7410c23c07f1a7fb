// Administrative units as reference data any signed-in user reads: a unit on a date with its parents, and
// the units directly below it. (Who may act on a unit is the access policy's business, in access.ts.)
import { units, type Queryable } from '../db/index.ts';
import type { Actor } from './actor.ts';
import { AppError } from './errors.ts';

/** The unit valid on the date, then its parents up to the province (404 for a code not valid then). */
export async function unitWithParents(db: Queryable, _actor: Actor, code: string, at: string) {
  const chain = await units.parentChain(db, code, at);
  if (!chain[0]) throw new AppError('NOT_FOUND');
  return { unit: chain[0], parents: chain.slice(1) };
}

export const childUnits = (db: Queryable, _actor: Actor, code: string, at: string) =>
  units.children(db, code, at);
