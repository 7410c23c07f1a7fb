// Kết quả rà soát hộ nghèo, hộ cận nghèo: each child unit of a unit (before the 2025 reform its districts
// with their communes indented) with households, poor and near-poor (number, rate) and ethnic-minority
// poor; figures derived from recognised rounds where they exist, else entered ones, a difference flagged.
import { z } from 'zod';
import * as reports from '../../db/queries/reports.ts';
import type { EnteredRecord, RollupRecord } from '../../db/queries/reports.ts';
import type { AdminUnit } from '../../db/queries/units.ts';
import { defineReport } from '../definition.ts';
import type { LocalText, ReportColumn, ReportRow } from '../model.ts';
import { standardParam, unitParam, yearParam } from '../parameters.ts';
import {
  dateOfYear,
  differs,
  figureOfEntered,
  figureOfRollup,
  fmtCount,
  refOf,
  standardOf,
  unitOfYear,
  unitTree,
  viDate,
  type UnitFigure,
} from './common.ts';

const HO_NGHEO = { vi: 'Hộ nghèo', en: 'Poor households' };
const HO_CAN_NGHEO = { vi: 'Hộ cận nghèo', en: 'Near-poor households' };

export const REVIEW_RESULT_COLUMNS: ReportColumn[] = [
  { key: 'stt', header: { vi: 'STT', en: 'No.' }, kind: 'text' },
  { key: 'unit', header: { vi: 'Đơn vị', en: 'Unit' }, kind: 'text', indent: true },
  { key: 'households', header: { vi: 'Tổng số hộ dân cư', en: 'Total households' }, kind: 'integer' },
  { key: 'poor', header: { vi: 'Số hộ nghèo', en: 'Poor households' }, kind: 'integer', group: HO_NGHEO },
  {
    key: 'poorRate',
    header: { vi: 'Tỷ lệ hộ nghèo (%)', en: 'Poverty rate (%)' },
    kind: 'percent',
    group: HO_NGHEO,
  },
  {
    key: 'nearPoor',
    header: { vi: 'Số hộ cận nghèo', en: 'Near-poor households' },
    kind: 'integer',
    group: HO_CAN_NGHEO,
  },
  {
    key: 'nearPoorRate',
    header: { vi: 'Tỷ lệ hộ cận nghèo (%)', en: 'Near-poverty rate (%)' },
    kind: 'percent',
    group: HO_CAN_NGHEO,
  },
  {
    key: 'emPoor',
    header: { vi: 'Số hộ nghèo dân tộc thiểu số', en: 'Ethnic-minority poor households' },
    kind: 'integer',
  },
  { key: 'source', header: { vi: 'Nguồn số liệu', en: 'Source' }, kind: 'text' },
];

const TITLE = {
  vi: 'Kết quả rà soát hộ nghèo, hộ cận nghèo',
  en: 'Results of the review of poor and near-poor households',
};
const DERIVED = { vi: 'Rà soát', en: 'Review' };
const ENTERED = { vi: 'Công bố', en: 'Published' };

export const reviewResultsReport = defineReport({
  id: 'review-results',
  title: TITLE,
  description: {
    vi: 'Theo từng đơn vị trực thuộc: tổng số hộ, hộ nghèo, hộ cận nghèo (số hộ, tỷ lệ), hộ nghèo dân tộc thiểu số',
    en: 'By child unit: households, poor and near-poor (number, rate), ethnic-minority poor',
  },
  parameters: z.object({ unit: unitParam, year: yearParam, standard: standardParam }),
  async build({ db, book, today, now, params }) {
    const date = dateOfYear(params.year, today);
    const standard = standardOf(book, params.year, params.standard);
    const top = await unitOfYear(db, params.unit, date);
    const tree = await unitTree(db, top, date);
    const all = [...tree.map((t) => t.unit), ...(tree.some((t) => t.unit === top) ? [] : [top])];
    const groups = ['all', 'ethnic_minority'];
    const [rolls, entered] = await Promise.all([
      reports.rollupsOf(db, { units: all.map(refOf), year: params.year, standard, groups }),
      reports.enteredOf(db, { codes: all.map((u) => u.code), year: params.year, standard, groups }),
    ]);
    const rollOf = (u: AdminUnit, g: string): RollupRecord | undefined =>
      rolls.find((r) => r.unitCode === u.code && r.unitValidFrom === u.validFrom && r.group === g);
    const enteredOf = (u: AdminUnit, g: string): EnteredRecord | undefined =>
      entered.find((e) => e.unitCode === u.code && e.group === g);

    const notes: LocalText[] = [];
    const counts = { derived: 0, entered: 0, missing: 0 };
    const rows: ReportRow[] = [];
    const cellsOf = (stt: string, u: AdminUnit, f: UnitFigure, em: number | null, source: LocalText) => ({
      stt,
      unit: u.name,
      households: f.households,
      poor: f.poor,
      poorRate: f.poorRate,
      nearPoor: f.nearPoor,
      nearPoorRate: f.nearPoorRate,
      emPoor: em,
      source,
    });
    let n = 0;
    let sub = 0;
    const addUnit = (u: AdminUnit, stt: string, level: number, emphasis?: 'total' | 'subtotal') => {
      const r = rollOf(u, 'all');
      const e = enteredOf(u, 'all');
      const emR = rollOf(u, 'ethnic_minority');
      const emE = enteredOf(u, 'ethnic_minority');
      const at = emphasis ? { emphasis } : {};
      if (r) {
        counts.derived++;
        rows.push({
          cells: cellsOf(stt, u, figureOfRollup(r), emR ? emR.poor : (emE?.poorHouseholds ?? null), DERIVED),
          level,
          ...at,
        });
        if (e && differs(figureOfRollup(r), figureOfEntered(e))) {
          const f = figureOfEntered(e);
          rows.push({
            cells: {
              ...cellsOf('', u, f, emE?.poorHouseholds ?? null, ENTERED),
              unit: { vi: `${u.name} (công bố)`, en: `${u.name} (published)` },
              source: { vi: `${ENTERED.vi}: ${e.source}`, en: `${ENTERED.en}: ${e.source}` },
            },
            level: level + 1,
          });
          notes.push({
            vi: `${u.name}: số liệu rà soát (${fmtCount(r.poor).vi} hộ nghèo / ${fmtCount(r.households).vi} hộ) khác số liệu công bố (${f.poor ?? '—'} / ${f.households ?? '—'}; ${e.source}).`,
            en: `${u.name}: review figures (${fmtCount(r.poor).en} poor of ${fmtCount(r.households).en}) differ from the published ones (${f.poor ?? '—'} of ${f.households ?? '—'}; ${e.source}).`,
          });
        }
      } else if (e) {
        counts.entered++;
        rows.push({
          cells: {
            ...cellsOf(stt, u, figureOfEntered(e), emE?.poorHouseholds ?? null, ENTERED),
            source: { vi: `${ENTERED.vi}: ${e.source}`, en: `${ENTERED.en}: ${e.source}` },
          },
          level,
          ...at,
        });
      } else {
        counts.missing++;
        rows.push({
          cells: cellsOf(
            stt,
            u,
            { households: null, poor: null, nearPoor: null, poorRate: null, nearPoorRate: null },
            null,
            { vi: 'Chưa có', en: 'None' },
          ),
          level,
          ...at,
        });
      }
    };
    for (const t of tree) {
      if (t.unit === top) addUnit(top, '1', 0);
      else if (t.subtotal) {
        sub++;
        n = 0;
        addUnit(t.unit, roman(sub), 0, 'subtotal');
      } else addUnit(t.unit, String(++n), t.level);
    }
    if (tree[0]?.unit !== top) {
      const before = { ...counts };
      const at = rows.length;
      addUnit(top, '', 0, 'total');
      // The total is not one more unit in the count of sources; its label names the unit.
      Object.assign(counts, before);
      rows[at]!.cells.unit = `Tổng cộng (${top.name})`;
      const t = rollOf(top, 'all');
      if (t)
        notes.push({
          vi: `Dòng tổng cộng tổng hợp từ ${t.communes} xã, phường có kết quả rà soát được công nhận; không gồm số liệu công bố của các đơn vị khác.`,
          en: `The total row sums the ${t.communes} communes with recognised review results; published figures of other units are not included.`,
        });
    }

    notes.unshift(
      {
        vi: `Số liệu "Rà soát" tổng hợp từ kết quả rà soát đã được công nhận (${counts.derived} đơn vị); "Công bố" là số liệu nhập từ văn bản đã công bố (${counts.entered} đơn vị)${counts.missing ? `; ${counts.missing} đơn vị chưa có số liệu` : ''}.`,
        en: `"Review" figures are summed from recognised review rounds (${counts.derived} units); "Published" figures were entered from published documents (${counts.entered} units)${counts.missing ? `; ${counts.missing} units have no figures` : ''}.`,
      },
      {
        vi: `Đơn vị hành chính tại ngày ${viDate(date)}; chuẩn nghèo ${standard}.`,
        en: `Administrative units as of ${date}; poverty standard ${standard}.`,
      },
    );
    return {
      id: 'review-results',
      title: TITLE,
      subtitle: { vi: `${top.name} — năm ${params.year}`, en: `${top.name} — ${params.year}` },
      sections: [{ table: { columns: REVIEW_RESULT_COLUMNS, rows } }],
      notes,
      generatedAt: now,
    };
  },
});

function roman(n: number): string {
  const map: [number, string][] = [
    [10, 'X'],
    [9, 'IX'],
    [5, 'V'],
    [4, 'IV'],
    [1, 'I'],
  ];
  let out = '';
  for (const [v, s] of map)
    while (n >= v) {
      out += s;
      n -= v;
    }
  return out;
}
