// How long the main thread went without running a timer while some work was under way: a render on a
// thread of its own leaves it free; the same render on the main thread is one stall as long as itself.
import { performance } from 'node:perf_hooks';

export async function withLongestStall<T>(
  work: () => Promise<T>,
): Promise<{ result: T; longest: number; took: number }> {
  let longest = 0;
  let last = performance.now();
  const tick = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 10);
  const started = performance.now();
  try {
    const result = await work();
    // One more timer turn, so that a stall up to the end is measured too.
    await new Promise((r) => setTimeout(r, 20));
    return { result, longest, took: performance.now() - started };
  } finally {
    clearInterval(tick);
  }
}
