// Plan against disbursed for the units that have money, as horizontal bars in tỷ đồng (rounded for the
// bars only; the tooltip gives the amounts as reports write them). Units without a plan are left out.
import { useMemo } from 'react';
import { divRound } from '../../../src/domain/finance/money.ts';
import { Chart } from '../components/charts/Chart.tsx';
import { useI18n } from '../i18n/index.tsx';
import { money, vnd } from './money.ts';
import type { Disbursement } from './types.ts';

/** Bar length in tỷ with two decimals: a display number only, computed from the bigint. */
const inTy = (v: number) => Number(divRound(vnd(v) * 100n, 1_000_000_000n)) / 100;

export function PlanChart({ rows }: { rows: Disbursement['byUnit'] }) {
  const { t, lang } = useI18n();
  // Top to bottom as listed: ECharts draws the first category at the bottom, hence the reverse.
  const shown = useMemo(() => rows.filter((r) => r.planVnd !== 0 || r.disbursedVnd !== 0).reverse(), [rows]);
  const option = useMemo(() => {
    const names = shown.map((r) => (r.own ? `${r.name} (${t('finance.ownLines')})` : r.name));
    const tip = (i: number) => {
      const r = shown[i]!;
      return [
        `<b>${names[i]}</b>`,
        `${t('finance.plan')}: ${money(r.planVnd, lang)}`,
        `${t('finance.disbursed')}: ${money(r.disbursedVnd, lang)}`,
      ].join('<br/>');
    };
    return {
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: {
        trigger: 'axis',
        axisPointer: { type: 'shadow' },
        formatter: (p: { dataIndex: number }[]) => tip(p[0]?.dataIndex ?? 0),
      },
      yAxis: {
        type: 'category',
        data: names,
        axisLabel: { width: 180, overflow: 'truncate' },
      },
      xAxis: {
        type: 'value',
        name: t('finance.chartAxis'),
        nameLocation: 'middle',
        nameGap: 24,
        axisLabel: {
          formatter: (v: number) => v.toLocaleString(lang === 'vi' ? 'vi-VN' : 'en-US'),
        },
      },
      series: [
        { name: t('finance.plan'), type: 'bar', data: shown.map((r) => inTy(r.planVnd)), color: '#1d5fa8' },
        {
          name: t('finance.disbursed'),
          type: 'bar',
          data: shown.map((r) => inTy(r.disbursedVnd)),
          color: '#52c41a',
        },
      ],
    };
  }, [shown, t, lang]);
  if (!shown.length) return null;
  return (
    <Chart
      option={option}
      height={Math.max(200, 80 + shown.length * 44)}
      label={t('finance.chartLabel')}
      data-testid="finance-chart"
    />
  );
}
