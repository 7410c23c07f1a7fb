// `giamngheo demo`: classifies the bundled sample households and shows the verdicts and the 2027 changeover.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { CLASS_NAMES } from '../../domain/standards/explain.ts';
import { reclassificationMatrix, formatMatrix } from '../../domain/standards/reclassification.ts';
import type { HouseholdClass } from '../../domain/standards/types.ts';
import { loadRuleBook } from '../../rules-loader/load-rule-book.ts';
import { parseOptions, type Command } from '../command.ts';
import { classifyLine } from './classify.ts';

const SAMPLE = fileURLToPath(new URL('../../../examples/sample-households.ndjson', import.meta.url));

export const demoCommand: Command = {
  summary: 'chạy thử trên hộ mẫu / demo on bundled sample households',
  help: `giamngheo demo [--lang vi|en]

Phân loại các hộ mẫu (examples/sample-households.ndjson) theo NĐ 07/2021 và so sánh với NĐ 351/2025.
Classifies the sample households under Decree 07/2021 and compares them with Decree 351/2025.`,
  async run(argv) {
    const { values } = parseOptions(argv, { lang: { type: 'string', default: 'vi' } });
    const lang = values.lang === 'en' ? 'en' : 'vi';
    const book = loadRuleBook();
    const lines = readFileSync(SAMPLE, 'utf8')
      .split('\n')
      .filter((l) => l.trim());
    const pairs: [HouseholdClass, HouseholdClass][] = [];
    const title =
      lang === 'vi'
        ? 'GiảmNghèo — phân loại hộ mẫu theo NĐ 07/2021/NĐ-CP, so sánh NĐ 351/2025/NĐ-CP'
        : 'GiảmNghèo — sample households under Decree 07/2021/ND-CP, compared with Decree 351/2025/ND-CP';
    process.stdout.write(`${title}\n${'='.repeat(title.length)}\n\n`);
    lines.forEach((text, i) => {
      const r = classifyLine(book, text, i + 1, { compare: 'ND351_2025', uplift: true });
      const rec = JSON.parse(r.out) as {
        id: string;
        class: HouseholdClass;
        explanation: { vi: string; en: string };
        compare: { class?: HouseholdClass; error?: { message: { vi: string; en: string } } };
        uplift: { byMeasure?: { increase: number; unit: string }; byDeficits?: { resolve: number } } | null;
        error?: { message: { vi: string; en: string } };
      };
      if (rec.error) {
        process.stdout.write(`${rec.id}: ${rec.error.message[lang]}\n\n`);
        return;
      }
      if (r.pair) pairs.push([r.pair[0].verdict.class, r.pair[1].verdict.class]);
      const second = rec.compare.class
        ? CLASS_NAMES[rec.compare.class][lang]
        : rec.compare.error?.message[lang];
      process.stdout.write(
        `${rec.id}  ${CLASS_NAMES[rec.class][lang].toUpperCase()}  →  ND351_2025: ${second}\n` +
          `  ${rec.explanation[lang]}\n`,
      );
      const u = rec.uplift;
      if (u) {
        const parts: string[] = [];
        if (u.byMeasure) {
          const n = new Intl.NumberFormat(lang === 'vi' ? 'vi-VN' : 'en-US').format(u.byMeasure.increase);
          const unit =
            u.byMeasure.unit === 'VND'
              ? lang === 'vi'
                ? 'đồng/người/tháng'
                : 'VND/person/month'
              : lang === 'vi'
                ? 'điểm'
                : 'points';
          const score = u.byMeasure.unit === 'points';
          parts.push(
            lang === 'vi'
              ? `tăng ${score ? 'điểm A' : 'thu nhập'} thêm ${n} ${unit}`
              : `raise ${score ? 'score A' : 'income'} by ${n} ${unit}`,
          );
        }
        if (u.byDeficits) {
          parts.push(
            lang === 'vi'
              ? `giải quyết ${u.byDeficits.resolve} chỉ số thiếu hụt`
              : `resolve ${u.byDeficits.resolve} deficit(s)`,
          );
        }
        const lead = lang === 'vi' ? 'Để lên một bậc' : 'To move up a class';
        process.stdout.write(`  ${lead}: ${parts.join(lang === 'vi' ? ' hoặc ' : ' or ')}\n`);
      }
      process.stdout.write('\n');
    });
    const heading =
      lang === 'vi'
        ? 'Ma trận chuyển đổi khi áp dụng chuẩn 2026–2030'
        : 'Reclassification under the 2026–2030 standard';
    process.stdout.write(
      `${heading}\n${formatMatrix(reclassificationMatrix(pairs), 'ND07_2021', 'ND351_2025')}\n`,
    );
    return 0;
  },
};
