// The generated part of bench/RESULTS.md: the machine, the load during the run and one line per result.
import type { BenchResult } from './results.ts';

export interface Machine {
  date: string;
  mode: 'quick' | 'full';
  cpus: number;
  cpuModel: string;
  memoryGiB: number;
  node: string;
  postgres: string | null;
  citus: string | null;
  load: { min: number; mean: number; max: number };
  seconds: number;
  notes: string[];
}

export const BEGIN = '<!-- bench/run.ts: generated from here -->';
export const END = '<!-- bench/run.ts: generated up to here -->';

/** Vietnamese number format: 1.234.567 and 0,53. */
export function vn(x: number | null | undefined, digits?: number): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '—';
  const d = digits ?? (Math.abs(x) >= 100 ? 0 : Math.abs(x) >= 10 ? 1 : Math.abs(x) >= 1 ? 2 : 3);
  const [int, frac] = x.toFixed(d).split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/gu, '.');
  return frac ? `${grouped},${frac}` : grouped;
}

export function renderSummary(results: readonly BenchResult[], m: Machine): string {
  const lines = [
    BEGIN,
    `## Lần chạy gần nhất / latest run (\`npm run bench${m.mode === 'quick' ? ' -- --quick' : ''}\`, ${m.date})`,
    '',
    `Máy / machine: ${m.cpus} CPU (${m.cpuModel}), ${m.memoryGiB} GiB, node ${m.node}, PostgreSQL ${m.postgres ?? '—'}` +
      `${m.citus ? `, Citus coordinator PostgreSQL ${m.citus}` : ''}; tải trung bình (1 phút) trong lúc chạy / load average ` +
      `during the run: min ${vn(m.load.min, 1)}, trung bình / mean ${vn(m.load.mean, 1)}, max ${vn(m.load.max, 1)}; ` +
      `${vn(m.seconds, 0)} s.`,
    '',
    '| benchmark | n | ours | reference | ratio | goal | met | unit |',
    '|---|---:|---:|---:|---:|---:|:-:|---|',
    ...results.map(
      (r) =>
        `| ${r.name} | ${vn(r.n, 0)} | ${vn(r.ours)} | ${vn(r.reference)} | ${vn(r.ratio)} | ` +
        `${r.goal === null ? '—' : `${r.reference === null ? (r.better === 'lower' ? '≤' : '≥') : 'ratio ≥'} ${String(r.goal).replace('.', ',')}`} | ` +
        `${r.met === null ? '' : r.met ? 'yes' : '**no**'} | ${r.unit} |`,
    ),
    '',
    ...(m.notes.length ? ['Lỗi / failures:', ...m.notes.map((n) => `- ${n}`), ''] : []),
    'Ratio: ours / reference where higher is better (rates), reference / ours where lower is better (times); ' +
      'the goal applies to the ratio when there is a reference, else to ours. Details per result in ' +
      '`bench/results.json` (`detail`).',
    END,
  ];
  return lines.join('\n');
}

/** RESULTS.md with the generated part replaced (or inserted after the title when absent). */
export function replaceGenerated(md: string, summary: string): string {
  const a = md.indexOf(BEGIN);
  const b = md.indexOf(END);
  if (a !== -1 && b > a) return md.slice(0, a) + summary + md.slice(b + END.length);
  const title = md.indexOf('\n');
  return `${md.slice(0, title + 1)}\n${summary}\n${md.slice(title + 1)}`;
}
