// Start-up time of the `giamngheo` command: the esbuild bundle (dist/cli/) against the TypeScript sources
// through tsx, for light commands. A benchmark, not a test: run `npm run bench:cli` (BENCH_RUNS=15 runs
// of each by default) and record the numbers in bench/RESULTS.md. The reference in the same run is
// `node -e ''`, the start-up of Node itself, so ratios stay comparable across machines.
// The bundle is rebuilt first, so it matches the sources. Runs are interleaved (one of each in turn) so
// that a change of load on a shared machine touches every variant alike; each variant is run once before
// measuring (tsx's transpile cache is therefore warm: the first run after an edit is slower).
import { spawnSync } from 'node:child_process';
import { cpus, totalmem } from 'node:os';
import { performance } from 'node:perf_hooks';
import { buildCli, changedSince, ROOT } from '../scripts/build-cli.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 15);
const NPX_RUNS = Math.max(3, Math.round(RUNS / 3));

interface Variant {
  label: string;
  command: string;
  args: string[];
  env?: Record<string, string>;
  runs: number;
}

const node = process.execPath;
const bin = 'bin/giamngheo.js';
const variants: Variant[] = [{ label: "reference: node -e ''", command: node, args: ['-e', ''], runs: RUNS }];
for (const args of [['--help'], ['standards', 'list']]) {
  const shown = `giamngheo ${args.join(' ')}`;
  variants.push(
    { label: `${shown}, bundle (stamp checked)`, command: node, args: [bin, ...args], runs: RUNS },
    {
      label: `${shown}, bundle (GIAMNGHEO_CLI=dist)`,
      command: node,
      args: [bin, ...args],
      env: { GIAMNGHEO_CLI: 'dist' },
      runs: RUNS,
    },
    {
      label: `${shown}, tsx (GIAMNGHEO_CLI=tsx)`,
      command: node,
      args: [bin, ...args],
      env: { GIAMNGHEO_CLI: 'tsx' },
      runs: RUNS,
    },
  );
}
// npx's own start-up (npm) beside the command through npx.
variants.push(
  { label: 'reference: npx --version', command: 'npx', args: ['--version'], runs: NPX_RUNS },
  {
    label: 'npx giamngheo --help, bundle (stamp checked)',
    command: 'npx',
    args: ['giamngheo', '--help'],
    runs: NPX_RUNS,
  },
);

function once(v: Variant): number {
  const t0 = performance.now();
  const r = spawnSync(v.command, v.args, {
    cwd: ROOT,
    env: { ...process.env, ...v.env },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const ms = performance.now() - t0;
  if (r.status !== 0 || r.error)
    throw new Error(`${v.label}: exit ${r.status} ${r.error ?? ''}\n${r.stderr}`);
  return ms;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

console.log(
  `node ${process.version}, ${cpus()[0]?.model} × ${cpus().length}, ${Math.round(totalmem() / 2 ** 30)} GiB; ${RUNS} runs each (npx ${NPX_RUNS})`,
);
const { stamp, ms } = await buildCli();
console.log(`build: ${Object.keys(stamp.inputs).length} source files in ${Math.round(ms)} ms`);

for (const v of variants) once(v); // warm-up: disk cache, tsx's transpile cache
const times = new Map<Variant, number[]>(variants.map((v) => [v, []]));
for (let i = 0; i < RUNS; i++) for (const v of variants) if (i < v.runs) times.get(v)!.push(once(v));

const ref = median(times.get(variants[0]!)!);
for (const v of variants) {
  const xs = times.get(v)!;
  const m = median(xs);
  console.log(
    `${v.label.padEnd(52)} median ${m.toFixed(0).padStart(5)} ms  (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})  × ${(m / ref).toFixed(1)} reference`,
  );
}
const changed = changedSince(stamp);
if (changed.length)
  console.log(
    `warning: ${changed.join(', ')} changed during the run: "stamp checked" runs after the change used tsx`,
  );
