// A commune's opening list: the last list of poor and near-poor households its chairman recognised before
// the commune used the system (decision number and date), imported all or nothing, so that the first round
// starts from the real current list and its flows are true (issue #12). Each row names a household of the
// registry by its id, its head's national ID, or its head's name and village; a row that matches none or
// several, lives outside the commune or repeats another is an error naming the row, and nothing is written.
import { registry, review, units, type Queryable } from '../db/index.ts';
import type { RoundRow } from '../db/queries/review.ts';
import { procedureVersionOn, type Procedure } from '../domain/review/procedure.ts';
import { foldWords as fold } from '../domain/geography/text.ts';
import type { Bilingual } from '../domain/standards/types.ts';
import { requireWritableCommune, unitInScope } from './access.ts';
import { requirePermission, type Actor } from './actor.ts';
import { recordAudit } from './audit.ts';
import { AppError } from './errors.ts';

export interface OpeningListRow {
  /** The row number the user sees (spreadsheet row, CSV line). */
  row: number;
  householdId?: string | null;
  headNationalId?: string | null;
  headName?: string | null;
  villageName?: string | null;
  class: 'poor' | 'near_poor';
}

export interface OpeningListInput {
  communeCode: string;
  decisionNumber: string;
  decisionDate: string;
  rows: readonly OpeningListRow[];
}

export interface OpeningRowError {
  row: number;
  column: string | null;
  message: Bilingual;
}

export type OpeningListResult =
  { ok: true; round: RoundRow; poor: number; nearPoor: number } | { ok: false; errors: OpeningRowError[] };

export async function importOpeningList(
  db: Queryable,
  actor: Actor,
  input: OpeningListInput,
  ctx: { procedure: Procedure; today: string },
): Promise<OpeningListResult> {
  requirePermission(actor, 'registry.write');
  const decision = input.decisionNumber.trim();
  if (!decision)
    throw new AppError('VALIDATION_FAILED', [
      {
        path: 'decisionNumber',
        message: { vi: 'Thiếu số quyết định công nhận', en: 'The decision number is missing' },
      },
    ]);
  if (input.decisionDate > ctx.today)
    throw new AppError('VALIDATION_FAILED', [
      {
        path: 'decisionDate',
        message: { vi: 'Ngày quyết định ở tương lai', en: 'The decision date is in the future' },
      },
    ]);
  return db.transaction(async (tx) => {
    await requireWritableCommune(tx, actor, input.communeCode, input.decisionDate, 'registry.write');
    const place = await units.unitAt(tx, input.communeCode, input.decisionDate);
    if (!place || place.level !== 'commune') throw new AppError('NOT_FOUND');
    const commune = { code: place.code, validFrom: place.validFrom };
    if (await review.communeHasRounds(tx, commune))
      throw new AppError('RULE_VIOLATION', [
        {
          path: 'communeCode',
          message: {
            vi: 'Xã đã có đợt rà soát hoặc danh sách đầu kỳ: danh sách đầu kỳ chỉ nhập một lần, trước đợt đầu tiên',
            en: 'The commune already has a round or an opening list: the opening list is imported once, before the first round',
          },
        },
      ]);
    const version = procedureVersionOn(ctx.procedure, input.decisionDate);
    if (!version) throw new AppError('NOT_FOUND');
    const living = await review.communeHouseholds(tx, commune, input.decisionDate);
    const matched = await matchRows(tx, input.rows, living);
    if (!matched.ok) return matched;
    const round = await review.recordOpeningList(tx, {
      commune,
      decisionNumber: decision,
      decisionDate: input.decisionDate,
      procedureVersion: version.id,
      actorId: actor.userId,
      rows: matched.rows,
    });
    const poor = matched.rows.filter((r) => r.finalClass === 'poor').length;
    await recordAudit(tx, actor, {
      action: 'round.opening_list',
      entityType: 'review_round',
      entityId: round.id,
      unitCode: commune.code,
      after: {
        decisionNumber: decision,
        decisionDate: input.decisionDate,
        poor,
        nearPoor: matched.rows.length - poor,
      },
    });
    return { ok: true, round, poor, nearPoor: matched.rows.length - poor };
  });
}

type Living = review.CommuneHousehold;

async function matchRows(
  tx: Queryable,
  rows: readonly OpeningListRow[],
  living: readonly Living[],
): Promise<
  | { ok: true; rows: Parameters<typeof review.recordOpeningList>[1]['rows'][number][] }
  | { ok: false; errors: OpeningRowError[] }
> {
  const errors: OpeningRowError[] = [];
  if (rows.length === 0)
    errors.push({ row: 1, column: null, message: { vi: 'Danh sách rỗng', en: 'The list is empty' } });
  const byId = new Map(living.map((h) => [h.householdId, h]));
  // Head and village folded once per household: the rows are matched against this key.
  const byName = new Map<string, Living[]>();
  for (const h of living) {
    const key = `${fold(h.headName)}|${fold(h.villageName)}`;
    byName.set(key, [...(byName.get(key) ?? []), h]);
  }
  const seen = new Map<string, number>();
  const out: Parameters<typeof review.recordOpeningList>[1]['rows'][number][] = [];
  for (const r of rows) {
    const err = (column: string | null, vi: string, en: string) =>
      errors.push({ row: r.row, column, message: { vi, en } });
    let candidates: Living[];
    let column: string;
    if (r.householdId) {
      column = 'householdId';
      candidates = byId.has(r.householdId) ? [byId.get(r.householdId)!] : [];
    } else if (r.headNationalId) {
      column = 'headNationalId';
      const holders = await registry.nationalIdHolders(tx, r.headNationalId);
      candidates = holders.filter((m) => byId.has(m.householdId)).map((m) => byId.get(m.householdId)!);
    } else if (r.headName && r.villageName) {
      column = 'headName';
      candidates = byName.get(`${fold(r.headName)}|${fold(r.villageName)}`) ?? [];
    } else {
      err(
        null,
        'Cần mã hộ, số định danh chủ hộ, hoặc họ tên chủ hộ và thôn',
        'A household id, the head’s national ID, or the head’s name and village is required',
      );
      continue;
    }
    if (candidates.length === 0) {
      err(
        column,
        'Không tìm thấy hộ này trong sổ hộ của xã vào ngày quyết định',
        'No such household lives in the commune on the decision date',
      );
      continue;
    }
    if (candidates.length > 1) {
      err(
        column,
        `Có ${candidates.length} hộ trùng khớp: dùng mã hộ hoặc số định danh`,
        `${candidates.length} households match: use the household id or national ID`,
      );
      continue;
    }
    const h = candidates[0]!;
    const earlier = seen.get(h.householdId);
    if (earlier !== undefined) {
      err(column, `Hộ đã có ở dòng ${earlier}`, `The household is already on row ${earlier}`);
      continue;
    }
    seen.set(h.householdId, r.row);
    out.push({
      householdId: h.householdId,
      villageId: h.villageId,
      finalClass: r.class,
      deficits: [],
      isEthnicMinority: h.isEthnicMinority,
      personOfMerit: h.personOfMerit,
      socialProtection: h.socialProtection,
      noLabourCapacity: h.noLabourCapacity,
    });
  }
  return errors.length ? { ok: false, errors } : { ok: true, rows: out };
}

/**
 * The commune's opening list, if one was imported (by this commune or a predecessor): its decision and how
 * many poor and near-poor it recognised. Null when there is none (the commune may still import it, before
 * its first round). 404 outside the read scope.
 */
export async function openingListOf(db: Queryable, actor: Actor, communeCode: string, today: string) {
  requirePermission(actor, 'registry.read');
  if (!(await unitInScope(db, actor.read, communeCode, today))) throw new AppError('NOT_FOUND');
  const place = await units.unitAt(db, communeCode, today);
  if (!place || place.level !== 'commune') throw new AppError('NOT_FOUND');
  const family = await review.communeFamily(db, { code: place.code, validFrom: place.validFrom });
  const found = await review.openingListOf(db, family);
  const hasRounds = await review.communeHasRounds(db, { code: place.code, validFrom: place.validFrom });
  return { openingList: found ?? null, canImport: !hasRounds };
}
