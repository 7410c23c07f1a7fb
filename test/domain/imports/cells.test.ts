// Reading single cells and headers of import files: Vietnamese numbers, dates, ticks, codes, IDs.
import { describe, expect, it } from 'vitest';
import {
  readCommuneCode,
  readDate,
  readNationalId,
  readNumber,
  readPhone,
  readTick,
} from '../../../src/domain/imports/cells.ts';
import {
  FORM_B_COLUMNS,
  MEMBER_COLUMNS,
  headerKey,
  indicatorLookup,
  matchHeader,
  sheetKindOf,
} from '../../../src/domain/imports/columns.ts';
import { JobRegistry } from '../../../src/jobs/registry.ts';
import { book } from '../../support/rules.ts';
import { FORM_B_HEADERS, MEMBER_HEADERS } from '../../support/import-files.ts';

const value = <T>(r: { ok: true; value: T } | { ok: false }) => (r.ok ? r.value : 'ERROR');

describe('cells', () => {
  it('reads numbers written the Vietnamese way and the English way', () => {
    expect(value(readNumber('1.400.000'))).toBe(1_400_000);
    expect(value(readNumber('1.400.000 đồng'))).toBe(1_400_000);
    expect(value(readNumber('1 400 000'))).toBe(1_400_000);
    expect(value(readNumber('1,400,000'))).toBe(1_400_000);
    expect(value(readNumber('1500'))).toBe(1500);
    expect(value(readNumber('1.500'))).toBe(1500);
    expect(value(readNumber('140,5'))).toBe(140.5);
    expect(value(readNumber('140.5'))).toBe(140.5);
    expect(value(readNumber('1.234.567,5'))).toBe(1_234_567.5);
    expect(value(readNumber(1_400_000))).toBe(1_400_000);
    expect(value(readNumber(''))).toBe(null);
    expect(value(readNumber('1,2,3'))).toBe('ERROR');
    expect(value(readNumber('một triệu'))).toBe('ERROR');
  });

  it('reads dates as dd/mm/yyyy text or date cells, and nothing else', () => {
    expect(value(readDate('12/03/1984'))).toBe('1984-03-12');
    expect(value(readDate('2/3/1984'))).toBe('1984-03-02');
    expect(value(readDate('12.03.1984'))).toBe('1984-03-12');
    expect(value(readDate({ date: '1984-03-12' }))).toBe('1984-03-12');
    expect(value(readDate('29/02/2023'))).toBe('ERROR');
    expect(value(readDate('1984-03-12'))).toBe('ERROR');
    expect(value(readDate('03/1984'))).toBe('ERROR');
    expect(value(readDate(30_000))).toBe('ERROR');
    expect(value(readDate(null))).toBe(null);
  });

  it('reads ticks, codes, national IDs and phone numbers', () => {
    expect(['x', 'X', 'có', '1', true, '', null].map((c) => value(readTick(c)))).toEqual([
      true,
      true,
      true,
      true,
      true,
      false,
      false,
    ]);
    expect(value(readTick('có lẽ'))).toBe('ERROR');
    expect(value(readCommuneCode(1864))).toBe('01864');
    expect(value(readCommuneCode('123456'))).toBe('ERROR');
    expect(value(readNationalId('006 080 001 234'))).toBe('006080001234');
    const numeric = readNationalId(6080001234);
    expect(numeric.ok).toBe(false);
    if (!numeric.ok) expect(numeric.message.en).toContain('format the column as Text');
    expect(value(readPhone(912345678))).toBe('0912345678');
    expect(value(readPhone('0912 345 678'))).toBe('0912345678');
    expect(value(readPhone('gọi sau'))).toBe('ERROR');
  });
});

describe('headers', () => {
  it('every header and alias is distinct within its sheet, in Vietnamese and English', () => {
    for (const specs of [MEMBER_COLUMNS, FORM_B_COLUMNS]) {
      const keys = specs.flatMap((c) => [headerKey(c.vi), headerKey(c.en)]);
      const owners = new Map<string, string>();
      for (const c of specs) {
        for (const k of [headerKey(c.vi), headerKey(c.en)]) {
          expect(owners.get(k) ?? c.key).toBe(c.key);
          owners.set(k, c.key);
        }
      }
      expect(keys.every((k) => k.length > 0)).toBe(true);
    }
    const indicators = indicatorLookup(book);
    for (const c of FORM_B_COLUMNS) expect(indicators.has(headerKey(c.vi))).toBe(false);
  });

  it('accepts English headers and headers without accents or hints; names unknown and missing ones', () => {
    const english = MEMBER_COLUMNS.map((c) => c.en);
    expect(sheetKindOf(book, english)).toBe('members');
    expect(matchHeader(book, 'members', english).columns.size).toBe(MEMBER_COLUMNS.length);
    const match = matchHeader(book, 'members', [
      'Ma ho',
      'MÃ XÃ',
      'Ten thon/ban/to',
      'Họ tên chủ hộ',
      'STT thành viên',
      'Ghi chú',
    ]);
    expect(match.unknown.map((u) => u.text)).toEqual(['Ghi chú']);
    expect(match.missing.map((m) => m.vi)).toEqual(['Họ và tên']);
    expect(sheetKindOf(book, FORM_B_HEADERS)).toBe('formB');
    expect(sheetKindOf(book, MEMBER_HEADERS)).toBe('members');
    const formB = matchHeader(book, 'formB', FORM_B_HEADERS);
    expect(formB.indicators.size).toBe(12);
    expect(formB.unknown).toEqual([]);
  });
});

describe('job registry', () => {
  it('runs jobs of a kind one at a time and shows them to their owner and administrators only', async () => {
    const jobs = new JobRegistry({ concurrency: 1 });
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const first = jobs.submit('import', 'u1', async (ctx) => {
      ctx.report({ phase: 'reading', done: 5, total: null });
      await gate;
      return { ok: true, result: 'done', errors: [] };
    });
    const second = jobs.submit('import', 'u2', async () => ({ ok: false, result: null, errors: ['bad'] }));
    await new Promise((r) => setTimeout(r, 10));
    expect(jobs.get(first.id)).toMatchObject({ status: 'running', progress: { phase: 'reading', done: 5 } });
    expect(jobs.get(second.id)?.status).toBe('queued');
    expect(jobs.readableBy(first.id, { userId: 'u2', admin: false })).toBeUndefined();
    expect(jobs.readableBy(first.id, { userId: 'u3', admin: true })).toBeDefined();
    release();
    await jobs.idle();
    expect(jobs.get(first.id)).toMatchObject({ status: 'succeeded', result: 'done' });
    expect(jobs.get(second.id)).toMatchObject({ status: 'failed', errors: ['bad'], errorCount: 1 });
    const crashed = jobs.submit('import', 'u1', async () => {
      throw new Error('boom');
    });
    expect((await jobs.settled(crashed.id)).failure?.en).toContain('internal error');
  });
});
