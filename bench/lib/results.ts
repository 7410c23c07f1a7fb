// The shape of bench/results.json (issue 14, item 4): one object per benchmark, the ratio computed in the
// direction where higher is better, and the goal read against the ratio when there is a reference, else
// against our own figure.

export type Better = 'higher' | 'lower';

export interface BenchResult {
  name: string;
  /** Households (or rows, or requests) the figure was measured at. */
  n: number;
  ours: number;
  /** The reference engine's figure in the same run, in the same unit; null when there is none. */
  reference: number | null;
  /** ours / reference when higher is better, reference / ours when lower is better; null without a reference. */
  ratio: number | null;
  /** What `ratio` (with a reference) or `ours` (without) should reach; null for a figure shown for context. */
  goal: number | null;
  /** Which direction is better for `ours` and `reference`; a ratio is always better higher. */
  better: Better;
  unit: string;
  /** Whether the goal is met (null when there is no goal). */
  met: boolean | null;
  /** Anything else measured alongside (percentiles, memory, the reference's name…). */
  detail?: Record<string, unknown>;
}

export interface ResultInput {
  name: string;
  n: number;
  ours: number;
  reference?: number | null;
  goal: number | null;
  better: Better;
  unit: string;
  detail?: Record<string, unknown>;
}

const round = (x: number) => (Number.isFinite(x) ? Number(x.toPrecision(4)) : x);

/** ours / reference oriented so that higher is better: a time (lower is better) gives reference / ours. */
export function ratioOf(ours: number, reference: number, better: Better): number | null {
  const [num, den] = better === 'higher' ? [ours, reference] : [reference, ours];
  return den > 0 ? num / den : null;
}

/** Whether the goal is met: by the ratio (always higher-is-better) with a reference, else by ours. */
export function goalMet(
  r: Pick<BenchResult, 'ours' | 'ratio' | 'reference' | 'goal' | 'better'>,
): boolean | null {
  if (r.goal === null) return null;
  if (r.reference !== null) return r.ratio !== null && r.ratio >= r.goal;
  return r.better === 'higher' ? r.ours >= r.goal : r.ours <= r.goal;
}

export function result(input: ResultInput): BenchResult {
  const reference = input.reference ?? null;
  const ratio = reference === null ? null : ratioOf(input.ours, reference, input.better);
  const out: BenchResult = {
    name: input.name,
    n: input.n,
    ours: round(input.ours),
    reference: reference === null ? null : round(reference),
    ratio: ratio === null ? null : round(ratio),
    goal: input.goal,
    better: input.better,
    unit: input.unit,
    met: null,
    ...(input.detail ? { detail: input.detail } : {}),
  };
  out.met = goalMet({ ...out, ratio });
  return out;
}

/** Percentiles of latencies in ms (nearest rank), one decimal. */
export function percentiles(ms: readonly number[]): {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
} {
  const s = [...ms].sort((a, b) => a - b);
  if (!s.length) return { n: 0, p50: NaN, p95: NaN, p99: NaN, max: NaN };
  const q = (p: number) => Number(s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)]!.toFixed(1));
  return { n: s.length, p50: q(0.5), p95: q(0.95), p99: q(0.99), max: Number(s[s.length - 1]!.toFixed(1)) };
}
