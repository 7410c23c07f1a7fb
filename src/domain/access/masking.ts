// Masks personal data for roles that do not need it: the last digits stay, enough to tell people apart.
export function maskTail(value: string | null | undefined, keep = 3): string | null {
  if (value === null || value === undefined || value === '') return value ?? null;
  if (value.length <= keep) return '*'.repeat(value.length);
  return '*'.repeat(value.length - keep) + value.slice(-keep);
}

export const MASKED = '***';

/**
 * An assessment's explanation for a role that sees the income masked: the household's own income per person
 * (the measure the explanation opens with, src/domain/standards/explain.ts) replaced by ***; the lines it is
 * compared with are public law and stay.
 */
export function maskIncomeInExplanation(text: { vi: string; en: string }): { vi: string; en: string } {
  return {
    vi: text.vi.replace(/(Thu nhập bình quân )[\d.]+( đồng\/người\/tháng)/g, `$1${MASKED}$2`),
    en: text.en.replace(/(Income per person )[\d,]+( VND\/month)/g, `$1${MASKED}$2`),
  };
}
