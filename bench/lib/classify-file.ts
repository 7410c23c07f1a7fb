// The in-process side of the classify benchmark: NDJSON households read in chunks, each line parsed and
// checked as `giamngheo classify` checks it (parseAssessment), classed by the rule book's standard
// (classOfRequest: the same rule as assess, compiled once per standard) and counted by commune and class.
// A file is cut into byte ranges on line ends, one per worker thread, and the counts are added up.
import { createReadStream, statSync, openSync, readSync, closeSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { classOfRequest, parseAssessment } from '../../src/domain/standards/assessment.ts';
import { HOUSEHOLD_CLASSES, type HouseholdClass, type RuleBook } from '../../src/domain/standards/types.ts';

/** Counts by commune: poor, near-poor, middle, not poor (HOUSEHOLD_CLASSES order). */
export type Counts = Map<string, number[]>;
export interface Classified {
  counts: Counts;
  invalid: number;
}
const CLASS_INDEX: Record<HouseholdClass, number> = { poor: 0, near_poor: 1, middle: 2, not_poor: 3 };

/**
 * One byte range [start, end) of the file, whose start is a line's first byte. Lines are cut with indexOf
 * inside each 1 MiB chunk (no split into an array); invalid lines are counted, not thrown.
 */
export async function classifyRange(
  book: RuleBook,
  path: string,
  start = 0,
  end = Infinity,
): Promise<Classified> {
  const counts: Counts = new Map();
  let invalid = 0;
  const line = (text: string) => {
    let raw: { commune?: unknown };
    try {
      raw = JSON.parse(text) as { commune?: unknown };
    } catch {
      invalid++;
      return;
    }
    const req = parseAssessment(book, raw);
    const cls = req.ok ? classOfRequest(book, req.value) : req;
    if (!cls.ok || typeof raw.commune !== 'string') {
      invalid++;
      return;
    }
    let row = counts.get(raw.commune);
    if (!row) counts.set(raw.commune, (row = [0, 0, 0, 0]));
    row[CLASS_INDEX[cls.value]]!++;
  };
  let carry = '';
  const stream = createReadStream(path, {
    encoding: 'utf8',
    highWaterMark: 1 << 20,
    start,
    ...(Number.isFinite(end) ? { end: end - 1 } : {}),
  });
  for await (const chunk of stream) {
    const text = carry + (chunk as string);
    let from = 0;
    let nl: number;
    while ((nl = text.indexOf('\n', from)) !== -1) {
      if (nl > from) line(text.slice(from, nl));
      from = nl + 1;
    }
    carry = text.slice(from);
  }
  if (carry.trim()) line(carry);
  return { counts, invalid };
}

/** Byte offsets cutting the file into `parts` ranges, each starting right after a newline. */
export function lineRanges(path: string, parts: number): [number, number][] {
  const size = statSync(path).size;
  const cuts = [0];
  const fd = openSync(path, 'r');
  const buf = Buffer.alloc(64 * 1024);
  try {
    for (let p = 1; p < parts; p++) {
      let at = Math.max(cuts[cuts.length - 1]!, Math.floor((size * p) / parts));
      for (;;) {
        const read = readSync(fd, buf, 0, buf.length, at);
        if (read === 0) {
          at = size;
          break;
        }
        const nl = buf.subarray(0, read).indexOf(10);
        if (nl !== -1) {
          at += nl + 1;
          break;
        }
        at += read;
      }
      cuts.push(at);
    }
  } finally {
    closeSync(fd);
  }
  cuts.push(size);
  return cuts
    .slice(0, -1)
    .map((s, i) => [s, cuts[i + 1]!] as [number, number])
    .filter(([s, e]) => e > s);
}

export function addCounts(into: Classified, more: Classified): Classified {
  into.invalid += more.invalid;
  for (const [commune, row] of more.counts) {
    const mine = into.counts.get(commune);
    if (!mine) into.counts.set(commune, [...row]);
    else for (let i = 0; i < 4; i++) mine[i]! += row[i]!;
  }
  return into;
}

/**
 * The file classified by `threads` worker threads (each loads the rule book once: `startWorkers` before
 * timing), or in this thread when `threads` is 1.
 */
export interface Pool {
  run(path: string): Promise<Classified>;
  close(): Promise<void>;
}
export async function startWorkers(book: RuleBook, threads: number): Promise<Pool> {
  if (threads <= 1) return { run: (path) => classifyRange(book, path), close: async () => {} };
  const workers = await Promise.all(
    Array.from({ length: threads }, async () => {
      const w = new Worker(new URL('./classify-worker.mjs', import.meta.url));
      await new Promise((ok, fail) => w.once('message', ok).once('error', fail)); // the rule book is loaded
      return w;
    }),
  );
  return {
    async run(path) {
      const ranges = lineRanges(path, workers.length);
      const parts = await Promise.all(
        ranges.map(
          ([start, end], i) =>
            new Promise<Classified>((ok, fail) => {
              const w = workers[i]!;
              w.once('message', ok).once('error', fail);
              w.postMessage({ path, start, end });
            }),
        ),
      );
      return parts.reduce(addCounts, { counts: new Map(), invalid: 0 });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}

export const classNames = HOUSEHOLD_CLASSES;
