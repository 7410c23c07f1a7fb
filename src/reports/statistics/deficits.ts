// Thiếu hụt các dịch vụ xã hội cơ bản: per indicator of the standard, the number and share of poor and of
// near-poor households lacking it, from the unit's roll-up (its deficit profile).
import { z } from 'zod';
import * as reports from '../../db/queries/reports.ts';
import {
  householdsIn,
  indicatorHeadcounts,
  type DeficitProfile,
} from '../../domain/measures/deficit-profile.ts';
import { defineReport } from '../definition.ts';
import type { LocalText, ReportColumn, ReportRow } from '../model.ts';
import { standardParam, unitParam, yearParam } from '../parameters.ts';
import { dateOfYear, fmtCount, refOf, standardOf, unitOfYear, viDate } from './common.ts';

const TITLE = {
  vi: 'Hộ nghèo, hộ cận nghèo thiếu hụt các dịch vụ xã hội cơ bản',
  en: 'Poor and near-poor households lacking basic social services',
};
const POOR = { vi: 'Hộ nghèo', en: 'Poor households' };
const NEAR = { vi: 'Hộ cận nghèo', en: 'Near-poor households' };

export const DEFICIT_COLUMNS: ReportColumn[] = [
  { key: 'stt', header: { vi: 'STT', en: 'No.' }, kind: 'text' },
  { key: 'dimension', header: { vi: 'Chiều thiếu hụt', en: 'Dimension' }, kind: 'text' },
  { key: 'indicator', header: { vi: 'Chỉ số đo lường', en: 'Indicator' }, kind: 'text' },
  { key: 'poor', header: { vi: 'Số hộ thiếu hụt', en: 'Households lacking' }, kind: 'integer', group: POOR },
  { key: 'poorShare', header: { vi: 'Tỷ lệ (%)', en: 'Share (%)' }, kind: 'percent', group: POOR },
  {
    key: 'nearPoor',
    header: { vi: 'Số hộ thiếu hụt', en: 'Households lacking' },
    kind: 'integer',
    group: NEAR,
  },
  { key: 'nearPoorShare', header: { vi: 'Tỷ lệ (%)', en: 'Share (%)' }, kind: 'percent', group: NEAR },
];

const pct = (share: number | null) => (share === null ? null : Math.round(share * 10000) / 100);

export const deficitsReport = defineReport({
  id: 'deficits',
  title: TITLE,
  description: {
    vi: 'Theo từng chỉ số thiếu hụt: số hộ nghèo, hộ cận nghèo thiếu hụt và tỷ lệ',
    en: 'Per deficit indicator: poor and near-poor households lacking it, number and share',
  },
  parameters: z.object({ unit: unitParam, year: yearParam, standard: standardParam }),
  async build({ db, book, today, now, params }) {
    const date = dateOfYear(params.year, today);
    const standard = standardOf(book, params.year, params.standard);
    const unit = await unitOfYear(db, params.unit, date);
    const [roll] = await reports.rollupsOf(db, {
      units: [refOf(unit)],
      year: params.year,
      standard,
      groups: ['all'],
    });
    const indicators = book.standards.get(standard)!.indicators;
    const profile = (roll?.deficitProfile ?? {}) as DeficitProfile;
    const codes = indicators.map((i) => i.code);
    const poor = indicatorHeadcounts(profile, codes, ['poor']);
    const near = indicatorHeadcounts(profile, codes, ['near_poor']);
    const rows: ReportRow[] = indicators.map((ind, i) => ({
      cells: {
        stt: String(i + 1),
        dimension: { vi: ind.dimension.vi, en: ind.dimension.en },
        indicator: ind.name,
        poor: roll ? poor[i]!.households : null,
        poorShare: roll ? pct(poor[i]!.share) : null,
        nearPoor: roll ? near[i]!.households : null,
        nearPoorShare: roll ? pct(near[i]!.share) : null,
      },
    }));
    const nPoor = householdsIn(profile, ['poor']);
    const nNear = householdsIn(profile, ['near_poor']);
    const paragraphs: LocalText[] = roll
      ? [
          {
            vi: `Tổng số hộ nghèo: ${fmtCount(nPoor).vi}; tổng số hộ cận nghèo: ${fmtCount(nNear).vi}. Tỷ lệ tính trên tổng số hộ nghèo (hộ cận nghèo) tương ứng.`,
            en: `Poor households: ${fmtCount(nPoor).en}; near-poor households: ${fmtCount(nNear).en}. Shares are of the poor (near-poor) households.`,
          },
        ]
      : [
          {
            vi: `Chưa có kết quả rà soát được công nhận của ${unit.name} năm ${params.year} theo chuẩn ${standard}.`,
            en: `No recognised review result for ${unit.name} in ${params.year} under ${standard}.`,
          },
        ];
    return {
      id: 'deficits',
      title: TITLE,
      subtitle: { vi: `${unit.name} — năm ${params.year}`, en: `${unit.name} — ${params.year}` },
      sections: [{ paragraphs, table: { columns: DEFICIT_COLUMNS, rows } }],
      notes: [
        {
          vi: `Tổng hợp từ kết quả rà soát đã được công nhận${roll ? ` của ${roll.communes} xã` : ''}; chuẩn nghèo ${standard}; đơn vị hành chính tại ngày ${viDate(date)}.`,
          en: `Summed from recognised review rounds${roll ? ` of ${roll.communes} communes` : ''}; standard ${standard}; units as of ${date}.`,
        },
      ],
      generatedAt: now,
    };
  },
});
