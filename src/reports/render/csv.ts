// A report's table as CSV (the first table, or the one asked for): header row in the chosen language,
// numbers with a dot decimal so spreadsheets read them, money as whole đồng, exact.
import { toCsv } from '../../domain/measures/table-csv.ts';
import { indentKey, toFill } from './layout.ts';
import { isLocalText, type ReportDocument, type ReportLang, type ReportTable } from '../model.ts';

export function tablesOf(doc: ReportDocument): ReportTable[] {
  return doc.sections.flatMap((s) => (s.table ? [s.table] : []));
}

export function renderCsv(doc: ReportDocument, lang: ReportLang, tableIndex = 0): string {
  const table = tablesOf(doc)[tableIndex];
  if (!table) return toCsv([], []);
  const header = table.columns.map((c) =>
    c.group ? `${c.group[lang]} - ${c.header[lang]}` : c.header[lang],
  );
  const indented = indentKey(table.columns);
  const rows = table.rows.map((r) =>
    table.columns.map((c) => {
      if (toFill(r, c)) return '';
      const v = r.cells[c.key];
      if (v === undefined || v === null) return '';
      if (typeof v === 'bigint') return v.toString();
      if (isLocalText(v))
        return c.key === indented && r.level ? `${'  '.repeat(r.level)}${v[lang]}` : v[lang];
      if (c.key === indented && r.level) return `${'  '.repeat(r.level)}${v}`;
      return v;
    }),
  );
  return toCsv(header, rows);
}
