// The parts of an .xlsx read before its sheets (ECMA-376 Part 1, SpreadsheetML): the workbook's sheets in
// their tab order and the date system, which file each sheet is, which cell styles show dates, and the
// shared strings the cells point to.
import { cleanText } from '../../../domain/geography/text.ts';
import { own } from '../own-text.ts';
import { attribute, attributes, decodeOoxmlEscapes, decodeXml, scanXml } from './xml.ts';

export interface WorkbookSheet {
  name: string;
  /** The relationship id that says which part holds the sheet. */
  relationId: string;
}

/** xl/workbook.xml: the sheets in tab order and whether dates count from 1904 (old Mac workbooks). */
export function readWorkbook(xml: string): { sheets: WorkbookSheet[]; date1904: boolean } {
  const sheets: WorkbookSheet[] = [];
  let date1904 = false;
  scanXml(
    xml,
    (tag) => {
      if (tag.closing) return;
      if (tag.name === 'sheet') {
        const a = attributes(tag.inside);
        sheets.push({ name: a.name ?? '', relationId: a.id ?? '' });
      } else if (tag.name === 'workbookPr') {
        const v = attribute(tag.inside, 'date1904');
        date1904 = v === '1' || v === 'true';
      }
    },
    () => {},
  );
  return { sheets, date1904 };
}

export interface Relationship {
  /** The zip path of the target. */
  target: string;
  /** The relationship type's last segment ("worksheet", "sharedStrings", "styles", "officeDocument"). */
  type: string;
}

/**
 * A .rels part: relationship id → its target, resolved against the folder of the part the relationships
 * belong to (`xl/_rels/workbook.xml.rels` → `xl/`; an absolute target starts at the root), and its type.
 */
export function readRelationships(xml: string, baseFolder: string): Map<string, Relationship> {
  const out = new Map<string, Relationship>();
  scanXml(
    xml,
    (tag) => {
      if (tag.closing || tag.name !== 'Relationship') return;
      const a = attributes(tag.inside);
      if (a.Id && a.Target && a.TargetMode !== 'External')
        out.set(a.Id, {
          target: resolvePath(baseFolder, a.Target),
          type: (a.Type ?? '').slice((a.Type ?? '').lastIndexOf('/') + 1),
        });
    },
    () => {},
  );
  return out;
}

function resolvePath(folder: string, target: string): string {
  const parts = target.startsWith('/') ? [] : folder.split('/').filter(Boolean);
  for (const piece of target.split('/')) {
    if (piece === '' || piece === '.') continue;
    if (piece === '..') parts.pop();
    else parts.push(piece);
  }
  return parts.join('/');
}

/** The built-in number formats that show a date or a time (ECMA-376 Part 1, 18.8.30): 14–22, 45–47. */
const BUILT_IN_DATES = new Set([14, 15, 16, 17, 18, 19, 20, 21, 22, 45, 46, 47]);

/**
 * Whether a number format code shows a date or time: a day, month, year, hour or second code outside quoted
 * text and [brackets] (colours, conditions, locales). `General`'s letters are not such codes.
 */
export function isDateFormat(code: string): boolean {
  const bare = code
    .replace(/\[[^\]]*\]/g, '')
    .replace(/"[^"]*"/g, '')
    .replace(/\\./g, '');
  if (/^general$/i.test(bare.trim())) return false;
  return /[ymdhsYMDHS]/.test(bare.replace(/General/gi, ''));
}

/** xl/styles.xml: the indices of the cell formats (cellXfs, a cell's `s`) whose number format shows a date. */
export function readDateStyles(xml: string): Set<number> {
  const custom = new Map<number, string>();
  const dates = new Set<number>();
  let inCellXfs = false;
  let xf = 0;
  scanXml(
    xml,
    (tag) => {
      if (tag.name === 'numFmt' && !tag.closing) {
        const a = attributes(tag.inside);
        custom.set(Number(a.numFmtId), a.formatCode ?? '');
      } else if (tag.name === 'cellXfs') inCellXfs = !tag.closing && !tag.empty;
      else if (tag.name === 'xf' && inCellXfs && !tag.closing) {
        const id = Number(attribute(tag.inside, 'numFmtId') ?? 0);
        const code = custom.get(id);
        if (code !== undefined ? isDateFormat(code) : BUILT_IN_DATES.has(id)) dates.add(xf);
        xf++;
      }
    },
    () => {},
  );
  return dates;
}

/**
 * xl/sharedStrings.xml: each string item's text — its runs joined (rich text), phonetic guides left out —
 * cleaned as typed input is (NFC, no zero-width characters) and as a string of its own.
 */
export function readSharedStrings(xml: string): string[] {
  const out: string[] = [];
  let item: string | null = null;
  let inText = false;
  let phonetic = 0;
  scanXml(
    xml,
    (tag) => {
      switch (tag.name) {
        case 'si':
          if (tag.closing) {
            if (item !== null) out.push(own(cleanText(item)));
            item = null;
          } else if (tag.empty) out.push('');
          else item = '';
          break;
        case 'rPh':
          if (!tag.empty) phonetic += tag.closing ? -1 : 1;
          break;
        case 't':
          inText = !tag.closing && !tag.empty;
          break;
      }
    },
    (text, cdata) => {
      if (inText && phonetic === 0 && item !== null)
        item += cdata ? text : decodeOoxmlEscapes(decodeXml(text));
    },
  );
  return out;
}
