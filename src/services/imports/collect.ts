// Reads an import file once, sheet by sheet and row by row: finds each sheet's header, checks every row
// on its own and against the rows before it (same household, same member twice, a national ID used
// twice), and gathers the households, members and Phiếu B rows for the database checks and the writing.
import { own } from './own-text.ts';
import { HOUSEHOLD_FIELDS } from '../../domain/field/changes.ts';
import { isEmpty, readText, type RawCell } from '../../domain/imports/cells.ts';
import {
  EDUCATION_VALUES,
  EMPLOYMENT_VALUES,
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

/** The sheet a row was read from: its header, and the columns it has. One per sheet, shared by its rows. */
interface SheetInfo {
  ctx: SheetContext<MemberColumnKey>;
  /** A column left out of the file leaves that field as it is. */
  present: ReadonlySet<MemberColumnKey>;
}

/** Where a national ID first appears in the file. */
export interface NationalIdUse {
  readonly row: number;
  readonly householdId: string;
  readonly memberNo: number;
}

/**
 * A member row kept from the reading to the writing: its fields, row and sheet in one object, the coded
 * fields and ticks packed in one number and the date of birth as yyyymmdd (issue #14: what an import keeps
 * grows with the file; an object for the entry, another for its fields and a string per date were about
 * 0,3 KB a row). `fields` is the entry itself.
 */
export class MemberEntry implements MemberFields, NationalIdUse {
  /** The household's next member in the file's order. */
  next: MemberEntry | null = null;
  readonly memberNo: number;
  readonly fullName: string;
  readonly relationToHead: string | null;
  readonly nationalId: string | null;
  readonly phone: string | null;
  private readonly birth: number | string | null;
  private readonly codes: number;

  constructor(
    readonly household: HouseholdEntry,
    private readonly at: SheetInfo,
    readonly row: number,
    m: MemberFields,
    keep: Keeper,
  ) {
    this.memberNo = m.memberNo;
    this.fullName = own(m.fullName);
    this.relationToHead = keep.shared(m.relationToHead);
    this.nationalId = own(m.nationalId);
    this.phone = own(m.phone);
    this.birth = packDate(m.dateOfBirth);
    this.codes =
      codeOf(SEXES, m.sex) |
      (codeOf(EDUCATIONS, m.educationLevel) << 2) |
      (codeOf(EMPLOYMENTS, m.employment) << 10) |
      (m.healthInsurance ? HEALTH_INSURANCE : 0) |
      (m.labourContract ? LABOUR_CONTRACT : 0);
  }

  get fields(): MemberFields {
    return this;
  }
  get sheet(): string {
    return this.at.ctx.sheet;
  }
  get present(): ReadonlySet<MemberColumnKey> {
    return this.at.present;
  }
  get householdId(): string {
    return this.household.id;
  }
  get dateOfBirth(): string | null {
    return unpackDate(this.birth);
  }
  get sex(): 'male' | 'female' | null {
    return SEXES[this.codes & 0b11] as 'male' | 'female' | null;
  }
  get educationLevel(): string | null {
    return EDUCATIONS[(this.codes >> 2) & 0xff]!;
  }
  get employment(): string | null {
    return EMPLOYMENTS[(this.codes >> 10) & 0xff]!;
  }
  get healthInsurance(): boolean {
    return (this.codes & HEALTH_INSURANCE) !== 0;
  }
  get labourContract(): boolean {
    return (this.codes & LABOUR_CONTRACT) !== 0;
  }
}

/** A household's members by number, in the file's order (a view of its list, as a Map is read). */
export interface MemberMap {
  readonly size: number;
  get(memberNo: number): MemberEntry | undefined;
  values(): IterableIterator<MemberEntry>;
}

/**
 * A household kept from the reading to the writing: its fields (those of its first row; `fields` is the
 * entry itself), its rows as the run of consecutive rows they usually are, its members as a list through
 * them.
 */
export class HouseholdEntry implements HouseholdFields {
  readonly id: string;
  readonly communeCode: string;
  readonly ref: string;
  readonly villageName: string;
  readonly headName: string;
  readonly address: string | null;
  readonly ethnicity: string | null;
  /** Set by the database checks. */
  villageId?: string;
  private readonly ticks: number;
  /** The household's rows: `runLength` rows from `firstRow` on, then `moreRows`. */
  readonly firstRow: number;
  private runLength = 1;
  private moreRows: number[] | null = null;
  private first: MemberEntry | null = null;
  private last: MemberEntry | null = null;
  private count = 0;

  constructor(
    id: string,
    private readonly at: SheetInfo,
    row: number,
    h: HouseholdFields,
    keep: Keeper,
  ) {
    this.id = id;
    this.communeCode = keep.shared(h.communeCode);
    this.ref = own(h.ref);
    this.villageName = keep.shared(h.villageName);
    this.headName = own(h.headName);
    this.address = own(h.address);
    this.ethnicity = keep.shared(h.ethnicity);
    this.villageId = undefined;
    this.ticks =
      (h.isEthnicMinority ? 1 : 0) |
      (h.personOfMerit ? 2 : 0) |
      (h.socialProtection ? 4 : 0) |
      (h.noLabourCapacity ? 8 : 0);
    this.firstRow = row;
  }

  get fields(): HouseholdFields {
    return this;
  }
  get isEthnicMinority(): boolean {
    return (this.ticks & 1) !== 0;
  }
  get personOfMerit(): boolean {
    return (this.ticks & 2) !== 0;
  }
  get socialProtection(): boolean {
    return (this.ticks & 4) !== 0;
  }
  get noLabourCapacity(): boolean {
    return (this.ticks & 8) !== 0;
  }
  /** The columns of its first row's sheet. */
  get present(): ReadonlySet<MemberColumnKey> {
    return this.at.present;
  }
  get sheet(): string {
    return this.at.ctx.sheet;
  }
  get ctx(): SheetContext<MemberColumnKey> {
    return this.at.ctx;
  }

  /** Every row of the household in the file (for errors about the household). */
  get rows(): number[] {
    const rows: number[] = [];
    for (let i = 0; i < this.runLength; i++) rows.push(this.firstRow + i);
    if (this.moreRows) rows.push(...this.moreRows);
    return rows;
  }

  addRow(row: number): void {
    if (this.moreRows === null && row === this.firstRow + this.runLength) this.runLength++;
    else (this.moreRows ??= []).push(row);
  }

  get members(): MemberMap {
    return {
      size: this.count,
      get: (memberNo) => this.member(memberNo),
      values: () => this.memberList(),
    };
  }

  member(memberNo: number): MemberEntry | undefined {
    for (let m = this.first; m; m = m.next) if (m.memberNo === memberNo) return m;
    return undefined;
  }

  private *memberList(): IterableIterator<MemberEntry> {
    for (let m = this.first; m; m = m.next) yield m;
  }

  addMember(m: MemberEntry): void {
    if (this.last) this.last.next = m;
    else this.first = m;
    this.last = m;
    this.count++;
  }
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
  /** National ID → where it first appears in the file (the member entry itself). */
  readonly nationalIds = new Map<string, NationalIdUse>();
  /** Sheets in the order read (errors are sorted by it). */
  readonly sheetOrder: string[] = [];
  rows = { members: 0, formB: 0 };
  private sheet: SheetState | null = null;
  private readonly keep = new Keeper();

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
    const at = sheetInfo(ctx);
    if (!household) {
      household = new HouseholdEntry(own(householdIdFor(h.communeCode, h.ref)), at, row, h, this.keep);
      this.households.set(own(key), household);
      this.byId.set(household.id, household);
    } else {
      this.sameHousehold(ctx, row, household, h);
      household.addRow(row);
    }
    const m = value.member;
    if (m.memberNo <= 0) return;
    const previous = household.member(m.memberNo);
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
    const member = new MemberEntry(household, at, row, m, this.keep);
    household.addMember(member);
    if (member.nationalId) {
      const first = this.nationalIds.get(member.nationalId);
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
        this.nationalIds.set(member.nationalId, member);
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
          vi: `Khác với dòng ${first.firstRow} của cùng hộ "${first.ref}" ("${shown}")`,
          en: `Differs from row ${first.firstRow} of the same household "${first.ref}" ("${shown}")`,
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
    const id = householdIdFor(value.communeCode, value.ref);
    // Kept to the writing: the household's own id when it is in the file, shared strings, a list of its size.
    value.ref = own(value.ref);
    value.communeCode = this.keep.shared(value.communeCode);
    value.standard = this.keep.shared(value.standard);
    value.surveyDate = this.keep.shared(value.surveyDate);
    value.deficits = value.deficits.slice();
    this.formB.push({ householdId: this.byId.get(id)?.id ?? own(id), ctx, row: value });
  }
}

/** The household's fields every one of its rows repeats: its village, and its own fields. */
const HOUSEHOLD_KEYS: readonly (keyof HouseholdFields & MemberColumnKey)[] = [
  'villageName',
  ...HOUSEHOLD_FIELDS,
];

const sheetInfos = new WeakMap<object, SheetInfo>();
function sheetInfo(ctx: SheetContext<MemberColumnKey>): SheetInfo {
  let info = sheetInfos.get(ctx);
  if (!info) {
    info = { ctx, present: new Set(ctx.match.columns.keys()) };
    sheetInfos.set(ctx, info);
  }
  return info;
}

/** The values many rows repeat (villages, communes, relations, dates of a survey), kept once each. */
class Keeper {
  private readonly seen = new Map<string, string>();
  shared<T extends string | null>(text: T): T {
    if (text === null) return text;
    const known = this.seen.get(text);
    if (known !== undefined) return known as T;
    const kept = own(text);
    // Bounded: a file of all different values keeps each where it is used, as without this.
    if (this.seen.size < MAX_SHARED) this.seen.set(kept, kept);
    return kept;
  }
}
const MAX_SHARED = 10_000;

/** The codes of a coded column (null first), for a member's packed codes. */
const SEXES: readonly (string | null)[] = [null, 'male', 'female'];
const EDUCATIONS: readonly (string | null)[] = [null, ...new Set(EDUCATION_VALUES.values())];
const EMPLOYMENTS: readonly (string | null)[] = [null, ...new Set(EMPLOYMENT_VALUES.values())];
const HEALTH_INSURANCE = 1 << 18;
const LABOUR_CONTRACT = 1 << 19;
function codeOf(codes: readonly (string | null)[], code: string | null): number {
  const i = codes.indexOf(code);
  // The readers give only codes of the column's vocabulary.
  if (i === -1) throw new Error(`Not a code of its column: ${code}`);
  return i;
}

/** 'yyyy-mm-dd' as the number yyyymmdd (a small integer rather than a string of its own); else as it is. */
function packDate(iso: string | null): number | string | null {
  if (iso === null || !/^\d{4}-\d{2}-\d{2}$/u.test(iso)) return iso;
  return Number(iso.slice(0, 4)) * 10_000 + Number(iso.slice(5, 7)) * 100 + Number(iso.slice(8, 10));
}
function unpackDate(date: number | string | null): string | null {
  if (typeof date !== 'number') return date;
  const pad = (n: number, width: number) => String(n).padStart(width, '0');
  return `${pad(Math.floor(date / 10_000), 4)}-${pad(Math.floor(date / 100) % 100, 2)}-${pad(date % 100, 2)}`;
}

export function fileError(message: Bilingual, row: number | null = null): ImportError {
  return { sheet: null, row, column: '', message };
}
