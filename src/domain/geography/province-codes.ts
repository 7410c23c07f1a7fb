// Derives the codes of the 34 new provinces, which the divisions file lacks, from the conversion table.

import type { ConversionRow } from './parse-conversion.ts';
import { CONVERSION_FILE } from './parse-conversion.ts';
import type { DivisionEntry } from './parse-divisions.ts';
import { DIVISIONS_FILE } from './parse-divisions.ts';
import { problem } from './problem.ts';
import { fold } from './text.ts';
import type { Problem } from './types.ts';

/**
 * Each conversion row names its new province as "Tỉnh Thái Nguyên (19)" next to a new commune code;
 * the divisions file places that commune in a province codename ("thai_nguyen"). A province's code
 * is the code its communes' rows agree on (by majority, with a warning if they disagree); when no
 * row carries a code, a row whose new province name matches is used. Unresolved provinces are left
 * out of the map (the divisions step reports them).
 */
export function deriveNewProvinceCodes(
  entries: readonly DivisionEntry[],
  rows: readonly ConversionRow[],
): { codes: Map<string, string>; problems: Problem[] } {
  const problems: Problem[] = [];
  const provinceOfCommune = new Map(entries.map((e) => [e.code, e.provinceCodename]));
  const votes = new Map<string, Map<string, ConversionRow[]>>();
  for (const row of rows) {
    const codename = provinceOfCommune.get(row.newCode);
    if (!codename || !row.newProvinceCode) continue;
    const byCode = votes.get(codename) ?? new Map<string, ConversionRow[]>();
    votes.set(codename, byCode);
    const voters = byCode.get(row.newProvinceCode);
    if (voters) voters.push(row);
    else byCode.set(row.newProvinceCode, [row]);
  }
  const provinces = new Map<string, DivisionEntry>();
  for (const entry of entries)
    if (!provinces.has(entry.provinceCodename)) provinces.set(entry.provinceCodename, entry);

  const codes = new Map<string, string>();
  const owner = new Map<string, string>();
  for (const [codename, first] of provinces) {
    let code: string | undefined;
    const byCode = votes.get(codename);
    if (byCode && byCode.size > 0) {
      const ranked = [...byCode].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
      code = ranked[0]?.[0];
      for (const [other, dissent] of ranked.slice(1)) {
        const row = dissent[0] as ConversionRow;
        problems.push(
          problem(
            CONVERSION_FILE,
            row.line,
            'warning',
            {
              vi: `${dissent.length} dòng ghi tỉnh mới ${other} cho xã của "${first.provinceName}", còn đa số ghi ${code}; dùng ${code}.`,
              en: `${dissent.length} rows give new province ${other} for communes of "${first.provinceName}" while most give ${code}; used ${code}.`,
            },
            row.raw,
          ),
        );
      }
    } else {
      const target = fold(first.provinceName);
      code =
        rows.find((row) => row.newProvinceCode && fold(row.newProvinceName) === target)?.newProvinceCode ??
        undefined;
    }
    if (!code) continue;
    const taken = owner.get(code);
    if (taken) {
      problems.push(
        problem(
          DIVISIONS_FILE,
          first.line,
          'error',
          {
            vi: `Mã tỉnh ${code} suy ra cho cả "${taken}" và "${codename}"; không gán mã cho "${codename}".`,
            en: `Province code ${code} derived for both "${taken}" and "${codename}"; "${codename}" left without a code.`,
          },
          first.raw,
        ),
      );
      continue;
    }
    owner.set(code, codename);
    codes.set(codename, code);
  }
  return { codes, problems };
}
