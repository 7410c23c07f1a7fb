// A standard's lines must rise: poverty ≤ near-poor ≤ average living standard, in each area.
import type { Parameter, Standard } from './types.ts';

export function checkLineOrder(s: Standard, path: string, problems: string[]): void {
  for (const area of ['rural', 'urban'] as const) {
    const chain = [
      s.parameters.povertyLine[area],
      s.parameters.nearPoorLine?.[area],
      s.parameters.middleUpperLine?.[area],
    ]
      .filter((x): x is Parameter => x !== undefined)
      .map((x) => x.value);
    for (let i = 1; i < chain.length; i++) {
      if (chain[i]! < chain[i - 1]!) {
        problems.push(
          `${path}: các chuẩn ${area} phải tăng dần / ${area} lines must increase: ${chain.join(' ≤ ')}`,
        );
      }
    }
  }
}
