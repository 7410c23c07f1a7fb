// The error report of an import as .xlsx: one row per error with its row, column and message in
// Vietnamese and English, written with exceljs's streaming writer (any number of errors).
import ExcelJS from 'exceljs';
import type { Writable } from 'node:stream';
import type { ImportError } from '../../domain/imports/rows.ts';

export const ERROR_REPORT_HEADERS = ['Dòng', 'Cột', 'Lỗi', 'Error', 'Trang tính / Sheet'] as const;

export async function writeErrorReport(
  out: Writable,
  errors: Iterable<ImportError>,
  options: { total?: number; filename?: string } = {},
): Promise<void> {
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({
    stream: out,
    useStyles: true,
    useSharedStrings: false,
  });
  wb.creator = 'GiảmNghèo';
  const ws = wb.addWorksheet('Lỗi', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = [{ width: 8 }, { width: 28 }, { width: 80 }, { width: 80 }, { width: 20 }];
  const header = ws.addRow([...ERROR_REPORT_HEADERS]);
  header.font = { bold: true };
  header.commit();
  let n = 0;
  for (const e of errors) {
    n++;
    const row = ws.addRow([e.row ?? '', e.column, e.message.vi, e.message.en, e.sheet ?? '']);
    row.alignment = { wrapText: true, vertical: 'top' };
    row.commit();
  }
  if (options.total !== undefined && options.total > n) {
    ws.addRow([
      '',
      '',
      `… và ${options.total - n} lỗi khác (chỉ ghi ${n} lỗi đầu)`,
      `… and ${options.total - n} more errors (only the first ${n} are listed)`,
    ]).commit();
  }
  ws.commit();
  await wb.commit();
}
