// Bảng điều khiển: for a unit in the user's scope and a year, the rate over the years with the change of
// standard marked, the units under it ranked and mapped, targets met or not, the review's progress and the
// deficit measures.
import { Col, Row, Typography } from 'antd';
import { api, call } from '../api/client.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { Loading } from '../components/States.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useAsync } from '../lib/useAsync.ts';
import { MapCard, RankingCard } from './ChildrenPanels.tsx';
import { MeasuresCard } from './MeasuresCard.tsx';
import { RateChart } from './RateChart.tsx';
import { ReviewProgressCard } from './ReviewProgressCard.tsx';
import { TargetsCard } from './TargetsCard.tsx';
import { UnitYearBar } from './UnitYearBar.tsx';
import { useUnitChoice } from './useUnitChoice.ts';
import { today } from '../lib/today.ts';

/** Progress sentences are asked for from the first year of the current programme's standards. */
const FIRST_YEAR = 2016;

export function DashboardPage() {
  const { t } = useI18n();
  const choice = useUnitChoice(today().year());
  const { unit, year } = choice;
  const data = useAsync(async () => {
    if (!unit) return null;
    const [series, progress, children] = await Promise.all([
      call(() => api.GET('/api/figures', { params: { query: { unitCode: unit } } })),
      call(() =>
        api.GET('/api/figures/progress', {
          params: { query: { unitCode: unit, from: FIRST_YEAR, to: year } },
        }),
      ),
      call(() => api.GET('/api/figures/children', { params: { query: { unitCode: unit, year } } })),
    ]);
    return { series, progress, children };
  }, [unit, year]);

  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('stats.dashboardTitle')}
      </Typography.Title>
      <UnitYearBar choice={choice} />
      <ErrorAlert error={data.error} />
      {unit && !data.data && !data.error && <Loading />}
      {unit && data.data && (
        <Row gutter={[16, 16]}>
          <Col xs={24} xl={14}>
            <RateChart series={data.data.series} progress={data.data.progress} />
          </Col>
          <Col xs={24} xl={10}>
            <TargetsCard progress={data.data.progress} />
          </Col>
          <Col xs={24} lg={12}>
            <RankingCard rows={data.data.children} />
          </Col>
          <Col xs={24} lg={12}>
            <MapCard unit={unit} year={year} rows={data.data.children} />
          </Col>
          <Col xs={24} lg={12}>
            <ReviewProgressCard unit={unit} year={year} />
          </Col>
          <Col xs={24} lg={12}>
            <MeasuresCard unit={unit} year={year} />
          </Col>
        </Row>
      )}
    </>
  );
}
