// The model of an administrative document a commune signs and hands out (Nghị định 30/2020/NĐ-CP layout):
// the issuing body on the left and the national motto on the right, the place and date, a title, a few
// paragraphs, a table, and a signature block. Several pages make one file (a certificate per household, a
// list per village); each page starts on a new sheet. Vietnamese only: these documents have no English form.
// Builders (src/reports/documents/round-handouts.ts) fill it; src/reports/render/official-pdf.ts draws it.

export const NATIONAL_NAME = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
export const NATIONAL_MOTTO = 'Độc lập - Tự do - Hạnh phúc';

export interface OfficialColumn {
  header: string;
  /** '*' shares the free width; a number is points; default 'auto'. */
  width?: number | '*' | 'auto';
  align?: 'left' | 'center' | 'right';
}

export interface OfficialTable {
  columns: OfficialColumn[];
  rows: string[][];
  /** Shown in one row across the table when it has no rows. */
  empty?: string;
}

export interface Signature {
  /** E.g. "TM. ỦY BAN NHÂN DÂN" above the title; optional. */
  on?: string;
  /** E.g. "CHỦ TỊCH UBND XÃ", "TRƯỞNG THÔN". */
  title: string;
  /** E.g. "(Ký, ghi rõ họ tên, đóng dấu)". */
  note: string;
}

export interface OfficialPage {
  /** The issuing body, line by line (e.g. ["UBND XÃ BẰNG THÀNH"] or ["UBND XÃ BẰNG THÀNH", "THÔN NÀ PHẦY"]). */
  issuer: string[];
  /** Under the issuer: "Số: …" or nothing. */
  reference?: string;
  /** "Bằng Thành, ngày 30 tháng 09 năm 2026". */
  placeAndDate: string;
  title: string;
  /** Lines under the title (what it accompanies, the year…), centred and italic. */
  subtitle?: string[];
  /** Paragraphs before the table. */
  before?: { text: string; bold?: boolean }[];
  table?: OfficialTable;
  /** Paragraphs after the table. */
  after?: { text: string; bold?: boolean; italics?: boolean }[];
  /** Left and right signature blocks (the right one is the signer). */
  signatures: { left?: Signature; right: Signature };
}

export interface OfficialDocument {
  /** The file's title (metadata and file name). */
  title: string;
  pages: OfficialPage[];
  orientation?: 'portrait' | 'landscape';
}
