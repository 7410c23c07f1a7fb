// Sharing a unit's capital among the units below it by coefficients (hệ số phân bổ), showing the working:
// each child's coefficient and how it was found, its share, its exact part and the rounded amount. The
// parts are whole đồng (or whole steps) by the largest-remainder method, so they sum exactly to the whole.
import { divRound, formatDong, formatHundredths, formatRate, type Lang } from './money.ts';
import type { CoefficientSet } from './programmes.ts';

export class AllocationError extends Error {
  constructor(readonly messages: { vi: string; en: string }) {
    super(messages.en);
    this.name = 'AllocationError';
  }
}

/** How a commune's coefficient was found from the coefficient set (NQ 257/2025/QH15 for 2026–2030). */
export interface CoefficientBasis {
  setId: string;
  citation: string;
  /** The category that gave the commune coefficient: the highest of those it falls in. */
  category: { code: string; name: { vi: string; en: string }; coefficient: number };
  /** Every category given for the commune (only the highest counts). */
  categories: string[];
  extremelyDifficultVillages: number;
  villageCoefficient: number;
}

/**
 * A commune's coefficient: its highest category's coefficient ("a commune takes only its highest
 * coefficient"), plus the village coefficient for each extremely difficult village. No category given
 * means 'other' (xã khác).
 */
export function communeCoefficient(
  set: CoefficientSet,
  input: { categories: readonly string[]; extremelyDifficultVillages: number },
): { coefficient: bigint; basis: CoefficientBasis } {
  const given = input.categories.length ? [...new Set(input.categories)] : ['other'];
  const known = given.map((c) => set.communeCategories.find((k) => k.code === c));
  const unknown = given.filter((_, i) => !known[i]);
  if (unknown.length) {
    const codes = set.communeCategories.map((k) => k.code).join(', ');
    throw new AllocationError({
      vi: `Loại xã không có trong bộ hệ số ${set.id}: ${unknown.join(', ')} (có: ${codes})`,
      en: `Commune categories not in coefficient set ${set.id}: ${unknown.join(', ')} (known: ${codes})`,
    });
  }
  if (!Number.isInteger(input.extremelyDifficultVillages) || input.extremelyDifficultVillages < 0) {
    throw new AllocationError({
      vi: 'Số thôn đặc biệt khó khăn phải là số nguyên không âm',
      en: 'The number of extremely difficult villages must be a whole number ≥ 0',
    });
  }
  const best = known.reduce((a, b) => (b!.coefficient > a!.coefficient ? b : a))!;
  return {
    coefficient:
      BigInt(best.coefficient) + BigInt(input.extremelyDifficultVillages) * BigInt(set.villageCoefficient),
    basis: {
      setId: set.id,
      citation: set.citation,
      category: { code: best.code, name: best.name, coefficient: best.coefficient },
      categories: given,
      extremelyDifficultVillages: input.extremelyDifficultVillages,
      villageCoefficient: set.villageCoefficient,
    },
  };
}

export interface AllocationChild {
  unit: string;
  name?: string;
  coefficient: bigint;
  basis?: CoefficientBasis;
}

export interface AllocationLine {
  unit: string;
  name?: string;
  coefficient: bigint;
  basis?: CoefficientBasis;
  /** coefficient / sum of coefficients, in hundredths of a percent (for display). */
  shareHundredths: bigint;
  /** The exact part before rounding: (total × coefficient) / sum, as whole đồng and a remainder over the sum. */
  exact: { dong: bigint; remainder: bigint; denominator: bigint };
  /** One step added by the largest-remainder rule. */
  roundedUp: boolean;
  amount: bigint;
  working: { vi: string; en: string };
}

export interface Allocation {
  total: bigint;
  step: bigint;
  totalCoefficient: bigint;
  lines: AllocationLine[];
  method: { vi: string; en: string };
}

function basisText(b: CoefficientBasis | undefined, coefficient: bigint, lang: Lang): string {
  if (!b) return lang === 'vi' ? `hệ số ${coefficient}` : `coefficient ${coefficient}`;
  const cat = b.category;
  const among =
    b.categories.length > 1
      ? lang === 'vi'
        ? `, cao nhất trong ${b.categories.join(', ')}`
        : `, highest of ${b.categories.join(', ')}`
      : '';
  const villages =
    b.extremelyDifficultVillages > 0
      ? lang === 'vi'
        ? ` + ${b.extremelyDifficultVillages} thôn đặc biệt khó khăn × ${b.villageCoefficient}`
        : ` + ${b.extremelyDifficultVillages} extremely difficult villages × ${b.villageCoefficient}`
      : '';
  return lang === 'vi'
    ? `hệ số ${cat.coefficient} (${cat.name.vi}${among})${villages} = ${coefficient}`
    : `coefficient ${cat.coefficient} (${cat.name.en}${among})${villages} = ${coefficient}`;
}

/** Exact part in đồng with two decimals, for the working ("358.108.108,11"). */
function exactText(total: bigint, coefficient: bigint, sum: bigint, lang: Lang): string {
  return formatHundredths(divRound(total * coefficient * 100n, sum), lang);
}

/**
 * Shares `total` among children in proportion to their coefficients, in whole `step`s (default 1 đồng):
 * each gets floor(share), then the steps left over go one each to the largest remainders (ties: larger
 * coefficient first, then the order given). The parts always sum to the total.
 */
export function allocate(input: {
  total: bigint;
  step?: bigint;
  children: readonly AllocationChild[];
}): Allocation {
  const step = input.step ?? 1n;
  const { total, children } = input;
  if (step <= 0n)
    throw new AllocationError({ vi: 'Bước làm tròn phải lớn hơn 0', en: 'The step must be more than 0' });
  if (total < 0n)
    throw new AllocationError({ vi: 'Số vốn phân bổ không được âm', en: 'The amount must not be negative' });
  if (total % step !== 0n)
    throw new AllocationError({
      vi: `Số vốn ${total} đồng không chia hết cho bước làm tròn ${step} đồng`,
      en: `The amount ${total} VND is not a multiple of the step ${step} VND`,
    });
  if (children.length === 0)
    throw new AllocationError({ vi: 'Chưa có đơn vị nào để phân bổ', en: 'No units to allocate to' });
  const units = new Set<string>();
  for (const c of children) {
    if (c.coefficient < 0n)
      throw new AllocationError({ vi: `Hệ số của ${c.unit} âm`, en: `${c.unit}: negative coefficient` });
    if (units.has(c.unit))
      throw new AllocationError({ vi: `Đơn vị ${c.unit} lặp lại`, en: `${c.unit} is listed twice` });
    units.add(c.unit);
  }
  const sum = children.reduce((s, c) => s + c.coefficient, 0n);
  if (sum === 0n) throw new AllocationError({ vi: 'Tổng hệ số bằng 0', en: 'The coefficients add up to 0' });

  const steps = total / step;
  const parts = children.map((c, i) => ({
    i,
    q: (steps * c.coefficient) / sum,
    r: (steps * c.coefficient) % sum,
  }));
  let left = steps - parts.reduce((s, p) => s + p.q, 0n);
  const order = [...parts].sort(
    (a, b) =>
      (a.r === b.r ? 0 : a.r > b.r ? -1 : 1) ||
      (children[a.i]!.coefficient === children[b.i]!.coefficient
        ? 0
        : children[a.i]!.coefficient > children[b.i]!.coefficient
          ? -1
          : 1) ||
      a.i - b.i,
  );
  const up = new Set<number>();
  for (const p of order) {
    if (left === 0n) break;
    up.add(p.i);
    left -= 1n;
  }
  const lines = children.map((c, i): AllocationLine => {
    const p = parts[i]!;
    const amount = (p.q + (up.has(i) ? 1n : 0n)) * step;
    const share = divRound(c.coefficient * 10_000n, sum);
    const exactDong = {
      dong: (total * c.coefficient) / sum,
      remainder: (total * c.coefficient) % sum,
      denominator: sum,
    };
    const who = c.name ? `${c.name} (${c.unit})` : c.unit;
    const vi = `${who}: ${basisText(c.basis, c.coefficient, 'vi')}; tỷ trọng ${c.coefficient}/${sum} = ${formatRate(share, 'vi')}%; ${formatDong(total, 'vi')} × ${c.coefficient}/${sum} = ${exactText(total, c.coefficient, sum, 'vi')} → ${formatDong(amount, 'vi')}${up.has(i) ? ` (làm tròn lên ${formatDong(step, 'vi')})` : ''}`;
    const en = `${who}: ${basisText(c.basis, c.coefficient, 'en')}; share ${c.coefficient}/${sum} = ${formatRate(share, 'en')}%; ${formatDong(total, 'en')} × ${c.coefficient}/${sum} = ${exactText(total, c.coefficient, sum, 'en')} → ${formatDong(amount, 'en')}${up.has(i) ? ` (rounded up by ${formatDong(step, 'en')})` : ''}`;
    return {
      unit: c.unit,
      ...(c.name ? { name: c.name } : {}),
      coefficient: c.coefficient,
      ...(c.basis ? { basis: c.basis } : {}),
      shareHundredths: share,
      exact: exactDong,
      roundedUp: up.has(i),
      amount,
      working: { vi, en },
    };
  });
  return {
    total,
    step,
    totalCoefficient: sum,
    lines,
    method: {
      vi: `Mỗi đơn vị nhận phần nguyên của ${formatDong(total, 'vi')} × hệ số / ${sum} (theo bước ${formatDong(step, 'vi')}); phần còn lại chia cho các đơn vị có phần lẻ lớn nhất, mỗi đơn vị một bước, để tổng đúng bằng số vốn.`,
      en: `Each unit gets the whole part of ${formatDong(total, 'en')} × coefficient / ${sum} (in steps of ${formatDong(step, 'en')}); the steps left go one each to the largest remainders, so the parts add up exactly.`,
    },
  };
}
