// Reads an import file once, sheet by sheet and row by row: finds each sheet's header, checks every row
// on its own and against the rows before it (same household, same member twice, a national ID used
// twice), and gathers the households, members and Phiếu B rows for the database checks and the writing.
import { HOUSEHOLD_FIELDS } from '../../domain/field/changes.ts';
import { isEmpty, readText, type RawCell } from '../../domain/imports/cells.ts';
import {
  SHEET_NAMES,
  matchHeader,
  sheetKindByName,
  sheetKindOf,
  valueKey,
  type FormBColumnKey,
  type HeaderMatch,
  type MemberColumnKey,
  type SheetKind,
} from '../../domain/imports/columns.ts';
import { householdIdFor } from '../../domain/imports/household-id.ts';
import {
  columnName,
  readFormBRow,
  readMemberRow,
  type FormBRow,
  type HouseholdFields,
  type ImportError,
  type MemberFields,
  type SheetContext,
} from '../../domain/imports/rows.ts';
import type { Bilingual, RuleBook } from '../../domain/standards/types.ts';
import type { SourceEvent } from './source.ts';

export interface MemberEntry {
  sheet: string;
  row: number;
  fields: MemberFields;
  /** The columns the member's sheet has: a column left out of the file leaves that field as it is. */
  present: ReadonlySet<MemberColumnKey>;
}

export interface HouseholdEntry {
  id: string;
  communeCode: string;
  ref: string;
  fields: HouseholdFields;
  present: ReadonlySet<MemberColumnKey>;
  sheet: string;
  ctx: SheetContext<MemberColumnKey>;
  /** Every row of the household in the file (for errors about the household). */
  rows: number[];
  members: Map<number, MemberEntry>;
  /** Set by the database checks. */
  villageId?: string;
}

export interface FormBEntry {
  householdId: string;
  ctx: SheetContext<FormBColumnKey>;
  row: FormBRow;
}

/** Errors kept in memory and listed in the report (all are counted): more says the file is not a register. */
export const MAX_KEPT_ERRORS = 20_000;

export class ErrorList {
  readonly kept: ImportError[] = [];
  count = 0;
  private readonly once = new Set<string>();

  add(error: ImportError, onceKey?: string): void {
    if (onceKey !== undefined) {
      if (this.once.has(onceKey)) return;
      this.once.add(onceKey);
    }
    this.count++;
    if (this.kept.length < MAX_KEPT_ERRORS) this.kept.push(error);
  }

  addAll(errors: readonly ImportError[]): void {
    for (const e of errors) this.add(e);
  }
}

interface SheetState {
  name: string;
  hint: SheetKind | 'instructions' | null;
  members?: SheetContext<MemberColumnKey>;
  formB?: SheetContext<FormBColumnKey>;
  /** Header not usable (required columns missing): rows are not read, one error said so. */
  skipRows: boolean;
  sawRows: boolean;
}

/** How many rows at the top of a sheet may come before the header (titles of an official form). */
const HEADER_SEARCH_ROWS = 10;

export class Collector {
  readonly errors = new ErrorList();
  readonly households = new Map<string, HouseholdEntry>();
  readonly formB: FormBEntry[] = [];
  /** National ID → where it first appears in the file. */
  readonly nationalIds = new Map<string, { row: number; householdId: string; memberNo: number }>();
  /** Sheets in the order read (errors are sorted by it). */
  readonly sheetOrder: string[] = [];
  rows = { members: 0, formB: 0 };
  private sheet: SheetState | null = null;

  constructor(
    private readonly book: RuleBook,
    private readonly today: string,
    private readonly format: 'xlsx' | 'csv',
  ) {}

  /** The household (by id) when it is in the file. */
  householdById(id: string): HouseholdEntry | undefined {
    return this.byId.get(id);
  }
  private readonly byId = new Map<string, HouseholdEntry>();

  accept(event: SourceEvent): void {
    if (event.type === 'sheet') {
      this.endSheet();
      this.sheet = { name: event.name, hint: sheetKindByName(event.name), skipRows: false, sawRows: false };
      return;
    }
    const sheet = this.sheet;
    if (!sheet || sheet.hint === 'instructions' || sheet.skipRows) return;
    if (!sheet.members && !sheet.formB) {
      if (event.cells.every(isEmpty)) return;
      sheet.sawRows = true;
      this.findHeader(sheet, event.number, event.cells);
      return;
    }
    if (sheet.members) this.memberRow(sheet.members, event.number, event.cells);
    else if (sheet.formB) this.formBRow(sheet.formB, event.number, event.cells);
  }

  /** Call after the last event. */
  finish(): void {
    this.endSheet();
    if (this.households.size === 0 && this.formB.length === 0 && this.errors.count === 0) {
      this.errors.add(
        fileError({
          vi: 'Tệp không có dòng dữ liệu nào của trang "Hộ và thành viên" hay "Phiếu B"',
          en: 'The file has no data rows for "Households and members" or "Form B"',
        }),
      );
    }
  }

  private endSheet(): void {
    const sheet = this.sheet;
    if (sheet && !sheet.members && !sheet.formB && !sheet.skipRows && sheet.sawRows) this.giveUp(sheet);
  }

  /** No header found: a CSV file or a sheet named like the template's is an error; another sheet is ignored. */
  private giveUp(sheet: SheetState): void {
    sheet.skipRows = true;
    if (this.format === 'csv') {
      this.errors.add(
        fileError({
          vi: 'Không nhận ra tệp CSV: dòng đầu phải là tiêu đề cột của mẫu "Hộ và thành viên" hoặc "Phiếu B"',
          en: 'Unrecognised CSV: its first line must be the column headers of "Households and members" or "Form B"',
        }),
      );
    } else if (sheet.hint === 'members' || sheet.hint === 'formB') {
      this.errors.add({
        sheet: sheet.name,
        row: 1,
        column: '',
        message: {
          vi: `Không tìm thấy dòng tiêu đề cột trong ${HEADER_SEARCH_ROWS} dòng đầu của trang`,
          en: `No row of column headers in the first ${HEADER_SEARCH_ROWS} rows of the sheet`,
        },
      });
    }
  }

  private findHeader(sheet: SheetState, row: number, cells: readonly RawCell[]): void {
    const texts = cells.map((c) => readText(c) ?? '');
    const kind =
      sheet.hint === 'members' || sheet.hint === 'formB' ? sheet.hint : sheetKindOf(this.book, texts);
    const match = kind ? matchHeader(this.book, kind, texts) : null;
    const recognised = match ? match.columns.size + match.indicators.size : 0;
    if (!kind || !match || (recognised < 2 && this.format === 'xlsx')) {
      // A CSV file's first line is its header; a sheet may have title rows above it.
      if (this.format === 'csv' || row >= HEADER_SEARCH_ROWS) this.giveUp(sheet);
      return;
    }
    if (this.format === 'csv') sheet.name = SHEET_NAMES[kind].vi;
    if (!this.sheetOrder.includes(sheet.name)) this.sheetOrder.push(sheet.name);
    const ctx = { sheet: sheet.name, match } as SheetContext<string>;
    this.headerErrors(sheet, row, match);
    if (kind === 'members') sheet.members = ctx as SheetContext<MemberColumnKey>;
    else sheet.formB = ctx as SheetContext<FormBColumnKey>;
  }

  private headerErrors(sheet: SheetState, row: number, match: HeaderMatch<string>): void {
    const at = (column: string, message: Bilingual) =>
      this.errors.add({ sheet: sheet.name, row, column, message });
    for (const spec of match.missing) {
      at(spec.vi, {
        vi: `Thiếu cột bắt buộc "${spec.vi}"`,
        en: `Required column "${spec.vi}" (${spec.en}) is missing`,
      });
    }
    if (match.kind === 'formB' && !match.columns.has('reviewYear') && !match.columns.has('standard')) {
      at('Năm rà soát', {
        vi: 'Thiếu cột "Năm rà soát" hoặc "Chuẩn nghèo"',
        en: 'A "Năm rà soát" (review year) or "Chuẩn nghèo" (standard) column is needed',
      });
      sheet.skipRows = true;
    }
    if (match.missing.length > 0) sheet.skipRows = true;
    for (const u of match.unknown) {
      at(u.text, {
        vi:
          match.kind === 'formB'
            ? `Cột không nhận ra "${u.text}": không phải cột của mẫu, cũng không phải tên chỉ số trong rules/indicators.yaml`
            : `Cột không nhận ra "${u.text}": không phải cột của mẫu`,
        en:
          match.kind === 'formB'
            ? `Unknown column "${u.text}": neither a template column nor an indicator of rules/indicators.yaml`
            : `Unknown column "${u.text}": not a template column`,
      });
    }
    for (const d of match.duplicated) {
      at(d.text, { vi: `Cột "${d.text}" lặp lại`, en: `Column "${d.text}" appears twice` });
    }
  }

  private memberRow(ctx: SheetContext<MemberColumnKey>, row: number, cells: readonly RawCell[]): void {
    const { value, errors } = readMemberRow(ctx, row, cells, this.today);
    this.errors.addAll(errors);
    if (!value) return;
    this.rows.members++;
    const h = value.household;
    if (!h.ref || !h.communeCode) return;
    const key = `${h.communeCode}:${h.ref}`;
    let household = this.households.get(key);
    const present = presentColumns(ctx);
    if (!household) {
      household = {
        id: householdIdFor(h.communeCode, h.ref),
        communeCode: h.communeCode,
        ref: h.ref,
        fields: h,
        present,
        sheet: ctx.sheet,
        ctx,
        rows: [],
        members: new Map(),
      };
      this.households.set(key, household);
      this.byId.set(household.id, household);
    } else {
      this.sameHousehold(ctx, row, household, h);
    }
    household.rows.push(row);
    const m = value.member;
    if (m.memberNo <= 0) return;
    const previous = household.members.get(m.memberNo);
    if (previous) {
      this.errors.add({
        sheet: ctx.sheet,
        row,
        column: columnName(ctx, 'memberNo'),
        message: {
          vi: `Dòng trùng: hộ "${h.ref}" (xã ${h.communeCode}) đã có thành viên số ${m.memberNo} ở dòng ${previous.row}`,
          en: `Duplicate row: household "${h.ref}" (commune ${h.communeCode}) already has member ${m.memberNo} on row ${previous.row}`,
        },
      });
      return;
    }
    household.members.set(m.memberNo, { sheet: ctx.sheet, row, fields: m, present });
    if (m.nationalId) {
      const first = this.nationalIds.get(m.nationalId);
      if (first) {
        this.errors.add({
          sheet: ctx.sheet,
          row,
          column: columnName(ctx, 'nationalId'),
          message: {
            vi: `Số định danh ${m.nationalId} đã dùng cho người khác ở dòng ${first.row}`,
            en: `National ID ${m.nationalId} is already used for someone else on row ${first.row}`,
          },
        });
      } else {
        this.nationalIds.set(m.nationalId, { row, householdId: household.id, memberNo: m.memberNo });
      }
    }
  }

  /** Every row of a household repeats its fields: they must agree with its first row. */
  private sameHousehold(
    ctx: SheetContext<MemberColumnKey>,
    row: number,
    first: HouseholdEntry,
    h: HouseholdFields,
  ): void {
    for (const key of HOUSEHOLD_KEYS) {
      if (!ctx.match.columns.has(key) || !first.present.has(key)) continue;
      const a = first.fields[key];
      const b = h[key];
      const same = a === b || (typeof a === 'string' && typeof b === 'string' && valueKey(a) === valueKey(b));
      if (same) continue;
      const shown = typeof a === 'boolean' ? (a ? 'x' : '(trống / empty)') : (a ?? '(trống / empty)');
      this.errors.add({
        sheet: ctx.sheet,
        row,
        column: columnName(ctx, key),
        message: {
          vi: `Khác với dòng ${first.rows[0]} của cùng hộ "${first.ref}" ("${shown}")`,
          en: `Differs from row ${first.rows[0]} of the same household "${first.ref}" ("${shown}")`,
        },
      });
    }
  }

  private formBRow(ctx: SheetContext<FormBColumnKey>, row: number, cells: readonly RawCell[]): void {
    const { value, errors } = readFormBRow(ctx, row, cells);
    this.errors.addAll(errors);
    if (!value) return;
    this.rows.formB++;
    // A row with unreadable cells is not checked further (its errors are already said).
    if (errors.length > 0 || !value.ref || !value.communeCode) return;
    this.formB.push({ householdId: householdIdFor(value.communeCode, value.ref), ctx, row: value });
  }
}

/** The household's fields every one of its rows repeats: its village, and its own fields. */
const HOUSEHOLD_KEYS: readonly (keyof HouseholdFields & MemberColumnKey)[] = [
  'villageName',
  ...HOUSEHOLD_FIELDS,
];

const presentCache = new WeakMap<object, ReadonlySet<MemberColumnKey>>();
function presentColumns(ctx: SheetContext<MemberColumnKey>): ReadonlySet<MemberColumnKey> {
  let set = presentCache.get(ctx);
  if (!set) {
    set = new Set(ctx.match.columns.keys());
    presentCache.set(ctx, set);
  }
  return set;
}

export function fileError(message: Bilingual, row: number | null = null): ImportError {
  return { sheet: null, row, column: '', message };
}
