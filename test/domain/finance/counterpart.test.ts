// The counterpart check at its boundaries: exactly at the minimum passes, one đồng below is flagged, and a
// province that has not set its minimum is told so.
import { describe, expect, it } from 'vitest';
import { checkCounterpart, type CounterpartInput } from '../../../src/domain/finance/counterpart.ts';
import { counterpartMinimumOf } from '../../../src/domain/finance/programmes.ts';
import { parseRatio } from '../../../src/domain/finance/money.ts';
import { loadFinanceRules } from '../../../src/rules-loader/load-finance.ts';

const rules = loadFinanceRules();
const base = (local: bigint, share: string | null): CounterpartInput => ({
  province: { code: '19', name: 'Tỉnh Thái Nguyên' },
  years: { from: 2026, to: 2026 },
  totals: {
    central_investment: 700_000_000_000n,
    central_recurrent: 300_000_000_001n,
    local_counterpart: local,
    people: 5n,
  },
  rule: rules.counterpartMinimum,
  minimum: {
    entry: { minimumShare: share, citation: 'Nghị quyết HĐND (thử)', verified: false },
    share: share === null ? null : parseRatio(share),
  },
  parametersFile: 'rules/finance/counterpart-minimum.yaml',
});

describe('counterpart check', () => {
  // Central = 1 000 000 000 001 đồng; 10 % of it is 100 000 000 000,1 → at least 100 000 000 001 đồng.
  it('passes exactly at the minimum (rounded up to the whole đồng)', () => {
    const r = checkCounterpart(base(100_000_000_001n, '0.1'));
    expect(r.status).toBe('ok');
    expect(r.required).toBe(100_000_000_001n);
    expect(r.shortfall).toBeNull();
  });

  it('flags one đồng below, with the shortfall', () => {
    const r = checkCounterpart(base(100_000_000_000n, '0.1'));
    expect(r.status).toBe('below_minimum');
    expect(r.shortfall).toBe(1n);
    expect(r.message.vi).toContain('thấp hơn mức tối thiểu 10,00%');
    expect(r.message.vi).toContain('cần thêm 1 đồng');
  });

  it('is exact for a ratio that divides evenly', () => {
    const even = { ...base(0n, '0.15'), totals: { central_investment: 1_000n, local_counterpart: 150n } };
    expect(checkCounterpart(even).status).toBe('ok');
    expect(
      checkCounterpart({ ...even, totals: { central_investment: 1_000n, local_counterpart: 149n } }).status,
    ).toBe('below_minimum');
  });

  it('says the parameter is missing rather than guessing', () => {
    const r = checkCounterpart(base(100n, null));
    expect(r.status).toBe('parameter_missing');
    expect(r.message.vi).toContain('Chưa có tỷ lệ vốn đối ứng tối thiểu của Tỉnh Thái Nguyên (19) cho 2026');
    expect(r.message.en).toContain('rules/finance/counterpart-minimum.yaml');
    // The shipped file has placeholders only: null shares, verified false.
    const shipped = counterpartMinimumOf(rules, '19', 2027);
    expect(shipped.entry?.verified).toBe(false);
    expect(shipped.share).toBeNull();
    expect(counterpartMinimumOf(rules, '01', 2027).entry).toBeNull();
  });

  it('does not apply without central funds', () => {
    expect(checkCounterpart({ ...base(5n, '0.1'), totals: { local_counterpart: 5n } }).status).toBe(
      'no_central_funds',
    );
  });
});
