// Bad input proven on the file readers (issue #15, item 7b), no database: random bytes, random CSV text
// (quotes, separators, line breaks, invalid UTF-8), valid xlsx files with random bytes changed, and random
// NDJSON lines. Each reading either gives rows or stops with an UnreadableFileError in Vietnamese and
// English — never another exception, never a hang — and every text it gives is NFC without zero-width
// characters.
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { classifyLine } from '../../../src/cli/commands/classify.ts';
import { readCsv } from '../../../src/services/imports/read-csv.ts';
import { readNdjsonLines } from '../../../src/services/imports/read-ndjson.ts';
import { readXlsx } from '../../../src/services/imports/read-xlsx.ts';
import { UnreadableFileError, type SourceEvent } from '../../../src/services/imports/source.ts';
import { removeTempDirs, tempDir } from '../../support/import-files.ts';
import { book } from '../../support/rules.ts';

afterAll(removeTempDirs);

const HANG_MS = 15_000;
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/u;

/** Reads to the end; the outcome is rows or a bilingual refusal, within HANG_MS. */
async function outcome(source: AsyncGenerator<SourceEvent>): Promise<'rows' | 'refused'> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('the reader hangs')), HANG_MS);
  });
  const read = (async () => {
    try {
      for await (const event of source) {
        if (event.type !== 'row') continue;
        for (const cell of event.cells) {
          if (typeof cell !== 'string') continue;
          expect(cell).toBe(cell.normalize('NFC'));
          expect(cell).not.toMatch(INVISIBLE);
        }
      }
      return 'rows' as const;
    } catch (e) {
      if (!(e instanceof UnreadableFileError)) throw e;
      expect(e.bilingual.vi.length).toBeGreaterThan(0);
      expect(e.bilingual.en.length).toBeGreaterThan(0);
      expect(e.bilingual.vi).not.toBe(e.bilingual.en);
      return 'refused' as const;
    }
  })();
  try {
    return await Promise.race([read, hang]);
  } finally {
    clearTimeout(timer);
  }
}

const csvText = fc
  .array(
    fc.oneof(
      fc.constantFrom(',', ';', '\t', '"', '""', '\n', '\r\n', '\r', '\ufeff', '\u200b', '\u0000'),
      fc.constantFrom('Nguyễn Văn Ánh'.normalize('NFD'), 'Lò Thị Sinh', '=1+1', 'x'.repeat(300)),
      fc.string({ maxLength: 12 }),
      fc.string({ unit: 'binary', maxLength: 12 }),
    ),
    { maxLength: 80 },
  )
  .map((parts) => parts.join(''));

describe('CSV reader', () => {
  it('reads or refuses random text and bytes, bilingual, never throwing otherwise', async () => {
    const dir = tempDir();
    let n = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          csvText.map((t) => Buffer.from(t, 'utf8')),
          fc.uint8Array({ maxLength: 400 }).map((b) => Buffer.from(b)),
          csvText.map((t) => Buffer.concat([Buffer.from(t, 'utf8'), Buffer.from([0xc3, 0x28, 0xff])])),
        ),
        async (bytes) => {
          const path = join(dir, `f${n++}.csv`);
          writeFileSync(path, bytes);
          await outcome(readCsv(path, ''));
        },
      ),
      { numRuns: 150, seed: 1507 },
    );
  });
});

describe('xlsx reader', () => {
  let valid: Buffer;
  beforeAll(async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Hộ và thành viên');
    ws.addRow(['Mã hộ', 'Họ và tên', 'Ngày sinh']);
    ws.addRow(['NP-1', 'Hoàng Văn Páo', new Date(Date.UTC(1978, 4, 9))]);
    ws.addRow(['NP-2', `Nông Thị${'\u200b'} Slao`, 42]);
    const path = join(tempDir(), 'valid.xlsx');
    await wb.xlsx.writeFile(path);
    valid = await readFile(path);
  });

  it('reads or refuses random bytes and damaged workbooks, bilingual, never throwing otherwise', async () => {
    const dir = tempDir();
    let n = 0;
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc
            .uint8Array({ maxLength: 400 })
            .map((b) => Buffer.concat([Buffer.from('PK\u0003\u0004'), Buffer.from(b)])),
          fc
            .array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 })
            .map((changes) => {
              const damaged = Buffer.from(valid);
              for (const [at, byte] of changes) damaged[at % damaged.length] = byte;
              return damaged;
            }),
          fc.nat().map((cut) => valid.subarray(0, cut % valid.length)),
        ),
        async (bytes) => {
          const path = join(dir, `f${n++}.xlsx`);
          writeFileSync(path, bytes);
          seen.add(await outcome(readXlsx(path)));
        },
      ),
      { numRuns: 80, seed: 1508 },
    );
    expect(seen.has('refused')).toBe(true);
  }, 240_000);

  it('refuses a damaged workbook on which the old streaming reader stalled, instead of waiting forever', async () => {
    // Found by the run above in CI (the valid workbook's bytes differ from run to run): exceljs's streaming
    // reader, which read imports before read-xlsx.ts read the zip by its directory, waited for ever on it.
    const path = fileURLToPath(new URL('./fixtures/damaged-stalls-reader.xlsx', import.meta.url));
    expect(await outcome(readXlsx(path))).toBe('refused');
  }, 60_000);
});

describe('NDJSON', () => {
  it('classifies or refuses every random line with a bilingual error, one output line each', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ maxLength: 200 }),
          fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'null'),
          fc
            .record({
              standard: fc.constantFrom('ND07_2021', 'X', 1),
              area: fc.constantFrom('urban', 'rural', 'moon', null),
              incomePerCapita: fc.oneof(fc.integer(), fc.double(), fc.string({ maxLength: 5 })),
              deficits: fc.array(fc.string({ maxLength: 6 }), { maxLength: 4 }),
            })
            .map((r) => JSON.stringify(r)),
          fc.integer({ min: 1, max: 5000 }).map((d) => `${'['.repeat(d)}${']'.repeat(d)}`),
        ),
        (line) => {
          const r = classifyLine(book, line, 1, {});
          const out = JSON.parse(r.out) as { error?: { code: string; message: { vi: string; en: string } } };
          if (!r.ok) {
            expect(out.error?.code).toBeTruthy();
            expect(out.error!.message.vi.length).toBeGreaterThan(0);
            expect(out.error!.message.en.length).toBeGreaterThan(0);
          }
        },
      ),
      { numRuns: 300, seed: 1509 },
    );
  });

  it('reads lines bounded: a line over the limit is reported and skipped, not held', async () => {
    const lines: unknown[] = [];
    const input = Readable.from([
      Buffer.from('{"a":1}\r\n{"b":"Nguye\u0302\u0303n\u200b"}\n'),
      Buffer.from('x'.repeat(3000)),
      Buffer.from('y'.repeat(3000)),
      Buffer.from('\n{"c":3}'),
    ]);
    for await (const l of readNdjsonLines(input, { maxLineBytes: 1000 })) lines.push(l);
    expect(lines).toHaveLength(4);
    expect(lines[0]).toEqual({ line: 1, text: '{"a":1}' });
    expect(lines[1]).toEqual({ line: 2, text: '{"b":"Nguyễn"}' });
    expect(lines[2]).toMatchObject({
      line: 3,
      tooLong: { vi: expect.stringContaining('độ dài một dòng (dòng 3)') },
    });
    expect((lines[2] as { tooLong: { en: string } }).tooLong.en).toContain('line length limit (line 3)');
    expect(lines[3]).toEqual({ line: 4, text: '{"c":3}' });
  });
});
