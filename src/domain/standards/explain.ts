// Puts a verdict into words a village meeting understands, in Vietnamese and English, citing each rule.
import { formatNumber, type Lang } from '../format/numbers.ts';
import type { Bilingual, HouseholdClass, LineName, Standard, Verdict, VerdictStep } from './types.ts';

const AREA: Record<Lang, Record<'rural' | 'urban', string>> = {
  vi: { rural: 'nông thôn', urban: 'thành thị' },
  en: { rural: 'rural', urban: 'urban' },
};

const LINE: Record<Lang, Record<LineName, string>> = {
  vi: { povertyLine: 'chuẩn nghèo', nearPoorLine: 'chuẩn cận nghèo', middleUpperLine: 'mức sống trung bình' },
  en: {
    povertyLine: 'poverty line',
    nearPoorLine: 'near-poor line',
    middleUpperLine: 'average-living-standard line',
  },
};

const SCORE_CUTOFF: Record<Lang, Record<LineName, string>> = {
  vi: {
    povertyLine: 'ngưỡng điểm nghèo',
    nearPoorLine: 'ngưỡng điểm cận nghèo',
    middleUpperLine: 'ngưỡng điểm trung bình',
  },
  en: {
    povertyLine: 'poverty score cut-off',
    nearPoorLine: 'near-poor score cut-off',
    middleUpperLine: 'average score cut-off',
  },
};

export const CLASS_NAMES: Record<HouseholdClass, Bilingual> = {
  poor: { vi: 'hộ nghèo', en: 'poor household' },
  near_poor: { vi: 'hộ cận nghèo', en: 'near-poor household' },
  middle: { vi: 'hộ có mức sống trung bình', en: 'household with an average living standard' },
  not_poor: { vi: 'hộ không nghèo', en: 'not poor' },
};

function measureText(v: Verdict, lang: Lang): string {
  if (v.measure.kind === 'income') {
    const n = formatNumber(v.measure.incomePerCapita, lang);
    return lang === 'vi' ? `Thu nhập bình quân ${n} đồng/người/tháng` : `Income per person ${n} VND/month`;
  }
  const n = formatNumber(v.measure.scoreA, lang);
  return lang === 'vi' ? `Điểm thu nhập (phần B1) ${n} điểm` : `Income score (part B1) ${n} points`;
}

function thresholdText(v: Verdict, line: LineName, value: number, lang: Lang): string {
  const n = formatNumber(value, lang);
  const unit =
    v.measure.kind === 'income' ? (lang === 'vi' ? 'đồng' : 'VND') : lang === 'vi' ? 'điểm' : 'points';
  const names = v.measure.kind === 'income' ? LINE : SCORE_CUTOFF;
  return lang === 'vi'
    ? `${names.vi[line]} ${AREA.vi[v.area]} ${n} ${unit}`
    : `${AREA.en[v.area]} ${names.en[line]} ${n} ${unit}`;
}

function citationOf(step: VerdictStep, lang: Lang): string {
  return lang === 'vi' ? step.threshold.citation : step.threshold.citationEn;
}

function sentence(standard: Standard, v: Verdict, lang: Lang): string {
  const measureSteps = v.steps.filter((s) => s.kind === 'measure_at_or_below' || s.kind === 'measure_above');
  const deficitStep = v.steps.find((s) => s.kind === 'deficits_at_least' || s.kind === 'deficits_below');
  const parts: string[] = [];
  const comparisons = measureSteps.map((s) => {
    const sign = s.kind === 'measure_at_or_below' ? '≤' : '>';
    return `${sign} ${thresholdText(v, s.line as LineName, s.threshold.value, lang)}`;
  });
  const lastMeasure = measureSteps[measureSteps.length - 1];
  const and = lang === 'vi' ? ' và ' : ' and ';
  let measurePart = `${measureText(v, lang)} ${comparisons.join(and)}`;
  if (lastMeasure) measurePart += ` (${citationOf(lastMeasure, lang)})`;
  parts.push(measurePart);
  if (deficitStep) {
    const sign = deficitStep.kind === 'deficits_at_least' ? '≥' : '<';
    const k = formatNumber(deficitStep.threshold.value, lang);
    let text =
      lang === 'vi'
        ? `thiếu hụt ${v.deficitCount}/${v.indicatorCount} chỉ số (${sign} ${k})`
        : `${v.deficitCount} of ${v.indicatorCount} indicators deficient (${sign} ${k})`;
    if (lastMeasure && citationOf(deficitStep, lang) !== citationOf(lastMeasure, lang)) {
      text += ` (${citationOf(deficitStep, lang)})`;
    }
    parts.push(text);
  }
  const result = v.class === 'not_poor' ? notPoorText(v, lang) : CLASS_NAMES[v.class][lang];
  let out = `${parts.join(and)} → ${result}`;
  if (v.deficits.length > 0) {
    const names = v.deficits.map((code) => {
      const ind = standard.indicators.find((i) => i.code === code);
      return ind ? ind.name[lang] : code;
    });
    out += lang === 'vi' ? `. Chỉ số thiếu hụt: ${names.join('; ')}.` : `. Deficits: ${names.join('; ')}.`;
  } else {
    out += '.';
  }
  return out;
}

function notPoorText(v: Verdict, lang: Lang): string {
  const hasMiddle = v.steps.some((s) => 'line' in s && s.line === 'middleUpperLine');
  if (lang === 'vi') {
    return hasMiddle
      ? 'không thuộc hộ nghèo, hộ cận nghèo, hộ có mức sống trung bình'
      : 'không thuộc hộ nghèo, hộ cận nghèo';
  }
  return hasMiddle ? 'not poor, near-poor or of average living standard' : 'neither poor nor near-poor';
}

export function explain(standard: Standard, verdict: Verdict): Bilingual {
  return { vi: sentence(standard, verdict, 'vi'), en: sentence(standard, verdict, 'en') };
}
