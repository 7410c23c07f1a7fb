// Biến động hộ nghèo, hộ cận nghèo: per child unit, poor and near-poor households at the start of the
// period, those who escaped, moved out, newly entered (of which re-poor) and at the end, from roll-ups.
import { z } from 'zod';
import * as reports from '../../db/queries/reports.ts';
import type { AdminUnit } from '../../db/queries/units.ts';
import type { FlowTotals } from '../../domain/review/flows.ts';
import { defineReport } from '../definition.ts';
import type { ReportCell, ReportColumn, ReportRow } from '../model.ts';
import { standardParam, unitParam, yearParam } from '../parameters.ts';
import { dateOfYear, refOf, standardOf, unitOfYear, unitTree, viDate } from './common.ts';

const TITLE = { vi: 'Biến động hộ nghèo, hộ cận nghèo', en: 'Flows of poor and near-poor households' };
const POOR = { vi: 'Hộ nghèo', en: 'Poor households' };
const NEAR = { vi: 'Hộ cận nghèo', en: 'Near-poor households' };

export const FLOW_COLUMNS: ReportColumn[] = [
  { key: 'stt', header: { vi: 'STT', en: 'No.' }, kind: 'text' },
  { key: 'unit', header: { vi: 'Đơn vị', en: 'Unit' }, kind: 'text', indent: true },
  { key: 'poorStart', header: { vi: 'Đầu kỳ', en: 'Start' }, kind: 'integer', group: POOR },
  { key: 'poorMovedIn', header: { vi: 'Chuyển đến', en: 'Moved in' }, kind: 'integer', group: POOR },
  { key: 'poorEscaped', header: { vi: 'Thoát nghèo', en: 'Escaped' }, kind: 'integer', group: POOR },
  { key: 'poorMovedOut', header: { vi: 'Chuyển đi', en: 'Moved out' }, kind: 'integer', group: POOR },
  { key: 'poorNew', header: { vi: 'Phát sinh mới', en: 'New' }, kind: 'integer', group: POOR },
  {
    key: 'poorRe',
    header: { vi: 'Trong đó: tái nghèo', en: 'of which re-poor' },
    kind: 'integer',
    group: POOR,
  },
  { key: 'poorEnd', header: { vi: 'Cuối kỳ', en: 'End' }, kind: 'integer', group: POOR },
  { key: 'nearStart', header: { vi: 'Đầu kỳ', en: 'Start' }, kind: 'integer', group: NEAR },
  { key: 'nearMovedIn', header: { vi: 'Chuyển đến', en: 'Moved in' }, kind: 'integer', group: NEAR },
  { key: 'nearEscaped', header: { vi: 'Thoát cận nghèo', en: 'Escaped' }, kind: 'integer', group: NEAR },
  { key: 'nearToPoor', header: { vi: 'Rơi vào nghèo', en: 'Became poor' }, kind: 'integer', group: NEAR },
  { key: 'nearMovedOut', header: { vi: 'Chuyển đi', en: 'Moved out' }, kind: 'integer', group: NEAR },
  { key: 'nearNew', header: { vi: 'Phát sinh mới', en: 'New' }, kind: 'integer', group: NEAR },
  { key: 'nearEnd', header: { vi: 'Cuối kỳ', en: 'End' }, kind: 'integer', group: NEAR },
];

function flowCells(f: FlowTotals | undefined): Record<string, ReportCell> {
  if (!f?.poor || !f.nearPoor) return {};
  return {
    poorStart: f.poor.start,
    poorMovedIn: f.poor.movedIn ?? 0,
    poorEscaped: f.poor.escapedToNearPoor + f.poor.escapedAboveNearPoor,
    poorMovedOut: f.poor.movedOut,
    poorNew: f.poor.new,
    poorRe: f.poor.rePoor,
    poorEnd: f.poor.end,
    nearStart: f.nearPoor.start,
    nearMovedIn: f.nearPoor.movedIn ?? 0,
    nearEscaped: f.nearPoor.escaped,
    nearToPoor: f.nearPoor.toPoor,
    nearMovedOut: f.nearPoor.movedOut,
    nearNew: f.nearPoor.new,
    nearEnd: f.nearPoor.end,
  };
}

export const flowsReport = defineReport({
  id: 'flows',
  title: TITLE,
  description: {
    vi: 'Theo từng đơn vị trực thuộc: hộ nghèo, cận nghèo đầu kỳ, thoát, chuyển đi, phát sinh mới, tái nghèo, cuối kỳ',
    en: 'By child unit: poor and near-poor at the start, escaped, moved out, new, re-poor, at the end',
  },
  parameters: z.object({ unit: unitParam, year: yearParam, standard: standardParam }),
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
    const flowOf = (u: AdminUnit) => {
      const r = rolls.find((x) => x.unitCode === u.code && x.unitValidFrom === u.validFrom);
      const f = r?.flows as FlowTotals | undefined;
      return f?.poor ? f : undefined;
    };
    let n = 0;
    let missing = 0;
    const rows: ReportRow[] = [];
    for (const t of tree) {
      const f = flowOf(t.unit);
      if (!f) missing++;
      rows.push({
        cells: { stt: t.subtotal ? '' : String(++n), unit: t.unit.name, ...flowCells(f) },
        level: t.level,
        ...(t.subtotal ? { emphasis: 'subtotal' as const } : {}),
      });
    }
    if (tree[0]?.unit !== top)
      rows.push({
        cells: { stt: '', unit: `Tổng cộng (${top.name})`, ...flowCells(flowOf(top)) },
        emphasis: 'total',
      });
    return {
      id: 'flows',
      title: TITLE,
      subtitle: { vi: `${top.name} — năm ${params.year}`, en: `${top.name} — ${params.year}` },
      sections: [{ table: { columns: FLOW_COLUMNS, rows } }],
      notes: [
        {
          vi: 'Hộ nghèo cuối kỳ = đầu kỳ − thoát nghèo − chuyển đi + phát sinh mới (gồm cả tái nghèo); hộ cận nghèo tương tự (thoát cận nghèo, rơi vào nghèo). Hộ thoát nghèo thành cận nghèo được tính vào phát sinh mới của hộ cận nghèo.',
          en: 'Poor at the end = start − escaped − moved out + new (re-poor included); near-poor likewise (escaped, became poor). Poor households escaping to near-poor count as new near-poor.',
        },
        {
          vi: `Tổng hợp từ kết quả rà soát đã được công nhận; chuẩn ${standard}; đơn vị hành chính tại ngày ${viDate(date)}${missing ? `; ${missing} đơn vị chưa có số liệu biến động` : ''}.`,
          en: `Summed from recognised review rounds; standard ${standard}; units as of ${date}${missing ? `; ${missing} units have no flow figures` : ''}.`,
        },
      ],
      generatedAt: now,
    };
  },
});
