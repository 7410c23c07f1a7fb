// A damaged copy of the official files: each bad row is reported with its line, the others still load.
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexGeography } from '../../../src/domain/geography/geography-index.ts';
import type { OfficialUnits } from '../../../src/domain/geography/official-units.ts';
import { lineage } from '../../../src/domain/geography/queries.ts';
import type { Problem } from '../../../src/domain/geography/types.ts';
import { OFFICIAL_UNITS_DIR, loadOfficialUnits } from '../../../src/geography-data/load-official-units.ts';

const PRE = 'communes-2025-01-04-pre-reform.csv';
const CONVERSION = 'conversion-2025-07-01-old-to-new.csv';
const DIVISIONS = 'divisions-2025-07-01.json';
const RESOLUTIONS = 'commune-resolutions.json';

/** 1-based line of the first line containing `needle`. */
function lineOf(text: string, needle: string): number {
  const index = text.split('\n').findIndex((line) => line.includes(needle));
  if (index === -1) throw new Error(`not found: ${needle}`);
  return index + 1;
}

function replaceLine(text: string, line: number, edit: (old: string) => string): string {
  const lines = text.split('\n');
  lines[line - 1] = edit(lines[line - 1] as string);
  return lines.join('\n');
}

let dir: string;
let damaged: OfficialUnits;
let clean: OfficialUnits;
const at: Record<string, number> = {};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'giamngheo-units-'));
  const read = (name: string) => readFile(join(OFFICIAL_UNITS_DIR, name), 'utf8');
  let conversion = await read(CONVERSION);
  at.unknownNote = lineOf(conversion, ',Xã Bộc Bố,01864,');
  conversion = replaceLine(conversion, at.unknownNote, (l) =>
    l.replace('Nhập toàn bộ', 'Sáp nhập kiểu khác'),
  );
  at.missingNewCode = lineOf(conversion, ',Phường Trúc Bạch,00004,');
  conversion = replaceLine(conversion, at.missingNewCode, (l) =>
    l.replace('Phường Ba Đình,00004,', 'Phường Ba Đình,,'),
  );
  at.brokenQuote = lineOf(conversion, ',Phường Quán Thánh,00013,');
  conversion = replaceLine(conversion, at.brokenQuote, (l) =>
    l.replace(',Phường Quán Thánh,', ',"Phường Quán Thánh,'),
  );
  at.orphanedByDivisions = lineOf(conversion, ',14845,Thị trấn Mường Lát,');
  await writeFile(join(dir, CONVERSION), conversion);

  let pre = await read(PRE);
  at.missingOldCode = lineOf(pre, 'Xã Chiềng Ly,03751,');
  pre = replaceLine(pre, at.missingOldCode, (l) => l.replace(',03751,', ',,'));
  await writeFile(join(dir, PRE), pre);

  let divisions = await read(DIVISIONS);
  const codeLine = lineOf(divisions, '"code": 14845,');
  at.missingName = codeLine - 1; // the entry's opening brace
  divisions = replaceLine(divisions, codeLine + 1, () => '    "nom": "Xã Mường Lát",');
  await writeFile(join(dir, DIVISIONS), divisions);

  await copyFile(join(OFFICIAL_UNITS_DIR, RESOLUTIONS), join(dir, RESOLUTIONS));
  [damaged, clean] = await Promise.all([loadOfficialUnits(dir), loadOfficialUnits()]);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const newErrors = () => {
  const known = new Set(clean.problems.map((p) => `${p.file}:${p.line}:${p.message.en}`));
  return damaged.problems.filter(
    (p) => p.severity === 'error' && !known.has(`${p.file}:${p.line}:${p.message.en}`),
  );
};
const where = (p: Problem) => `${p.file}:${p.line}`;

describe('loading a damaged copy', () => {
  it('reports each damaged row, with its file and line, as an error', () => {
    expect(newErrors().map(where).sort()).toEqual(
      [
        `${CONVERSION}:${at.unknownNote}`,
        `${CONVERSION}:${at.missingNewCode}`,
        `${CONVERSION}:${at.brokenQuote}`,
        `${CONVERSION}:${at.orphanedByDivisions}`,
        `${PRE}:${at.missingOldCode}`,
        `${DIVISIONS}:${at.missingName}`,
      ].sort(),
    );
  });

  it('says what is wrong, in Vietnamese and English, and keeps the raw row', () => {
    const byLine = (file: string, line: number) =>
      newErrors().find((p) => p.file === file && p.line === line);
    expect(byLine(CONVERSION, at.unknownNote!)?.message.en).toMatch(/^Unknown note "Sáp nhập kiểu khác"/u);
    expect(byLine(CONVERSION, at.unknownNote!)?.message.vi).toMatch(/^Không hiểu ghi chú/u);
    expect(byLine(CONVERSION, at.unknownNote!)?.raw).toContain('Xã Bộc Bố');
    expect(byLine(CONVERSION, at.missingNewCode!)?.message.en).toMatch(
      /Missing or invalid new commune code/u,
    );
    expect(byLine(CONVERSION, at.brokenQuote!)?.message.en).toMatch(/Malformed quoting/u);
    expect(byLine(CONVERSION, at.orphanedByDivisions!)?.message.en).toMatch(
      /New commune 14845 is not in the list/u,
    );
    expect(byLine(PRE, at.missingOldCode!)?.message.en).toMatch(
      /Missing or invalid commune code \(""\) for "Xã Chiềng Ly"/u,
    );
    expect(byLine(DIVISIONS, at.missingName!)?.message.en).toMatch(/missing or invalid fields: name/u);
  });

  it('still loads every other row', () => {
    const count = (o: OfficialUnits, level: string, after: boolean) =>
      o.units.filter((u) => u.level === level && (u.validTo === null) === after).length;
    expect(count(damaged, 'commune', false)).toBe(count(clean, 'commune', false) - 1);
    expect(count(damaged, 'commune', true)).toBe(count(clean, 'commune', true) - 1);
    expect(count(damaged, 'province', true)).toBe(34);
    expect(damaged.edges).toHaveLength(clean.edges.length - 4);
    // the row right after the broken quote is intact
    const index = indexGeography(damaged.units, damaged.edges);
    expect(lineage(index, '00016', '2025-06-30')?.successors.map((s) => s.unit.code)).toContain('00004');
  });

  it('follows the consequences: Bộc Bố without its row has no successor, and says so', () => {
    const index = indexGeography(damaged.units, damaged.edges);
    expect(lineage(index, '01864', '2025-06-30')?.successors).toEqual([]);
    expect(
      damaged.problems.some(
        (p) =>
          p.severity === 'warning' &&
          p.message.en.startsWith('Commune 01864 ("Xã Bộc Bố") has no usable row'),
      ),
    ).toBe(true);
  });
});
