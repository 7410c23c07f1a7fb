// Limits on an uploaded file (issue #15: a 3,3 MB xlsx took 4,5 GB of memory, a 1 MB one reaching the last
// column held the import slot 75 s, a 100 MB one-field CSV took 162 s). The values live in
// data/limits/uploads.json; this module names them and words the refusal, naming the limit and what was
// found, in Vietnamese and English.
import type { Bilingual } from '../standards/types.ts';

export interface UploadLimits {
  /** Size of the file as uploaded. */
  maxFileBytes: number;
  /** xlsx: all entries of the zip together, uncompressed (a zip bomb). */
  maxUncompressedBytes: number;
  /** xlsx: entries in the zip. */
  maxZipEntries: number;
  /** xlsx: the shared strings table, uncompressed (the reader keeps it in memory). */
  maxSharedStringsBytes: number;
  /** Rows of a sheet (header included), as declared by an xlsx and as read. */
  maxRows: number;
  /** Columns of a row (an xlsx's last column, a CSV record's fields). */
  maxColumns: number;
  /** CSV and NDJSON: bytes of one line. */
  maxLineBytes: number;
  /** Uploads of one user kept on disk at once (waiting for or being imported). */
  pendingUploadsPerUser: number;
  /** Bytes of one user's uploads kept on disk at once. */
  pendingBytesPerUser: number;
}

export type LimitKey = keyof UploadLimits;

const LIMIT_NAMES: Record<LimitKey, Bilingual> = {
  maxFileBytes: { vi: 'dung lượng tệp', en: 'file size' },
  maxUncompressedBytes: { vi: 'dung lượng sau giải nén', en: 'uncompressed size' },
  maxZipEntries: { vi: 'số thành phần trong tệp nén', en: 'entries in the zip' },
  maxSharedStringsBytes: { vi: 'bảng chuỗi dùng chung', en: 'shared strings table' },
  maxRows: { vi: 'số dòng', en: 'rows' },
  maxColumns: { vi: 'số cột', en: 'columns' },
  maxLineBytes: { vi: 'độ dài một dòng', en: 'line length' },
  pendingUploadsPerUser: { vi: 'số tệp đang chờ nhập của một người', en: "one user's pending uploads" },
  pendingBytesPerUser: {
    vi: 'dung lượng tệp đang chờ nhập của một người',
    en: "size of one user's pending uploads",
  },
};

const BYTE_LIMITS = new Set<LimitKey>([
  'maxFileBytes',
  'maxUncompressedBytes',
  'maxSharedStringsBytes',
  'maxLineBytes',
  'pendingBytesPerUser',
]);

/** 3,3 MB / 3.3 MB; 512 KB; 900 bytes. */
export function formatBytes(n: number, lang: 'vi' | 'en'): string {
  const locale = lang === 'vi' ? 'vi-VN' : 'en-US';
  const units: [number, string][] = [
    [1024 ** 3, 'GB'],
    [1024 ** 2, 'MB'],
    [1024, 'KB'],
  ];
  for (const [size, unit] of units) {
    if (n >= size) return `${(n / size).toLocaleString(locale, { maximumFractionDigits: 1 })} ${unit}`;
  }
  return lang === 'vi' ? `${n.toLocaleString(locale)} byte` : `${n.toLocaleString(locale)} bytes`;
}

function amount(key: LimitKey, n: number, lang: 'vi' | 'en'): string {
  return BYTE_LIMITS.has(key) ? formatBytes(n, lang) : n.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-US');
}

/**
 * "Tệp vượt giới hạn số cột (trang "Hộ"): 16.384, tối đa 300" — the limit named, the value found and the
 * maximum, with where it was found (a sheet, a line) when known and what to do. `found` is the value found,
 * or at most the limit when reading stopped at the first step beyond it ("more than" the limit then).
 */
export function overLimit(key: LimitKey, found: number, max: number, where?: Bilingual): Bilingual {
  const name = LIMIT_NAMES[key];
  const at = where ? { vi: ` (${where.vi})`, en: ` (${where.en})` } : { vi: '', en: '' };
  const exact = found > max && amount(key, found, 'en') !== amount(key, max, 'en');
  const foundVi = exact ? amount(key, found, 'vi') : `hơn ${amount(key, max, 'vi')}`;
  const foundEn = exact ? amount(key, found, 'en') : `more than ${amount(key, max, 'en')}`;
  return {
    vi: `Tệp vượt giới hạn ${name.vi}${at.vi}: ${foundVi}, tối đa ${amount(key, max, 'vi')}. Chia tệp nhỏ hơn (ví dụ mỗi xã một tệp) hoặc xoá các dòng, cột thừa rồi nhập lại`,
    en: `The file is over the ${name.en} limit${at.en}: ${foundEn}, at most ${amount(key, max, 'en')}. Split the file (e.g. one per commune) or delete unused rows and columns, then import again`,
  };
}

/** The column number of a column's letters: A → 1, XFD → 16384; null when not letters. */
export function columnNumber(letters: string): number | null {
  if (!/^[A-Z]{1,3}$/u.test(letters)) return null;
  let n = 0;
  for (const ch of letters) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** The last cell of a sheet's `<dimension ref="A1:XFD1048576"/>`: its column and row; null if unreadable. */
export function dimensionEnd(ref: string): { columns: number; rows: number } | null {
  const last = ref.split(':').pop() ?? '';
  const match = /^\$?([A-Z]{1,3})\$?(\d{1,7})$/u.exec(last.trim().toUpperCase());
  if (!match) return null;
  const columns = columnNumber(match[1]!);
  return columns === null ? null : { columns, rows: Number(match[2]) };
}
