// What the runner (bench/run.ts) hands every benchmark.
export interface BenchContext {
  quick: boolean;
  /** A PostgreSQL server to create scratch databases on (postgres://…/postgres), if any. */
  postgresUrl?: string;
  /** A database already filled by bench/data/generate.ts (full mode: 1 M households), if any. */
  filledUrl?: string;
  /** The coordinator of a Citus cluster filled by generate.ts, if any. */
  citusUrl?: string;
  /** A directory for generated files. */
  tmp: string;
  log: (line: string) => void;
}

export const time = async <T>(f: () => Promise<T>): Promise<[T, number]> => {
  const t0 = performance.now();
  const out = await f();
  return [out, performance.now() - t0];
};

export const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
