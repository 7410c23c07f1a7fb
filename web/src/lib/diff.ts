// Before → after of an audit entry: which fields changed (pure; the component renders it).
export interface DiffLine {
  key: string;
  from?: unknown;
  to?: unknown;
  kind: 'changed' | 'added' | 'removed';
}

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  !!v && typeof v === 'object' && !Array.isArray(v);
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The lines worth showing: changed keys (the version counter only when nothing else changed). */
export function diffLines(before: unknown, after: unknown): DiffLine[] {
  if (!isRecord(before) && !isRecord(after)) {
    if (before === null || before === undefined)
      return after == null ? [] : [{ key: '', to: after, kind: 'added' }];
    return same(before, after) ? [] : [{ key: '', from: before, to: after, kind: 'changed' }];
  }
  const b = isRecord(before) ? before : {};
  const a = isRecord(after) ? after : {};
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  const lines: DiffLine[] = [];
  for (const key of keys) {
    const inB = key in b && isRecord(before);
    const inA = key in a && isRecord(after);
    if (inB && inA) {
      if (!same(b[key], a[key])) lines.push({ key, from: b[key], to: a[key], kind: 'changed' });
    } else if (inA) {
      lines.push({ key, to: a[key], kind: 'added' });
    } else if (inB) {
      lines.push({ key, from: b[key], kind: 'removed' });
    }
  }
  const withoutVersion = lines.filter((l) => l.key !== 'version');
  return withoutVersion.length ? withoutVersion : lines;
}
