// Số liệu công khai: households, poor and near-poor by child unit with small cells suppressed (a count
// under the threshold, and its complement), so that no household can be recognised in a published table.
import { z } from 'zod';
import * as reports from '../../db/queries/reports.ts';
import { suppressSmallCells, type SuppressedRow } from '../../domain/measures/suppression.ts';
import { defineReport } from '../definition.ts';
import type { ReportCell, ReportColumn, ReportRow } from '../model.ts';
import { standardParam, unitParam, yearParam } from '../parameters.ts';
import { dateOfYear, refOf, standardOf, unitOfYear, unitTree, viDate } from './common.ts';

const TITLE = {
  vi: 'Số liệu hộ nghèo, hộ cận nghèo công khai',
  en: 'Published figures of poor and near-poor households',
};
/** What a suppressed cell shows. */
export const SUPPRESSED = '*';

export const PUBLIC_COLUMNS: ReportColumn[] = [
  { key: 'stt', header: { vi: 'STT', en: 'No.' }, kind: 'text' },
  { key: 'unit', header: { vi: 'Đơn vị', en: 'Unit' }, kind: 'text', indent: true },
  { key: 'households', header: { vi: 'Tổng số hộ dân cư', en: 'Total households' }, kind: 'integer' },
  { key: 'poor', header: { vi: 'Số hộ nghèo', en: 'Poor households' }, kind: 'integer' },
  { key: 'poorRate', header: { vi: 'Tỷ lệ hộ nghèo (%)', en: 'Poverty rate (%)' }, kind: 'percent' },
  { key: 'nearPoor', header: { vi: 'Số hộ cận nghèo', en: 'Near-poor households' }, kind: 'integer' },
];

export const publicTableReport = defineReport({
  id: 'public-table',
  title: TITLE,
  description: {
    vi: 'Bảng số liệu công khai theo đơn vị trực thuộc; ô dưới ngưỡng bị ẩn',
    en: 'Public table by child unit; cells under the threshold are suppressed',
  },
  parameters: z.object({
    unit: unitParam,
    year: yearParam,
    standard: standardParam,
    threshold: z.coerce
      .number()
      .int()
      .min(1)
      .max(100)
      .default(5)
      .describe(
        'Ngưỡng ẩn ô: số hộ nhỏ hơn ngưỡng (trừ 0) bị ẩn / cells counting fewer households are hidden',
      ),
  }),
  async build({ db, book, today, now, params }) {
    const date = dateOfYear(params.year, today);
    const standard = standardOf(book, params.year, params.standard);
    const top = await unitOfYear(db, params.unit, date);
    const tree = await unitTree(db, top, date);
    const list = [...new Set([...tree.map((t) => t.unit), top])];
    const rolls = await reports.rollupsOf(db, {
      units: list.map(refOf),
      year: params.year,
      standard,
      groups: ['all'],
    });
    const withTotal = [
      ...tree,
      ...(tree[0]?.unit !== top ? [{ unit: top, level: 0, subtotal: false, total: true }] : []),
    ];
    const present = withTotal.filter((t) =>
      rolls.some((r) => r.unitCode === t.unit.code && r.unitValidFrom === t.unit.validFrom),
    );
    // Suppression runs over siblings (the rows under one published total): a district's communes, the
    // units directly under the top unit, and the total on its own.
    const figureOf = (t: (typeof withTotal)[number]) => {
      const r = rolls.find((x) => x.unitCode === t.unit.code && x.unitValidFrom === t.unit.validFrom)!;
      return {
        unit: t.unit.code,
        name: t.unit.name,
        households: r.households,
        poor: r.poor,
        nearPoor: r.nearPoor,
      };
    };
    const siblings = new Map<string, typeof present>();
    let parentKey = 'top';
    for (const t of withTotal) {
      if ('total' in t) parentKey = 'total';
      else if (t.level === 0) parentKey = 'top';
      if (present.includes(t)) siblings.set(parentKey, [...(siblings.get(parentKey) ?? []), t]);
      if (t.subtotal) parentKey = `${t.unit.code}@${t.unit.validFrom}`;
    }
    const suppressedOf = new Map<(typeof withTotal)[number], SuppressedRow>();
    for (const group of siblings.values()) {
      const out = suppressSmallCells(group.map(figureOf), params.threshold);
      group.forEach((t, i) => suppressedOf.set(t, out[i]!));
    }
    const show = (v: number | null): ReportCell => (v === null ? SUPPRESSED : v);
    let n = 0;
    let hidden = 0;
    const rows: ReportRow[] = withTotal.map((t) => {
      const s = suppressedOf.get(t);
      if (s?.suppressed) hidden++;
      const isTotal = 'total' in t;
      return {
        cells: {
          stt: isTotal || t.subtotal ? '' : String(++n),
          unit: isTotal ? `Tổng cộng (${t.unit.name})` : t.unit.name,
          ...(s
            ? {
                households: show(s.households),
                poor: show(s.poor),
                poorRate: show(s.poorRate),
                nearPoor: show(s.nearPoor),
              }
            : {}),
        },
        level: t.level,
        ...(isTotal ? { emphasis: 'total' as const } : t.subtotal ? { emphasis: 'subtotal' as const } : {}),
      };
    });
    return {
      id: 'public-table',
      title: TITLE,
      subtitle: { vi: `${top.name} — năm ${params.year}`, en: `${top.name} — ${params.year}` },
      sections: [{ table: { columns: PUBLIC_COLUMNS, rows } }],
      notes: [
        {
          vi: `(${SUPPRESSED}) Ô bị ẩn: số hộ nhỏ hơn ${params.threshold} (khác 0), hoặc ô có thể làm lộ nó (ô bù trừ trong cùng dòng, hoặc ô của đơn vị khác khi chỉ một ô bị ẩn mà tổng được công bố), để không nhận diện được hộ; ${hidden} dòng có ô bị ẩn.`,
          en: `(${SUPPRESSED}) Suppressed: fewer than ${params.threshold} households (but not zero), or a cell that would give it away (its complement in the same row, or another unit's cell when one alone would be the total minus the others), so that no household can be recognised; ${hidden} rows have suppressed cells.`,
        },
        {
          vi: `Tổng hợp từ kết quả rà soát đã được công nhận; chuẩn ${standard}; đơn vị hành chính tại ngày ${viDate(date)}.`,
          en: `Summed from recognised review rounds; standard ${standard}; units as of ${date}.`,
        },
      ],
      generatedAt: now,
    };
  },
});
