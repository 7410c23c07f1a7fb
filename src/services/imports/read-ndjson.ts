// Reads NDJSON (one JSON value a line, UTF-8) from a stream line by line with a bound on a line's length:
// a line longer than `maxLineBytes` is reported as such and skipped without being held in memory (readline
// keeps a whole line, however long, before it hands it over). Lines come out in NFC without zero-width
// characters (cleanText), as typed input does.
import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import { cleanText } from '../../domain/geography/text.ts';
import { overLimit, type UploadLimits } from '../../domain/imports/limits.ts';
import type { Bilingual } from '../../domain/standards/types.ts';
import { uploadLimits } from './limits.ts';

export type NdjsonLine = { line: number; text: string } | { line: number; tooLong: Bilingual };

const NEWLINE = 0x0a;

export async function* readNdjsonLines(
  input: Readable | AsyncIterable<Buffer | string>,
  limits: Pick<UploadLimits, 'maxLineBytes'> = uploadLimits(),
): AsyncGenerator<NdjsonLine> {
  const max = limits.maxLineBytes;
  let parts: Buffer[] = [];
  let length = 0;
  let skipping = false;
  let line = 0;
  const finish = (): NdjsonLine | null => {
    line++;
    if (skipping) {
      skipping = false;
      return {
        line,
        tooLong: overLimit('maxLineBytes', max, max, { vi: `dòng ${line}`, en: `line ${line}` }),
      };
    }
    const bytes = Buffer.concat(parts);
    parts = [];
    length = 0;
    const decoder = new StringDecoder('utf8');
    const text = (decoder.write(bytes) + decoder.end()).replace(/\r$/u, '');
    return { line, text: cleanText(text) };
  };
  for await (const raw of input) {
    const chunk = typeof raw === 'string' ? Buffer.from(raw, 'utf8') : raw;
    let from = 0;
    for (let i = chunk.indexOf(NEWLINE); ; i = chunk.indexOf(NEWLINE, from)) {
      const end = i === -1 ? chunk.length : i;
      if (!skipping) {
        if (length + end - from > max) {
          skipping = true;
          parts = [];
          length = 0;
        } else {
          parts.push(chunk.subarray(from, end));
          length += end - from;
        }
      }
      if (i === -1) break;
      yield finish()!;
      from = i + 1;
    }
  }
  if (skipping || length > 0) yield finish()!;
}
