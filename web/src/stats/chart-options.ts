// ECharts options of the statistics screens, built from API data as plain objects (no React, no I/O):
// the rate over the years (one line per standard, derived solid, entered dashed, the break marked, the
// target), children ranked, the choropleth and the indicator shares.
import type { ChartOption } from '../components/charts/echarts.ts';
import { formatPercent, type Lang } from '../lib/format.ts';
import type { ChildFigure, Figure, FigureBreak, Measures, ProgressEntry } from './types.ts';

export interface RateLabels {
  lang: Lang;
  standardName(id: string): string;
  derived: string;
  entered: string;
  breakLabel: string;
  target: string;
  rate: string;
}

const pct = (v: number, lang: Lang) => formatPercent(v, lang, 2);
const PALETTE = ['#1d5fa8', '#d4380d', '#389e0d', '#722ed1', '#d48806'];

/** The rate a year's target asks for: start minus the required reduction (the lower end), or the ceiling. */
export function targetLevel(p: ProgressEntry): number | null {
  if (!p.target) return null;
  if (p.target.lower !== null) return Math.round((p.start - p.target.lower) * 100) / 100;
  return p.target.upper;
}

export function rateChartOption(
  figures: readonly Figure[],
  breaks: readonly FigureBreak[],
  progress: readonly ProgressEntry[],
  l: RateLabels,
): ChartOption {
  const withRate = figures.filter((f) => f.poorRate !== null);
  const years = [...new Set([...withRate.map((f) => f.year), ...progress.map((p) => p.year)])].sort(
    (a, b) => a - b,
  );
  // Oldest standard first, so each keeps its colour whatever order the figures come in.
  const firstYear = (st: string) => Math.min(...withRate.filter((f) => f.standard === st).map((f) => f.year));
  const standards = [...new Set(withRate.map((f) => f.standard))].sort((a, b) => firstYear(a) - firstYear(b));
  const series: object[] = [];
  standards.forEach((standard, i) => {
    for (const derived of [true, false]) {
      const points = new Map(
        withRate
          .filter((f) => f.standard === standard && f.derived === derived)
          .map((f) => [f.year, f.poorRate!]),
      );
      if (points.size === 0) continue;
      series.push({
        type: 'line',
        name: `${l.standardName(standard)} — ${derived ? l.derived : l.entered}`,
        data: years.map((y) => points.get(y) ?? null),
        connectNulls: true,
        color: PALETTE[i % PALETTE.length],
        symbol: derived ? 'circle' : 'emptyCircle',
        symbolSize: 8,
        lineStyle: { type: derived ? 'solid' : 'dashed', width: 2 },
      });
    }
  });
  const targets = new Map(progress.map((p) => [p.year, targetLevel(p)]));
  if ([...targets.values()].some((v) => v !== null))
    series.push({
      type: 'line',
      name: l.target,
      data: years.map((y) => targets.get(y) ?? null),
      color: '#8c8c8c',
      symbol: 'diamond',
      symbolSize: 10,
      lineStyle: { type: 'dotted', width: 1 },
      connectNulls: false,
    });
  // The break: a vertical line at each year where the standard changed (both series have a point there).
  if (series.length > 0 && breaks.length > 0)
    (series[0] as Record<string, unknown>).markLine = {
      silent: true,
      symbol: 'none',
      lineStyle: { color: '#cf1322', type: 'dashed', width: 2 },
      label: { formatter: l.breakLabel, position: 'insideEndTop', color: '#cf1322', fontWeight: 'bold' },
      data: breaks.map((b) => ({ xAxis: String(b.year) })),
    };
  return {
    animation: false,
    tooltip: {
      trigger: 'axis',
      valueFormatter: (v: unknown) => (typeof v === 'number' ? pct(v, l.lang) : '—'),
    },
    legend: { type: 'plain', bottom: 0 },
    grid: { left: 48, right: 24, top: 32, bottom: 72 },
    xAxis: { type: 'category', data: years.map(String), boundaryGap: true },
    yAxis: {
      type: 'value',
      name: l.rate,
      min: 0,
      axisLabel: { formatter: (v: number) => pct(v, l.lang).replace(/,00|\.00/, '') },
    },
    series,
  };
}

/** Children ranked by poor rate, the highest on top; suppressed or empty rates are left out. */
export function rankingOption(children: readonly ChildFigure[], lang: Lang, rateLabel: string): ChartOption {
  const rows = children.filter((c) => c.poorRate !== null).sort((a, b) => a.poorRate! - b.poorRate!);
  return {
    animation: false,
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v: unknown) => (typeof v === 'number' ? pct(v, lang) : '—'),
    },
    grid: { left: 8, right: 64, top: 8, bottom: 24, containLabel: true },
    xAxis: { type: 'value', min: 0, axisLabel: { formatter: (v: number) => String(v) } },
    yAxis: {
      type: 'category',
      data: rows.map((r) => r.name),
      axisLabel: { width: 160, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        name: rateLabel,
        data: rows.map((r) => r.poorRate),
        color: '#1d5fa8',
        label: { show: true, position: 'right', formatter: (p: { value: number }) => pct(p.value, lang) },
      },
    ],
  };
}

/** The choropleth: regions joined on properties.code, coloured by the poor rate. */
export function choroplethOption(
  mapName: string,
  children: readonly ChildFigure[],
  lang: Lang,
  labels: { rate: string; noData: string },
): ChartOption {
  const rated = children.filter((c) => c.poorRate !== null);
  const max = Math.max(1, ...rated.map((c) => c.poorRate!));
  const names = new Map(children.map((c) => [c.unit, c.name]));
  return {
    animation: false,
    tooltip: {
      trigger: 'item',
      formatter: (p: { name: string; value: number }) =>
        `${names.get(p.name) ?? p.name}: ${Number.isFinite(p.value) ? pct(p.value, lang) : labels.noData}`,
    },
    visualMap: {
      min: 0,
      max: Math.ceil(max),
      left: 8,
      bottom: 32,
      calculable: false,
      text: [pct(Math.ceil(max), lang), pct(0, lang)],
      inRange: { color: ['#fff7e6', '#fa8c16', '#a8071a'] },
    },
    series: [
      {
        type: 'map',
        map: mapName,
        nameProperty: 'code',
        roam: true,
        name: labels.rate,
        itemStyle: { areaColor: '#f0f0f0', borderColor: '#8c8c8c', borderWidth: 0.5 },
        emphasis: { label: { show: false }, itemStyle: { areaColor: '#ffd666' } },
        data: rated.map((c) => ({ name: c.unit, value: c.poorRate })),
      },
    ],
  };
}

/** Share of poor households lacking each indicator, the most lacked on top. */
export function indicatorOption(m: Measures, lang: Lang, shareLabel: string): ChartOption {
  const rows = m.indicators
    .filter((i) => i.poor.share !== null)
    .sort((a, b) => a.poor.share! - b.poor.share!);
  return {
    animation: false,
    tooltip: {
      trigger: 'axis',
      axisPointer: { type: 'shadow' },
      valueFormatter: (v: unknown) => (typeof v === 'number' ? pct(v, lang) : '—'),
    },
    grid: { left: 8, right: 64, top: 8, bottom: 24, containLabel: true },
    xAxis: { type: 'value', min: 0, max: 100 },
    yAxis: {
      type: 'category',
      data: rows.map((r) => r.name[lang]),
      axisLabel: { width: 200, overflow: 'truncate' },
    },
    series: [
      {
        type: 'bar',
        name: shareLabel,
        data: rows.map((r) => r.poor.share),
        color: '#d4380d',
        label: { show: true, position: 'right', formatter: (p: { value: number }) => pct(p.value, lang) },
      },
    ],
  };
}
