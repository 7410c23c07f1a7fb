// Tiến độ giảm nghèo so với chỉ tiêu: per year, the poverty rate at the start and end, the reduction,
// the target and its verdict, with the sentences of the provincial reports (src/services/progress-report.ts).
import { z } from 'zod';
import * as reports from '../../db/queries/reports.ts';
import { FIGURE_GROUPS, type FigureGroup } from '../../domain/measures/figures-csv.ts';
import type { Verdict } from '../../domain/measures/targets.ts';
import { formatNumber } from '../../domain/format/numbers.ts';
import { progressReport, type ProgressEntry } from '../../services/progress-report.ts';
import { defineReport, ReportParameterError } from '../definition.ts';
import type { LocalText, ReportColumn, ReportLang } from '../model.ts';
import { unitParam } from '../parameters.ts';

const TITLE = { vi: 'Kết quả giảm nghèo so với chỉ tiêu', en: 'Poverty reduction against targets' };

export const PROGRESS_COLUMNS: ReportColumn[] = [
  { key: 'year', header: { vi: 'Năm', en: 'Year' }, kind: 'text' },
  { key: 'standard', header: { vi: 'Chuẩn nghèo', en: 'Standard' }, kind: 'text' },
  {
    key: 'start',
    header: { vi: 'Tỷ lệ hộ nghèo đầu năm (%)', en: 'Poverty rate at start (%)' },
    kind: 'percent',
  },
  {
    key: 'end',
    header: { vi: 'Tỷ lệ hộ nghèo cuối năm (%)', en: 'Poverty rate at end (%)' },
    kind: 'percent',
  },
  { key: 'change', header: { vi: 'Mức giảm (điểm %)', en: 'Reduction (points)' }, kind: 'decimal' },
  { key: 'target', header: { vi: 'Chỉ tiêu', en: 'Target' }, kind: 'text' },
  { key: 'verdict', header: { vi: 'Đánh giá', en: 'Verdict' }, kind: 'text' },
];

const GROUP_NAMES: Record<FigureGroup, LocalText | null> = {
  all: null,
  ethnic_minority: { vi: 'hộ dân tộc thiểu số', en: 'ethnic-minority households' },
  poor_districts: { vi: 'các huyện nghèo', en: 'poor districts' },
  urban: { vi: 'thành thị', en: 'urban' },
  rural: { vi: 'nông thôn', en: 'rural' },
};

const VERDICT: Record<Verdict, LocalText> = {
  not_met: { vi: 'Không đạt', en: 'Not met' },
  met: { vi: 'Đạt', en: 'Met' },
  exceeded: { vi: 'Vượt', en: 'Exceeded' },
};

/** "giảm 2–2,5 điểm %", "giảm trên 3 điểm %", "dưới 10 %". */
export function targetText(e: ProgressEntry, lang: ReportLang): string {
  const t = e.target;
  if (!t) return '';
  const n = (x: number) => formatNumber(x, lang);
  if (t.lower === null) return lang === 'vi' ? `dưới ${n(t.upper!)} %` : `below ${n(t.upper!)}%`;
  if (t.upper === null)
    return lang === 'vi' ? `giảm trên ${n(t.lower)} điểm %` : `down ${n(t.lower)}+ points`;
  return lang === 'vi'
    ? `giảm ${n(t.lower)}–${n(t.upper)} điểm %`
    : `down ${n(t.lower)}–${n(t.upper)} points`;
}

export const progressReportEntry = defineReport({
  id: 'progress',
  title: TITLE,
  description: {
    vi: 'Tỷ lệ hộ nghèo qua các năm, mức giảm, chỉ tiêu và đánh giá, kèm câu nhận xét',
    en: 'The poverty rate over the years, its reduction, the target and verdict, with the report sentences',
  },
  parameters: z.object({
    unit: unitParam,
    group: z.enum(FIGURE_GROUPS).default('all').describe('Nhóm hộ / household group'),
    from: z.coerce.number().int().min(2000).max(2100).describe('Từ năm / from year'),
    to: z.coerce.number().int().min(2000).max(2100).describe('Đến năm / to year'),
  }),
  async build({ db, now, params }) {
    if (params.from > params.to)
      throw new ReportParameterError('from', {
        vi: 'Năm bắt đầu phải không sau năm kết thúc',
        en: 'The first year must not be after the last',
      });
    // The unit as it is today, or as it last was (Bắc Kạn's figures are read after it merged).
    const unit = await reports.latestUnitVersion(db, params.unit);
    if (!unit)
      throw new ReportParameterError('unit', {
        vi: `Không có đơn vị mã ${params.unit}`,
        en: `No unit with code ${params.unit}`,
      });
    const entries = await progressReport(db, {
      unit: params.unit,
      group: params.group,
      from: params.from,
      to: params.to,
    });
    const rows = entries.map((e) => ({
      cells: {
        year: String(e.year),
        standard: e.standard,
        start: e.start,
        end: e.end,
        change: e.change,
        target: { vi: targetText(e, 'vi'), en: targetText(e, 'en') },
        verdict: e.verdict ? VERDICT[e.verdict] : '',
      },
    }));
    const notes: LocalText[] = [
      {
        vi: 'Mức giảm chỉ tính giữa hai số liệu cùng chuẩn nghèo; năm đổi chuẩn bắt đầu chuỗi số liệu mới.',
        en: 'A reduction is computed only between two figures of the same standard; a change of standard starts a new series.',
      },
    ];
    for (const e of entries) {
      notes.push({
        vi: `Năm ${e.year}: số đầu năm — ${e.sources.start}; số cuối năm — ${e.sources.end}.`,
        en: `${e.year}: start — ${e.sources.start}; end — ${e.sources.end}.`,
      });
      for (const d of e.differences)
        notes.push({
          vi: `Năm ${d.year}: số liệu tổng hợp từ rà soát (${formatNumber(d.derived, 'vi')} %) khác số liệu công bố (${formatNumber(d.entered, 'vi')} %).`,
          en: `${d.year}: the figure derived from the review (${formatNumber(d.derived, 'en')}%) differs from the published one (${formatNumber(d.entered, 'en')}%).`,
        });
    }
    const group = GROUP_NAMES[params.group];
    return {
      id: 'progress',
      title: TITLE,
      subtitle: {
        vi: `${unit.name}${group ? ` — ${group.vi}` : ''} — ${params.from}–${params.to}`,
        en: `${unit.name}${group ? ` — ${group.en}` : ''} — ${params.from}–${params.to}`,
      },
      sections: [
        {
          paragraphs: entries.length
            ? entries.map((e) => e.sentence)
            : [
                {
                  vi: 'Chưa có hai số liệu cùng chuẩn để so sánh trong khoảng năm này.',
                  en: 'No two comparable figures in these years.',
                },
              ],
          table: { columns: PROGRESS_COLUMNS, rows },
        },
      ],
      notes,
      generatedAt: now,
    };
  },
});
