// The import template (.xlsx): "Hộ và thành viên" (one row per member), "Phiếu B" (one row per household,
// a column per indicator of the chosen standard) and "Hướng dẫn" (instructions and allowed values, in
// Vietnamese and English). Written with exceljs's streaming writer.
import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import {
  EDUCATION_LABELS,
  EMPLOYMENT_LABELS,
  FORM_B_COLUMNS,
  MEMBER_COLUMNS,
  SHEET_NAMES,
  type ColumnSpec,
} from '../../domain/imports/columns.ts';
import type { RuleBook } from '../../domain/standards/types.ts';

const HEADER_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } } as const;
const REQUIRED_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFCE4D6' } } as const;
/** Rows the drop-down lists cover. */
const LIST_ROWS = 5000;

function columnLetter(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

function list(values: readonly string[]): ExcelJS.DataValidation {
  return { type: 'list', allowBlank: true, showErrorMessage: false, formulae: [`"${values.join(',')}"`] };
}

interface Column {
  header: string;
  width: number;
  required: boolean;
  text: boolean;
  values?: readonly string[];
}

function addDataSheet(
  wb: ExcelJS.stream.xlsx.WorkbookWriter,
  name: string,
  columns: readonly Column[],
): void {
  const ws = wb.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = columns.map((c) => ({ width: c.width, ...(c.text ? { style: { numFmt: '@' } } : {}) }));
  const header = ws.addRow(columns.map((c) => c.header));
  header.height = 45;
  header.eachCell((cell, i) => {
    cell.font = { bold: true };
    cell.alignment = { wrapText: true, vertical: 'middle' };
    cell.fill = columns[i - 1]!.required ? REQUIRED_FILL : HEADER_FILL;
  });
  header.commit();
  columns.forEach((c, i) => {
    if (!c.values) return;
    const letter = columnLetter(i + 1);
    const validations = (
      ws as unknown as { dataValidations: { add(range: string, v: ExcelJS.DataValidation): void } }
    ).dataValidations;
    validations.add(`${letter}2:${letter}${LIST_ROWS}`, list(c.values));
  });
  ws.commit();
}

const TICK = ['x'];
const asColumn = (c: ColumnSpec<string>, values?: readonly string[]): Column => ({
  header: c.vi,
  width: c.width,
  required: c.required,
  text: c.text ?? false,
  ...(values ? { values } : {}),
});

function memberColumns(): Column[] {
  const lists: Record<string, readonly string[]> = {
    sex: ['Nam', 'Nữ'],
    educationLevel: Object.values(EDUCATION_LABELS).map((l) => l.vi),
    employment: Object.values(EMPLOYMENT_LABELS).map((l) => l.vi),
  };
  return MEMBER_COLUMNS.map((c) => asColumn(c, c.vi.endsWith('(x)') ? TICK : lists[c.key]));
}

function formBColumns(book: RuleBook, standardId: string): Column[] {
  const standard = book.standards.get(standardId)!;
  const fixed = FORM_B_COLUMNS.filter((c) => c.key !== 'standard').map((c) =>
    asColumn(c, c.key === 'area' ? ['Nông thôn', 'Thành thị'] : undefined),
  );
  const indicators = standard.indicators.map((i): Column => ({
    header: (book.indicatorNames.get(i.code) ?? i.name).vi,
    width: 14,
    required: false,
    text: false,
    values: TICK,
  }));
  return [...fixed, ...indicators];
}

function instructionRows(book: RuleBook, standardId: string): (string | number)[][] {
  const rows: (string | number)[][] = [];
  const blank = () => rows.push([]);
  rows.push(['Mẫu nhập hộ, thành viên và Phiếu B / Import template: households, members and Form B']);
  blank();
  for (const [vi, en] of [
    [
      'Trang "Hộ và thành viên": mỗi dòng một thành viên; các cột của hộ (mã hộ, xã, thôn, chủ hộ…) lặp lại giống nhau trên mọi dòng của cùng hộ.',
      'Sheet "Hộ và thành viên": one row per member; the household columns (ref, commune, village, head…) repeat, identical, on every row of the household.',
    ],
    [
      'Trang "Phiếu B": mỗi dòng một hộ; ghi "x" ở cột chỉ số mà hộ thiếu hụt, để trống nếu không thiếu hụt.',
      'Sheet "Phiếu B": one row per household; "x" in the column of each indicator the household is deprived of, empty otherwise.',
    ],
    [
      'Một hộ được nhận ra bằng Mã xã + Mã hộ: nhập lại cùng tệp không tạo bản trùng; dòng thay đổi sẽ cập nhật hộ, thành viên (theo STT) và ghi kết quả Phiếu B mới (kết quả cũ được giữ trong lịch sử).',
      'A household is identified by commune code + household ref: importing the same file again creates no duplicates; changed rows update the household, its members (by number) and record a new Form B result (the old one stays in the history).',
    ],
    [
      'Tất cả hoặc không: nếu có một lỗi, không dòng nào được ghi; tải báo cáo lỗi (Dòng, Cột, Lỗi) để sửa rồi nhập lại.',
      'All or nothing: if any row has an error nothing is written; download the error report (row, column, error), fix and import again.',
    ],
    [
      'Thôn/bản/tổ phải được tạo trong hệ thống trước; bạn chỉ nhập được vào các thôn trong phạm vi được sửa của mình.',
      'Villages must exist in the system first; you can only import into villages within your write scope.',
    ],
    [
      'Có thể dùng tiêu đề tiếng Anh thay tiếng Việt. Tệp CSV (UTF-8): mỗi tệp một loại trang, nhận ra qua dòng tiêu đề.',
      'English headers are accepted too. CSV files (UTF-8): one file per sheet kind, told apart by the header row.',
    ],
    [
      `Các cột chỉ số của trang Phiếu B là của chuẩn ${standardId}; cột "Chuẩn nghèo" (ví dụ ND07_2021) có thể thay cột "Năm rà soát".`,
      `The indicator columns of Phiếu B are those of ${standardId}; a "Chuẩn nghèo" (standard) column may replace "Năm rà soát" (review year).`,
    ],
  ] as const) {
    rows.push([vi], [en]);
  }
  blank();
  rows.push([
    'Trang / Sheet',
    'Cột / Column (vi)',
    'Column (en)',
    'Bắt buộc / Required',
    'Giá trị / Values',
    'Values (en)',
  ]);
  for (const [sheet, specs] of [
    [SHEET_NAMES.members.vi, MEMBER_COLUMNS],
    [SHEET_NAMES.formB.vi, FORM_B_COLUMNS],
  ] as const) {
    for (const c of specs as readonly ColumnSpec<string>[]) {
      rows.push([sheet, c.vi, c.en, c.required ? 'x' : '', c.help.vi, c.help.en]);
    }
  }
  rows.push([
    SHEET_NAMES.formB.vi,
    '(tên chỉ số)',
    '(indicator name)',
    '',
    '"x" = thiếu hụt; tên chỉ số theo rules/indicators.yaml',
    '"x" = deprived; indicator names as in rules/indicators.yaml',
  ]);
  blank();
  rows.push(['Trình độ học vấn', 'Education level', 'Mã / code']);
  for (const [code, l] of Object.entries(EDUCATION_LABELS)) rows.push([l.vi, l.en, code]);
  blank();
  rows.push(['Việc làm', 'Employment', 'Mã / code']);
  for (const [code, l] of Object.entries(EMPLOYMENT_LABELS)) rows.push([l.vi, l.en, code]);
  blank();
  rows.push(['Giới tính', 'Sex', 'Mã / code'], ['Nam', 'Male', 'male'], ['Nữ', 'Female', 'female']);
  blank();
  rows.push(
    ['Khu vực', 'Area', 'Mã / code'],
    ['Nông thôn', 'Rural', 'rural'],
    ['Thành thị', 'Urban', 'urban'],
  );
  blank();
  rows.push(['Năm rà soát', 'Review years', 'Chuẩn nghèo / standard']);
  for (const r of book.reviewYears) rows.push([`${r.from}–${r.to}`, r.citationEn, r.standard]);
  for (const s of book.standards.values()) {
    blank();
    rows.push([`Chỉ số của ${s.id}`, `Indicators of ${s.id}`, 'Mã / code']);
    for (const i of s.indicators) {
      const name = book.indicatorNames.get(i.code) ?? i.name;
      rows.push([name.vi, name.en, i.code]);
    }
  }
  return rows;
}

/** Writes the template to `out`; the Phiếu B sheet has the indicator columns of `standardId`. */
export async function writeTemplate(out: Writable, book: RuleBook, standardId: string): Promise<void> {
  if (!book.standards.has(standardId)) throw new Error(`unknown standard ${standardId}`);
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  wb.creator = 'GiảmNghèo';
  addDataSheet(wb, SHEET_NAMES.members.vi, memberColumns());
  addDataSheet(wb, SHEET_NAMES.formB.vi, formBColumns(book, standardId));
  const help = wb.addWorksheet(SHEET_NAMES.instructions.vi);
  help.columns = [{ width: 34 }, { width: 30 }, { width: 30 }, { width: 12 }, { width: 60 }, { width: 60 }];
  for (const [i, values] of instructionRows(book, standardId).entries()) {
    const row = help.addRow(values);
    if (i === 0) row.font = { bold: true, size: 14 };
    row.commit();
  }
  help.commit();
  await wb.commit();
}
