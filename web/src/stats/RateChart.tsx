// (a) The poor rate over the years: one line per standard, derived solid and entered dashed, the change of
// standard marked, the target's level beside it.
import { Alert, Card, Empty, Typography } from 'antd';
import { useMemo } from 'react';
import { Chart } from '../components/charts/Chart.tsx';
import { useI18n } from '../i18n/index.tsx';
import { loadStandards } from '../lib/reference.ts';
import { useAsync } from '../lib/useAsync.ts';
import { rateChartOption } from './chart-options.ts';
import type { FigureSeries, ProgressEntry } from './types.ts';

export function RateChart({ series, progress }: { series: FigureSeries; progress: ProgressEntry[] }) {
  const { t, lang, pick, percent } = useI18n();
  const standards = useAsync(() => loadStandards(), []);
  const option = useMemo(
    () =>
      rateChartOption(series.figures, series.breaks, progress, {
        lang,
        standardName: (id) => {
          const s = standards.data?.find((x) => x.id === id);
          return s ? pick(s.name) : id;
        },
        derived: t('stats.derived'),
        entered: t('stats.entered'),
        breakLabel: t('stats.break'),
        target: t('stats.targetLevel'),
        rate: t('stats.poorRate'),
      }),
    [series, progress, lang, standards.data, t, pick],
  );
  const summary = useMemo(
    () => [
      ...[...series.figures]
        .filter((f) => f.poorRate !== null)
        .sort((a, b) => a.year - b.year)
        .map(
          (f) =>
            `${f.year} ${f.standard} (${f.derived ? t('stats.derived') : t('stats.entered')}): ${percent(f.poorRate!, 2)}`,
        ),
      ...series.breaks.map((b) => `${t('stats.break')}: ${b.year} (${b.from} → ${b.to})`),
    ],
    [series, t, percent],
  );
  const empty = !series.figures.some((f) => f.poorRate !== null);
  return (
    <Card title={t('stats.rateTitle')} size="small" data-testid="rate-card">
      {empty ? (
        <Empty description={t('stats.noFigures')} />
      ) : (
        <>
          <Chart
            option={option}
            height={320}
            label={t('stats.rateTitle')}
            summary={summary}
            data-testid="rate-chart"
          />
          {series.breaks.map((b) => (
            <Alert
              key={`${b.year}-${b.to}`}
              type="warning"
              showIcon
              data-testid="rate-break"
              style={{ marginTop: 8 }}
              title={t('stats.breakNote', { year: b.year, from: b.from, to: b.to })}
            />
          ))}
          <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
            {t('stats.rateLegendNote')}
          </Typography.Paragraph>
          {series.footnotes.map((n, i) => (
            <Typography.Paragraph key={i} type="secondary" style={{ margin: '4px 0 0', fontSize: 13 }}>
              {pick(n)}
            </Typography.Paragraph>
          ))}
        </>
      )}
    </Card>
  );
}
