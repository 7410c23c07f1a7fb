// The deficit profile a roll-up keeps: Alkire–Foster on the profile equals Alkire–Foster on the
// households themselves, profiles add up like the households they count, and flows add field by field.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alkireFoster } from '../../../src/domain/measures/alkire-foster.ts';
import {
  addProfiles,
  alkireFosterOfProfile,
  householdsIn,
  indicatorHeadcounts,
  profileOf,
} from '../../../src/domain/measures/deficit-profile.ts';
import { addFlowTotals, flowTotalsOf } from '../../../src/domain/measures/flow-totals.ts';

const CODES = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', 'l'];
const household = fc.record({
  finalClass: fc.constantFrom('poor', 'near_poor', 'not_poor', 'middle', null),
  deficits: fc.uniqueArray(fc.constantFrom(...CODES), { maxLength: CODES.length }),
});
const households = fc.array(household, { maxLength: 60 });

describe('deficit profile', () => {
  it('Alkire–Foster of the profile equals Alkire–Foster of the households, for any k', () => {
    fc.assert(
      fc.property(households, fc.integer({ min: 1, max: 12 }), (hh, k) => {
        const direct = alkireFoster(
          hh.map((h) => h.deficits),
          CODES,
          k,
        );
        const viaProfile = alkireFosterOfProfile(profileOf(hh), CODES, k);
        expect([viaProfile.n, viaProfile.q]).toEqual([direct.n, direct.q]);
        for (const key of ['H', 'A', 'M0'] as const) expect(viaProfile[key]).toBeCloseTo(direct[key], 12);
        for (const c of CODES) {
          expect(viaProfile.indicators[c]!.censoredHeadcount).toBeCloseTo(
            direct.indicators[c]!.censoredHeadcount,
            12,
          );
          expect(viaProfile.indicators[c]!.contribution).toBeCloseTo(direct.indicators[c]!.contribution, 12);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('addProfiles is additive: the sum of parts is the profile of the whole', () => {
    fc.assert(
      fc.property(fc.array(households, { maxLength: 5 }), (parts) => {
        const summed = addProfiles(parts.map(profileOf));
        expect(summed).toEqual(profileOf(parts.flat()));
        expect(householdsIn(summed)).toBe(parts.flat().length);
        // The inputs are left as they were.
        expect(parts.map(profileOf)).toEqual(parts.map(profileOf));
      }),
      { numRuns: 200 },
    );
  });

  it('per-indicator headcounts among the poor and among all (by hand)', () => {
    const p = profileOf([
      { finalClass: 'poor', deficits: ['a', 'b', 'a'] },
      { finalClass: 'poor', deficits: ['a'] },
      { finalClass: 'near_poor', deficits: ['b'] },
      { finalClass: null, deficits: [] },
    ]);
    expect(indicatorHeadcounts(p, ['a', 'b'], ['poor'])).toEqual([
      { indicator: 'a', households: 2, share: 1 },
      { indicator: 'b', households: 1, share: 0.5 },
    ]);
    expect(indicatorHeadcounts(p, ['a', 'b']).map((x) => x.share)).toEqual([0.5, 0.5]);
    expect(indicatorHeadcounts({}, ['a'])).toEqual([{ indicator: 'a', households: 0, share: null }]);
  });
});

describe('flow totals', () => {
  const results = [
    { previousClass: 'poor', finalClass: 'poor', transition: 'unchanged' },
    { previousClass: 'near_poor', finalClass: 'poor', transition: 're_poor' },
    { previousClass: null, finalClass: 'poor', transition: 'new_poor' },
    { previousClass: 'poor', finalClass: 'near_poor', transition: 'escaped_to_near_poor' },
    { previousClass: 'poor', finalClass: null, transition: 'moved_out' },
    { previousClass: 'near_poor', finalClass: 'not_poor', transition: 'escaped_near_poor' },
  ];
  it('rebuilds the round’s totals from frozen results (by hand)', () => {
    expect(flowTotalsOf(results)).toEqual({
      poor: {
        start: 3,
        movedIn: 0,
        escapedToNearPoor: 1,
        escapedAboveNearPoor: 0,
        movedOut: 1,
        new: 2,
        rePoor: 1,
        end: 3,
      },
      nearPoor: { start: 2, movedIn: 0, toPoor: 1, escaped: 1, movedOut: 0, new: 1, fromPoor: 1, end: 1 },
    });
  });
  it('adds field by field, an empty object counting as zero', () => {
    const one = flowTotalsOf(results.slice(0, 3));
    const two = flowTotalsOf(results.slice(3));
    expect(addFlowTotals([one, two, {}])).toEqual(flowTotalsOf(results));
  });
});
