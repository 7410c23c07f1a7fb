// Parses the post-reform divisions JSON into 34 provinces and their communes valid from 2025-07-01.

import { z } from 'zod';
import { lineAt, problem } from './problem.ts';
import { REFORM_EFFECTIVE } from './reform.ts';
import { padCode, tidy } from './text.ts';
import type { AdminUnit, Problem } from './types.ts';
import { areaOfKind, canonicalName, kindFromName } from './unit-kind.ts';

export const DIVISIONS_FILE = 'divisions-2025-07-01.json';

/** One commune of the divisions file, checked but not yet attached to a coded province. */
export interface DivisionEntry {
  readonly line: number;
  readonly raw: string;
  readonly code: string;
  readonly name: string;
  readonly provinceName: string;
  readonly provinceCodename: string;
}

const Entry = z.object({
  code: z.union([z.number().int().nonnegative(), z.string().regex(/^\s*\d+\s*$/u)]),
  name: z.string().trim().min(1),
  province_name: z.string().trim().min(1),
  province_codename: z.string().trim().min(1),
});

/** Start line of each element of a top-level JSON array (the file is pretty-printed; we keep lines). */
function elementLines(text: string): number[] {
  const lines: number[] = [];
  let depth = 0;
  let line = 1;
  let inString = false;
  let expecting = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\n') line++;
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
      continue;
    }
    if (depth === 1 && expecting && c !== undefined && !/[\s,\]]/u.test(c)) {
      lines.push(line);
      expecting = false;
    }
    if (c === '"') inString = true;
    else if (c === '{' || c === '[') {
      depth++;
      if (depth === 1) expecting = true;
    } else if (c === '}' || c === ']') depth--;
    else if (c === ',' && depth === 1) expecting = true;
  }
  return lines;
}

/** Pure: JSON text → checked commune entries (province codes are derived elsewhere). */
export function readDivisionsJson(
  text: string,
  file = DIVISIONS_FILE,
): { entries: DivisionEntry[]; problems: Problem[] } {
  const entries: DivisionEntry[] = [];
  const problems: Problem[] = [];
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const position = /position (\d+)/u.exec(message);
    const line = position ? lineAt(text, Number(position[1])) : 0;
    problems.push(
      problem(
        file,
        line,
        'error',
        {
          vi: `Không đọc được JSON, bỏ qua cả tệp: ${message}`,
          en: `Not valid JSON, whole file skipped: ${message}`,
        },
        '',
      ),
    );
    return { entries, problems };
  }
  if (!Array.isArray(data)) {
    problems.push(
      problem(
        file,
        1,
        'error',
        { vi: 'Tệp phải là một mảng JSON các xã.', en: 'The file must be a JSON array of communes.' },
        '',
      ),
    );
    return { entries, problems };
  }
  const lines = elementLines(text);
  const seen = new Map<string, number>();
  data.forEach((value: unknown, index) => {
    const line = lines.length === data.length ? (lines[index] ?? 0) : 0;
    const raw = JSON.stringify(value);
    const parsed = Entry.safeParse(value);
    if (!parsed.success) {
      const fields = parsed.error.issues.map((issue) => issue.path.join('.') || '(entry)').join(', ');
      problems.push(
        problem(
          file,
          line,
          'error',
          {
            vi: `Mục thứ ${index + 1} thiếu hoặc sai trường: ${fields}; bỏ qua.`,
            en: `Entry ${index + 1} has missing or invalid fields: ${fields}; skipped.`,
          },
          raw,
        ),
      );
      return;
    }
    const code = padCode(String(parsed.data.code), 5);
    if (!code) {
      problems.push(
        problem(
          file,
          line,
          'error',
          {
            vi: `Mã xã "${parsed.data.code}" quá dài; bỏ qua.`,
            en: `Commune code "${parsed.data.code}" is too long; skipped.`,
          },
          raw,
        ),
      );
      return;
    }
    const first = seen.get(code);
    if (first !== undefined) {
      problems.push(
        problem(
          file,
          line,
          'error',
          {
            vi: `Mã xã ${code} đã có ở dòng ${first}; bỏ qua mục lặp.`,
            en: `Commune code ${code} already on line ${first}; duplicate skipped.`,
          },
          raw,
        ),
      );
      return;
    }
    seen.set(code, line);
    entries.push({
      line,
      raw,
      code,
      name: canonicalName(parsed.data.name),
      provinceName: canonicalName(parsed.data.province_name),
      provinceCodename: tidy(parsed.data.province_codename),
    });
  });
  return { entries, problems };
}

/**
 * Pure: entries + province codes (by province codename) → provinces and communes valid from
 * 2025-07-01. Communes of a province without a code are reported once per province and left out.
 */
export function divisionUnits(
  entries: readonly DivisionEntry[],
  provinceCodes: ReadonlyMap<string, string>,
  file = DIVISIONS_FILE,
): { units: AdminUnit[]; problems: Problem[] } {
  const provinces = new Map<string, AdminUnit>();
  const communes: AdminUnit[] = [];
  const problems: Problem[] = [];
  const uncoded = new Map<string, { first: DivisionEntry; count: number }>();
  for (const entry of entries) {
    const provinceCode = provinceCodes.get(entry.provinceCodename);
    if (!provinceCode) {
      const seen = uncoded.get(entry.provinceCodename);
      if (seen) seen.count++;
      else uncoded.set(entry.provinceCodename, { first: entry, count: 1 });
      continue;
    }
    if (!provinces.has(provinceCode)) {
      const kind = kindFromName(entry.provinceName, 'province') ?? 'tinh';
      if (!kindFromName(entry.provinceName, 'province')) {
        problems.push(
          problem(
            file,
            entry.line,
            'warning',
            {
              vi: `Không nhận ra loại tỉnh từ tên "${entry.provinceName}"; coi là tỉnh.`,
              en: `Cannot tell the province type from "${entry.provinceName}"; taken as a tỉnh.`,
            },
            entry.raw,
          ),
        );
      }
      provinces.set(provinceCode, {
        code: provinceCode,
        name: entry.provinceName,
        level: 'province',
        kind,
        area: areaOfKind(kind),
        validFrom: REFORM_EFFECTIVE,
        validTo: null,
        parentCode: null,
      });
    }
    const kind = kindFromName(entry.name, 'commune');
    if (!kind || kind === 'thi_tran') {
      problems.push(
        problem(
          file,
          entry.line,
          'error',
          {
            vi: `Không nhận ra loại xã từ tên "${entry.name}" (cần Xã, Phường hoặc Đặc khu); bỏ qua.`,
            en: `Cannot tell the commune type from "${entry.name}" (expected Xã, Phường or Đặc khu); skipped.`,
          },
          entry.raw,
        ),
      );
      continue;
    }
    communes.push({
      code: entry.code,
      name: entry.name,
      level: 'commune',
      kind,
      area: areaOfKind(kind),
      validFrom: REFORM_EFFECTIVE,
      validTo: null,
      parentCode: provinceCode,
    });
  }
  for (const [codename, { first, count }] of uncoded) {
    problems.push(
      problem(
        file,
        first.line,
        'error',
        {
          vi: `Không xác định được mã tỉnh của "${first.provinceName}" (${codename}); bỏ qua ${count} xã của tỉnh này.`,
          en: `Cannot determine the province code of "${first.provinceName}" (${codename}); its ${count} communes are skipped.`,
        },
        first.raw,
      ),
    );
  }
  return { units: [...provinces.values(), ...communes], problems };
}

/** Pure: JSON text + province codes (by codename) → provinces and communes from 2025-07-01. */
export function parseDivisionsJson(
  text: string,
  provinceCodes: ReadonlyMap<string, string>,
  file = DIVISIONS_FILE,
): { units: AdminUnit[]; problems: Problem[] } {
  const read = readDivisionsJson(text, file);
  const built = divisionUnits(read.entries, provinceCodes, file);
  return { units: built.units, problems: [...read.problems, ...built.problems] };
}
