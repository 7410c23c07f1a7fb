// One row of an import sheet checked on its own: a member row (with its household's fields) or a Phiếu B
// row, each error tied to its row and column with a bilingual message.
import { assess, parseAssessment } from '../standards/assessment.ts';
import type { Area, Bilingual, RuleBook } from '../standards/types.ts';
import type { CellResult, RawCell } from './cells.ts';
import {
  AREA_VALUES,
  isEmpty,
  readCoded,
  readCommuneCode,
  readDate,
  readInteger,
  readNationalId,
  readNumber,
  readPhone,
  readRef,
  readTick,
  SEX_VALUES,
} from './cells.ts';
import {
  EDUCATION_LABELS,
  EDUCATION_VALUES,
  EMPLOYMENT_LABELS,
  EMPLOYMENT_VALUES,
  FORM_B_COLUMNS,
  MEMBER_COLUMNS,
  type FormBColumnKey,
  type HeaderMatch,
  type MemberColumnKey,
} from './columns.ts';

export interface ImportError {
  /** The sheet (xlsx) or file kind (CSV); null for the file as a whole. */
  sheet: string | null;
  /** Row number as the spreadsheet shows it (the header is usually row 1); null for the file as a whole. */
  row: number | null;
  /** The column's header as written in the file (or the template's header when it is missing). */
  column: string;
  message: Bilingual;
}

export interface HouseholdFields {
  communeCode: string;
  ref: string;
  villageName: string;
  headName: string;
  address: string | null;
  ethnicity: string | null;
  isEthnicMinority: boolean;
  personOfMerit: boolean;
  socialProtection: boolean;
  noLabourCapacity: boolean;
}

export interface MemberFields {
  memberNo: number;
  fullName: string;
  dateOfBirth: string | null;
  sex: 'male' | 'female' | null;
  relationToHead: string | null;
  nationalId: string | null;
  phone: string | null;
  educationLevel: string | null;
  healthInsurance: boolean;
  employment: string | null;
  labourContract: boolean;
}

export interface MemberRow {
  sheet: string;
  row: number;
  household: HouseholdFields;
  member: MemberFields;
}

export interface FormBRow {
  sheet: string;
  row: number;
  communeCode: string;
  ref: string;
  reviewYear: number | null;
  standard: string | null;
  area: 'rural' | 'urban' | null;
  incomePerCapita: number | null;
  scoreA: number | null;
  surveyDate: string | null;
  /** Indicator codes ticked "x". */
  deficits: string[];
}

/** The parts of a parsed sheet a row reader needs: the header match and the sheet's name. */
export interface SheetContext<K extends string> {
  sheet: string;
  match: HeaderMatch<K>;
}

const TEMPLATE_HEADER = new Map<string, string>([
  ...MEMBER_COLUMNS.map((c) => [c.key, c.vi] as const),
  ...FORM_B_COLUMNS.map((c) => [c.key, c.vi] as const),
]);

/** The column's header as written in the file, else the template's. */
export function columnName<K extends string>(ctx: SheetContext<K>, key: K): string {
  const index = ctx.match.columns.get(key);
  return (
    (index !== undefined ? ctx.match.headerText.get(index) : undefined) ?? TEMPLATE_HEADER.get(key) ?? key
  );
}

class RowReader<K extends string> {
  readonly errors: ImportError[] = [];
  constructor(
    private readonly ctx: SheetContext<K>,
    private readonly row: number,
    private readonly cells: readonly RawCell[],
  ) {}

  cell(key: K): RawCell {
    const index = this.ctx.match.columns.get(key);
    return index === undefined ? null : (this.cells[index] ?? null);
  }

  error(key: K | string, message: Bilingual): void {
    const column = this.ctx.match.columns.has(key as K) ? columnName(this.ctx, key as K) : key;
    this.errors.push({ sheet: this.ctx.sheet, row: this.row, column, message });
  }

  read<T>(key: K, reader: (cell: RawCell) => CellResult<T>, fallback: T): T {
    const r = reader(this.cell(key));
    if (r.ok) return r.value;
    this.error(key, r.message);
    return fallback;
  }

  required<T>(key: K, reader: (cell: RawCell) => CellResult<T | null>, fallback: T): T {
    const value = this.read(key, reader, null);
    if (value !== null) return value;
    if (isEmpty(this.cell(key))) {
      this.error(key, { vi: 'Ô bắt buộc đang để trống', en: 'This cell is required' });
    }
    return fallback;
  }
}

const textOf = (max: number) => (cell: RawCell) => readRef(cell, max);
const allowedVi = <T extends string>(labels: Record<T, { vi: string }>) =>
  Object.values<{ vi: string }>(labels).map((l) => l.vi);

// The readers of each column, made once rather than on every row.
const TEXT_40 = textOf(40);
const TEXT_50 = textOf(50);
const TEXT_60 = textOf(60);
const TEXT_120 = textOf(120);
const TEXT_300 = textOf(300);
const SEX_ALLOWED = ['Nam', 'Nữ'];
const EDUCATION_ALLOWED = allowedVi(EDUCATION_LABELS);
const EMPLOYMENT_ALLOWED = allowedVi(EMPLOYMENT_LABELS);
const AREA_ALLOWED = ['Nông thôn', 'Thành thị'];
const readMemberNo = (c: RawCell) => readInteger(c, 1, 999);
const readSex = (c: RawCell) => readCoded(c, SEX_VALUES, SEX_ALLOWED);
const readEducation = (c: RawCell) => readCoded(c, EDUCATION_VALUES, EDUCATION_ALLOWED);
const readEmployment = (c: RawCell) => readCoded(c, EMPLOYMENT_VALUES, EMPLOYMENT_ALLOWED);
const readReviewYear = (c: RawCell) => readInteger(c, 2000, 2100);
const readArea = (c: RawCell) => readCoded(c, AREA_VALUES, AREA_ALLOWED);

/** Reads a member row; `value` is absent when the row is blank. */
export function readMemberRow(
  ctx: SheetContext<MemberColumnKey>,
  row: number,
  cells: readonly RawCell[],
  today: string,
): { value?: MemberRow; errors: ImportError[] } {
  if (cells.every(isEmpty)) return { errors: [] };
  const r = new RowReader(ctx, row, cells);
  const household: HouseholdFields = {
    ref: r.required('householdRef', TEXT_50, ''),
    communeCode: r.required('communeCode', readCommuneCode, ''),
    villageName: r.required('villageName', TEXT_120, ''),
    headName: r.required('headName', TEXT_120, ''),
    address: r.read('address', TEXT_300, null),
    ethnicity: r.read('ethnicity', TEXT_60, null),
    isEthnicMinority: r.read('isEthnicMinority', readTick, false),
    personOfMerit: r.read('personOfMerit', readTick, false),
    socialProtection: r.read('socialProtection', readTick, false),
    noLabourCapacity: r.read('noLabourCapacity', readTick, false),
  };
  const dateOfBirth = r.read('dateOfBirth', readDate, null);
  if (dateOfBirth !== null && dateOfBirth > today) {
    r.error('dateOfBirth', { vi: 'Ngày sinh sau ngày hôm nay', en: 'Date of birth is after today' });
  }
  const member: MemberFields = {
    memberNo: r.required('memberNo', readMemberNo, 0),
    fullName: r.required('fullName', TEXT_120, ''),
    dateOfBirth,
    sex: r.read('sex', readSex, null),
    relationToHead: r.read('relationToHead', TEXT_60, null),
    nationalId: r.read('nationalId', readNationalId, null),
    phone: r.read('phone', readPhone, null),
    educationLevel: r.read('educationLevel', readEducation, null),
    healthInsurance: r.read('healthInsurance', readTick, false),
    employment: r.read('employment', readEmployment, null),
    labourContract: r.read('labourContract', readTick, false),
  };
  return { value: { sheet: ctx.sheet, row, household, member }, errors: r.errors };
}

/** Reads a Phiếu B row (answers still unchecked against a standard: see assessFormB). */
export function readFormBRow(
  ctx: SheetContext<FormBColumnKey>,
  row: number,
  cells: readonly RawCell[],
): { value?: FormBRow; errors: ImportError[] } {
  if (cells.every(isEmpty)) return { errors: [] };
  const r = new RowReader(ctx, row, cells);
  const deficits: string[] = [];
  for (const [code, index] of ctx.match.indicators) {
    const tick = readTick(cells[index] ?? null);
    if (!tick.ok) r.error(ctx.match.headerText.get(index) ?? code, tick.message);
    else if (tick.value) deficits.push(code);
  }
  const value: FormBRow = {
    sheet: ctx.sheet,
    row,
    ref: r.required('householdRef', TEXT_50, ''),
    communeCode: r.required('communeCode', readCommuneCode, ''),
    reviewYear: r.read('reviewYear', readReviewYear, null),
    standard: r.read('standard', TEXT_40, null),
    area: r.read('area', readArea, null),
    incomePerCapita: r.read('incomePerCapita', readNumber, null),
    scoreA: r.read('scoreA', readNumber, null),
    surveyDate: r.read('surveyDate', readDate, null),
    deficits,
  };
  if (
    value.reviewYear === null &&
    value.standard === null &&
    isEmpty(r.cell('reviewYear')) &&
    isEmpty(r.cell('standard'))
  ) {
    r.error(ctx.match.columns.has('reviewYear') ? 'reviewYear' : 'standard', {
      vi: 'Cần Năm rà soát hoặc Chuẩn nghèo',
      en: 'A review year or a standard is needed',
    });
  }
  return { value, errors: r.errors };
}

export interface AssessedFormB {
  standardId: string;
  area: Area;
  surveyDate: string;
  incomePerCapita: number | null;
  scoreA: number | null;
  deficits: string[];
  class: string;
  explanation: Bilingual;
}

/**
 * Checks a Phiếu B row with the rule engine (the same rules and messages as `classify` and the API):
 * standard or year, area (the commune's when the row gives none), income or score, the ticked codes.
 */
export function assessFormB(
  book: RuleBook,
  ctx: SheetContext<FormBColumnKey>,
  row: FormBRow,
  communeArea: string | null,
): { ok: true; value: AssessedFormB } | { ok: false; errors: ImportError[]; onceKey?: string | undefined } {
  const area = row.area ?? (communeArea === 'rural' || communeArea === 'urban' ? communeArea : null);
  const raw: Record<string, unknown> = {
    ...(row.standard !== null
      ? { standard: book.standards.has(row.standard) ? row.standard : row.standard.toUpperCase() }
      : {}),
    ...(row.reviewYear !== null ? { reviewYear: row.reviewYear } : {}),
    area: area ?? undefined,
    ...(row.incomePerCapita !== null ? { incomePerCapita: row.incomePerCapita } : {}),
    ...(row.scoreA !== null ? { scoreA: row.scoreA } : {}),
    deficits: row.deficits,
  };
  const fail = (field: string | undefined, message: Bilingual, onceKey?: string) => {
    const key: FormBColumnKey | undefined =
      field === 'standard'
        ? ctx.match.columns.has('standard')
          ? 'standard'
          : 'reviewYear'
        : field === 'reviewYear' ||
            field === 'area' ||
            field === 'incomePerCapita' ||
            field === 'scoreA' ||
            field === 'surveyDate'
          ? field
          : undefined;
    let column = key ? columnName(ctx, key) : '';
    if (field === 'deficits') {
      const index = [...ctx.match.indicators.entries()].find(([code]) => message.en.includes(code))?.[1];
      column = index !== undefined ? (ctx.match.headerText.get(index) ?? '') : '';
    }
    if (key === 'area' && area === null) {
      message = {
        vi: 'Cần ghi Khu vực (Nông thôn/Thành thị): không suy ra được từ loại đơn vị của xã',
        en: 'Give the area (Nông thôn/Thành thị): it cannot be told from the commune',
      };
    }
    return { ok: false as const, errors: [{ sheet: row.sheet, row: row.row, column, message }], onceKey };
  };
  const parsed = parseAssessment(book, raw);
  if (!parsed.ok) return fail(parsed.error.field, parsed.error.message);
  const standard = book.standards.get(parsed.value.standardId)!;
  const unanswerable = standard.indicators.filter((i) => !ctx.match.indicators.has(i.code));
  if (unanswerable.length > 0) {
    // Said once per sheet and standard, not on every row.
    return fail(
      'standard',
      {
        vi: `Thiếu cột chỉ số của chuẩn ${standard.id}: ${unanswerable.map((i) => i.name.vi).join('; ')}`,
        en: `Columns missing for indicators of ${standard.id}: ${unanswerable.map((i) => i.name.en).join('; ')}`,
      },
      `${row.sheet}|${standard.id}`,
    );
  }
  const assessed = assess(book, parsed.value);
  if (!assessed.ok) return fail(assessed.error.field, assessed.error.message);
  const v = assessed.value.verdict;
  const surveyDate = row.surveyDate ?? (row.reviewYear !== null ? `${row.reviewYear}-10-01` : null);
  if (surveyDate === null) {
    return fail('surveyDate', {
      vi: 'Cần Ngày khảo sát khi không ghi Năm rà soát',
      en: 'A survey date is needed when no review year is given',
    });
  }
  return {
    ok: true,
    value: {
      standardId: v.standardId,
      area: v.area,
      surveyDate,
      incomePerCapita: v.measure.kind === 'income' ? v.measure.incomePerCapita : null,
      scoreA: v.measure.kind === 'scoreA' ? v.measure.scoreA : null,
      deficits: [...v.deficits],
      class: v.class,
      explanation: assessed.value.explanation,
    },
  };
}
