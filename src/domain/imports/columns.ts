// The columns of the import template (Vietnamese headers as on the forms, English aliases), the allowed
// values of coded columns, and how a header row is matched to them.
import { foldWords } from '../geography/text.ts';
import { EDUCATION_LEVELS, EMPLOYMENT_STATUSES } from '../standards/facts.ts';
import type { Bilingual, RuleBook } from '../standards/types.ts';
import { MEMBER_FIELDS, type MemberField } from '../field/changes.ts';

export type SheetKind = 'members' | 'formB';

export const SHEET_NAMES: Record<SheetKind | 'instructions', Bilingual> = {
  members: { vi: 'Hộ và thành viên', en: 'Households and members' },
  formB: { vi: 'Phiếu B', en: 'Form B' },
  instructions: { vi: 'Hướng dẫn', en: 'Instructions' },
};

export type MemberColumnKey =
  | 'householdRef'
  | 'communeCode'
  | 'villageName'
  | 'headName'
  | 'address'
  | 'ethnicity'
  | 'isEthnicMinority'
  | 'personOfMerit'
  | 'socialProtection'
  | 'noLabourCapacity'
  | 'memberNo'
  | 'fullName'
  | 'dateOfBirth'
  | 'sex'
  | 'relationToHead'
  | 'nationalId'
  | 'phone'
  | 'educationLevel'
  | 'healthInsurance'
  | 'employment'
  | 'labourContract';

/**
 * A member's own values in the import's sheet (the columns after the member's number): the member fields a
 * device may change, but the ethnicity (the sheet has the household's), in sheet order.
 */
export const MEMBER_VALUE_KEYS = MEMBER_FIELDS.filter(
  (f): f is Exclude<MemberField, 'ethnicity'> => f !== 'ethnicity',
) satisfies readonly MemberColumnKey[];

export type FormBColumnKey =
  | 'householdRef'
  | 'communeCode'
  | 'reviewYear'
  | 'standard'
  | 'area'
  | 'incomePerCapita'
  | 'scoreA'
  | 'surveyDate';

export interface ColumnSpec<K extends string> {
  key: K;
  /** The template's header. */
  vi: string;
  /** Accepted as well. */
  en: string;
  required: boolean;
  /** What a cell may hold, for the instructions sheet. */
  help: Bilingual;
  /** Template column width (characters). */
  width: number;
  /** Cells kept as text in the template (codes with leading zeros). */
  text?: boolean;
}

const X = { vi: '"x" nếu đúng, để trống nếu không', en: '"x" if true, empty if not' };

export const MEMBER_COLUMNS: readonly ColumnSpec<MemberColumnKey>[] = [
  {
    key: 'householdRef',
    vi: 'Mã hộ (tham chiếu)',
    en: 'Household ref',
    required: true,
    width: 16,
    text: true,
    help: {
      vi: 'Mã hộ do xã tự đặt, duy nhất trong xã; nhập lại cùng mã sẽ cập nhật hộ đó',
      en: "The commune's own reference, unique in the commune; importing the same ref again updates that household",
    },
  },
  {
    key: 'communeCode',
    vi: 'Mã xã',
    en: 'Commune code',
    required: true,
    width: 9,
    text: true,
    help: {
      vi: 'Mã đơn vị hành chính cấp xã (5 chữ số), có hiệu lực vào ngày nhập',
      en: 'Commune code (5 digits) valid on the import date',
    },
  },
  {
    key: 'villageName',
    vi: 'Tên thôn/bản/tổ',
    en: 'Village',
    required: true,
    width: 20,
    help: {
      vi: 'Thôn, bản, tổ dân phố đã có trong hệ thống thuộc xã trên',
      en: 'A village already created in the system under that commune',
    },
  },
  {
    key: 'headName',
    vi: 'Họ tên chủ hộ',
    en: 'Head of household',
    required: true,
    width: 22,
    help: { vi: 'Họ và tên chủ hộ', en: "The head of household's full name" },
  },
  {
    key: 'address',
    vi: 'Địa chỉ',
    en: 'Address',
    required: false,
    width: 24,
    help: { vi: 'Tự do', en: 'Free text' },
  },
  {
    key: 'ethnicity',
    vi: 'Dân tộc',
    en: 'Ethnicity',
    required: false,
    width: 10,
    help: { vi: 'Tên dân tộc, ví dụ Tày, Dao, Kinh', en: 'Ethnic group, e.g. Tày, Dao, Kinh' },
  },
  {
    key: 'isEthnicMinority',
    vi: 'Hộ DTTS (x)',
    en: 'Ethnic minority household (x)',
    required: false,
    width: 9,
    help: X,
  },
  {
    key: 'personOfMerit',
    vi: 'Hộ người có công (x)',
    en: 'Person of merit (x)',
    required: false,
    width: 9,
    help: X,
  },
  {
    key: 'socialProtection',
    vi: 'Hộ bảo trợ xã hội (x)',
    en: 'Social protection (x)',
    required: false,
    width: 9,
    help: X,
  },
  {
    key: 'noLabourCapacity',
    vi: 'Hộ không có khả năng lao động (x)',
    en: 'No labour capacity (x)',
    required: false,
    width: 9,
    help: X,
  },
  {
    key: 'memberNo',
    vi: 'STT thành viên',
    en: 'Member no',
    required: true,
    width: 8,
    help: {
      vi: 'Số thứ tự thành viên trong hộ: 1, 2, 3…; mỗi (mã hộ, STT) chỉ một dòng',
      en: 'Number of the member in the household: 1, 2, 3…; one row per (household ref, number)',
    },
  },
  {
    key: 'fullName',
    vi: 'Họ và tên',
    en: 'Full name',
    required: true,
    width: 22,
    help: { vi: 'Họ và tên thành viên', en: "The member's full name" },
  },
  {
    key: 'dateOfBirth',
    vi: 'Ngày sinh (dd/mm/yyyy)',
    en: 'Date of birth (dd/mm/yyyy)',
    required: false,
    width: 12,
    help: {
      vi: 'Ngày/tháng/năm, ví dụ 12/03/1984, hoặc ô kiểu ngày của Excel',
      en: 'Day/month/year, e.g. 12/03/1984, or an Excel date cell',
    },
  },
  {
    key: 'sex',
    vi: 'Giới tính (Nam/Nữ)',
    en: 'Sex (male/female)',
    required: false,
    width: 8,
    help: { vi: 'Nam hoặc Nữ', en: 'Nam (male) or Nữ (female)' },
  },
  {
    key: 'relationToHead',
    vi: 'Quan hệ với chủ hộ',
    en: 'Relation to head',
    required: false,
    width: 12,
    help: { vi: 'Ví dụ: Chủ hộ, Vợ, Chồng, Con, Bố, Mẹ', en: 'E.g. Chủ hộ (head), Vợ (wife), Con (child)' },
  },
  {
    key: 'nationalId',
    vi: 'Số định danh cá nhân',
    en: 'National ID',
    required: false,
    width: 15,
    text: true,
    help: {
      vi: 'Đúng 12 chữ số (để ô kiểu Văn bản để giữ số 0 đầu)',
      en: 'Exactly 12 digits (keep the cell as Text so leading zeros stay)',
    },
  },
  {
    key: 'phone',
    vi: 'Số điện thoại',
    en: 'Phone',
    required: false,
    width: 13,
    text: true,
    help: { vi: 'Chữ số, có thể có dấu + ở đầu', en: 'Digits, optionally starting with +' },
  },
  {
    key: 'educationLevel',
    vi: 'Trình độ học vấn',
    en: 'Education level',
    required: false,
    width: 18,
    help: { vi: 'Một trong các giá trị ở bảng dưới', en: 'One of the values in the table below' },
  },
  {
    key: 'healthInsurance',
    vi: 'Có BHYT (x)',
    en: 'Health insurance (x)',
    required: false,
    width: 8,
    help: X,
  },
  {
    key: 'employment',
    vi: 'Việc làm',
    en: 'Employment',
    required: false,
    width: 18,
    help: { vi: 'Một trong các giá trị ở bảng dưới', en: 'One of the values in the table below' },
  },
  { key: 'labourContract', vi: 'Có HĐLĐ (x)', en: 'Labour contract (x)', required: false, width: 8, help: X },
];

export const FORM_B_COLUMNS: readonly ColumnSpec<FormBColumnKey>[] = [
  MEMBER_COLUMNS[0] as ColumnSpec<'householdRef'>,
  MEMBER_COLUMNS[1] as ColumnSpec<'communeCode'>,
  {
    key: 'reviewYear',
    vi: 'Năm rà soát',
    en: 'Review year',
    required: false,
    width: 9,
    help: {
      vi: 'Năm rà soát (chọn chuẩn nghèo theo năm); cần cột này hoặc cột Chuẩn nghèo',
      en: 'Review year (picks the standard); this column or Standard is needed',
    },
  },
  {
    key: 'standard',
    vi: 'Chuẩn nghèo',
    en: 'Standard',
    required: false,
    width: 12,
    help: { vi: 'Mã chuẩn nghèo, ví dụ ND07_2021', en: 'Standard id, e.g. ND07_2021' },
  },
  {
    key: 'area',
    vi: 'Khu vực (Nông thôn/Thành thị)',
    en: 'Area (rural/urban)',
    required: false,
    width: 12,
    help: {
      vi: 'Nông thôn hoặc Thành thị; để trống: theo loại đơn vị của xã (xã: nông thôn, phường: thành thị)',
      en: 'Nông thôn (rural) or Thành thị (urban); empty: from the commune (xã rural, phường urban)',
    },
  },
  {
    key: 'incomePerCapita',
    vi: 'Thu nhập bình quân (đồng/người/tháng)',
    en: 'Income per capita (VND/person/month)',
    required: false,
    width: 16,
    help: {
      vi: 'Số đồng, ví dụ 1.400.000; nhập thu nhập hoặc Điểm B1, không cả hai',
      en: 'Đồng, e.g. 1.400.000; income or score B1, not both',
    },
  },
  {
    key: 'scoreA',
    vi: 'Điểm B1',
    en: 'Score B1',
    required: false,
    width: 9,
    help: { vi: 'Tổng điểm phần B1 (điểm A)', en: 'Total of part B1 (score A)' },
  },
  {
    key: 'surveyDate',
    vi: 'Ngày khảo sát',
    en: 'Survey date',
    required: false,
    width: 12,
    help: {
      vi: 'dd/mm/yyyy; để trống: 01/10 của năm rà soát',
      en: 'dd/mm/yyyy; empty: 1 October of the review year',
    },
  },
];

export const EDUCATION_LABELS: Record<
  (typeof EDUCATION_LEVELS)[number],
  { vi: string; en: string; also?: string[] }
> = {
  none: { vi: 'Chưa đi học', en: 'None', also: ['Không đi học', 'Mù chữ'] },
  primary: { vi: 'Tiểu học', en: 'Primary' },
  lower_secondary: { vi: 'Trung học cơ sở', en: 'Lower secondary', also: ['THCS'] },
  upper_secondary: { vi: 'Trung học phổ thông', en: 'Upper secondary', also: ['THPT'] },
  vocational_elementary: { vi: 'Sơ cấp', en: 'Vocational, elementary', also: ['Sơ cấp nghề'] },
  vocational_intermediate: { vi: 'Trung cấp', en: 'Vocational, intermediate', also: ['Trung cấp nghề'] },
  college: { vi: 'Cao đẳng', en: 'College' },
  university: { vi: 'Đại học trở lên', en: 'University or higher', also: ['Đại học'] },
};

export const EMPLOYMENT_LABELS: Record<
  (typeof EMPLOYMENT_STATUSES)[number],
  { vi: string; en: string; also?: string[] }
> = {
  employed: { vi: 'Có việc làm', en: 'Employed' },
  unemployed: { vi: 'Thất nghiệp', en: 'Unemployed', also: ['Không có việc làm'] },
  not_in_labour_force: {
    vi: 'Không tham gia lực lượng lao động',
    en: 'Not in the labour force',
    also: ['Ngoài lực lượng lao động', 'Không tham gia lao động'],
  },
};

/** Header text as compared: no diacritics, lower case, hints in brackets and punctuation dropped. */
export function headerKey(text: string): string {
  return foldWords(text.replace(/\([^)]*\)/gu, ' '))
    .replace(/[^a-z0-9]+/gu, ' ')
    .trim();
}

/** Value text as compared (a cell holding a coded value): no diacritics, lower case, single spaces. */
export function valueKey(text: string): string {
  return foldWords(text).replace(/[.]+$/u, '');
}

function vocabulary<T extends string>(
  labels: Record<T, { vi: string; en: string; also?: string[] }>,
): Map<string, T> {
  const map = new Map<string, T>();
  for (const [code, l] of Object.entries(labels) as [T, { vi: string; en: string; also?: string[] }][]) {
    for (const name of [code, code.replace(/_/gu, ' '), l.vi, l.en, ...(l.also ?? [])])
      map.set(valueKey(name), code);
  }
  return map;
}

export const EDUCATION_VALUES = vocabulary(EDUCATION_LABELS);
export const EMPLOYMENT_VALUES = vocabulary(EMPLOYMENT_LABELS);

/** A matched header row: which column index holds which key, and what did not match. */
export interface HeaderMatch<K extends string> {
  kind: SheetKind;
  /** Column index (0-based in the row as read) of each recognised column. */
  columns: Map<K, number>;
  /** Indicator code → column index (Phiếu B only). */
  indicators: Map<string, number>;
  /** The header text of each used column index, as written in the file (for error reports). */
  headerText: Map<number, string>;
  unknown: { index: number; text: string }[];
  missing: ColumnSpec<K>[];
  duplicated: { index: number; text: string }[];
}

function lookup<K extends string>(specs: readonly ColumnSpec<K>[]): Map<string, K> {
  const map = new Map<string, K>();
  for (const s of specs) {
    map.set(headerKey(s.vi), s.key);
    map.set(headerKey(s.en), s.key);
    map.set(headerKey(s.key), s.key);
  }
  return map;
}

const MEMBER_LOOKUP = lookup(MEMBER_COLUMNS);
const FORM_B_LOOKUP = lookup(FORM_B_COLUMNS);

/** Indicator headers: the catalogue's Vietnamese and English names and the code itself. */
export function indicatorLookup(book: RuleBook): Map<string, string> {
  const map = new Map<string, string>();
  for (const [code, name] of book.indicatorNames) {
    map.set(headerKey(name.vi), code);
    map.set(headerKey(name.en), code);
    map.set(headerKey(code), code);
  }
  return map;
}

const MEMBER_ONLY = new Set<string>(['memberNo', 'fullName', 'headName', 'villageName']);
const FORM_B_ONLY = new Set<string>([
  'reviewYear',
  'standard',
  'incomePerCapita',
  'scoreA',
  'surveyDate',
  'area',
]);

/** Which kind of sheet a header row belongs to, from the columns only one kind has; null if unclear. */
export function sheetKindOf(book: RuleBook, headers: readonly string[]): SheetKind | null {
  const indicators = indicatorLookup(book);
  let members = 0;
  let formB = 0;
  for (const h of headers) {
    const key = headerKey(h);
    if (!key) continue;
    const m = MEMBER_LOOKUP.get(key);
    const b = FORM_B_LOOKUP.get(key);
    if (m && MEMBER_ONLY.has(m)) members++;
    if ((b && FORM_B_ONLY.has(b)) || (!m && indicators.has(key))) formB++;
  }
  if (members === formB) return null;
  return members > formB ? 'members' : 'formB';
}

/** The kind a sheet's name says, if it is one of the template's sheet names (either language). */
export function sheetKindByName(name: string): SheetKind | 'instructions' | null {
  const key = headerKey(name);
  for (const [kind, names] of Object.entries(SHEET_NAMES) as [SheetKind | 'instructions', Bilingual][]) {
    if (key === headerKey(names.vi) || key === headerKey(names.en)) return kind;
  }
  return null;
}

/** Matches a header row against a sheet kind's columns (and, for Phiếu B, the indicator catalogue). */
export function matchHeader(
  book: RuleBook,
  kind: SheetKind,
  headers: readonly string[],
): HeaderMatch<MemberColumnKey> | HeaderMatch<FormBColumnKey> {
  const specs = (kind === 'members' ? MEMBER_COLUMNS : FORM_B_COLUMNS) as readonly ColumnSpec<string>[];
  const table = (kind === 'members' ? MEMBER_LOOKUP : FORM_B_LOOKUP) as Map<string, string>;
  const indicators = kind === 'formB' ? indicatorLookup(book) : new Map<string, string>();
  const columns = new Map<string, number>();
  const indicatorColumns = new Map<string, number>();
  const headerText = new Map<number, string>();
  const unknown: { index: number; text: string }[] = [];
  const duplicated: { index: number; text: string }[] = [];
  headers.forEach((text, index) => {
    const key = headerKey(text);
    if (!key) return;
    const column = table.get(key);
    const indicator = column ? undefined : indicators.get(key);
    if (column) {
      if (columns.has(column)) duplicated.push({ index, text });
      else columns.set(column, index);
    } else if (indicator) {
      if (indicatorColumns.has(indicator)) duplicated.push({ index, text });
      else indicatorColumns.set(indicator, index);
    } else {
      unknown.push({ index, text });
      return;
    }
    headerText.set(index, text.trim());
  });
  const missing = specs.filter((s) => s.required && !columns.has(s.key));
  return {
    kind,
    columns,
    indicators: indicatorColumns,
    headerText,
    unknown,
    missing,
    duplicated,
  } as HeaderMatch<MemberColumnKey> | HeaderMatch<FormBColumnKey>;
}
