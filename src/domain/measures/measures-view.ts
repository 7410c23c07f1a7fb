// What a roll-up says about a unit: households, people, poor and near-poor with rates, each indicator's
// headcount among the poor and among all households, Alkire–Foster for a cut-off k, and the flows.
import type { FlowTotals } from '../review/flows.ts';
import type { Bilingual, Standard } from '../standards/types.ts';
import { alkireFosterOfProfile, indicatorHeadcounts, type DeficitProfile } from './deficit-profile.ts';
import { addFlowTotals } from './flow-totals.ts';
import { rate, round2 } from './rates.ts';

export interface RollupCounts {
  households: number;
  poor: number;
  nearPoor: number;
  people: number;
  poorPeople: number;
  nearPoorPeople: number;
  deficitProfile: DeficitProfile;
  flows: Partial<FlowTotals>;
  communes: number;
}

const pct = (part: number, whole: number) => rate(part, whole, 'percent');

export interface MeasuresView {
  communes: number;
  households: number;
  people: number;
  poor: { households: number; people: number; rate: number | null; peopleRate: number | null };
  nearPoor: { households: number; people: number; rate: number | null; peopleRate: number | null };
  indicators: {
    code: string;
    name: Bilingual;
    /** Poor households lacking it, and their share of the poor (percent). */
    poor: { households: number; share: number | null };
    all: { households: number; share: number | null };
  }[];
  alkireFoster: {
    k: number;
    d: number;
    weighting: 'equal';
    n: number;
    q: number;
    H: number;
    A: number;
    M0: number;
    indicators: { code: string; censoredHeadcount: number; contribution: number }[];
  };
  flows: FlowTotals;
}

/** Rates and shares are percentages rounded to two decimals; H, A, M0 and contributions are fractions. */
export function measuresView(r: RollupCounts, standard: Standard, k: number): MeasuresView {
  const codes = standard.indicators.map((i) => i.code);
  const poorHead = indicatorHeadcounts(r.deficitProfile, codes, ['poor']);
  const allHead = indicatorHeadcounts(r.deficitProfile, codes);
  const af = alkireFosterOfProfile(r.deficitProfile, codes, k);
  const share = (s: number | null) => (s === null ? null : round2(s * 100));
  return {
    communes: r.communes,
    households: r.households,
    people: r.people,
    poor: {
      households: r.poor,
      people: r.poorPeople,
      rate: pct(r.poor, r.households),
      peopleRate: pct(r.poorPeople, r.people),
    },
    nearPoor: {
      households: r.nearPoor,
      people: r.nearPoorPeople,
      rate: pct(r.nearPoor, r.households),
      peopleRate: pct(r.nearPoorPeople, r.people),
    },
    indicators: standard.indicators.map((ind, i) => ({
      code: ind.code,
      name: ind.name,
      poor: { households: poorHead[i]!.households, share: share(poorHead[i]!.share) },
      all: { households: allHead[i]!.households, share: share(allHead[i]!.share) },
    })),
    alkireFoster: {
      k,
      d: codes.length,
      weighting: 'equal',
      n: af.n,
      q: af.q,
      H: af.H,
      A: af.A,
      M0: af.M0,
      indicators: codes.map((code) => ({ code, ...af.indicators[code]! })),
    },
    flows: addFlowTotals([r.flows]),
  };
}
