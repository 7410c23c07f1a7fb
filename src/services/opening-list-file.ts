// A commune's opening list from a file (issue #12): the first sheet of an .xlsx workbook, or a CSV file (UTF-8,
// with or without BOM; comma or semicolon), read with the import readers, parsed (src/domain/review/
// opening-list-file.ts) and recorded all or nothing by importOpeningList. The one door for `POST
// /api/communes/:communeCode/opening-list` and `giamngheo opening-list import`. Errors of the file and of the
// matching come back together, each naming the row and the column as headed in the file.
import type { Queryable } from '../db/index.ts';
import {
  OPENING_LIST_COLUMNS,
  parseOpeningList,
  type OpeningListColumn,
  type RawRow,
} from '../domain/review/opening-list-file.ts';
import type { Procedure } from '../domain/review/procedure.ts';
import { isCalendarDate } from '../domain/standards/facts.ts';
import type { Bilingual } from '../domain/standards/types.ts';
import { requireWritableCommune } from './access.ts';
import { requirePermission, type Actor } from './actor.ts';
import { AppError } from './errors.ts';
import { readCsv } from './imports/read-csv.ts';
import { readXlsx } from './imports/read-xlsx.ts';
import { formatOf } from './imports/run-import.ts';
import { UnreadableFileError } from './imports/source.ts';
import { importOpeningList } from './opening-list.ts';

/** Rows read at most (a commune has a few thousand households; a larger file is not an opening list). */
export const MAX_OPENING_LIST_ROWS = 200_000;

export interface OpeningListFileInput {
  communeCode: string;
  decisionNumber: string;
  decisionDate: string;
  /** The file on disk, and its name as the user gave it (the extension hints at the format). */
  path: string;
  filename: string;
}

export interface OpeningListFileError {
  row: number;
  /** The column's key (householdId, headNationalId, headName, villageName, class), or null for the row. */
  column: string | null;
  /** The column's header as written in the file (its Vietnamese name if the file has no such column). */
  header: string | null;
  message: Bilingual;
}

export type OpeningListFileResult =
  | {
      ok: true;
      roundId: string;
      decisionNumber: string;
      decisionDate: string;
      poor: number;
      nearPoor: number;
    }
  | { ok: false; errors: OpeningListFileError[] };

const isColumn = (c: string | null): c is OpeningListColumn => c !== null && c in OPENING_LIST_COLUMNS;

/** The rows of the file: the first sheet of a workbook, or the CSV file; an unreadable file is an AppError. */
async function readRows(path: string, filename: string): Promise<RawRow[]> {
  const rows: RawRow[] = [];
  try {
    const format = await formatOf(path, filename);
    let sheets = 0;
    for await (const event of format === 'xlsx' ? readXlsx(path) : readCsv(path, '')) {
      if (event.type === 'sheet') {
        if (++sheets > 1) break;
        continue;
      }
      if (rows.length >= MAX_OPENING_LIST_ROWS)
        throw new AppError(
          'VALIDATION_FAILED',
          [
            {
              path: 'file',
              message: {
                vi: `Tệp có hơn ${MAX_OPENING_LIST_ROWS.toLocaleString('vi-VN')} dòng: danh sách đầu kỳ của một xã không dài như vậy`,
                en: `The file has more than ${MAX_OPENING_LIST_ROWS.toLocaleString('en-GB')} rows: a commune's opening list is not that long`,
              },
            },
          ],
          undefined,
          {
            vi: `Tệp quá ${MAX_OPENING_LIST_ROWS.toLocaleString('vi-VN')} dòng`,
            en: `The file has more than ${MAX_OPENING_LIST_ROWS.toLocaleString('en-GB')} rows`,
          },
        );
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
  return rows;
}

/**
 * Imports a commune's opening list from a file, all or nothing. The access is checked before the file is
 * read (404 outside the actor's sight, 403 without the right to write the registry there); row errors of
 * the file or of the matching are returned, an unreadable or oversized file is an AppError (400).
 */
export async function importOpeningListFile(
  db: Queryable,
  actor: Actor,
  input: OpeningListFileInput,
  ctx: { procedure: Procedure; today: string },
): Promise<OpeningListFileResult> {
  requirePermission(actor, 'registry.write');
  if (!isCalendarDate(input.decisionDate))
    throw new AppError('VALIDATION_FAILED', [
      {
        path: 'decisionDate',
        message: {
          vi: `Ngày quyết định không hợp lệ "${input.decisionDate}" (YYYY-MM-DD)`,
          en: `Invalid decision date "${input.decisionDate}" (YYYY-MM-DD)`,
        },
      },
    ]);
  await requireWritableCommune(db, actor, input.communeCode, input.decisionDate, 'registry.write');

  const parsed = parseOpeningList(await readRows(input.path, input.filename));
  const header = (column: string | null) =>
    isColumn(column) ? (parsed.headers.get(column) ?? OPENING_LIST_COLUMNS[column].vi) : null;
  if (!parsed.ok)
    return { ok: false, errors: parsed.errors.map((e) => ({ ...e, header: header(e.column) })) };

  const result = await importOpeningList(
    db,
    actor,
    {
      communeCode: input.communeCode,
      decisionNumber: input.decisionNumber,
      decisionDate: input.decisionDate,
      rows: parsed.rows,
    },
    ctx,
  );
  if (!result.ok)
    return { ok: false, errors: result.errors.map((e) => ({ ...e, header: header(e.column) })) };
  return {
    ok: true,
    roundId: result.round.id,
    decisionNumber: result.round.decisionNumber ?? input.decisionNumber.trim(),
    decisionDate: result.round.decisionDate ?? input.decisionDate,
    poor: result.poor,
    nearPoor: result.nearPoor,
  };
}
