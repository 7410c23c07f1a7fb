// The local counterpart check: local_counterpart / central (investment + recurrent) against the minimum
// share the province set for the period (rules/finance/counterpart-minimum.yaml) — flagged when below, and
// said plainly when the province has not set the parameter yet.
import { divCeil, formatMoney, formatRate, rateHundredths, ratioHundredths, type Ratio } from './money.ts';
import type { SourceCode } from './programmes.ts';

export type CounterpartStatus = 'ok' | 'below_minimum' | 'parameter_missing' | 'no_central_funds';

export interface CounterpartResult {
  status: CounterpartStatus;
  counterpart: bigint;
  central: bigint;
  /** counterpart / central in hundredths of a percent (display only); null without central funds. */
  shareHundredths: bigint | null;
  minimum: { share: string; hundredths: bigint; citation: string; verified: boolean } | null;
  /** The least counterpart that meets the minimum: ceil(central × share), in đồng. */
  required: bigint | null;
  /** required − counterpart when below the minimum. */
  shortfall: bigint | null;
  message: { vi: string; en: string };
}

export interface CounterpartInput {
  province: { code: string; name: string };
  years: { from: number; to: number };
  totals: Partial<Record<SourceCode, bigint>>;
  rule: { numerator: readonly SourceCode[]; denominator: readonly SourceCode[] };
  /** The entry for the province and period (null: none in the file), and its share (null: not set). */
  minimum: {
    entry: { minimumShare: string | null; citation: string; verified: boolean } | null;
    share: Ratio | null;
  };
  parametersFile: string;
}

const sum = (totals: CounterpartInput['totals'], codes: readonly SourceCode[]) =>
  codes.reduce((s, c) => s + (totals[c] ?? 0n), 0n);

export function checkCounterpart(input: CounterpartInput): CounterpartResult {
  const counterpart = sum(input.totals, input.rule.numerator);
  const central = sum(input.totals, input.rule.denominator);
  const share = rateHundredths(counterpart, central);
  const period =
    input.years.from === input.years.to ? `${input.years.from}` : `${input.years.from}–${input.years.to}`;
  const who = `${input.province.name} (${input.province.code})`;
  const { entry, share: minimum } = input.minimum;
  const shown = (lang: 'vi' | 'en') =>
    `${formatMoney(counterpart, lang)} / ${formatMoney(central, lang)}${share === null ? '' : ` = ${formatRate(share, lang)}%`}`;
  if (!entry || !minimum) {
    return {
      status: 'parameter_missing',
      counterpart,
      central,
      shareHundredths: share,
      minimum: null,
      required: null,
      shortfall: null,
      message: {
        vi: `Chưa có tỷ lệ vốn đối ứng tối thiểu của ${who} cho ${period}: tỉnh cần đặt giá trị (kèm nghị quyết HĐND) trong ${input.parametersFile}. Vốn đối ứng / vốn trung ương: ${shown('vi')}.`,
        en: `No minimum counterpart share is set for ${who}, ${period}: the province must set it (with its council resolution) in ${input.parametersFile}. Counterpart / central: ${shown('en')}.`,
      },
    };
  }
  const min = {
    share: entry.minimumShare!,
    hundredths: ratioHundredths(minimum),
    citation: entry.citation,
    verified: entry.verified,
  };
  if (central === 0n) {
    return {
      status: 'no_central_funds',
      counterpart,
      central,
      shareHundredths: null,
      minimum: min,
      required: 0n,
      shortfall: null,
      message: {
        vi: `${who}, ${period}: chưa có vốn ngân sách trung ương nên chưa xét tỷ lệ đối ứng.`,
        en: `${who}, ${period}: no central funds, so the counterpart share does not apply.`,
      },
    };
  }
  const required = divCeil(central * minimum.num, minimum.den);
  // Exact comparison: counterpart / central < num / den  ⇔  counterpart × den < central × num.
  const below = counterpart * minimum.den < central * minimum.num;
  const minText = (lang: 'vi' | 'en') => `${formatRate(min.hundredths, lang)}%`;
  return {
    status: below ? 'below_minimum' : 'ok',
    counterpart,
    central,
    shareHundredths: share,
    minimum: min,
    required,
    shortfall: below ? required - counterpart : null,
    message: below
      ? {
          vi: `${who}, ${period}: vốn đối ứng ${shown('vi')}, thấp hơn mức tối thiểu ${minText('vi')} (${min.citation}); cần thêm ${formatMoney(required - counterpart, 'vi')}.`,
          en: `${who}, ${period}: counterpart ${shown('en')}, below the minimum ${minText('en')} (${min.citation}); ${formatMoney(required - counterpart, 'en')} short.`,
        }
      : {
          vi: `${who}, ${period}: vốn đối ứng ${shown('vi')}, đạt mức tối thiểu ${minText('vi')} (${min.citation}).`,
          en: `${who}, ${period}: counterpart ${shown('en')}, meeting the minimum ${minText('en')} (${min.citation}).`,
        },
  };
}
