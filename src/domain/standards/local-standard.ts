// A province's local standard: a national standard with higher lines, classified by the same engine.
import type { LocalStandardDoc } from './rule-book-schema.ts';
import type { Area, ByArea, Parameter, Standard } from './types.ts';
import { checkLineOrder } from './line-order.ts';

type PartialByArea = Partial<
  Record<Area, Omit<Parameter, 'citationEn'> & { citationEn?: string | undefined }>
>;

function override(
  base: ByArea<Parameter>,
  over: PartialByArea | undefined,
  what: string,
  problems: string[],
) {
  if (!over) return base;
  const out = { ...base };
  for (const area of ['rural', 'urban'] as const) {
    const o = over[area];
    if (!o) continue;
    if (o.value < base[area].value) {
      problems.push(
        `overrides.${what}.${area}: ${o.value} thấp hơn mức quốc gia ${base[area].value} / is below the national value`,
      );
    }
    out[area] = { ...o, citationEn: o.citationEn ?? o.citation };
  }
  return out;
}

export function deriveLocalStandard(
  base: Standard,
  doc: LocalStandardDoc,
): { ok: true; standard: Standard } | { ok: false; problems: string[] } {
  const problems: string[] = [];
  const p = base.parameters;
  const o = doc.overrides;
  if (o.nearPoorLine && !p.nearPoorLine)
    problems.push('overrides.nearPoorLine: chuẩn gốc không có / the base standard has none');
  if (o.middleUpperLine && !p.middleUpperLine)
    problems.push('overrides.middleUpperLine: chuẩn gốc không có / the base standard has none');
  if (o.scoreA && !p.scoreA)
    problems.push('overrides.scoreA: chuẩn gốc không có điểm A / the base standard has no score A');
  const standard: Standard = {
    ...base,
    id: doc.id,
    kind: 'local',
    derivedFrom: base.id,
    name: doc.name,
    legalBasis: doc.legalBasis,
    parameters: {
      ...p,
      povertyLine: override(p.povertyLine, o.povertyLine, 'povertyLine', problems),
      nearPoorLine: p.nearPoorLine && override(p.nearPoorLine, o.nearPoorLine, 'nearPoorLine', problems),
      middleUpperLine:
        p.middleUpperLine && override(p.middleUpperLine, o.middleUpperLine, 'middleUpperLine', problems),
      scoreA: p.scoreA && {
        ...p.scoreA,
        povertyCutoff: override(
          p.scoreA.povertyCutoff,
          o.scoreA?.povertyCutoff,
          'scoreA.povertyCutoff',
          problems,
        ),
        nearPoorCutoff:
          p.scoreA.nearPoorCutoff &&
          override(p.scoreA.nearPoorCutoff, o.scoreA?.nearPoorCutoff, 'scoreA.nearPoorCutoff', problems),
      },
    },
  };
  checkLineOrder(standard, 'overrides', problems);
  return problems.length ? { ok: false, problems } : { ok: true, standard };
}
