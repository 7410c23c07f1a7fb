// `giamngheo classify`: NDJSON assessments on stdin → one NDJSON verdict per line on stdout.
import {
  assess,
  parseAssessment,
  unknownStandard,
  type Assessment,
} from '../../domain/standards/assessment.ts';
import type { AssessmentError } from '../../domain/standards/errors.ts';
import { addToMatrix, emptyMatrix, formatMatrix } from '../../domain/standards/reclassification.ts';
import type { RuleBook } from '../../domain/standards/types.ts';
import { upliftFor } from '../../domain/standards/uplift.ts';
import { loadRuleBook } from '../../rules-loader/load-rule-book.ts';
import { readNdjsonLines } from '../../services/imports/read-ndjson.ts';
import { parseOptions, UsageError, writeOut, type Command } from '../command.ts';

const HELP = `giamngheo classify [--standard ID] [--compare ID2] [--uplift] [--standards-file FILE]

Đọc NDJSON từ stdin (mỗi dòng một hộ), ghi kết quả phân loại NDJSON ra stdout theo đúng thứ tự.
Reads NDJSON on stdin (one household a line) and writes one NDJSON verdict a line, in order.

  --standard ID        chuẩn dùng cho dòng không ghi "standard"/"reviewYear" / standard for lines naming none
  --compare ID2        thêm kết quả theo chuẩn thứ hai; in ma trận chuyển đổi ra stderr
                       add the verdict under a second standard; print the reclassification matrix on stderr
  --uplift             thêm "uplift": thay đổi nhỏ nhất để lên một bậc / the smallest change to move up a class
  --standards-file F   nạp thêm chuẩn địa phương (YAML) / load a local standard (YAML); may repeat

Mã thoát / exit code: 0 all lines classified; 1 some line invalid; 2 wrong call.`;

function errorLine(id: unknown, line: number, error: AssessmentError): string {
  return JSON.stringify({ id: id ?? null, line, error });
}

function verdictFields(a: Assessment) {
  return {
    standard: a.verdict.standardId,
    class: a.verdict.class,
    deficitCount: a.verdict.deficitCount,
    deficits: a.verdict.deficits,
    explanation: a.explanation,
  };
}

/** Classifies one input line; returns the output line and, for --compare, the pair of classes. */
export function classifyLine(
  book: RuleBook,
  text: string,
  lineNo: number,
  opts: { standard?: string; compare?: string; uplift?: boolean },
): { out: string; ok: boolean; pair?: [Assessment, Assessment] } {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    const error: AssessmentError = {
      code: 'INVALID_JSON',
      message: {
        vi: `JSON không hợp lệ: ${(e as Error).message}`,
        en: `Malformed JSON: ${(e as Error).message}`,
      },
    };
    return { out: errorLine(null, lineNo, error), ok: false };
  }
  const id =
    typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as { id?: unknown }).id : undefined;
  const req = parseAssessment(book, raw, opts.standard);
  if (!req.ok) return { out: errorLine(id, lineNo, req.error), ok: false };
  const main = assess(book, req.value);
  if (!main.ok) return { out: errorLine(id, lineNo, main.error), ok: false };
  const record: Record<string, unknown> = { id: id ?? null, ...verdictFields(main.value) };
  if (main.value.deficitsFrom === 'facts') record.deficitsFrom = 'facts';
  if (opts.uplift) {
    const standard = book.standards.get(main.value.verdict.standardId)!;
    record.uplift = upliftFor(standard, main.value.verdict) ?? null;
  }
  let pair: [Assessment, Assessment] | undefined;
  if (opts.compare) {
    const second = assess(book, req.value, opts.compare);
    // The line itself is valid; what the second standard cannot assess is reported inside "compare".
    if (!second.ok) {
      record.compare = { standard: opts.compare, error: second.error };
      return { out: JSON.stringify(record), ok: true };
    }
    record.compare = {
      ...verdictFields(second.value),
      ...(second.value.ignoredCodes.length ? { ignoredCodes: second.value.ignoredCodes } : {}),
      ...(second.value.unanswered.length ? { unanswered: second.value.unanswered } : {}),
    };
    pair = [main.value, second.value];
  }
  return { out: JSON.stringify(record), ok: true, ...(pair ? { pair } : {}) };
}

export const classifyCommand: Command = {
  summary: 'phân loại hộ (NDJSON) / classify households (NDJSON)',
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseOptions(argv, {
      standard: { type: 'string' },
      compare: { type: 'string' },
      uplift: { type: 'boolean' },
      'standards-file': { type: 'string', multiple: true },
    });
    if (positionals.length > 0) throw new UsageError(`Tham số thừa / Unexpected argument: ${positionals[0]}`);
    const book = loadRuleBook({ extraLocalStandardFiles: values['standards-file'] ?? [] });
    for (const id of [values.standard, values.compare]) {
      if (id !== undefined && !book.standards.has(id)) {
        const e = unknownStandard(id);
        throw new UsageError(`${e.message.vi} / ${e.message.en}`);
      }
    }
    const opts = { standard: values.standard, compare: values.compare, uplift: values.uplift ?? false };
    const matrix = emptyMatrix();
    const fromStandards = new Set<string>();
    let failed = 0;
    let buffer: string[] = [];
    // Lines are bounded (data/limits/uploads.json): a longer one is an error line, never held in memory.
    for await (const read of readNdjsonLines(process.stdin)) {
      const lineNo = read.line;
      if ('tooLong' in read) {
        failed++;
        buffer.push(errorLine(null, lineNo, { code: 'LINE_TOO_LONG', message: read.tooLong }));
        continue;
      }
      const text = read.text;
      if (text.trim() === '') continue;
      const r = classifyLine(book, text, lineNo, opts);
      if (!r.ok) failed++;
      if (r.pair) {
        addToMatrix(matrix, r.pair[0].verdict.class, r.pair[1].verdict.class);
        fromStandards.add(r.pair[0].verdict.standardId);
      }
      buffer.push(r.out);
      if (buffer.length >= 1000) {
        await writeOut(`${buffer.join('\n')}\n`);
        buffer = [];
      }
    }
    if (buffer.length) await writeOut(`${buffer.join('\n')}\n`);
    if (opts.compare) {
      const from = [...fromStandards].join('+') || (opts.standard ?? '—');
      process.stderr.write(`${formatMatrix(matrix, from, opts.compare)}\n`);
    }
    return failed > 0 ? 1 : 0;
  },
};
