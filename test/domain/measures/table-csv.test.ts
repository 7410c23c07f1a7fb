// CSV exports never carry a live formula (issue #15: `=HYPERLINK(…)`, `=1+1` and `@SUM(…)` came through in
// the works-status and figures CSVs), while numbers, negative ones included, stay numbers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inertText, toCsv } from '../../../src/domain/measures/table-csv.ts';

const body = (csv: string) => csv.slice(1).split('\r\n').slice(0, -1);

describe('toCsv', () => {
  it('writes formula-like text as text', () => {
    const csv = toCsv(
      ['name', 'note', 'amount'],
      [
        ['=HYPERLINK("http://x","bấm")', '@SUM(A1:A9)', -1500],
        ['+84 912', '-ghi chú', '-12,5'],
        ['\tTab', 'Nà Phầy', 0],
      ],
    );
    expect(body(csv)).toEqual([
      'name,note,amount',
      `"'=HYPERLINK(""http://x"",""bấm"")",'@SUM(A1:A9),-1500`,
      '\'+84 912,\'-ghi chú,"-12,5"',
      "'\tTab,Nà Phầy,0",
    ]);
  });

  it('never lets a cell start with a formula character unless it is a plain number', () => {
    fc.assert(
      fc.property(fc.string(), (s) => {
        const out = inertText(s);
        return !/^[=+\-@\t\r]/.test(out) || /^[-+]?\d+(?:[.,]\d+)?$/.test(out);
      }),
    );
  });
});
