// `giamngheo audit verify`: walks the hash chain of the audit log and names the first broken entry.
import { audit } from '../../db/index.ts';
import type { AuditBreak } from '../../db/queries/audit.ts';
import { parseOptions, UsageError, writeOut, type Command } from '../command.ts';
import { DATABASE_HELP, DATABASE_OPTIONS, withDatabase } from '../database-options.ts';

const HELP = `giamngheo audit verify [--json] [--db DIR]

Kiểm tra toàn bộ chuỗi băm của nhật ký kiểm toán: mỗi bản ghi phải liền số với bản ghi trước, mang
mã băm của bản ghi trước và có mã băm đúng với nội dung của nó. In ra bản ghi hỏng đầu tiên, nếu có.
Checks the whole hash chain of the audit log: each entry must follow the previous one in number,
carry its hash, and have the hash of its own content. Names the first broken entry, if any.
${DATABASE_HELP}

Mã thoát / exit code: 0 chuỗi toàn vẹn / chain intact; 1 chuỗi bị phá vỡ / chain broken; 2 wrong call.`;

const REASON: Record<AuditBreak, { vi: string; en: string }> = {
  sequence_gap: {
    vi: 'số thứ tự không liền mạch (có bản ghi trước nó đã bị xoá)',
    en: 'sequence gap (an entry before it was deleted)',
  },
  prev_hash_mismatch: {
    vi: 'mã băm của bản ghi trước không khớp (bản ghi trước đã bị xoá, đổi chỗ hoặc sửa)',
    en: 'previous hash does not match (the entry before it was deleted, moved or rewritten)',
  },
  hash_mismatch: {
    vi: 'mã băm không khớp với nội dung (bản ghi đã bị sửa)',
    en: 'hash does not match the content (the entry was changed)',
  },
};

export const auditCommand: Command = {
  summary: 'kiểm tra nhật ký kiểm toán / verify the audit trail',
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseOptions(argv, { ...DATABASE_OPTIONS, json: { type: 'boolean' } });
    if (positionals.length !== 1 || positionals[0] !== 'verify') throw new UsageError(HELP);
    return withDatabase(values, async (db) => {
      const result = await audit.verifyAuditChain(db);
      const head = result.ok ? await audit.auditHead(db) : undefined;
      if (values.json) {
        await writeOut(`${JSON.stringify({ ...result, head: head ?? null }, null, 2)}\n`);
        return result.ok ? 0 : 1;
      }
      if (result.ok) {
        const lines = [
          `Chuỗi nhật ký toàn vẹn: ${result.count} bản ghi / Audit chain intact: ${result.count} entries`,
        ];
        // A chain cut short at its end still verifies: compare this with a head noted down earlier.
        if (head) lines.push(`Bản ghi cuối / last entry: #${head.seq} ${head.hash}`);
        await writeOut(`${lines.join('\n')}\n`);
        return 0;
      }
      const { seq, reason, expected, actual } = result.firstBroken;
      await writeOut(
        [
          `Chuỗi nhật ký bị phá vỡ tại bản ghi #${seq}: ${REASON[reason].vi}`,
          `Audit chain broken at entry #${seq}: ${REASON[reason].en}`,
          `  lý do / reason:       ${reason}`,
          `  cần có / expected:    ${expected}`,
          `  thực tế / actual:     ${actual}`,
          `  ${result.count} bản ghi đầu tiên nguyên vẹn / first ${result.count} entries intact`,
          '',
        ].join('\n'),
      );
      return 1;
    });
  },
};
