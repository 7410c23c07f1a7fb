// Reads an .xlsx file as a stream of sheets and rows (constant memory whatever the number of rows, besides
// the workbook's shared strings), reporting bytes read for progress. The file is first checked against the
// upload limits (inspect-xlsx.ts: zip entries, uncompressed sizes, declared dimensions, shared strings),
// which also gives where each part lies; the workbook's small parts are read first (xlsx/parts.ts), then each
// sheet in tab order as it is inflated (xlsx/sheet-rows.ts). A row beyond the row limit or a cell beyond the
// column limit stops it. Text cells come out in NFC without zero-width characters (cleanText), as typed input
// does.
//
// Read by the zip's directory rather than through exceljs's streaming reader (which read the zip front to
// back): that reader now and then lost the parts it had set aside when the sheets came first, as Excel
// writes them, and was half the time of an xlsx import (issue #14).
import { uploadLimits } from './limits.ts';
import { inspectXlsx, notAZip, type ZipEntry } from './inspect-xlsx.ts';
import { UnreadableFileError, type ReadProgress, type SourceEvent } from './source.ts';
import {
  readDateStyles,
  readRelationships,
  readSharedStrings,
  readWorkbook,
  type Relationship,
} from './xlsx/parts.ts';
import { SheetRowReader, type SheetContext } from './xlsx/sheet-rows.ts';
import { entryText, wholeEntryText } from './xlsx/zip-entry.ts';
import type { UploadLimits } from '../../domain/imports/limits.ts';

const WORKBOOK = 'xl/workbook.xml';

/** The workbook part, found through the package's relationships (_rels/.rels) or where it usually is. */
async function workbookPath(path: string, entries: Map<string, ZipEntry>): Promise<string> {
  const rels = entries.get('_rels/.rels');
  if (rels) {
    for (const { target, type } of readRelationships(await wholeEntryText(path, rels), '').values())
      if (type === 'officeDocument' && entries.has(target)) return target;
  }
  return WORKBOOK;
}

/** The folder a part lies in ("xl/workbook.xml" → "xl") and its relationships' part ("xl/_rels/workbook.xml.rels"). */
function relsOf(part: string): { folder: string; rels: string } {
  const slash = part.lastIndexOf('/');
  const folder = slash === -1 ? '' : part.slice(0, slash);
  const file = part.slice(slash + 1);
  return { folder, rels: `${folder ? `${folder}/` : ''}_rels/${file}.rels` };
}

export async function* readXlsx(
  path: string,
  onProgress?: (p: ReadProgress) => void,
  limits: UploadLimits = uploadLimits(),
): AsyncGenerator<SourceEvent> {
  const { entries, fileSize: bytesTotal } = await inspectXlsx(path, limits);
  let bytesRead = 0;
  const counted = (n: number) => {
    bytesRead += n;
    onProgress?.({ bytesRead: Math.min(bytesRead, bytesTotal), bytesTotal, rowsTotal: null });
  };

  const workbookPart = await workbookPath(path, entries);
  const workbookEntry = entries.get(workbookPart);
  if (!workbookEntry) throw notAZip(`no ${WORKBOOK}`);
  const { sheets, date1904 } = readWorkbook(await wholeEntryText(path, workbookEntry));
  const { folder, rels } = relsOf(workbookPart);
  const relsEntry = entries.get(rels);
  const relations = relsEntry
    ? readRelationships(await wholeEntryText(path, relsEntry), folder)
    : new Map<string, Relationship>();
  // The styles and the shared strings by their relationship's type, else where every writer seen puts them.
  const part = (type: string, usual: string) => {
    for (const r of relations.values())
      if (r.type === type && entries.has(r.target)) return entries.get(r.target);
    return entries.get(folder ? `${folder}/${usual}` : usual);
  };
  const stylesEntry = part('styles', 'styles.xml');
  const stringsEntry = part('sharedStrings', 'sharedStrings.xml');
  const dateStyles = stylesEntry
    ? readDateStyles(await wholeEntryText(path, stylesEntry))
    : new Set<number>();
  const sharedStrings = stringsEntry ? readSharedStrings(await wholeEntryText(path, stringsEntry)) : [];

  for (const sheet of sheets) {
    const target = relations.get(sheet.relationId)?.target;
    const entry = target === undefined ? undefined : entries.get(target);
    if (!entry)
      throw new UnreadableFileError({
        vi: `Không đọc được tệp .xlsx (không tìm thấy trang "${sheet.name}" trong tệp): lưu lại bằng Excel hoặc LibreOffice dưới dạng .xlsx`,
        en: `The .xlsx file cannot be read (sheet "${sheet.name}" is missing from it): save it again from Excel or LibreOffice as .xlsx`,
      });
    yield { type: 'sheet', name: sheet.name };
    const context: SheetContext = {
      sharedStrings,
      dateStyles,
      date1904,
      maxRows: limits.maxRows,
      maxColumns: limits.maxColumns,
      where: { vi: `trang "${sheet.name}"`, en: `sheet "${sheet.name}"` },
    };
    const reader = new SheetRowReader(context);
    for await (const piece of entryText(path, entry, counted))
      for (const row of reader.push(piece)) yield { type: 'row', number: row.number, cells: row.cells };
    for (const row of reader.end()) yield { type: 'row', number: row.number, cells: row.cells };
  }
  onProgress?.({ bytesRead: bytesTotal, bytesTotal, rowsTotal: null });
}
