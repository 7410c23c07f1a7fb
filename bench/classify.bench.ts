// Households classified per second in-process, from codes and from facts, on generated households.
// A benchmark, not a test: run `npm run bench` (N=1000000 by default; BENCH_N to change) and record the
// numbers in bench/RESULTS.md. The reference in the same run is JSON round-tripping of the same inputs,
// so ratios stay comparable across machines.
import { cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { assess, parseAssessment } from '../src/domain/standards/assessment.ts';
import { loadRuleBook } from '../src/rules-loader/load-rule-book.ts';
import { householdFacts, rng } from '../test/support/households.ts';

const N = Number(process.env.BENCH_N ?? 1_000_000);
const book = loadRuleBook();
const nd07 = book.standards.get('ND07_2021')!;
const codes = nd07.indicators.map((i) => i.code);
const random = rng(20261122);

function pickDeficits(): string[] {
  return codes.filter(() => random() < 0.2);
}

const withCodes = Array.from({ length: N }, (_, i) => ({
  id: `h${i}`,
  standard: 'ND07_2021',
  area: random() < 0.8 ? 'rural' : 'urban',
  incomePerCapita: Math.floor(random() * 3_500_000),
  deficits: pickDeficits(),
}));
// Facts: a pool of distinct households reused round-robin (building 1 M fact objects would measure the generator).
const pool = Array.from({ length: 2000 }, () => ({ ...householdFacts(pickDeficits(), '2025-10-01') }));
const withFacts = withCodes.map((h, i) => {
  const f = pool[i % pool.length]!;
  return { id: h.id, standard: h.standard, area: h.area, incomePerCapita: h.incomePerCapita, ...f };
});

function time(label: string, inputs: unknown[], work: (x: unknown) => unknown): number {
  const t0 = performance.now();
  let sink = 0;
  for (const x of inputs) if (work(x)) sink++;
  const ms = performance.now() - t0;
  const rate = (inputs.length / ms) * 1000;
  console.log(
    `${label.padEnd(44)} ${ms.toFixed(0).padStart(7)} ms  ${Math.round(rate).toLocaleString('en-US').padStart(12)} /s  (${sink})`,
  );
  return rate;
}

const classifyOne = (x: unknown) => {
  const req = parseAssessment(book, x);
  return req.ok && assess(book, req.value).ok;
};

console.log(
  `node ${process.version}, ${cpus()[0]?.model} × ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB; N = ${N.toLocaleString('en-US')}`,
);
const ref = time('reference: JSON.stringify + JSON.parse', withCodes, (x) => JSON.parse(JSON.stringify(x)));
const fromCodes = time('classify + explain, deficits from codes', withCodes, classifyOne);
const fromFacts = time('classify + explain, deficits from facts', withFacts, classifyOne);
console.log(
  `ratio to reference: codes ${(fromCodes / ref).toFixed(2)}, facts ${(fromFacts / ref).toFixed(2)}`,
);
