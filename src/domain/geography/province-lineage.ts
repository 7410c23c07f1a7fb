// Derives the province lineage (63 → 34) from where each old province's communes went.

import { DIVISIONS_FILE } from './parse-divisions.ts';
import { PRE_REFORM_FILE } from './parse-pre-reform.ts';
import { problem } from './problem.ts';
import { PROVINCE_MERGER_BASIS, REFORM_EFFECTIVE } from './reform.ts';
import type { AdminUnit, LineageEdge, Problem } from './types.ts';

const byCode = (a: AdminUnit, b: AdminUnit) => a.code.localeCompare(b.code);

/**
 * One edge per old province and new province its communes went into, under Nghị quyết 202/2025/QH15:
 * 'unchanged' when the new province has no other predecessor, 'whole' when merged with others, 'part'
 * if a province were ever split. Problems: an old province with no successor; a new province whose
 * code is not one of its predecessors' (QĐ 19/2025/QĐ-TTg keeps one of them).
 */
export function deriveProvinceEdges(
  preUnits: readonly AdminUnit[],
  postUnits: readonly AdminUnit[],
  communeEdges: readonly LineageEdge[],
  oldUnits: ReadonlyMap<string, AdminUnit>,
  preOrigins: ReadonlyMap<string, { line: number; raw: string }>,
  entries: ReadonlyArray<{ line: number; raw: string; code: string }>,
  problems: Problem[],
): LineageEdge[] {
  const postByCode = new Map(postUnits.map((u) => [u.code, u]));
  const provinceOf = (unit: AdminUnit | undefined): string | null => {
    let current = unit;
    while (current && current.level !== 'province')
      current = current.parentCode ? oldUnits.get(current.parentCode) : undefined;
    return current?.code ?? null;
  };
  const successors = new Map<string, Set<string>>();
  for (const edge of communeEdges) {
    const from = provinceOf(oldUnits.get(edge.fromCode));
    const to = postByCode.get(edge.toCode)?.parentCode;
    if (!from || !to) continue;
    successors.set(from, (successors.get(from) ?? new Set()).add(to));
  }
  const predecessors = new Map<string, Set<string>>();
  for (const [from, tos] of successors)
    for (const to of tos) predecessors.set(to, (predecessors.get(to) ?? new Set()).add(from));

  const edges: LineageEdge[] = [];
  for (const province of preUnits.filter((u) => u.level === 'province').sort(byCode)) {
    const tos = [...(successors.get(province.code) ?? [])].sort();
    if (tos.length === 0) {
      const origin = preOrigins.get(province.code);
      problems.push(
        problem(
          PRE_REFORM_FILE,
          origin?.line ?? 0,
          'error',
          {
            vi: `Không suy ra được tỉnh kế thừa của ${province.name} (${province.code}): không xã nào của tỉnh có dòng chuyển đổi.`,
            en: `No successor found for ${province.name} (${province.code}): none of its communes has a conversion row.`,
          },
          origin?.raw ?? '',
        ),
      );
      continue;
    }
    for (const to of tos) {
      const alone = tos.length === 1 && predecessors.get(to)?.size === 1;
      edges.push({
        fromCode: province.code,
        fromValidFrom: province.validFrom,
        toCode: to,
        toValidFrom: REFORM_EFFECTIVE,
        kind: tos.length > 1 ? 'part' : alone ? 'unchanged' : 'whole',
        effective: REFORM_EFFECTIVE,
        legalBasis: PROVINCE_MERGER_BASIS,
        legalBasisVerified: true,
        allPopulation: tos.length === 1,
        note: null,
      });
    }
  }
  // QĐ 19/2025/QĐ-TTg gives a merged province the code of one of the provinces merged into it.
  for (const [to, froms] of predecessors) {
    if (froms.has(to)) continue;
    const entry = entries.find((e) => postByCode.get(e.code)?.parentCode === to);
    problems.push(
      problem(
        DIVISIONS_FILE,
        entry?.line ?? 0,
        'warning',
        {
          vi: `Mã tỉnh mới ${to} không phải mã của tỉnh cũ nào hợp thành (${[...froms].sort().join(', ')}).`,
          en: `New province code ${to} is not the code of any province merged into it (${[...froms].sort().join(', ')}).`,
        },
        entry?.raw ?? '',
      ),
    );
  }
  return edges;
}
