// ODK Collect / KoBoCollect (issue #13, part 5): Phiếu A and Phiếu B as XLSForm workbooks for a standard of
// the rule book, and their submission exports (CSV or xlsx, as ODK Central, Briefcase or KoBoToolbox write
// them) imported into a review round all or nothing. Each submission becomes the round's step for its
// household — Phiếu A the applicant's screening, Phiếu B the survey classified by the rule engine — through
// recordRoundEvents, the use case every other door records round steps with, so the scope, the round's
// rules and the audit are the same; the file itself is audited once more (`odk.import`). Every bad row is an
// error naming the row and the column as headed in the file, and then nothing is written.
import ExcelJS from 'exceljs';
import { households as householdsDb, registry, units, villages, type Queryable } from '../db/index.ts';
import { parseSubmissions, type Submission, type SubmissionRow } from '../domain/forms/submissions.ts';
import {
  buildXlsForm,
  CHOICES_COLUMNS,
  FIELDS,
  SETTINGS_COLUMNS,
  SURVEY_COLUMNS,
  type FormKind,
  type XlsForm,
} from '../domain/forms/xlsform.ts';
import { foldWords } from '../domain/geography/text.ts';
import type { ImportError } from '../domain/imports/rows.ts';
import { procedureVersionOn, type Procedure } from '../domain/review/procedure.ts';
import { applyEventTo, type RoundEvent, type RoundState } from '../domain/review/round.ts';
import { assess, parseAssessment } from '../domain/standards/assessment.ts';
import { standardForYear } from '../domain/standards/build-rule-book.ts';
import type { HouseholdClass, RuleBook, Standard } from '../domain/standards/types.ts';
import type { SentRoundEvent } from '../server/contract/round-event.ts';
import { communeReadScope, unitInScope } from './access.ts';
import { requirePermission, type Actor } from './actor.ts';
import { recordAudit } from './audit.ts';
import { AppError } from './errors.ts';
import { readCsv } from './imports/read-csv.ts';
import { readXlsx } from './imports/read-xlsx.ts';
import { formatOf } from './imports/run-import.ts';
import { UnreadableFileError } from './imports/source.ts';
import { loadRound, ReviewRuleError } from './review-rounds.ts';
import { recordRoundEvents } from './rounds.ts';

export interface OdkContext {
  book: RuleBook;
  procedure: Procedure;
  today: string;
}

/** Submissions one file may hold: a commune's review is a few thousand households. */
export const MAX_ODK_ROWS = 50_000;

function standardOf(book: RuleBook, id: string): Standard {
  const s = book.standards.get(id);
  if (!s)
    throw new AppError('VALIDATION_FAILED', [
      {
        path: 'standard',
        message: { vi: `Chuẩn nghèo "${id}" không tồn tại`, en: `Unknown poverty standard "${id}"` },
      },
    ]);
  return s;
}

/**
 * The form under a standard. Phiếu B cites the standard's own Phiếu B text (its score-A citation, or its
 * legal basis); Phiếu A the review procedure in force today (Quyết định 24/2021/QĐ-TTg; Thông tư 07/2021).
 */
export function xlsFormOf(input: { standard: string; form: FormKind }, ctx: OdkContext): XlsForm {
  const standard = standardOf(ctx.book, input.standard);
  if (input.form === 'B') return buildXlsForm(standard, 'B');
  const citation = procedureVersionOn(ctx.procedure, ctx.today)?.citation ?? standard.legalBasis.short;
  return buildXlsForm(standard, 'A', { vi: citation, en: citation });
}

/** The XLSForm workbook (sheets survey, choices, settings) to load into ODK Central or KoBoToolbox. */
export async function exportXlsForm(
  actor: Actor,
  input: { standard: string; form: FormKind },
  ctx: OdkContext,
): Promise<{ filename: string; content: Buffer; form: XlsForm }> {
  requirePermission(actor, 'registry.read');
  const form = xlsFormOf(input, ctx);
  const wb = new ExcelJS.Workbook();
  const sheet = (name: string, columns: readonly string[], rows: readonly Record<string, string>[]) => {
    const ws = wb.addWorksheet(name);
    ws.addRow([...columns]);
    ws.getRow(1).font = { bold: true };
    for (const r of rows) ws.addRow(columns.map((c) => r[c] ?? ''));
    ws.columns.forEach((c, i) => (c.width = i < 2 ? 24 : 40));
  };
  sheet('survey', SURVEY_COLUMNS, form.survey);
  sheet('choices', CHOICES_COLUMNS, form.choices);
  sheet('settings', SETTINGS_COLUMNS, [form.settings]);
  const content = Buffer.from(await wb.xlsx.writeBuffer());
  return { filename: `${form.formId}.xlsx`, content, form };
}

export interface OdkImportInput {
  roundId: string;
  /** The export on disk, and its name as the user gave it (the extension hints at the format). */
  path: string;
  filename: string;
  /** Phiếu A or B; told from the file's columns when not given. */
  form?: FormKind | undefined;
}

export type OdkImportResult =
  | {
      ok: true;
      roundId: string;
      form: FormKind;
      standard: string;
      /** Submissions recorded as round steps. */
      imported: number;
      /** Rejected in ODK Central or not approved in KoBo. */
      skipped: number;
      /** Already recorded by an earlier import of the same submission. */
      alreadyImported: number;
      /** Phiếu B: the provisional classes of the households surveyed. */
      classes: Record<HouseholdClass, number>;
      /** Phiếu A: applicants going on to Phiếu B, and screened out. */
      screened: { passed: number; excluded: number };
    }
  | { ok: false; form: FormKind | null; errors: ImportError[] };

/** Row errors found inside the transaction: thrown so that it rolls back, returned to the caller. */
class RowsRefused extends Error {
  constructor(readonly errors: ImportError[]) {
    super('rows refused');
  }
}

/** The first sheet of a workbook, or the CSV file; an unreadable file is an AppError (400). */
async function readRows(
  path: string,
  filename: string,
): Promise<{ rows: SubmissionRow[]; sheet: string | null }> {
  const rows: SubmissionRow[] = [];
  let sheet: string | null = null;
  try {
    const format = await formatOf(path, filename);
    let sheets = 0;
    for await (const event of format === 'xlsx' ? readXlsx(path) : readCsv(path, '')) {
      if (event.type === 'sheet') {
        if (++sheets > 1) break;
        sheet = format === 'xlsx' ? event.name : null;
        continue;
      }
      if (rows.length > MAX_ODK_ROWS)
        throw new UnreadableFileError({
          vi: `Tệp có hơn ${MAX_ODK_ROWS.toLocaleString('vi-VN')} bản ghi: chia theo thôn`,
          en: `The file has more than ${MAX_ODK_ROWS.toLocaleString('en-GB')} submissions: split it by village`,
        });
      rows.push({ number: event.number, cells: event.cells });
    }
  } catch (e) {
    if (!(e instanceof UnreadableFileError)) throw e;
    const message = {
      vi: `Không đọc được tệp "${filename}"${e.row ? ` (dòng ${e.row})` : ''}: ${e.bilingual.vi}`,
      en: `Cannot read the file "${filename}"${e.row ? ` (row ${e.row})` : ''}: ${e.bilingual.en}`,
    };
    throw new AppError('VALIDATION_FAILED', [{ path: 'file', message }], undefined, message);
  }
  return { rows, sheet };
}

const NO_CLASSES = (): Record<HouseholdClass, number> => ({ poor: 0, near_poor: 0, middle: 0, not_poor: 0 });

/**
 * Imports an ODK/KoBo export into a round, all or nothing. The round must be readable (404) and the actor
 * able to write in its commune or some of its villages (403) before the file is read; a village-scoped
 * enumerator's rows for households of other villages are row errors. The submissions must be of the
 * standard the round's year is reviewed under.
 */
export async function importOdkSubmissions(
  db: Queryable,
  actor: Actor,
  input: OdkImportInput,
  ctx: OdkContext,
): Promise<OdkImportResult> {
  requirePermission(actor, 'registry.write');
  const before = await loadRound(db, ctx.procedure, input.roundId);
  if (!before || before.row.kind === 'opening') throw new AppError('NOT_FOUND');
  const communeCode = before.row.communeCode;
  await communeReadScope(db, actor, communeCode, ctx.today);
  // Write access to the commune, or to some of its villages (an enumerator): else 403 before the file is read.
  const wholeCommune = await unitInScope(db, actor.write, communeCode, ctx.today);
  let someVillage = false;
  for (const v of wholeCommune ? [] : actor.write.villageIds)
    if ((await registry.villageContext(db, v, ctx.today))?.communeCode === communeCode) someVillage = true;
  if (!wholeCommune && !someVillage) throw new AppError('FORBIDDEN');
  const standardId = standardForYear(ctx.book, before.row.year);
  const standard = standardId ? ctx.book.standards.get(standardId) : undefined;
  if (!standard)
    throw new AppError('RULE_VIOLATION', [
      {
        path: 'roundId',
        message: {
          vi: `Không có chuẩn nghèo cho năm ${before.row.year} của đợt rà soát`,
          en: `No poverty standard applies to the round's year ${before.row.year}`,
        },
      },
    ]);

  const { rows, sheet } = await readRows(input.path, input.filename);
  const parsed = parseSubmissions(standard, rows, {
    today: ctx.today,
    sheet,
    ...(input.form ? { form: input.form } : {}),
  });
  if (parsed.errors.length) return { ok: false, form: parsed.form, errors: parsed.errors };
  const column = (field: string) => parsed.headers.get(field) ?? field;
  const rowError = (s: Submission, field: string, vi: string, en: string): ImportError => ({
    sheet,
    row: s.row,
    column: column(field),
    message: { vi, en },
  });

  try {
    return await db.transaction(async (tx) => {
      const loaded = (await loadRound(tx, ctx.procedure, input.roundId))!;
      const { row, rules } = loaded;
      const scope = await communeReadScope(tx, actor, communeCode, ctx.today);
      const commune = await units.unitVersion(tx, { code: row.communeCode, validFrom: row.communeValidFrom });
      const area = commune?.area === 'urban' ? 'urban' : 'rural';
      const errors: ImportError[] = [];
      const events: SentRoundEvent[] = [];
      const classes = NO_CLASSES();
      const screened = { passed: 0, excluded: 0 };
      let alreadyImported = 0;
      let state: RoundState = loaded.state;
      const householdRows = new Map<string, number>();
      const villageNames = new Map<string, string>();
      for (const s of parsed.submissions) {
        const err = (field: string, vi: string, en: string) => errors.push(rowError(s, field, vi, en));
        if (s.communeCode !== row.communeCode) {
          err(
            FIELDS.communeCode,
            `Mã xã ${s.communeCode} khác xã của đợt rà soát (${row.communeCode})`,
            `Commune code ${s.communeCode} is not the round's commune (${row.communeCode})`,
          );
          continue;
        }
        const h = state.households[s.householdId];
        // A household of a village the actor does not see is "not in the round", never revealed.
        if (!h || (!scope.whole && !scope.villageIds.has(h.villageId))) {
          err(
            FIELDS.householdId,
            'Hộ không có trong danh sách của đợt rà soát (trong phạm vi bạn được xem)',
            'The household is not on the round’s list (within what you may see)',
          );
          continue;
        }
        if (!wholeCommune && !actor.write.villageIds.includes(h.villageId)) {
          err(
            FIELDS.householdId,
            'Hộ thuộc thôn ngoài phạm vi bạn được ghi',
            'The household is in a village outside your write scope',
          );
          continue;
        }
        const earlier = householdRows.get(s.householdId);
        if (earlier !== undefined) {
          err(
            FIELDS.householdId,
            `Hộ đã có ở dòng ${earlier}: mỗi hộ một phiếu trong một tệp`,
            `The household is already on row ${earlier}: one form per household in a file`,
          );
          continue;
        }
        householdRows.set(s.householdId, s.row);
        if (s.villageName) {
          if (!villageNames.has(h.villageId))
            villageNames.set(h.villageId, (await villages.getVillage(tx, h.villageId))?.name ?? '');
          const name = villageNames.get(h.villageId)!;
          if (foldWords(name) !== foldWords(s.villageName)) {
            err(
              FIELDS.villageName,
              `Hộ thuộc ${name}, không phải "${s.villageName}"`,
              `The household lives in ${name}, not "${s.villageName}"`,
            );
            continue;
          }
        }
        let event: RoundEvent;
        let sent: SentRoundEvent;
        if (s.form === 'A') {
          if (h.screening && h.screening.date === s.date && h.screening.passed === s.passed) {
            alreadyImported++;
            continue;
          }
          event = sent = { type: 'screen', date: s.date, householdId: s.householdId, passed: s.passed };
        } else {
          const recorded = await householdsDb.assessmentHistory(tx, s.householdId, { reviewRoundId: row.id });
          if (
            recorded.some(
              (a) => (a.answers as { odkInstanceId?: unknown } | null)?.odkInstanceId === s.instanceId,
            )
          ) {
            alreadyImported++;
            continue;
          }
          const answers = {
            standard: standard.id,
            ...(s.measure.kind === 'income'
              ? { incomePerCapita: s.measure.incomePerCapita }
              : { scoreA: s.measure.scoreA }),
            deficits: s.deficits,
            odkInstanceId: s.instanceId,
          };
          const req = parseAssessment(ctx.book, { ...answers, area, surveyDate: s.date });
          const assessed = req.ok ? assess(ctx.book, req.value) : req;
          if (!assessed.ok) {
            const field = assessed.error.field === 'scoreA' ? FIELDS.scoreA : FIELDS.income;
            err(field, assessed.error.message.vi, assessed.error.message.en);
            continue;
          }
          const cls = assessed.value.verdict.class;
          event = {
            type: 'survey',
            date: s.date,
            householdId: s.householdId,
            class: cls,
            assessmentId: null,
          };
          sent = { type: 'survey', date: s.date, householdId: s.householdId, assessment: answers };
        }
        // In place (a copy of the round per submission made a commune's file quadratic): a screen or a survey
        // is checked before it changes anything, so a refused one leaves the state as it was (round.test.ts).
        const applied = applyEventTo(state, event, rules);
        if (!applied.ok) {
          err(
            applied.error.field === 'householdId' || !applied.error.field ? FIELDS.householdId : FIELDS.date,
            applied.error.message.vi,
            applied.error.message.en,
          );
          continue;
        }
        state = applied.state;
        events.push(sent);
        if (event.type === 'survey') classes[event.class]++;
        else if (event.type === 'screen') screened[event.passed ? 'passed' : 'excluded']++;
      }
      if (errors.length) throw new RowsRefused(errors);
      if (events.length) {
        await recordRoundEvents(
          tx,
          actor,
          { roundId: row.id, expectedCount: row.eventCount, events },
          { procedure: ctx.procedure, today: ctx.today, book: ctx.book },
        ).catch((e: unknown) => {
          throw refusedAt(e, parsed.submissions, events, column, sheet);
        });
      }
      await recordAudit(tx, actor, {
        action: 'odk.import',
        entityType: 'review_round',
        entityId: row.id,
        unitCode: row.communeCode,
        after: {
          filename: input.filename,
          form: parsed.form,
          standard: standard.id,
          imported: events.length,
          skipped: parsed.skipped,
          alreadyImported,
        },
      });
      return {
        ok: true as const,
        roundId: row.id,
        form: parsed.form,
        standard: standard.id,
        imported: events.length,
        skipped: parsed.skipped,
        alreadyImported,
        classes,
        screened,
      };
    });
  } catch (e) {
    if (e instanceof RowsRefused) return { ok: false, form: parsed.form, errors: e.errors };
    throw e;
  }
}

/**
 * A step refused by the round use case after the checks above passed (a rule they do not repeat): named by
 * the row of its submission when the refusal says which event it was, else re-thrown as it is.
 */
function refusedAt(
  e: unknown,
  submissions: readonly Submission[],
  events: readonly SentRoundEvent[],
  column: (field: string) => string,
  sheet: string | null,
): unknown {
  let index: number | undefined;
  let message: { vi: string; en: string } | undefined;
  if (e instanceof ReviewRuleError) {
    index = e.eventIndex;
    message = e.error.message;
  } else if (e instanceof AppError) {
    const f = e.fields.find((x) => /^body\.events\.\d+/u.test(x.path));
    if (f) {
      index = Number(/^body\.events\.(\d+)/u.exec(f.path)![1]);
      message = f.message;
    }
  }
  const event = index === undefined ? undefined : events[index];
  const s =
    event && 'householdId' in event
      ? submissions.find((x) => x.householdId === event.householdId)
      : undefined;
  if (!s || !message) return e;
  return new RowsRefused([{ sheet, row: s.row, column: column(FIELDS.householdId), message }]);
}
