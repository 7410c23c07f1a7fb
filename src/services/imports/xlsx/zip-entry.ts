// One entry of a zip read by itself from where the directory says its data lies: stored or deflated, given
// as UTF-8 text in pieces (a character split between two pieces is joined, not broken).
import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';
import { createInflateRaw } from 'node:zlib';
import { notAZip, type ZipEntry } from '../inspect-xlsx.ts';

/**
 * The entry's text in pieces; `onBytes` is told how many bytes of the file each piece came from. A damaged
 * entry fails with UnreadableFileError.
 */
export async function* entryText(
  path: string,
  entry: ZipEntry,
  onBytes?: (compressed: number) => void,
): AsyncGenerator<string> {
  if (entry.method !== 0 && entry.method !== 8)
    throw notAZip(`entry ${entry.name} uses an unknown compression`);
  if (entry.compressedSize === 0) return;
  const raw = createReadStream(path, {
    start: entry.dataStart,
    end: entry.dataStart + entry.compressedSize - 1,
    highWaterMark: 1 << 16,
  });
  if (onBytes) raw.on('data', (chunk) => onBytes(chunk.length));
  const inflated = entry.method === 8 ? raw.pipe(createInflateRaw({ chunkSize: 1 << 18 })) : raw;
  // A read error on the file does not reach the inflater through pipe: passed on by hand.
  if (inflated !== raw) raw.on('error', (e) => inflated.destroy(e));
  const decoder = new StringDecoder('utf8');
  try {
    for await (const chunk of inflated) {
      const text = decoder.write(chunk as Buffer);
      if (text) yield text;
    }
  } catch (e) {
    throw notAZip(`entry ${entry.name}: ${(e as Error).message}`);
  } finally {
    raw.destroy();
    inflated.destroy();
  }
  const rest = decoder.end();
  if (rest) yield rest;
}

/** The whole entry as one text (the workbook's small parts, and the shared strings within their limit). */
export async function wholeEntryText(path: string, entry: ZipEntry): Promise<string> {
  let text = '';
  for await (const piece of entryText(path, entry)) text += piece;
  return text;
}
