// `giamngheo units`: administrative units at a date, their parents, children and lineage across the 2025 reform.
import { units, type Database } from '../../db/index.ts';
import type { AdminUnit } from '../../db/queries/units.ts';
import { parseOptions, UsageError, writeOut, type Command } from '../command.ts';
import { DATABASE_HELP, DATABASE_OPTIONS, dateOption, withDatabase } from '../database-options.ts';
import { REBASE_HELP, rebaseCommand } from './rebase.ts';

const HELP = `giamngheo units show CODE [--at YYYY-MM-DD] [--json]
giamngheo units lineage CODE [--at YYYY-MM-DD] [--json]
giamngheo units children CODE [--at YYYY-MM-DD] [--json]
${REBASE_HELP}

Đơn vị hành chính có mã CODE tại ngày --at (mặc định hôm nay): cấp, thành thị/nông thôn, hiệu lực,
các cấp trên; đơn vị trước/sau sắp xếp 01/7/2025; các đơn vị trực thuộc.
The unit with code CODE on --at (default today): level, urban/rural, validity, parents; its
predecessors and successors across the 1 July 2025 reform; its children.
${DATABASE_HELP}

Mã thoát / exit code: 0 found; 1 no unit with that code on that date; 2 wrong call.`;

const LEVEL = { province: 'tỉnh/province', district: 'huyện/district', commune: 'xã/commune' } as const;
const AREA = { urban: 'thành thị/urban', rural: 'nông thôn/rural', special: 'đặc khu/special' } as const;

function plain(u: AdminUnit) {
  return {
    code: u.code,
    name: u.name,
    level: u.level,
    kind: u.kind,
    area: u.area,
    validFrom: u.validFrom,
    validTo: u.validTo,
  };
}

/** The "no such unit" message names the dates the code was in use, to help the user. */
async function notFound(db: Database, code: string, at: string): Promise<number> {
  const versions = await units.unitVersions(db, code);
  const known = versions.map((v) => `${v.name} (${v.validFrom} → ${v.validTo ?? '…'})`).join('; ');
  process.stderr.write(
    versions.length
      ? `Không có đơn vị nào mang mã ${code} vào ngày ${at}; mã này dùng cho: ${known}\n` +
          `No unit has code ${code} on ${at}; the code was used by: ${known}\n`
      : `Không có đơn vị hành chính nào mang mã ${code} / No administrative unit has code ${code}\n`,
  );
  return 1;
}

async function show(db: Database, code: string, at: string, json: boolean): Promise<number> {
  const chain = await units.parentChain(db, code, at);
  const unit = chain[0];
  if (!unit) return notFound(db, code, at);
  const parents = chain.slice(1).map((p) => ({ code: p.code, name: p.name, level: p.level }));
  if (json) {
    await writeOut(`${JSON.stringify({ ...plain(unit), at, parents }, null, 2)}\n`);
    return 0;
  }
  await writeOut(
    [
      `${unit.code}  ${unit.name}`,
      `  cấp / level:            ${LEVEL[unit.level]} (${unit.kind})`,
      `  khu vực / area:         ${unit.area ? AREA[unit.area] : '—'}`,
      `  hiệu lực / valid:       ${unit.validFrom} → ${unit.validTo ?? '…'}`,
      ...parents.map((p) => `  thuộc / within:         ${p.code}  ${p.name}`),
      '',
    ].join('\n'),
  );
  return 0;
}

async function lineageOf(db: Database, code: string, at: string, json: boolean): Promise<number> {
  const unit = await units.unitAt(db, code, at);
  if (!unit) return notFound(db, code, at);
  const ref = { code: unit.code, validFrom: unit.validFrom };
  const describe = async (steps: units.LineageStep[], side: 'from' | 'to') =>
    Promise.all(
      steps.map(async (s) => {
        const other = await units.unitVersion(db, {
          code: s[`${side}Code`],
          validFrom: s[`${side}ValidFrom`],
        });
        return {
          code: s[`${side}Code`],
          name: other?.name ?? null,
          level: other?.level ?? null,
          validFrom: s[`${side}ValidFrom`],
          validTo: other?.validTo ?? null,
          kind: s.kind,
          date: s.effective,
          allPopulation: s.allPopulation,
          legalBasis: s.legalBasis,
          legalBasisVerified: s.legalBasisVerified,
          depth: s.depth,
        };
      }),
    );
  const predecessors = await describe(await units.lineage(db, ref, { direction: 'backward' }), 'from');
  const successors = await describe(await units.lineage(db, ref, { direction: 'forward' }), 'to');
  if (json) {
    await writeOut(`${JSON.stringify({ ...plain(unit), at, predecessors, successors }, null, 2)}\n`);
    return 0;
  }
  const kindText = {
    whole: 'toàn bộ/whole',
    part: 'một phần/part',
    unchanged: 'giữ nguyên/unchanged',
  } as const;
  const line = (x: (typeof predecessors)[number]) =>
    `    ${x.code}  ${x.name ?? '?'}  [${kindText[x.kind]}, ${x.date}]${x.legalBasis ? `  ${x.legalBasis}` : ''}`;
  await writeOut(
    [
      `${unit.code}  ${unit.name}  (${unit.validFrom} → ${unit.validTo ?? '…'})`,
      `  trước / predecessors (${predecessors.length}):`,
      ...predecessors.map(line),
      `  sau / successors (${successors.length}):`,
      ...successors.map(line),
      '',
    ].join('\n'),
  );
  return 0;
}

async function childrenOf(db: Database, code: string, at: string, json: boolean): Promise<number> {
  const unit = await units.unitAt(db, code, at);
  if (!unit) return notFound(db, code, at);
  const list = (await units.children(db, code, at)).map(plain);
  // A JSON array for programs (always when piped); a readable list on a terminal unless --json.
  if (json || !process.stdout.isTTY) {
    await writeOut(`${JSON.stringify(list, null, 2)}\n`);
  } else {
    await writeOut(`${list.map((c) => `${c.code}  ${c.name}  (${c.area ?? '—'})`).join('\n')}\n`);
  }
  return 0;
}

export const unitsCommand: Command = {
  summary: 'đơn vị hành chính theo ngày / administrative units at a date',
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseOptions(argv, {
      ...DATABASE_OPTIONS,
      at: { type: 'string' },
      json: { type: 'boolean' },
      to: { type: 'string' },
      shares: { type: 'string' },
    });
    const [verb, code, ...rest] = positionals;
    if (verb === 'rebase' && code && !rest.length) return rebaseCommand(code, values);
    if (!verb || !code || rest.length || !['show', 'lineage', 'children'].includes(verb))
      throw new UsageError(HELP);
    const at = dateOption(values.at);
    const json = values.json ?? false;
    return withDatabase(values, (db) => {
      if (verb === 'show') return show(db, code, at, json);
      if (verb === 'lineage') return lineageOf(db, code, at, json);
      return childrenOf(db, code, at, json);
    });
  },
};
