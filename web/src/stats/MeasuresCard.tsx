// The deficit measures of the year: share of poor households lacking each indicator, and Alkire–Foster H, A, M0.
import { Card, Col, Empty, Row, Statistic, Tooltip, Typography } from 'antd';
import { useMemo } from 'react';
import { api, call } from '../api/client.ts';
import { ApiError } from '../api/errors.ts';
import { Chart } from '../components/charts/Chart.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useAsync } from '../lib/useAsync.ts';
import { indicatorOption } from './chart-options.ts';

export function MeasuresCard({ unit, year }: { unit: string; year: number }) {
  const { t, lang, number, percent, pick } = useI18n();
  const measures = useAsync(
    () => call(() => api.GET('/api/figures/measures', { params: { query: { unitCode: unit, year } } })),
    [unit, year],
  );
  const m = measures.data;
  const option = useMemo(() => (m ? indicatorOption(m, lang, t('stats.share')) : null), [m, lang, t]);
  // No recognised round for the year is not an error: the panel says there is nothing yet.
  const nothing = measures.error instanceof ApiError && measures.error.status === 404;
  const af = m?.alkireFoster;
  const dec = (v: number) => number(Math.round(v * 1000) / 1000);
  return (
    <Card title={t('stats.measuresTitle', { year })} size="small" data-testid="measures-card">
      {!nothing && <ErrorAlert error={measures.error} />}
      {nothing || (m && m.households === 0) ? (
        <Empty description={t('stats.noMeasures')} />
      ) : (
        m &&
        af && (
          <>
            <Row gutter={[8, 8]}>
              <Col xs={8}>
                <Tooltip title={t('stats.af.Hhelp')}>
                  <Statistic title="H" value={percent(af.H * 100, 2)} />
                </Tooltip>
              </Col>
              <Col xs={8}>
                <Tooltip title={t('stats.af.Ahelp')}>
                  <Statistic title="A" value={dec(af.A)} />
                </Tooltip>
              </Col>
              <Col xs={8}>
                <Tooltip title={t('stats.af.M0help')}>
                  <Statistic title="M0" value={dec(af.M0)} />
                </Tooltip>
              </Col>
            </Row>
            <Typography.Paragraph type="secondary" style={{ fontSize: 13 }}>
              {t('stats.afNote', { k: af.k, d: af.d })} {pick(af.citation)}
            </Typography.Paragraph>
            {option && (
              <Chart
                option={option}
                height={Math.max(200, m.indicators.length * 26 + 40)}
                label={t('stats.measuresTitle', { year })}
                summary={m.indicators
                  .filter((i) => i.poor.share !== null)
                  .map((i) => `${pick(i.name)}: ${percent(i.poor.share!, 2)} (${number(i.poor.households)})`)}
                data-testid="indicator-chart"
              />
            )}
          </>
        )
      )}
    </Card>
  );
}
