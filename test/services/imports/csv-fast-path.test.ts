// The CSV reader splits a plain file (no quote character; LF line ends, or CRLF throughout) itself instead
// of through csv-parse (issue #14: csv-parse's byte-by-byte parsing was half of the reading). Whatever the
// file, the reading must give what csv-parse's gives: the same rows with the same line numbers and cells,
// and the same refusal (not UTF-8, a line, record or row count over the limits). Files are random plain
// files (the fast path) and random CSV text of any kind (which must still go through csv-parse), read whole
// and in small chunks that cut lines and characters.
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { UploadLimits } from '../../../src/domain/imports/limits.ts';
import { uploadLimits } from '../../../src/services/imports/limits.ts';
import { readCsv, type CsvReadingOptions } from '../../../src/services/imports/read-csv.ts';
import { UnreadableFileError, type SourceEvent } from '../../../src/services/imports/source.ts';
import { removeTempDirs, tempDir } from '../../support/import-files.ts';

afterAll(removeTempDirs);

interface Outcome {
  events: SourceEvent[];
  refusal: { vi: string; en: string; row: number | null } | null;
}

async function outcome(path: string, limits: UploadLimits, options: CsvReadingOptions): Promise<Outcome> {
  const events: SourceEvent[] = [];
  try {
    for await (const e of readCsv(path, 'Hộ', undefined, limits, options)) events.push(e);
    return { events, refusal: null };
  } catch (e) {
    if (!(e instanceof UnreadableFileError)) throw e;
    return { events, refusal: { ...e.bilingual, row: e.row } };
  }
}

/** Field text with no quote and no line end: Vietnamese (NFC and NFD), invisible characters, separators. */
const field = fc.oneof(
  fc.constantFrom(
    '',
    'Thôn Nà Phầy',
    'Nguyễn Văn Ánh'.normalize('NFD'),
    'Lò\u200b Văn',
    '\ufeffĐặng',
    ' x ',
    ';',
    '\t',
    '01864',
    '12/03/1984',
  ),
  fc.string({ maxLength: 8 }).map((s) => s.replace(/["\r\n]/gu, '')),
  fc.string({ unit: 'grapheme', maxLength: 6 }).map((s) => s.replace(/["\r\n]/gu, '')),
);

/** A plain file: lines of fields, one kind of line end, maybe empty lines and a last line end. */
const plainFile = fc
  .record({
    lines: fc.array(fc.array(field, { maxLength: 6 }), { maxLength: 25 }),
    delimiter: fc.constantFrom(',', ';', '\t'),
    lineEnd: fc.constantFrom('\n', '\r\n'),
    lastEnd: fc.boolean(),
    bom: fc.boolean(),
  })
  .map(
    ({ lines, delimiter, lineEnd, lastEnd, bom }) =>
      (bom ? '\ufeff' : '') +
      lines.map((cells) => cells.join(delimiter)).join(lineEnd) +
      (lastEnd && lines.length > 0 ? lineEnd : ''),
  );

/** Any CSV text: quotes, every line end, invisible characters (as the parsers' fuzz test makes). */
const anyText = fc
  .array(
    fc.oneof(
      fc.constantFrom(',', ';', '\t', '"', '""', '\n', '\r\n', '\r', '\ufeff', '\u200b', '\u0000'),
      fc.constantFrom('Nguyễn Văn Ánh'.normalize('NFD'), 'Lò Thị Sinh', '=1+1', 'x'.repeat(300)),
      fc.string({ maxLength: 12 }),
    ),
    { maxLength: 60 },
  )
  .map((parts) => parts.join(''));

/** Bytes: the text, maybe with an invalid UTF-8 sequence put in somewhere. */
const fileBytes = fc
  .tuple(fc.oneof(plainFile, plainFile, anyText), fc.option(fc.nat(), { nil: null, freq: 4 }))
  .map(([text, badAt]) => {
    const bytes = Buffer.from(text, 'utf8');
    if (badAt === null) return bytes;
    const at = badAt % (bytes.length + 1);
    return Buffer.concat([bytes.subarray(0, at), Buffer.from([0xc3, 0x28]), bytes.subarray(at)]);
  });

/** Limits small enough to be reached now and then. */
const sometimes = (small: number) =>
  fc.oneof({ arbitrary: fc.constant(100_000), weight: 3 }, { arbitrary: fc.constant(small), weight: 1 });
const smallLimits = fc.record({
  maxLineBytes: fc.oneof(sometimes(40), sometimes(120)),
  maxColumns: sometimes(3),
  maxRows: sometimes(5),
});

const isRecordLimit = (r: Outcome['refusal']) =>
  r !== null && /limit \(line \d+\)/u.test(r.en) && /(rows|columns) limit/u.test(r.en);

describe('CSV reader, plain files without csv-parse', () => {
  it('gives the same rows and refusals as csv-parse, the file read in one chunk', async () => {
    const dir = tempDir();
    let n = 0;
    let plainRead = 0;
    await fc.assert(
      fc.asyncProperty(fileBytes, smallLimits, async (bytes, small) => {
        const path = join(dir, `f${n++}.csv`);
        writeFileSync(path, bytes);
        const limits = { ...uploadLimits(), ...small };
        const fast = await outcome(path, limits, {});
        const slow = await outcome(path, limits, { parser: 'csv-parse' });
        expect(fast).toEqual(slow);
        if (!bytes.includes(0x22) && fast.refusal === null) plainRead++;
      }),
      { numRuns: 400, seed: 1416 },
    );
    // The random files did reach the fast path, not only csv-parse.
    expect(plainRead).toBeGreaterThan(50);
  });

  it('gives the same rows as csv-parse when small chunks cut lines and characters', async () => {
    const dir = tempDir();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(plainFile, anyText),
        fc.integer({ min: 1, max: 64 }),
        async (text, chunkBytes) => {
          const path = join(dir, `c${n++}.csv`);
          writeFileSync(path, text);
          const fast = await outcome(path, uploadLimits(), { chunkBytes });
          const whole = await outcome(path, uploadLimits(), { parser: 'csv-parse' });
          expect(fast).toEqual(whole);
        },
      ),
      { numRuns: 300, seed: 1417 },
    );
  });

  it('stops where csv-parse stops when a later chunk is refused, after the rows before it', async () => {
    // csv-parse reads ahead of its reader: when a later chunk is refused, the rows it had parsed but not
    // yet handed over are dropped, more or fewer of them depending on timing. The plain reading hands over
    // every row before the refused chunk. Both refuse with the same reason, unless the plain reading
    // reached a record over a limit before csv-parse's reading-ahead reached the refused chunk.
    const dir = tempDir();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fileBytes,
        smallLimits,
        fc.integer({ min: 1, max: 64 }),
        async (bytes, small, chunkBytes) => {
          const path = join(dir, `s${n++}.csv`);
          writeFileSync(path, bytes);
          const limits = { ...uploadLimits(), ...small };
          const fast = await outcome(path, limits, { chunkBytes });
          const slow = await outcome(path, limits, { parser: 'csv-parse', chunkBytes });
          expect(fast.events.slice(0, slow.events.length)).toEqual(slow.events);
          if (slow.refusal === null || isRecordLimit(slow.refusal)) expect(fast).toEqual(slow);
          else if (!isRecordLimit(fast.refusal)) expect(fast.refusal).toEqual(slow.refusal);
        },
      ),
      { numRuns: 300, seed: 1418 },
    );
  });

  it('reads LF and CRLF files, with empty lines and a BOM, to the same rows', async () => {
    const dir = tempDir();
    const lf = join(dir, 'lf.csv');
    const crlf = join(dir, 'crlf.csv');
    const text = '\ufeffMã hộ;Họ và tên\n\nNP-1;Lò\u200b Văn\n;\nNP-2;' + 'Ánh'.normalize('NFD');
    writeFileSync(lf, text);
    writeFileSync(crlf, text.replaceAll('\n', '\r\n'));
    const expected = [
      { type: 'sheet', name: 'Hộ' },
      { type: 'row', number: 1, cells: ['Mã hộ', 'Họ và tên'] },
      { type: 'row', number: 3, cells: ['NP-1', 'Lò Văn'] },
      { type: 'row', number: 4, cells: ['', ''] },
      { type: 'row', number: 5, cells: ['NP-2', 'Ánh'] },
    ];
    expect(await outcome(lf, uploadLimits(), {})).toEqual({ events: expected, refusal: null });
    expect(await outcome(crlf, uploadLimits(), { chunkBytes: 3 })).toEqual({
      events: expected,
      refusal: null,
    });
  });
});
