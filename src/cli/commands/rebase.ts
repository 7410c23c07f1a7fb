// `giamngheo units rebase`: counts per pre-reform unit (CSV) expressed in today's units, with the method.
import { readFileSync } from 'node:fs';
import { indexGeography } from '../../domain/geography/geography-index.ts';
import { readCsv } from '../../domain/geography/csv.ts';
import { rebase, type Counts } from '../../domain/geography/rebase.ts';
import { loadOfficialUnits } from '../../geography-data/load-official-units.ts';
import { UsageError, writeOut } from '../command.ts';

export const REBASE_HELP = `giamngheo units rebase COUNTS.csv --at YYYY-MM-DD [--to commune|province] [--shares SHARES.csv] [--json]

COUNTS.csv: cột đầu là mã đơn vị cũ, các cột sau là số đếm / first column the old unit code, then counts:
  unit,households,poor,near_poor
  01864,512,130,88
SHARES.csv (cho xã bị chia / for split communes): from_unit,to_unit,weight`;

interface Problem {
  line: number;
  message: string;
}

/** Reads a CSV of `unit,<measure>…` into counts; every bad row is reported, none is dropped silently. */
function readCounts(path: string): { counts: Record<string, Counts>; problems: Problem[] } {
  const records = readCsv(readFileSync(path, 'utf8'));
  const [header, ...rows] = records;
  if (!header) throw new UsageError(`${path}: tệp rỗng / empty file`);
  const measures = header.cells.slice(1).map((c) => c.trim());
  const counts: Record<string, Counts> = {};
  const problems: Problem[] = [];
  for (const r of rows) {
    if (r.cells.every((c) => c.trim() === '')) continue;
    const code = (r.cells[0] ?? '').trim();
    const values: Record<string, number> = {};
    let ok = /^\d{2,5}$/.test(code);
    if (!ok) problems.push({ line: r.line, message: `mã đơn vị không hợp lệ "${code}" / invalid unit code` });
    measures.forEach((m, i) => {
      const text = (r.cells[i + 1] ?? '').trim();
      const n = Number(text);
      if (text === '' || !Number.isSafeInteger(n) || n < 0) {
        problems.push({
          line: r.line,
          message: `${m}: "${text}" không phải số nguyên không âm / not a non-negative integer`,
        });
        ok = false;
      }
      values[m] = n;
    });
    if (ok && counts[code])
      problems.push({ line: r.line, message: `mã ${code} lặp lại / duplicate code ${code}` });
    else if (ok) counts[code] = values;
  }
  return { counts, problems };
}

function readShares(path: string): Record<string, Record<string, number>> {
  const shares: Record<string, Record<string, number>> = {};
  for (const r of readCsv(readFileSync(path, 'utf8')).slice(1)) {
    const [from, to, weight] = r.cells.map((c) => c.trim());
    const w = Number(weight);
    if (!from || !to || !Number.isFinite(w) || w < 0) {
      throw new UsageError(
        `${path}:${r.line}: cần from_unit,to_unit,weight / expected from_unit,to_unit,weight`,
      );
    }
    (shares[from] ??= {})[to] = w;
  }
  return shares;
}

export async function rebaseCommand(
  file: string,
  values: {
    at?: string | undefined;
    to?: string | undefined;
    shares?: string | undefined;
    json?: boolean | undefined;
  },
): Promise<number> {
  if (!values.at) throw new UsageError(`--at là bắt buộc / --at is required\n\n${REBASE_HELP}`);
  const target = values.to ?? 'commune';
  if (target !== 'commune' && target !== 'province') throw new UsageError(`--to: commune | province`);
  const { counts, problems } = readCounts(file);
  if (problems.length) {
    for (const p of problems) process.stderr.write(`${file}:${p.line}: ${p.message}\n`);
    return 1;
  }
  const official = await loadOfficialUnits();
  const index = indexGeography(official.units, official.edges);
  const result = rebase(index, {
    date: values.at,
    counts,
    target,
    ...(values.shares ? { shares: readShares(values.shares) } : {}),
  });
  if (values.json) {
    await writeOut(`${JSON.stringify(result, null, 2)}\n`);
    return 0;
  }
  const measures = Object.keys(result.totals.before);
  const lines = [
    ['unit', 'name', ...measures, 'method', 'complete'].join(','),
    ...result.units.map((u) =>
      [
        u.unit.code,
        `"${u.unit.name}"`,
        ...measures.map((m) => u.values[m] ?? 0),
        u.methods.join('+'),
        u.complete,
      ].join(','),
    ),
  ];
  await writeOut(`${lines.join('\n')}\n`);
  const footnote = [
    `# Quy đổi từ đơn vị ngày ${result.date} sang đơn vị từ 01/7/2025 / re-based from the units of ${result.date} onto the units from 1 July 2025`,
    `# whole = nhập nguyên trạng, chính xác / merged whole, exact; village = theo thôn / by village; share = theo tỷ lệ / by share`,
    ...result.unallocated.map(
      (u) =>
        `# chưa phân bổ / unallocated ${u.fromCode}: ${JSON.stringify(u.values)} — ${u.reason.vi} / ${u.reason.en}`,
    ),
    ...result.notes.map((n) => `# ${n.code}: ${n.message.vi} / ${n.message.en}`),
    `# tổng trước / before ${JSON.stringify(result.totals.before)} = sau / after ${JSON.stringify(result.totals.after)} + chưa phân bổ / unallocated ${JSON.stringify(result.totals.unallocated)}`,
  ];
  process.stderr.write(`${footnote.join('\n')}\n`);
  return 0;
}
