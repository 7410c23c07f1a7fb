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

/** Fields of recorded changes that hold personal data, as the registry and the assessments name them. */
const PERSONAL_FIELDS = new Set(['nationalId', 'phone']);
const INCOME_FIELDS = new Set(['incomePerCapita']);

/** Every string inside masked as a national ID or a phone (a conflict's { device, server } pair). */
function maskDeep(v: unknown): unknown {
  if (typeof v === 'string') return maskTail(v);
  if (Array.isArray(v)) return v.map(maskDeep);
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, maskDeep(x)]));
  return v;
}

/**
 * A recorded change (an audit entry's before or after) as a role without access to personal data may read
 * it: national IDs and phone numbers masked like everywhere else, incomes hidden, at any depth.
 */
export function maskRecordedChange(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(maskRecordedChange);
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => {
      // A sync conflict names its fields by path (member.2.phone, assessment.incomePerCapita).
      const field = k.slice(k.lastIndexOf('.') + 1);
      if (PERSONAL_FIELDS.has(field)) return [k, typeof v === 'string' ? maskTail(v) : maskDeep(v)];
      if (INCOME_FIELDS.has(field)) return [k, v === null || v === undefined ? v : MASKED];
      return [k, maskRecordedChange(v)];
    }),
  );
}
