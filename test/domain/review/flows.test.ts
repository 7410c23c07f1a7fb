// Household flows against hand-computed cases, re-poor and moves included.
import { describe, expect, it } from 'vitest';
import { balances, computeFlows, isNewlyEscaped, type FlowInput } from '../../../src/domain/review/flows.ts';

const h = (
  id: string,
  previous: FlowInput['previous'],
  final: FlowInput['final'],
  extra: Partial<FlowInput> = {},
): FlowInput => ({
  householdId: id,
  previous,
  final,
  escapedBefore: false,
  groups: [],
  deficits: [],
  ...extra,
});

describe('flows', () => {
  // A village by hand: 5 poor and 3 near-poor at the start.
  const village = [
    h('p1', 'poor', 'poor', { groups: ['ethnic_minority'], deficits: ['water', 'sanitation', 'employment'] }),
    h('p2', 'poor', 'near_poor', { groups: ['ethnic_minority'] }),
    h('p3', 'poor', 'not_poor'),
    h('p4', 'poor', 'middle', { groups: ['person_of_merit'] }),
    h('p5', 'poor', null), // moved out of the commune
    h('n1', 'near_poor', 'near_poor', { deficits: ['water'] }),
    h('n2', 'near_poor', 'poor', {
      escapedBefore: true,
      groups: ['ethnic_minority'],
      deficits: ['water', 'housing_area', 'telecom'],
    }), // re-poor
    h('n3', 'near_poor', 'not_poor'),
    h('x1', null, 'poor', { deficits: ['water', 'employment', 'child_schooling'] }), // new poor
    h('x2', null, 'near_poor'),
    h('x3', null, 'poor', { escapedBefore: true }), // re-poor from outside both lists
  ];
  const r = computeFlows(village);

  it('classifies each household’s transition', () => {
    expect(r.transitions).toEqual({
      p1: 'unchanged',
      p2: 'escaped_to_near_poor',
      p3: 'escaped_above_near_poor',
      p4: 'escaped_above_near_poor',
      p5: 'moved_out',
      n1: 'unchanged',
      n2: 're_poor',
      n3: 'escaped_near_poor',
      x1: 'new_poor',
      x2: 'new_near_poor',
      x3: 're_poor',
    });
  });

  it('totals: start − escaped − moved out + new = end', () => {
    expect(r.totals.poor).toEqual({
      start: 5,
      movedIn: 0,
      escapedToNearPoor: 1,
      escapedAboveNearPoor: 2,
      movedOut: 1,
      new: 3,
      rePoor: 2,
      end: 4,
    });
    expect(r.totals.nearPoor).toEqual({
      start: 3,
      movedIn: 0,
      toPoor: 1,
      escaped: 1,
      movedOut: 0,
      new: 2,
      fromPoor: 1,
      end: 3,
    });
    expect(balances(r.totals)).toBe(true);
  });

  it('breaks down by group and by deficit indicator', () => {
    expect(r.byGroup.ethnic_minority.poor).toMatchObject({
      start: 2,
      escapedToNearPoor: 1,
      new: 1,
      rePoor: 1,
      end: 2,
    });
    expect(balances(r.byGroup.ethnic_minority)).toBe(true);
    expect(r.byGroup.person_of_merit.poor).toMatchObject({ start: 1, escapedAboveNearPoor: 1, end: 0 });
    expect(r.byIndicator.water).toEqual({ poor: 3, nearPoor: 1 });
    expect(r.byIndicator.employment).toEqual({ poor: 2, nearPoor: 0 });
  });

  it('newly escaped: within 36 months of escaping', () => {
    expect(isNewlyEscaped('2024-12-20', '2027-12-19', 36)).toBe(true);
    expect(isNewlyEscaped('2024-12-20', '2027-12-20', 36)).toBe(false);
    expect(isNewlyEscaped(null, '2027-01-01', 36)).toBe(false);
  });
});
