// The three-way merge of one record: for each field the device changed (its value differs from the
// snapshot's), the server's value now decides. Unchanged on the server since the snapshot → the device's
// value applies; already equal to the device's → nothing to do; otherwise both sides changed it
// differently → a conflict, kept for the commune officer to settle field by field (never a silent
// overwrite). Fields the device did not change are not touched, whatever the server did with them.
import type { ConflictField, FieldValue } from './changes.ts';

export interface MergeResult<F extends string> {
  apply: Partial<Record<F, FieldValue>>;
  conflicts: ConflictField[];
}

/** Equal as recorded values: arrays by their elements in order, '' and null as the same empty value. */
export function sameValue(a: FieldValue | undefined, b: FieldValue | undefined): boolean {
  const norm = (v: FieldValue | undefined) => (v === undefined || v === '' ? null : v);
  const x = norm(a);
  const y = norm(b);
  if (Array.isArray(x) || Array.isArray(y)) {
    if (!Array.isArray(x) || !Array.isArray(y)) return false;
    const xs = [...x].sort();
    const ys = [...y].sort();
    return xs.length === ys.length && xs.every((v, i) => v === ys[i]);
  }
  return x === y;
}

export function mergeFields<F extends string>(
  prefix: string,
  base: Partial<Record<F, FieldValue>>,
  device: Partial<Record<F, FieldValue>>,
  server: Partial<Record<F, FieldValue>>,
): MergeResult<F> {
  const apply: Partial<Record<F, FieldValue>> = {};
  const conflicts: ConflictField[] = [];
  for (const field of Object.keys(device) as F[]) {
    const mine = device[field];
    if (mine === undefined || sameValue(mine, base[field])) continue;
    if (sameValue(server[field], base[field])) apply[field] = mine;
    else if (!sameValue(server[field], mine))
      conflicts.push({ path: `${prefix}.${field}`, base: base[field], device: mine, server: server[field] });
  }
  return { apply, conflicts };
}
