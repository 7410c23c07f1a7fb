// Masks personal data for roles that do not need it: the last digits stay, enough to tell people apart.
export function maskTail(value: string | null | undefined, keep = 3): string | null {
  if (value === null || value === undefined || value === '') return value ?? null;
  if (value.length <= keep) return '*'.repeat(value.length);
  return '*'.repeat(value.length - keep) + value.slice(-keep);
}

export const MASKED = '***';
