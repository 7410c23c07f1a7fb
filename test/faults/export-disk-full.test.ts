// A full disk during an export (issue #15, item 4): the export writer turns ENOSPC into the catalogue's
// DISK_FULL in Vietnamese and English naming the file, and leaves neither the file nor its .part behind.
// The disk is simulated by a stream that fails as a full one does (no database involved).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable, Writable } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import { AppError, CATALOGUE } from '../../src/services/errors.ts';
import { writeExportFile } from '../../src/services/export-file.ts';

const dir = mkdtempSync(join(tmpdir(), 'giamngheo-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rows = () => Readable.from(Array.from({ length: 50 }, (_, i) => `Hộ ${i};Thôn Nà Phầy\n`));

/** A file on a disk that fills up after `room` bytes. */
function fullDisk(room: number, code = 'ENOSPC') {
  return () => {
    const real = new Writable({
      write(chunk: Buffer, _enc, done) {
        room -= chunk.length;
        if (room < 0) {
          const e = Object.assign(new Error(`${code}: no space left on device, write`), { code });
          done(e);
        } else done();
      },
    });
    return real;
  };
}

describe('writing an export to a full disk', () => {
  it('writes the file whole when there is room', async () => {
    const out = join(dir, 'danh-sach.csv');
    await writeExportFile(rows(), out);
    expect(readFileSync(out, 'utf8').split('\n')).toHaveLength(51);
    expect(existsSync(`${out}.part`)).toBe(false);
  });

  for (const code of ['ENOSPC', 'EDQUOT']) {
    it(`answers DISK_FULL in both languages on ${code}, leaving no file`, async () => {
      const out = join(dir, `bao-cao-${code}.csv`);
      const error = await writeExportFile(rows(), out, fullDisk(100, code)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(AppError);
      const e = error as AppError;
      expect(e.code).toBe('DISK_FULL');
      expect(CATALOGUE.DISK_FULL.vi).toContain('Đĩa đã đầy');
      expect(e.fields).toEqual([
        {
          path: out,
          message: {
            vi: expect.stringContaining('Không đủ chỗ trên đĩa'),
            en: expect.stringContaining('Not enough disk space'),
          },
        },
      ]);
      expect(existsSync(out)).toBe(false);
      expect(existsSync(`${out}.part`)).toBe(false);
    });
  }

  it('passes any other failure on unchanged', async () => {
    const out = join(dir, 'khac.csv');
    const error = await writeExportFile(rows(), out, fullDisk(100, 'EIO')).catch((e: unknown) => e);
    expect(error).not.toBeInstanceOf(AppError);
    expect((error as { code?: string }).code).toBe('EIO');
    expect(existsSync(out)).toBe(false);
  });
});
