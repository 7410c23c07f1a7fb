// `giamngheo standards`: the standards the engine knows, their lines and indicators, with citations.
import type { Parameter, Standard } from '../../domain/standards/types.ts';
import { formatNumber } from '../../domain/format/numbers.ts';
import { loadRuleBook } from '../../rules-loader/load-rule-book.ts';
import { parseOptions, UsageError, type Command } from '../command.ts';

const HELP = `giamngheo standards [list] [--json]
giamngheo standards show ID [--json] [--standards-file FILE]

Liệt kê chuẩn nghèo, chuẩn và chỉ số của từng chuẩn kèm căn cứ pháp lý.
Lists the poverty standards, their lines and indicators with their legal citations.`;

const mark = (p: { verified: boolean }) => (p.verified ? '' : ' [chưa kiểm chứng / unverified]');
const param = (label: string, p: Parameter | undefined) =>
  p
    ? `  ${label.padEnd(34)} ${formatNumber(p.value, 'vi').padStart(10)} ${p.unit}  (${p.citation})${mark(p)}`
    : undefined;

function describe(s: Standard): string {
  const p = s.parameters;
  const lines = [
    `${s.id} — ${s.name.vi} / ${s.name.en}`,
    `  ${s.legalBasis.document}${s.derivedFrom ? ` (dựa trên / derived from ${s.derivedFrom})` : ''}`,
    param('chuẩn nghèo nông thôn / rural line', p.povertyLine.rural),
    param('chuẩn nghèo thành thị / urban line', p.povertyLine.urban),
    param('cận nghèo nông thôn / rural near-poor', p.nearPoorLine?.rural),
    param('cận nghèo thành thị / urban near-poor', p.nearPoorLine?.urban),
    param('trung bình nông thôn / rural middle', p.middleUpperLine?.rural),
    param('trung bình thành thị / urban middle', p.middleUpperLine?.urban),
    param('số chỉ số thiếu hụt / deficits', p.deficitThreshold),
    param('điểm A nông thôn / score A rural', p.scoreA?.povertyCutoff.rural),
    param('điểm A thành thị / score A urban', p.scoreA?.povertyCutoff.urban),
    `  Chỉ số / indicators (${s.indicators.length}):`,
    ...s.indicators.map((i) => `    ${i.code.padEnd(20)} ${i.name.vi} — ${i.dimension.vi}${mark(i.derive)}`),
  ];
  return lines.filter((l) => l !== undefined).join('\n');
}

export const standardsCommand: Command = {
  summary: 'các chuẩn nghèo và chỉ số / poverty standards and indicators',
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseOptions(argv, {
      json: { type: 'boolean' },
      'standards-file': { type: 'string', multiple: true },
    });
    const book = loadRuleBook({ extraLocalStandardFiles: values['standards-file'] ?? [] });
    const [verb = 'list', id] = positionals;
    const pick = (s: Standard) => ({ ...s, indicatorCodes: [...s.indicatorCodes] });
    if (verb === 'list') {
      const all = [...book.standards.values()];
      if (values.json) process.stdout.write(`${JSON.stringify(all.map(pick), null, 2)}\n`);
      else {
        for (const s of all) process.stdout.write(`${s.id.padEnd(14)} ${s.name.vi} / ${s.name.en}\n`);
        process.stdout.write('\nNăm rà soát / review years:\n');
        for (const r of book.reviewYears) {
          const also = r.alsoReviewedUnder.length ? ` (+ ${r.alsoReviewedUnder.join(', ')})` : '';
          process.stdout.write(`  ${r.from}–${r.to}  ${r.standard}${also}\n`);
        }
      }
      return 0;
    }
    if (verb === 'show' && id) {
      const s = book.standards.get(id);
      if (!s) {
        process.stderr.write(`Chuẩn nghèo "${id}" không tồn tại / Unknown poverty standard "${id}"\n`);
        return 1;
      }
      process.stdout.write(values.json ? `${JSON.stringify(pick(s), null, 2)}\n` : `${describe(s)}\n`);
      return 0;
    }
    throw new UsageError(HELP);
  },
};
