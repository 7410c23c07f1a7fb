// Assembles the official lists into one set of dated units and lineage edges, cross-checking the files.

import { parseCommuneResolutions } from './commune-resolutions.ts';
import { crossCheckOldColumns, interimUnit } from './conversion-checks.ts';
import { correctMisplacedCodes } from './misplaced-codes.ts';
import type { ConversionRow } from './parse-conversion.ts';
import { CONVERSION_FILE, communeLegalBasis, parseConversionCsv } from './parse-conversion.ts';
import { DIVISIONS_FILE, divisionUnits, readDivisionsJson } from './parse-divisions.ts';
import { PRE_REFORM_FILE, parsePreReformCsv } from './parse-pre-reform.ts';
import { problem } from './problem.ts';
import { deriveNewProvinceCodes } from './province-codes.ts';
import { deriveProvinceEdges } from './province-lineage.ts';
import { BEFORE_RECORDS, PRE_REFORM_SNAPSHOT, REFORM_EFFECTIVE } from './reform.ts';
import { settleSplits } from './settle-splits.ts';
import { fold } from './text.ts';
import type { AdminUnit, LineageEdge, Problem } from './types.ts';

/** The texts of the four vendored files. */
export interface OfficialTexts {
  readonly preReformCsv: string;
  readonly divisionsJson: string;
  readonly conversionCsv: string;
  readonly communeResolutionsJson: string;
}

export interface OfficialUnits {
  readonly units: AdminUnit[];
  readonly edges: LineageEdge[];
  readonly problems: Problem[];
  /** New province codename ("thai_nguyen") → derived code ("19"). */
  readonly newProvinceCodes: ReadonlyMap<string, string>;
}

const byCode = (a: AdminUnit, b: AdminUnit) =>
  a.code.localeCompare(b.code) || a.validFrom.localeCompare(b.validFrom);

/**
 * Pure: the four file texts → units (63 provinces, their districts and communes until 2025-06-30;
 * 34 provinces and their communes from 2025-07-01), lineage edges (old commune → new commune from the
 * conversion table, island district → special zone, old province → new province derived from the
 * commune edges) and every problem found, each with its file and line.
 */
export function assembleOfficialUnits(texts: OfficialTexts): OfficialUnits {
  const problems: Problem[] = [];
  const pre = parsePreReformCsv(texts.preReformCsv);
  const { resolutions, problems: resolutionProblems } = parseCommuneResolutions(texts.communeResolutionsJson);
  const conversion = parseConversionCsv(texts.conversionCsv, { resolutions });
  const divisions = readDivisionsJson(texts.divisionsJson);
  const provinceCodes = deriveNewProvinceCodes(divisions.entries, conversion.rows);
  const post = divisionUnits(divisions.entries, provinceCodes.codes);
  problems.push(
    ...pre.problems,
    ...resolutionProblems,
    ...conversion.problems,
    ...divisions.problems,
    ...provinceCodes.problems,
    ...post.problems,
  );

  const preByCode = new Map(pre.units.map((u) => [u.code, u]));
  const postByCode = new Map(post.units.map((u) => [u.code, u]));
  const warn = (row: ConversionRow, vi: string, en: string) =>
    problems.push(problem(CONVERSION_FILE, row.line, 'warning', { vi, en }, row.raw));
  const fail = (row: ConversionRow, vi: string, en: string) =>
    problems.push(problem(CONVERSION_FILE, row.line, 'error', { vi, en }, row.raw));

  // 1. Rows whose old code belongs to a neighbour: the code is also on a row bearing its own name,
  //    and this row's name is a commune of the same district that no row mentions otherwise.
  const rows = correctMisplacedCodes(conversion.rows, preByCode, warn);

  // 2. Old communes missing from the 2025-01-04 list: formed between the list and the reform.
  const interim = new Map<string, AdminUnit>();
  const usable: ConversionRow[] = [];
  for (const row of rows) {
    const target = postByCode.get(row.newCode);
    if (!target || target.level !== 'commune') {
      fail(
        row,
        `Mã xã mới ${row.newCode} không có trong danh sách xã từ 01/7/2025; bỏ qua dòng.`,
        `New commune ${row.newCode} is not in the list of communes from 2025-07-01; row skipped.`,
      );
      continue;
    }
    if (row.newProvinceCode && row.newProvinceCode !== target.parentCode) {
      warn(
        row,
        `Dòng ghi tỉnh mới ${row.newProvinceCode} nhưng xã ${row.newCode} thuộc tỉnh ${target.parentCode}; dùng ${target.parentCode}.`,
        `Row says new province ${row.newProvinceCode} but commune ${row.newCode} is in ${target.parentCode}; used ${target.parentCode}.`,
      );
    }
    const old = preByCode.get(row.oldCode) ?? interim.get(row.oldCode);
    if (row.oldLevel === 'district') {
      if (!old || old.level !== 'district') {
        fail(
          row,
          `Quận/huyện cũ ${row.oldCode} không có trong danh sách trước 01/7/2025; bỏ qua dòng.`,
          `Old district ${row.oldCode} is not in the pre-reform list; row skipped.`,
        );
        continue;
      }
    } else if (!old) {
      const created = interimUnit(row, preByCode);
      if (!created) {
        fail(
          row,
          `Xã cũ ${row.oldCode} ("${row.oldName}") không có trong danh sách ngày ${PRE_REFORM_SNAPSHOT} và không dựng lại được từ dòng này (thiếu quận/huyện hợp lệ hoặc loại xã); bỏ qua dòng.`,
          `Old commune ${row.oldCode} ("${row.oldName}") is not in the ${PRE_REFORM_SNAPSHOT} list and cannot be rebuilt from this row (no valid district or commune type); row skipped.`,
        );
        continue;
      }
      interim.set(created.code, created);
      warn(
        row,
        `Xã cũ ${row.oldCode} ("${row.oldName}") không có trong danh sách ngày ${PRE_REFORM_SNAPSHOT} (có lẽ lập sau ngày đó); đã tạo từ bảng chuyển đổi, thuộc quận/huyện ${created.parentCode}.`,
        `Old commune ${row.oldCode} ("${row.oldName}") is not in the ${PRE_REFORM_SNAPSHOT} list (probably formed after it); created from the conversion table, in district ${created.parentCode}.`,
      );
    } else if (old.level !== 'commune') {
      fail(
        row,
        `Mã xã cũ ${row.oldCode} là mã của một ${old.level}; bỏ qua dòng.`,
        `Old commune code ${row.oldCode} is the code of a ${old.level}; row skipped.`,
      );
      continue;
    } else if (interim.has(row.oldCode) && fold(old.name) !== fold(row.oldName)) {
      warn(
        row,
        `Xã cũ ${row.oldCode} mang tên "${row.oldName}" ở đây nhưng "${old.name}" ở dòng trước.`,
        `Old commune ${row.oldCode} is named "${row.oldName}" here but "${old.name}" on an earlier row.`,
      );
    }
    crossCheckOldColumns(row, preByCode.get(row.oldCode) ?? interim.get(row.oldCode), preByCode, warn);
    usable.push(row);
  }

  // 3. Edges, with the commune-level legal basis of the successor's province.
  const commune = usable.map((row): { row: ConversionRow; edge: LineageEdge } => ({
    row,
    edge: {
      fromCode: row.oldCode,
      fromValidFrom: BEFORE_RECORDS,
      toCode: row.newCode,
      toValidFrom: REFORM_EFFECTIVE,
      kind: row.kind,
      effective: REFORM_EFFECTIVE,
      ...communeLegalBasis(postByCode.get(row.newCode)?.parentCode ?? null, resolutions),
      allPopulation: row.allPopulation,
      note: row.note,
    },
  }));
  const communeEdges = settleSplits(commune, warn);

  // 4. Units with no lineage at all.
  const hasSuccessor = new Set(communeEdges.map((e) => e.fromCode));
  const hasPredecessor = new Set(communeEdges.map((e) => e.toCode));
  for (const unit of pre.units) {
    if (unit.level !== 'commune' || hasSuccessor.has(unit.code)) continue;
    const origin = pre.origins.get(unit.code);
    problems.push(
      problem(
        PRE_REFORM_FILE,
        origin?.line ?? 0,
        'warning',
        {
          vi: `Xã ${unit.code} ("${unit.name}") không có dòng dùng được trong bảng chuyển đổi (có lẽ đã sáp nhập hoặc đổi mã trước 01/7/2025); không có đơn vị kế thừa.`,
          en: `Commune ${unit.code} ("${unit.name}") has no usable row in the conversion table (probably merged or recoded before 2025-07-01); no successor known.`,
        },
        origin?.raw ?? '',
      ),
    );
  }
  const entryByCode = new Map(divisions.entries.map((e) => [e.code, e]));
  for (const unit of post.units) {
    if (unit.level !== 'commune' || hasPredecessor.has(unit.code)) continue;
    const entry = entryByCode.get(unit.code);
    problems.push(
      problem(
        DIVISIONS_FILE,
        entry?.line ?? 0,
        'warning',
        {
          vi: `Xã mới ${unit.code} ("${unit.name}") không có đơn vị tiền thân trong bảng chuyển đổi.`,
          en: `New commune ${unit.code} ("${unit.name}") has no predecessor in the conversion table.`,
        },
        entry?.raw ?? '',
      ),
    );
  }

  // 5. Province lineage, 63 → 34, derived from where each old province's communes went.
  const oldUnits = new Map([...preByCode, ...interim]);
  const provinceEdges = deriveProvinceEdges(
    pre.units,
    post.units,
    communeEdges,
    oldUnits,
    pre.origins,
    divisions.entries,
    problems,
  );

  const units = [...[...pre.units, ...interim.values()].sort(byCode), ...post.units.slice().sort(byCode)];
  problems.push(...overlappingVersions(units));
  const edges = [...provinceEdges, ...communeEdges];
  return { units, edges, problems, newProvinceCodes: provinceCodes.codes };
}
function overlappingVersions(units: readonly AdminUnit[]): Problem[] {
  const problems: Problem[] = [];
  for (let i = 1; i < units.length; i++) {
    const previous = units[i - 1]!;
    const unit = units[i]!;
    if (previous.code !== unit.code) continue;
    if (previous.validTo === null || previous.validTo >= unit.validFrom) {
      problems.push(
        problem(
          '',
          0,
          'error',
          {
            vi: `Hai phiên bản của mã ${unit.code} chồng thời gian hiệu lực ("${previous.name}" và "${unit.name}").`,
            en: `Two versions of code ${unit.code} overlap in time ("${previous.name}" and "${unit.name}").`,
          },
          '',
        ),
      );
    }
  }
  return problems;
}
