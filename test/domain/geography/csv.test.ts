// The tolerant CSV reader: quoted multi-line cells, line numbers, and recovery from a stray quote.
import { describe, expect, it } from 'vitest';
import { readCsv } from '../../../src/domain/geography/csv.ts';

describe('readCsv', () => {
  it('reads quoted cells, doubled quotes and line breaks inside quotes, keeping start lines', () => {
    const records = readCsv('a,b\n"x ""y""","Phường Long Bình\n"\nc,"d, e"\n');
    expect(records.map((r) => [r.line, r.cells])).toEqual([
      [1, ['a', 'b']],
      [2, ['x "y"', 'Phường Long Bình\n']],
      [4, ['c', 'd, e']],
    ]);
  });

  it('handles CRLF, a byte-order mark and a missing final newline', () => {
    expect(readCsv('\ufeffa,b\r\nc,d').map((r) => r.cells)).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('keeps a quote inside an unquoted cell as a character', () => {
    expect(readCsv('Xã "A",1\n')[0]?.cells).toEqual(['Xã "A"', '1']);
  });

  it('an unclosed quote costs one row: the next line is read again', () => {
    const records = readCsv('1,"broken,2\n3,4\n5,"six, seven"\n8,9\n');
    expect(records.map((r) => [r.line, r.defect, r.cells])).toEqual([
      [1, 'unterminated-quote', []],
      [2, null, ['3', '4']],
      [3, null, ['5', 'six, seven']],
      [4, null, ['8', '9']],
    ]);
    expect(records[0]?.raw).toBe('1,"broken,2');
  });

  it('an unclosed quote at the end of the file, and text after a closing quote, are defects', () => {
    expect(readCsv('a,b\nc,"d\n').map((r) => r.defect)).toEqual([null, 'unterminated-quote']);
    expect(readCsv('"a"b,c\nd,e\n').map((r) => [r.defect, r.cells])).toEqual([
      ['text-after-quote', []],
      [null, ['d', 'e']],
    ]);
  });
});
