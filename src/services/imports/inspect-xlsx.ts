// Looks inside an .xlsx (a zip) before it is read (read-xlsx.ts), against the upload limits: the number of entries,
// their uncompressed sizes as declared and as actually inflated (a zip bomb that lies about them is caught
// while inflating, which stops at the limit and keeps nothing), each sheet's declared dimensions
// (`<dimension ref="A1:XFD1048576"/>`) and the size of the shared strings table the reader would hold in
// memory. The first breach is refused with the limit named (UnreadableFileError).
import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { createInflateRaw } from 'node:zlib';
import { dimensionEnd, overLimit, type UploadLimits } from '../../domain/imports/limits.ts';
import { UnreadableFileError } from './source.ts';

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  /** As declared in the central directory. */
  size: number;
  /** Where its local record (header, data, data descriptor) starts. */
  localOffset: number;
  dataStart: number;
}

const EOCD = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

export function notAZip(detail: string): UnreadableFileError {
  return new UnreadableFileError({
    vi: `Không đọc được tệp .xlsx (${detail}): lưu lại bằng Excel hoặc LibreOffice dưới dạng .xlsx`,
    en: `The .xlsx file cannot be read (${detail}): save it again from Excel or LibreOffice as .xlsx`,
  });
}

async function readAt(handle: import('node:fs/promises').FileHandle, position: number, length: number) {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}

/** The central directory's entries (ZIP64 sizes and offsets read from their extra field). */
async function entriesOf(path: string, limits: UploadLimits): Promise<ZipEntry[]> {
  const size = (await stat(path)).size;
  const handle = await open(path, 'r');
  try {
    const tailLength = Math.min(size, 65_557);
    const tail = await readAt(handle, size - tailLength, tailLength);
    let at = -1;
    for (let i = tail.length - 22; i >= 0; i--) {
      if (tail.readUInt32LE(i) === EOCD) {
        at = i;
        break;
      }
    }
    if (at < 0) throw notAZip('no zip directory');
    let count = tail.readUInt16LE(at + 10);
    let cdSize = tail.readUInt32LE(at + 12);
    let cdOffset = tail.readUInt32LE(at + 16);
    if ((count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) && at >= 20) {
      if (tail.readUInt32LE(at - 20) === ZIP64_LOCATOR) {
        const recordAt = Number(tail.readBigUInt64LE(at - 20 + 8));
        const record = await readAt(handle, recordAt, 56);
        if (record.length < 56) throw notAZip('bad ZIP64 directory');
        count = Number(record.readBigUInt64LE(32));
        cdSize = Number(record.readBigUInt64LE(40));
        cdOffset = Number(record.readBigUInt64LE(48));
      }
    }
    if (count > limits.maxZipEntries)
      throw new UnreadableFileError(overLimit('maxZipEntries', count, limits.maxZipEntries));
    if (cdOffset + cdSize > size) throw notAZip('zip directory outside the file');
    const cd = await readAt(handle, cdOffset, cdSize);
    const entries: ZipEntry[] = [];
    let p = 0;
    while (p + 46 <= cd.length && cd.readUInt32LE(p) === CENTRAL) {
      if (entries.length >= limits.maxZipEntries)
        throw new UnreadableFileError(overLimit('maxZipEntries', entries.length + 1, limits.maxZipEntries));
      const method = cd.readUInt16LE(p + 10);
      let compressedSize = cd.readUInt32LE(p + 20);
      let uncompressed = cd.readUInt32LE(p + 24);
      const nameLength = cd.readUInt16LE(p + 28);
      const extraLength = cd.readUInt16LE(p + 30);
      const commentLength = cd.readUInt16LE(p + 32);
      let localOffset = cd.readUInt32LE(p + 42);
      const name = cd.toString('utf8', p + 46, p + 46 + nameLength);
      // ZIP64: the 8-byte values, in this order, for those set to 0xffffffff above.
      let e = p + 46 + nameLength;
      const extraEnd = e + extraLength;
      while (e + 4 <= extraEnd) {
        const id = cd.readUInt16LE(e);
        const length = cd.readUInt16LE(e + 2);
        if (id === 0x0001) {
          let q = e + 4;
          if (uncompressed === 0xffffffff && q + 8 <= e + 4 + length) {
            uncompressed = Number(cd.readBigUInt64LE(q));
            q += 8;
          }
          if (compressedSize === 0xffffffff && q + 8 <= e + 4 + length) {
            compressedSize = Number(cd.readBigUInt64LE(q));
            q += 8;
          }
          if (localOffset === 0xffffffff && q + 8 <= e + 4 + length)
            localOffset = Number(cd.readBigUInt64LE(q));
        }
        e += 4 + length;
      }
      const local = await readAt(handle, localOffset, 30);
      if (local.length < 30 || local.readUInt32LE(0) !== LOCAL) throw notAZip(`bad entry ${name}`);
      const dataStart = localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
      if (dataStart + compressedSize > size) throw notAZip(`entry ${name} outside the file`);
      entries.push({ name, method, compressedSize, size: uncompressed, localOffset, dataStart });
      p = extraEnd + commentLength;
    }
    return entries;
  } finally {
    await handle.close();
  }
}

const SHEET = /^xl\/worksheets\/[^/]+\.xml$/iu;
const SHARED_STRINGS = /^xl\/sharedStrings\.xml$/iu;
/** Bytes of a sheet's start searched for its <dimension>: it comes before the rows. */
const HEAD_BYTES = 8192;

/**
 * Inflates an entry counting its bytes, keeping only the first HEAD_BYTES; stops (with an error) once
 * `max` is passed, so a bomb is never inflated beyond the limit.
 */
function inflateCounting(
  path: string,
  entry: ZipEntry,
  max: number,
  onOver: (found: number) => UnreadableFileError,
): Promise<{ size: number; head: string }> {
  return new Promise((resolve, reject) => {
    if (entry.method !== 0 && entry.method !== 8) {
      reject(notAZip(`entry ${entry.name} uses an unknown compression`));
      return;
    }
    if (entry.compressedSize === 0) {
      resolve({ size: 0, head: '' });
      return;
    }
    const raw = createReadStream(path, {
      start: entry.dataStart,
      end: entry.dataStart + entry.compressedSize - 1,
    });
    const out = entry.method === 8 ? raw.pipe(createInflateRaw()) : raw;
    let size = 0;
    const head: Buffer[] = [];
    let headLength = 0;
    let settled = false;
    const stop = (error: Error | null) => {
      if (settled) return;
      settled = true;
      raw.destroy();
      if (out !== raw) out.destroy();
      if (error) reject(error);
      else resolve({ size, head: Buffer.concat(head).toString('utf8') });
    };
    out.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (headLength < HEAD_BYTES) {
        head.push(chunk.subarray(0, HEAD_BYTES - headLength));
        headLength += Math.min(chunk.length, HEAD_BYTES - headLength);
      }
      if (size > max) stop(onOver(size));
    });
    out.on('error', (e: Error) => stop(notAZip(`entry ${entry.name}: ${e.message}`)));
    raw.on('error', (e: Error) => stop(notAZip(e.message)));
    out.on('end', () => stop(null));
  });
}

/** The worksheets' names by their zip path (xl/worksheets/sheet1.xml → "Hộ và thành viên"), best effort. */
function sheetLabel(name: string): { vi: string; en: string } {
  const file = name.split('/').pop() ?? name;
  return { vi: `trang ${file}`, en: `sheet ${file}` };
}

/** The zip's entries by their path, as checked: the reader finds the workbook's parts among them. */
export interface XlsxShape {
  entries: Map<string, ZipEntry>;
  /** The file's size in bytes (the reader's progress is told against it). */
  fileSize: number;
}

/** Checks an .xlsx against the limits before it is read; throws UnreadableFileError at the first breach. */
export async function inspectXlsx(path: string, limits: UploadLimits): Promise<XlsxShape> {
  const fileSize = (await stat(path)).size;
  if (fileSize > limits.maxFileBytes)
    throw new UnreadableFileError(overLimit('maxFileBytes', fileSize, limits.maxFileBytes));
  const entries = await entriesOf(path, limits);
  // Declared sizes first: refused without inflating anything.
  let declared = 0;
  for (const entry of entries) {
    declared += entry.size;
    if (SHARED_STRINGS.test(entry.name) && entry.size > limits.maxSharedStringsBytes)
      throw new UnreadableFileError(
        overLimit('maxSharedStringsBytes', entry.size, limits.maxSharedStringsBytes),
      );
    if (declared > limits.maxUncompressedBytes)
      throw new UnreadableFileError(overLimit('maxUncompressedBytes', declared, limits.maxUncompressedBytes));
  }
  // Then the real sizes (a declared size can lie) and the sheets' declared dimensions.
  let total = 0;
  for (const entry of entries) {
    const sharedStrings = SHARED_STRINGS.test(entry.name);
    const room = limits.maxUncompressedBytes - total;
    const max = sharedStrings ? Math.min(room, limits.maxSharedStringsBytes) : room;
    const { size, head } = await inflateCounting(path, entry, max, (found) =>
      sharedStrings && found > limits.maxSharedStringsBytes
        ? new UnreadableFileError(overLimit('maxSharedStringsBytes', found, limits.maxSharedStringsBytes))
        : new UnreadableFileError(
            overLimit('maxUncompressedBytes', total + found, limits.maxUncompressedBytes),
          ),
    );
    total += size;
    if (!SHEET.test(entry.name)) continue;
    const ref = /<(?:\w+:)?dimension\b[^>]*\bref="([^"]*)"/u.exec(head)?.[1];
    const end = ref ? dimensionEnd(ref) : null;
    if (!end) continue;
    if (end.columns > limits.maxColumns)
      throw new UnreadableFileError(
        overLimit('maxColumns', end.columns, limits.maxColumns, sheetLabel(entry.name)),
      );
    if (end.rows > limits.maxRows)
      throw new UnreadableFileError(overLimit('maxRows', end.rows, limits.maxRows, sheetLabel(entry.name)));
  }
  return { entries: new Map(entries.map((e) => [e.name, e])), fileSize };
}
