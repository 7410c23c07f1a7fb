// The disbursement sentence of provincial reports, in Vietnamese and English:
// "Tính đến hết ngày 31/5/2024, tỉnh đã thực hiện giải ngân được 478,93/760,8 tỷ đồng, đạt 62,95% kế hoạch."
import { formatRate, rateHundredths, scaledNumber, scaleFor, unitWord } from './money.ts';

/** What a unit is called in a sentence, by its legal kind (src/domain/geography/unit-kind.ts). */
const SUBJECT: Record<string, { vi: string; en: string }> = {
  tinh: { vi: 'tỉnh', en: 'the province' },
  thanh_pho_tw: { vi: 'thành phố', en: 'the city' },
  huyen: { vi: 'huyện', en: 'the district' },
  quan: { vi: 'quận', en: 'the district' },
  thi_xa: { vi: 'thị xã', en: 'the town' },
  thanh_pho: { vi: 'thành phố', en: 'the city' },
  xa: { vi: 'xã', en: 'the commune' },
  phuong: { vi: 'phường', en: 'the ward' },
  thi_tran: { vi: 'thị trấn', en: 'the township' },
  dac_khu: { vi: 'đặc khu', en: 'the special zone' },
};

const MONTHS_EN = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** '2024-05-31' → "31/5/2024" (as reports write it) and "31 May 2024". */
export function reportDate(iso: string): { vi: string; en: string } {
  const [y, m, d] = [iso.slice(0, 4), Number(iso.slice(5, 7)), Number(iso.slice(8, 10))];
  return { vi: `${d}/${m}/${y}`, en: `${d} ${MONTHS_EN[m - 1]} ${y}` };
}

export function disbursementSentence(input: {
  at: string;
  unitKind: string;
  plan: bigint;
  disbursed: bigint;
}): { vi: string; en: string } {
  const subject = SUBJECT[input.unitKind] ?? { vi: 'đơn vị', en: 'the unit' };
  const date = reportDate(input.at);
  const rate = rateHundredths(input.disbursed, input.plan);
  if (rate === null) {
    return {
      vi: `Tính đến hết ngày ${date.vi}, ${subject.vi} chưa có kế hoạch vốn được giao.`,
      en: `By the end of ${date.en}, ${subject.en} had no capital plan.`,
    };
  }
  // Both amounts in the plan's scale, as reports print them ("478,93/760,8 tỷ đồng").
  const scale = scaleFor(input.plan);
  return {
    vi: `Tính đến hết ngày ${date.vi}, ${subject.vi} đã thực hiện giải ngân được ${scaledNumber(input.disbursed, scale, 'vi')}/${scaledNumber(input.plan, scale, 'vi')} ${unitWord(scale, 'vi')}, đạt ${formatRate(rate, 'vi')}% kế hoạch.`,
    en: `By the end of ${date.en}, ${subject.en} had disbursed ${scaledNumber(input.disbursed, scale, 'en')} of ${scaledNumber(input.plan, scale, 'en')} ${unitWord(scale, 'en')}, ${formatRate(rate, 'en')}% of the plan.`,
  };
}
