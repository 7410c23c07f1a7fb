// The shape of bench/results.json: the ratio's direction, the goal read against the ratio or against ours,
// and the Vietnamese numbers of the summary. Speed itself is never asserted in tests (bench/ measures it).
import { describe, expect, it } from 'vitest';
import { renderSummary, replaceGenerated, vn, BEGIN, END, type Machine } from '../../bench/lib/report.ts';
import { goalMet, percentiles, ratioOf, result } from '../../bench/lib/results.ts';

describe('bench results', () => {
  it('orients the ratio so that higher is better', () => {
    expect(ratioOf(400, 800, 'higher')).toBe(0.5); // rates: ours / reference
    expect(ratioOf(200, 50, 'lower')).toBe(0.25); // times: reference / ours
    expect(ratioOf(1, 0, 'higher')).toBeNull();
  });

  it('reads the goal against the ratio with a reference, else against ours', () => {
    const fast = result({
      name: 'a',
      n: 10,
      ours: 300,
      reference: 500,
      goal: 0.5,
      better: 'higher',
      unit: '/s',
    });
    expect(fast).toMatchObject({ ratio: 0.6, reference: 500, met: true });
    const slow = result({
      name: 'b',
      n: 10,
      ours: 200,
      reference: 500,
      goal: 0.5,
      better: 'higher',
      unit: '/s',
    });
    expect(slow.met).toBe(false);
    const latency = result({ name: 'c', n: 10, ours: 120, goal: 100, better: 'lower', unit: 'ms' });
    expect(latency).toMatchObject({ reference: null, ratio: null, met: false });
    expect(result({ name: 'd', n: 10, ours: 80, goal: 100, better: 'lower', unit: 'ms' }).met).toBe(true);
    expect(
      result({ name: 'e', n: 10, ours: 80, reference: 40, goal: null, better: 'lower', unit: 'ms' }),
    ).toMatchObject({
      ratio: 0.5,
      met: null,
    });
    expect(goalMet({ ours: 5, ratio: null, reference: null, goal: 4, better: 'higher' })).toBe(true);
  });

  it('gives every field of the issue, in JSON', () => {
    const r = JSON.parse(
      JSON.stringify(
        result({ name: 'x', n: 1, ours: 1, reference: 2, goal: 0.5, better: 'higher', unit: 'u' }),
      ),
    ) as Record<string, unknown>;
    for (const k of ['name', 'n', 'ours', 'reference', 'ratio', 'goal', 'better', 'unit'])
      expect(r).toHaveProperty(k);
  });

  it('takes nearest-rank percentiles', () => {
    const p = percentiles(Array.from({ length: 100 }, (_, i) => 100 - i));
    expect(p).toEqual({ n: 100, p50: 50, p95: 95, p99: 99, max: 100 });
  });

  it('writes the summary with Vietnamese numbers between its markers', () => {
    expect(vn(1234567)).toBe('1.234.567');
    expect(vn(0.5286)).toBe('0,529');
    const machine: Machine = {
      date: '2026-12-06',
      mode: 'quick',
      cpus: 2,
      cpuModel: 'cpu',
      memoryGiB: 24,
      node: 'v20',
      postgres: '15.20',
      citus: null,
      load: { min: 1, mean: 2, max: 3 },
      seconds: 60,
      notes: [],
    };
    const summary = renderSummary(
      [
        result({
          name: 'classify-rollup',
          n: 50000,
          ours: 300,
          reference: 500,
          goal: 0.5,
          better: 'higher',
          unit: '/s',
        }),
      ],
      machine,
    );
    expect(summary).toContain('| classify-rollup | 50.000 | 300 | 500 | 0,600 | ratio ≥ 0,5 | yes | /s |');
    const md = replaceGenerated('# Title\n\nold text\n', summary);
    expect(md.startsWith(`# Title\n\n${BEGIN}`)).toBe(true);
    expect(md).toContain('old text');
    const again = replaceGenerated(md, summary.replace('yes', 'no'));
    expect(again.split(BEGIN)).toHaveLength(2);
    expect(again.split(END)).toHaveLength(2);
  });
});
