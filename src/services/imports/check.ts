// The checks of an import that need the database, each done for the whole file in a few queries:
// communes and villages on the import date, the caller's write scope, households already there (dissolved,
// moved out of scope), members who left, national IDs held by others, Phiếu B for unknown households and
// its answers checked by the rule engine.
import type { Queryable } from '../../db/index.ts';
import { recordAuditEntries, type AuditInput } from '../../db/queries/audit.ts';
import * as q from '../../db/queries/imports.ts';
import { householdCommunes } from '../../db/queries/registry.ts';
import type { ScopeSet } from '../../db/queries/scope.ts';
import { valueKey } from '../../domain/imports/columns.ts';
import { assessFormB, columnName, type AssessedFormB } from '../../domain/imports/rows.ts';
import type { Bilingual, RuleBook } from '../../domain/standards/types.ts';
import type { Collector, FormBEntry, HouseholdEntry } from './collect.ts';

export interface CheckedFormB extends FormBEntry {
  assessed: AssessedFormB;
  communeCode: string;
}

/**
 * A Phiếu B row's result as checked. Its explanation — about 0,5 KB of text in two languages, kept as the
 * tree of parts it was joined from: 1,1–1,4 KB a row — is put into words again when the writing asks for it,
 * from the same row and rule book, rather than kept from the checks to the writing (issue #14).
 */
class CheckedAssessment implements AssessedFormB {
  readonly standardId: string;
  readonly area: AssessedFormB['area'];
  readonly surveyDate: string;
  readonly incomePerCapita: number | null;
  readonly scoreA: number | null;
  readonly deficits: string[];
  readonly class: string;

  constructor(
    value: AssessedFormB,
    private readonly book: RuleBook,
    private readonly entry: FormBEntry,
    private readonly communeArea: string | null,
  ) {
    this.standardId = value.standardId;
    this.area = value.area;
    this.surveyDate = value.surveyDate;
    this.incomePerCapita = value.incomePerCapita;
    this.scoreA = value.scoreA;
    this.deficits = value.deficits;
    this.class = value.class;
  }

  get explanation(): Bilingual {
    const again = assessFormB(this.book, this.entry.ctx, this.entry.row, this.communeArea);
    if (!again.ok) throw new Error(`Phiếu B row ${this.entry.row.row} no longer assesses as it was checked`);
    return again.value.explanation;
  }
}

export interface CheckResult {
  /** Existing households of the file (and of Phiếu B rows), by id. */
  existing: Map<string, q.StoredHousehold>;
  /** Phiếu B rows that passed, in file order. */
  formB: CheckedFormB[];
}

const QUERY_BATCH = 5000;

async function inBatches<T, R>(items: readonly T[], fn: (batch: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (let i = 0; i < items.length; i += QUERY_BATCH)
    out.push(...(await fn(items.slice(i, i + QUERY_BATCH))));
  return out;
}

const dmy = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** Village names compared loosely, and once more without a leading kind word ("Thôn", "Bản", "Tổ dân phố"…). */
const KIND_PREFIX = /^(thon|ban|to dan pho|to|xom|ap|lang|khu pho|khu|buon|plei|soc|khom) /u;
const villageKey = (name: string) => valueKey(name);
const bareVillageKey = (name: string) => valueKey(name).replace(KIND_PREFIX, '');

/** Who imports (their write scope, and their name for the audit), and the import's id. */
export interface CheckingImport {
  scope: ScopeSet;
  actorId: string | null;
  actorName: string;
  importId: string;
}

export async function checkAgainstDatabase(
  db: Queryable,
  book: RuleBook,
  collected: Collector,
  importer: CheckingImport,
  today: string,
  onStep: (done: number, total: number) => void,
): Promise<CheckResult> {
  const { scope } = importer;
  const errors = collected.errors;
  const households = [...collected.households.values()];
  const steps = 6;
  const rowError = (
    h: HouseholdEntry,
    key: 'communeCode' | 'villageName' | 'householdRef',
    message: Bilingual,
  ) => {
    for (const row of h.rows) errors.add({ sheet: h.sheet, row, column: columnName(h.ctx, key), message });
  };
  const firstRowError = (h: HouseholdEntry, message: Bilingual) =>
    errors.add({ sheet: h.sheet, row: h.rows[0]!, column: columnName(h.ctx, 'householdRef'), message });

  // 1. Communes valid on the import date.
  onStep(0, steps);
  const codes = [
    ...new Set([...households.map((h) => h.communeCode), ...collected.formB.map((f) => f.row.communeCode)]),
  ];
  const communes = new Map((await q.communesOn(db, codes, today)).map((c) => [c.code, c]));
  const unknownCommune = (code: string): Bilingual => ({
    vi: `Không có xã mã ${code} vào ngày ${dmy(today)}`,
    en: `No commune has code ${code} on ${today}`,
  });
  for (const h of households)
    if (!communes.has(h.communeCode)) rowError(h, 'communeCode', unknownCommune(h.communeCode));

  // 2. Villages: created in the system under the commune, never by the import.
  onStep(1, steps);
  const villages = await q.villagesOfCommunes(db, [...communes.keys()], today);
  const byName = new Map<string, string[]>();
  const byBareName = new Map<string, string[]>();
  for (const v of villages) {
    for (const [map, key] of [
      [byName, `${v.communeCode}|${villageKey(v.name)}`],
      [byBareName, `${v.communeCode}|${bareVillageKey(v.name)}`],
    ] as const) {
      const list = map.get(key) ?? [];
      list.push(v.villageId);
      map.set(key, list);
    }
  }
  const villageNames = new Map(villages.map((v) => [v.villageId, v.name]));
  for (const h of households) {
    const commune = communes.get(h.communeCode);
    if (!commune) continue;
    const name = h.fields.villageName;
    const found =
      byName.get(`${h.communeCode}|${villageKey(name)}`) ??
      byBareName.get(`${h.communeCode}|${bareVillageKey(name)}`) ??
      [];
    if (found.length === 1) h.villageId = found[0]!;
    else if (found.length === 0) {
      rowError(h, 'villageName', {
        vi: `Xã ${commune.name} (${h.communeCode}) không có thôn/bản/tổ "${name}" vào ngày ${dmy(today)}; thôn phải được tạo trong hệ thống trước khi nhập`,
        en: `Commune ${commune.name} (${h.communeCode}) has no village "${name}" on ${today}; villages must be created in the system before importing`,
      });
    } else {
      rowError(h, 'villageName', {
        vi: `Xã ${h.communeCode} có ${found.length} thôn cùng tên "${name}": ghi đúng tên đầy đủ`,
        en: `Commune ${h.communeCode} has ${found.length} villages named "${name}": give the exact full name`,
      });
    }
  }

  // 3. Households already in the database (the file's, and those Phiếu B rows name).
  onStep(2, steps);
  const ids = [...new Set([...households.map((h) => h.id), ...collected.formB.map((f) => f.householdId)])];
  const existing = new Map(
    (await inBatches(ids, (batch) => q.householdsByIds(db, batch))).map((h) => [h.householdId, h]),
  );

  // 4. Write scope: the village named in the file, and the village an existing household is in now.
  onStep(3, steps);
  const villageIds = new Set<string>();
  for (const h of households) if (h.villageId) villageIds.add(h.villageId);
  for (const e of existing.values()) villageIds.add(e.villageId);
  const writable = await q.villagesInScope(db, scope, [...villageIds], today);
  const outOfScopeHere: Bilingual = {
    vi: 'Hộ này hiện ở một thôn ngoài phạm vi được sửa của bạn',
    en: 'This household is now in a village outside your write scope',
  };
  for (const h of households) {
    if (h.villageId && !writable.has(h.villageId)) {
      rowError(h, 'villageName', {
        vi: `Thôn "${villageNames.get(h.villageId)}" ngoài phạm vi được sửa của bạn`,
        en: `Village "${villageNames.get(h.villageId)}" is outside your write scope`,
      });
    }
    const stored = existing.get(h.id);
    if (!stored) continue;
    if (stored.dissolvedAt !== null) {
      firstRowError(h, {
        vi: `Hộ "${h.ref}" đã giải thể hoặc nhập vào hộ khác ngày ${dmy(stored.dissolvedAt)}`,
        en: `Household "${h.ref}" was dissolved or merged into another on ${stored.dissolvedAt}`,
      });
    } else if (!writable.has(stored.villageId)) {
      firstRowError(h, outOfScopeHere);
    }
  }

  // 5. Members who left keep their number; national IDs held by someone else.
  onStep(4, steps);
  const existingIds = households.filter((h) => existing.has(h.id)).map((h) => h.id);
  for (const m of await inBatches(existingIds, (batch) => q.leftMembers(db, batch))) {
    const entry = collected.householdById(m.householdId)?.members.get(m.memberNo);
    if (!entry) continue;
    const h = collected.householdById(m.householdId)!;
    errors.add({
      sheet: entry.sheet,
      row: entry.row,
      column: columnName(h.ctx, 'memberNo'),
      message: {
        vi: `Thành viên số ${m.memberNo} đã rời hộ ngày ${dmy(m.leftAt)}: dùng số thứ tự mới cho người mới`,
        en: `Member ${m.memberNo} left the household on ${m.leftAt}: give a new person a new number`,
      },
    });
  }
  const holders = await inBatches([...collected.nationalIds.keys()], (batch) =>
    q.nationalIdHolders(db, batch),
  );
  const told: { householdId: string }[] = [];
  for (const holder of holders) {
    const inFile = collected.nationalIds.get(holder.nationalId)!;
    if (holder.householdId === inFile.householdId && holder.memberNo === inFile.memberNo) continue;
    // The holder's own row in this file gives them another ID: the ID moves, which is fine.
    const holderRow = collected.householdById(holder.householdId)?.members.get(holder.memberNo);
    if (holderRow && holderRow.present.has('nationalId') && holderRow.fields.nationalId !== holder.nationalId)
      continue;
    const h = collected.householdById(inFile.householdId)!;
    errors.add({
      sheet: h.sheet,
      row: inFile.row,
      column: columnName(h.ctx, 'nationalId'),
      message: {
        vi: `Số định danh ${holder.nationalId} đã thuộc về một thành viên khác trong hệ thống`,
        en: `National ID ${holder.nationalId} already belongs to another member in the system`,
      },
    });
    told.push(holder);
  }
  await auditHoldersTold(db, importer, told, today);

  // 6. Phiếu B: a household of the file or of the database, answers accepted by the rule engine.
  onStep(5, steps);
  const formB: CheckedFormB[] = [];
  const seen = new Map<string, number>();
  for (const entry of collected.formB) {
    const { row, ctx } = entry;
    const refColumn = columnName(ctx, 'householdRef');
    const commune = communes.get(row.communeCode);
    if (!commune) {
      errors.add({
        sheet: row.sheet,
        row: row.row,
        column: columnName(ctx, 'communeCode'),
        message: unknownCommune(row.communeCode),
      });
      continue;
    }
    const inFile = collected.householdById(entry.householdId);
    const stored = existing.get(entry.householdId);
    if (!inFile && (!stored || stored.dissolvedAt !== null)) {
      errors.add({
        sheet: row.sheet,
        row: row.row,
        column: refColumn,
        message: {
          vi: `Không có hộ "${row.ref}" của xã ${row.communeCode} trong tệp này hay trong hệ thống`,
          en: `No household "${row.ref}" of commune ${row.communeCode} in this file or in the system`,
        },
      });
      continue;
    }
    if (!inFile && stored && !writable.has(stored.villageId)) {
      errors.add({ sheet: row.sheet, row: row.row, column: refColumn, message: outOfScopeHere });
      continue;
    }
    const assessed = assessFormB(book, ctx, row, commune.area);
    if (!assessed.ok) {
      for (const e of assessed.errors) errors.add(e, assessed.onceKey);
      continue;
    }
    const key = `${entry.householdId}|${assessed.value.standardId}`;
    const first = seen.get(key);
    if (first !== undefined) {
      errors.add({
        sheet: row.sheet,
        row: row.row,
        column: refColumn,
        message: {
          vi: `Dòng trùng: Phiếu B của hộ "${row.ref}" theo chuẩn ${assessed.value.standardId} đã có ở dòng ${first}`,
          en: `Duplicate row: Form B of household "${row.ref}" under ${assessed.value.standardId} is already on row ${first}`,
        },
      });
      continue;
    }
    seen.set(key, row.row);
    formB.push({
      householdId: entry.householdId,
      ctx,
      row,
      assessed: new CheckedAssessment(assessed.value, book, entry, commune.area),
      communeCode: row.communeCode,
    });
  }
  onStep(steps, steps);
  return { existing, formB };
}

/**
 * The answer 'this national ID already belongs to another member' tells the importer that the ID is held,
 * whoever holds it, in their area or not (nothing of the holder is named): a read of the holder's personal
 * data, recorded on the holder's household as a household's creation records it
 * (personal_data.national_id_taken, services/household-view.ts), so that its area's auditor sees who learnt
 * it — one entry per holder, so a file probing many IDs leaves as many. The import is then refused and
 * writes nothing: the entries are committed in a transaction of their own, before its outcome.
 */
async function auditHoldersTold(
  db: Queryable,
  importer: CheckingImport,
  holders: readonly { householdId: string }[],
  today: string,
): Promise<void> {
  if (holders.length === 0) return;
  const ids = [...new Set(holders.map((h) => h.householdId))];
  const communeOf = new Map<string, string>();
  for (let i = 0; i < ids.length; i += QUERY_BATCH)
    for (const [id, code] of await householdCommunes(db, ids.slice(i, i + QUERY_BATCH), today))
      communeOf.set(id, code);
  const reason = `Nhập từ tệp (lần nhập ${importer.importId}) / import (job ${importer.importId})`;
  const entries = holders.map((h): AuditInput => ({
    actorId: importer.actorId,
    actorName: importer.actorName,
    action: 'personal_data.national_id_taken',
    entityType: 'household',
    entityId: h.householdId,
    householdId: h.householdId,
    unitCode: communeOf.get(h.householdId) ?? null,
    before: null,
    after: null,
    reason,
  }));
  await db.transaction((tx) => recordAuditEntries(tx, entries));
}
