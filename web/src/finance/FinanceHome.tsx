// Tổng quan vốn: the unit's plan, disbursed, rate and lines behind schedule for the year, then plan
// against disbursed for each unit below it.
import { Card, Typography } from 'antd';
import { LoadFailed, Loading } from '../components/States.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useAsync } from '../lib/useAsync.ts';
import { loadDisbursement } from './api.ts';
import { NeedsUnit, useFinance } from './FinanceLayout.tsx';
import { money, rateText } from './money.ts';
import { PlanChart } from './PlanChart.tsx';
import { Tiles } from './Tiles.tsx';
import { WorkTiles } from './WorkTiles.tsx';

export function FinanceHome() {
  return <NeedsUnit>{(unit) => <Overview unit={unit} />}</NeedsUnit>;
}

function Overview({ unit }: { unit: string }) {
  const { t, lang, pick, percent } = useI18n();
  const { year } = useFinance();
  const summary = useAsync(() => loadDisbursement({ unit, from: year }), [unit, year]);
  if (summary.error) return <LoadFailed error={summary.error} onRetry={summary.reload} />;
  const s = summary.data;
  if (!s) return <Loading />;
  return (
    <>
      <Tiles
        tiles={[
          { key: 'plan', label: t('finance.tile.plan'), value: money(s.planVnd, lang) },
          { key: 'disbursed', label: t('finance.tile.disbursed'), value: money(s.disbursedVnd, lang) },
          {
            key: 'rate',
            label: t('finance.tile.rate'),
            value: rateText(s.rate, percent),
            note: t('finance.atDate', { date: s.at.split('-').reverse().join('/') }),
          },
          {
            key: 'behind',
            label: t('finance.tile.behind'),
            value: s.warnings.length,
            danger: s.warnings.length > 0,
          },
        ]}
      />
      <WorkTiles unit={unit} year={year} />
      <Card size="small">
        <Typography.Paragraph data-testid="finance-sentence" style={{ marginBottom: 8 }}>
          {pick(s.sentence)}
        </Typography.Paragraph>
        {s.planVnd !== 0 || s.disbursedVnd !== 0 ? (
          <PlanChart rows={s.byUnit} />
        ) : (
          <Typography.Text type="secondary">{t('finance.noPlans')}</Typography.Text>
        )}
      </Card>
    </>
  );
}
