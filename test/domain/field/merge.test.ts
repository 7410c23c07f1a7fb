// The three-way merge of an offline change: what only the device changed applies, what only the server
// changed stays, what both changed differently is a conflict, never a silent overwrite.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mergeFields, sameValue } from '../../../src/domain/field/merge.ts';

describe('mergeFields', () => {
  const base = { address: 'Thôn Nà Phầy', headName: 'Hoàng Văn Đức', isEthnicMinority: true };

  it('applies a field only the device changed', () => {
    const r = mergeFields('household', base, { address: 'Số 5, Nà Phầy' }, base);
    expect(r).toEqual({ apply: { address: 'Số 5, Nà Phầy' }, conflicts: [] });
  });

  it('leaves a field only the server changed, and one both changed alike', () => {
    const server = { ...base, address: 'Số 5, Nà Phầy', headName: 'Hoàng Đức' };
    const r = mergeFields('household', base, { address: 'Số 5, Nà Phầy', headName: 'Hoàng Văn Đức' }, server);
    expect(r).toEqual({ apply: {}, conflicts: [] });
  });

  it('reports a field both changed differently, with the three values', () => {
    const server = { ...base, address: 'Số 9, Nà Phầy' };
    const r = mergeFields('household', base, { address: 'Số 5, Nà Phầy', isEthnicMinority: false }, server);
    expect(r.apply).toEqual({ isEthnicMinority: false });
    expect(r.conflicts).toEqual([
      { path: 'household.address', base: 'Thôn Nà Phầy', device: 'Số 5, Nà Phầy', server: 'Số 9, Nà Phầy' },
    ]);
  });

  it('treats empty text as no value and lists as sets', () => {
    expect(sameValue('', null)).toBe(true);
    expect(sameValue(['water', 'telecom'], ['telecom', 'water'])).toBe(true);
    expect(sameValue(['water'], ['water', 'telecom'])).toBe(false);
    expect(sameValue(0, null)).toBe(false);
  });

  it('never loses a side: every device change is applied, already there, or a conflict', () => {
    const value = fc.oneof(fc.constant(null), fc.constantFrom('a', 'b', 'c'));
    fc.assert(
      fc.property(value, value, value, (b, d, s) => {
        const r = mergeFields('household', { address: b }, { address: d }, { address: s });
        const applied = 'address' in r.apply;
        const conflict = r.conflicts.length === 1;
        if (sameValue(d, b)) return !applied && !conflict;
        if (sameValue(s, b)) return applied && r.apply.address === d && !conflict;
        if (sameValue(s, d)) return !applied && !conflict;
        return !applied && conflict && r.conflicts[0]!.server === s && r.conflicts[0]!.device === d;
      }),
    );
  });
});
