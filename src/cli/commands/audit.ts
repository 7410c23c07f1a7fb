// `giamngheo audit verify`: walks every hash chain of the audit log and names the first broken entry.
import { audit } from '../../db/index.ts';
import type { AuditBreak } from '../../db/queries/audit.ts';
import { parseOptions, UsageError, writeOut, type Command } from '../command.ts';
import { DATABASE_HELP, DATABASE_OPTIONS, withDatabase } from '../database-options.ts';

const HELP = `giamngheo audit verify [--json] [--db DIR]

Kiểm tra mọi chuỗi băm của nhật ký kiểm toán (chuỗi toàn quốc và chuỗi của từng tỉnh): mỗi bản ghi phải
liền số với bản ghi trước trong chuỗi, mang mã băm của bản ghi trước và có mã băm đúng với nội dung của
nó. In ra bản ghi hỏng đầu tiên và chuỗi của nó, nếu có.
Checks every hash chain of the audit log (the national one and one per province): each entry must
follow the previous one of its chain in number, carry its hash, and have the hash of its own content.
Names the first broken entry and its chain, if any.
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
  covered_mismatch: {
    vi: 'danh sách mã hộ của lô nhập không khớp với các hộ trong bản ghi',
    en: "the import batch's list of household ids does not match the households it holds",
  },
};

export const auditCommand: Command = {
  summary: 'kiểm tra nhật ký kiểm toán / verify the audit trail',
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseOptions(argv, { ...DATABASE_OPTIONS, json: { type: 'boolean' } });
    if (positionals.length !== 1 || positionals[0] !== 'verify') throw new UsageError(HELP);
    return withDatabase(values, async (db) => {
      // Every chain: the national one and one per province (ADR 0011).
      const result = await audit.verifyAuditChain(db);
      if (values.json) {
        await writeOut(`${JSON.stringify(result, null, 2)}\n`);
        return result.ok ? 0 : 1;
      }
      const name = (chain: string) => ({
        vi: chain === audit.NATIONAL_CHAIN ? 'toàn quốc' : `tỉnh ${chain}`,
        en: chain === audit.NATIONAL_CHAIN ? 'national' : `province ${chain}`,
      });
      if (result.ok) {
        const lines = [
          `Chuỗi nhật ký toàn vẹn: ${result.count} bản ghi / Audit chain intact: ${result.count} entries`,
          `  ${result.chains.length} chuỗi / chains`,
        ];
        // A chain cut short at its end still verifies: compare each head with one noted down earlier.
        for (const c of result.chains) {
          const n = name(c.chain);
          lines.push(
            `  chuỗi ${n.vi} / ${n.en} chain: ${c.count} bản ghi / entries, bản ghi cuối / last entry #${c.head.seq} ${c.head.hash}`,
          );
        }
        await writeOut(`${lines.join('\n')}\n`);
        return 0;
      }
      const { chain, seq, reason, expected, actual } = result.firstBroken;
      const n = name(chain);
      await writeOut(
        [
          `Chuỗi nhật ký bị phá vỡ tại bản ghi #${seq} của chuỗi ${n.vi}: ${REASON[reason].vi}`,
          `Audit chain broken at entry #${seq} of the ${n.en} chain: ${REASON[reason].en}`,
          `  lý do / reason:       ${reason}`,
          `  cần có / expected:    ${expected}`,
          `  thực tế / actual:     ${actual}`,
          `  ${result.count} bản ghi đầu tiên của chuỗi nguyên vẹn / first ${result.count} entries of the chain intact`,
          '',
        ].join('\n'),
      );
      return 1;
    });
  },
};
