// The file of a commune's opening list (issue #12): a header row and one row per household, read from an
// .xlsx sheet or a CSV file as raw cells. Columns are found by their Vietnamese or English header (accents,
// case and punctuation ignored); other columns (STT, Ghi chú…) are ignored, and title rows above the header
// (the "DANH SÁCH HỘ NGHÈO…" of an official list) are skipped. Each row names the household by its id, its
// head's national ID, or its head's name and village, and gives its class; a cell that cannot be read is an
// error naming the row and the column. Matching rows to the registry is the service's work.
import { readNationalId, readText, type RawCell } from '../imports/cells.ts';
import { headerKey, valueKey } from '../imports/columns.ts';
import type { Bilingual } from '../standards/types.ts';

export type OpeningListColumn = 'householdId' | 'headNationalId' | 'headName' | 'villageName' | 'class';

/** The headers each column is recognised by (Vietnamese as on the commune's lists, English, the key). */
export const OPENING_LIST_COLUMNS: Record<OpeningListColumn, { vi: string; en: string; also: string[] }> = {
  householdId: { vi: 'Mã hộ', en: 'household_id', also: ['Mã số hộ'] },
  headNationalId: {
    vi: 'Số định danh chủ hộ',
    en: 'head_national_id',
    also: ['CCCD chủ hộ', 'Số CCCD chủ hộ', 'Số định danh cá nhân chủ hộ'],
  },
  headName: { vi: 'Họ và tên chủ hộ', en: 'head_name', also: ['Họ tên chủ hộ', 'Chủ hộ'] },
  villageName: {
    vi: 'Thôn',
    en: 'village',
    also: ['village_name', 'Thôn, bản', 'Thôn/bản', 'Thôn, tổ dân phố', 'Thôn, bản, tổ dân phố'],
  },
  class: { vi: 'Phân loại', en: 'class', also: ['Loại hộ'] },
};

const HEADERS = new Map<string, OpeningListColumn>();
for (const [key, h] of Object.entries(OPENING_LIST_COLUMNS) as [
  OpeningListColumn,
  (typeof OPENING_LIST_COLUMNS)[OpeningListColumn],
][])
  for (const text of [key, h.vi, h.en, ...h.also]) HEADERS.set(headerKey(text), key);

const CLASSES = new Map<string, 'poor' | 'near_poor'>(
  (
    [
      ['Hộ nghèo', 'poor'],
      ['nghèo', 'poor'],
      ['poor', 'poor'],
      ['Hộ cận nghèo', 'near_poor'],
      ['cận nghèo', 'near_poor'],
      ['near_poor', 'near_poor'],
      ['near poor', 'near_poor'],
      ['near-poor', 'near_poor'],
    ] as const
  ).map(([text, cls]) => [valueKey(text), cls]),
);

/** One row of the list, as the opening-list use case takes it (`row`: the number the user sees). */
export interface OpeningListFileRow {
  row: number;
  householdId: string | null;
  headNationalId: string | null;
  headName: string | null;
  villageName: string | null;
  class: 'poor' | 'near_poor';
}

export interface OpeningListFileError {
  row: number;
  /** The column's key (householdId, headNationalId, headName, villageName, class), or null for the row. */
  column: OpeningListColumn | null;
  message: Bilingual;
}

export interface RawRow {
  /** The row number a spreadsheet shows (CSV: the line). */
  number: number;
  cells: readonly RawCell[];
}

export type OpeningListParse =
  | {
      ok: true;
      rows: OpeningListFileRow[];
      /** Each recognised column's header as written in the file. */
      headers: Map<OpeningListColumn, string>;
    }
  | { ok: false; errors: OpeningListFileError[]; headers: Map<OpeningListColumn, string> };

/** Rows above the header tried before giving up (title, commune, decision lines of an official list). */
const HEADER_SEARCH = 20;

const isBlank = (cells: readonly RawCell[]) => cells.every((c) => readText(c) === null);

interface Header {
  index: number;
  columns: Map<OpeningListColumn, number>;
  headers: Map<OpeningListColumn, string>;
  duplicated: { column: OpeningListColumn; text: string }[];
}

function matchHeader(cells: readonly RawCell[]): Omit<Header, 'index'> {
  const columns = new Map<OpeningListColumn, number>();
  const headers = new Map<OpeningListColumn, string>();
  const duplicated: Header['duplicated'] = [];
  cells.forEach((cell, i) => {
    const text = readText(cell);
    const column = text === null ? undefined : HEADERS.get(headerKey(text));
    if (!column || text === null) return;
    if (columns.has(column)) duplicated.push({ column, text });
    else {
      columns.set(column, i);
      headers.set(column, text);
    }
  });
  return { columns, headers, duplicated };
}

/** The header: the first of the leading rows that has the class column. */
function findHeader(rows: readonly RawRow[]): Header | null {
  let tried = 0;
  for (let index = 0; index < rows.length && tried < HEADER_SEARCH; index++) {
    if (isBlank(rows[index]!.cells)) continue;
    tried++;
    const match = matchHeader(rows[index]!.cells);
    if (match.columns.has('class')) return { index, ...match };
  }
  return null;
}

const quoted = (h: { vi: string; en: string }) => ({ vi: `"${h.vi}"`, en: `"${h.en}"` });

/** Reads the rows of an opening-list file (header included) into the list's rows, or errors naming rows. */
export function parseOpeningList(rows: readonly RawRow[]): OpeningListParse {
  const header = findHeader(rows);
  const firstRow = rows.find((r) => !isBlank(r.cells))?.number ?? 1;
  if (!header) {
    const c = quoted(OPENING_LIST_COLUMNS.class);
    return {
      ok: false,
      headers: new Map(),
      errors: [
        {
          row: firstRow,
          column: 'class',
          message: {
            vi: `Không tìm thấy dòng tiêu đề có cột ${c.vi} (cùng "Mã hộ", "Số định danh chủ hộ" hoặc "Họ và tên chủ hộ" và "Thôn")`,
            en: `No header row with a ${c.en} column (with "household_id", "head_national_id" or "head_name" and "village")`,
          },
        },
      ],
    };
  }
  const headerRow = rows[header.index]!.number;
  const errors: OpeningListFileError[] = header.duplicated.map((d) => ({
    row: headerRow,
    column: d.column,
    message: { vi: `Cột "${d.text}" lặp lại`, en: `The column "${d.text}" appears twice` },
  }));
  const { columns } = header;
  if (!columns.has('householdId') && !columns.has('headNationalId') && !columns.has('headName'))
    errors.push({
      row: headerRow,
      column: null,
      message: {
        vi: 'Cần ít nhất một cột nhận diện hộ: "Mã hộ", "Số định danh chủ hộ", hoặc "Họ và tên chủ hộ" cùng "Thôn"',
        en: 'At least one column naming the household is required: "household_id", "head_national_id", or "head_name" with "village"',
      },
    });
  if (
    columns.has('headName') &&
    !columns.has('villageName') &&
    !columns.has('householdId') &&
    !columns.has('headNationalId')
  )
    errors.push({
      row: headerRow,
      column: 'villageName',
      message: {
        vi: 'Có cột "Họ và tên chủ hộ" thì cần cả cột "Thôn"',
        en: 'A "head_name" column needs a "village" column as well',
      },
    });
  if (errors.length) return { ok: false, errors, headers: header.headers };

  const cell = (cells: readonly RawCell[], column: OpeningListColumn): RawCell => {
    const i = columns.get(column);
    return i === undefined ? null : (cells[i] ?? null);
  };
  const out: OpeningListFileRow[] = [];
  for (const { number, cells } of rows.slice(header.index + 1)) {
    if (isBlank(cells)) continue;
    const rowErrors: OpeningListFileError[] = [];
    const nationalId = readNationalId(cell(cells, 'headNationalId'));
    if (!nationalId.ok)
      rowErrors.push({ row: number, column: 'headNationalId', message: nationalId.message });
    const classText = readText(cell(cells, 'class'));
    const cls = classText === null ? undefined : CLASSES.get(valueKey(classText));
    if (classText === null)
      rowErrors.push({
        row: number,
        column: 'class',
        message: {
          vi: 'Thiếu phân loại: ghi "Hộ nghèo" hoặc "Hộ cận nghèo"',
          en: 'The class is missing: write "poor" or "near_poor" ("Hộ nghèo" or "Hộ cận nghèo")',
        },
      });
    else if (!cls)
      rowErrors.push({
        row: number,
        column: 'class',
        message: {
          vi: `Phân loại "${classText}" không hợp lệ: ghi "Hộ nghèo" hoặc "Hộ cận nghèo"`,
          en: `"${classText}" is not a class: write "poor" or "near_poor" ("Hộ nghèo" or "Hộ cận nghèo")`,
        },
      });
    if (rowErrors.length || !cls || !nationalId.ok) {
      errors.push(...rowErrors);
      continue;
    }
    out.push({
      row: number,
      householdId: readText(cell(cells, 'householdId')),
      headNationalId: nationalId.value,
      headName: readText(cell(cells, 'headName')),
      villageName: readText(cell(cells, 'villageName')),
      class: cls,
    });
  }
  return errors.length
    ? { ok: false, errors, headers: header.headers }
    : { ok: true, rows: out, headers: header.headers };
}
