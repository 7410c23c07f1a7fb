// Largest-remainder apportionment of an integer by weights, exact (BigInt), so the parts sum to it.

/** A finite non-negative number as an exact decimal fraction num / 10^scale. */
function decimal(x: number): { num: bigint; scale: number } {
  const match = /^(\d+)(?:\.(\d+))?(?:e([+-]\d+))?$/u.exec(String(x));
  if (!match) throw new RangeError(`Weight must be a finite non-negative number, got ${x}`);
  const fraction = match[2] ?? '';
  const scale = fraction.length - Number(match[3] ?? 0);
  const digits = BigInt(`${match[1]}${fraction}`);
  return scale >= 0 ? { num: digits, scale } : { num: digits * 10n ** BigInt(-scale), scale: 0 };
}

/**
 * Splits the integer `total` (≥ 0) in proportion to `weights` (≥ 0, not all zero): each part gets the
 * floor of its exact quota, and the units left over go to the largest remainders (ties: the earlier
 * weight). The parts always sum to `total`. Weights are taken at their exact decimal value.
 */
export function apportion(total: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(total) || total < 0)
    throw new RangeError(`Total must be a non-negative integer, got ${total}`);
  const decimals = weights.map(decimal);
  const scale = Math.max(0, ...decimals.map((d) => d.scale));
  const exact = decimals.map((d) => d.num * 10n ** BigInt(scale - d.scale));
  const sum = exact.reduce((a, b) => a + b, 0n);
  if (sum === 0n) throw new RangeError('At least one weight must be positive');
  const whole = BigInt(total);
  const floors = exact.map((w) => (whole * w) / sum);
  const remainders = exact.map((w) => (whole * w) % sum);
  let left = whole - floors.reduce((a, b) => a + b, 0n);
  const order = remainders
    .map((r, i) => ({ r, i }))
    .sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  for (const { i } of order) {
    if (left === 0n) break;
    floors[i] = (floors[i] as bigint) + 1n;
    left--;
  }
  return floors.map(Number);
}
