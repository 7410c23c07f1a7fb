// Một dòng kế hoạch: what was allocated and by which decision, each adjustment one by one, the payments,
// the carry-over, and the rate today — with the dialogs that change it.
import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button, Card, Descriptions, Flex, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMe } from '../auth.tsx';
import { LoadFailed, Loading } from '../components/States.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useAsync } from '../lib/useAsync.ts';
import { loadPlan, loadProgrammes } from './api.ts';
import { useFinance } from './FinanceLayout.tsx';
import { projectLabel, sourceLabel } from './labels.ts';
import { exactMoney, money, rateText } from './money.ts';
import { PlanActionDialog, type PlanAction } from './PlanActions.tsx';
import { canWriteFinance } from './scope.ts';
import type { Payment, PlanDetail } from './types.ts';

type HistoryRow = PlanDetail['history'][number];

export function PlanPage() {
  const { planId } = useParams();
  const i18n = useI18n();
  const { t, lang, date, percent, number } = i18n;
  const me = useMe();
  const { link } = useFinance();
  const [action, setAction] = useState<PlanAction | null>(null);
  const plan = useAsync(() => loadPlan(planId!), [planId]);
  const programmes = useAsync(loadProgrammes, []);
  if (plan.error) return <LoadFailed error={plan.error} onRetry={plan.reload} />;
  const p = plan.data;
  if (!p) return <Loading />;
  const amount = (v: number) => <span title={exactMoney(v, lang)}>{money(v, lang)}</span>;
  const signedAmount = (v: number) => (
    <span title={exactMoney(v, lang)} style={{ color: v < 0 ? '#cf1322' : undefined }}>
      {v > 0 ? '+' : ''}
      {money(v, lang)}
    </span>
  );

  return (
    <Flex vertical gap={12}>
      <Flex gap={12} align="center">
        <Link to={link('/plans')}>
          <Button icon={<ArrowLeftOutlined />} aria-label={t('finance.nav.plans')} />
        </Link>
        <Typography.Title level={4} style={{ margin: 0, flex: 1, minWidth: 0 }}>
          {p.unitName} · {p.year} · {p.project} · {sourceLabel(i18n, p.source)}
        </Typography.Title>
      </Flex>
      {canWriteFinance(me) && (
        <Flex wrap gap={8}>
          <Button type="primary" onClick={() => setAction('pay')} data-testid="plan-pay">
            {t('finance.pay')}
          </Button>
          <Button onClick={() => setAction('adjust')} data-testid="plan-adjust">
            {t('finance.adjust')}
          </Button>
          {!p.carryOver && (
            <Button onClick={() => setAction('carry')} data-testid="plan-carry">
              {t('finance.carry')}
            </Button>
          )}
        </Flex>
      )}
      <Card size="small">
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, lg: 3 }}
          data-testid="plan-summary"
          items={[
            { key: 'unit', label: t('finance.unit'), children: `${p.unitName} (${p.unitCode})` },
            {
              key: 'project',
              label: t('finance.project'),
              children: projectLabel(i18n, programmes.data?.programmes, p.year, p.project),
            },
            { key: 'source', label: t('finance.source'), children: sourceLabel(i18n, p.source) },
            { key: 'first', label: t('finance.firstAllocation'), children: amount(p.amountVnd) },
            {
              key: 'decision',
              label: t('finance.decision'),
              children: p.decisionDate ? `${p.decision} (${date(p.decisionDate)})` : p.decision,
            },
            {
              key: 'plan',
              label: t('finance.planInForce'),
              children: <span data-testid="plan-in-force">{amount(p.planVnd)}</span>,
            },
            {
              key: 'disbursed',
              label: t('finance.disbursed'),
              children: <span data-testid="plan-disbursed">{amount(p.disbursedVnd)}</span>,
            },
            {
              key: 'rate',
              label: t('finance.rate'),
              children: <span data-testid="plan-rate">{rateText(p.rate, percent)}</span>,
            },
            {
              key: 'carried',
              label: t('finance.carried'),
              children: p.carryOver
                ? t('finance.carriedText', {
                    amount: money(p.carryOver.amountVnd, lang),
                    year: p.carryOver.toYear,
                    decision: p.carryOver.decision,
                    date: date(p.carryOver.decisionDate),
                  })
                : '—',
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('finance.history')}>
        <Table<HistoryRow>
          rowKey={(_, i) => String(i)}
          size="small"
          pagination={false}
          dataSource={p.history}
          data-testid="plan-history"
          scroll={{ x: 700 }}
          columns={[
            { title: '#', width: 48, render: (_, __, i) => number(i + 1) },
            {
              title: t('finance.date'),
              dataIndex: 'date',
              width: 120,
              render: (d: string | null) => date(d),
            },
            { title: t('finance.decision'), dataIndex: 'decision' },
            { title: t('finance.change'), dataIndex: 'changeVnd', align: 'right', render: signedAmount },
            { title: t('finance.planAfter'), dataIndex: 'planVnd', align: 'right', render: amount },
            {
              title: t('finance.reason'),
              dataIndex: 'reason',
              render: (r: string | null, _, i) => r ?? (i === 0 ? t('finance.firstAllocation') : '—'),
            },
          ]}
        />
      </Card>
      <Card size="small" title={t('finance.payments')}>
        <Table<Payment>
          rowKey="id"
          size="small"
          pagination={false}
          dataSource={p.payments}
          data-testid="plan-payments"
          locale={{ emptyText: t('finance.noPayments') }}
          columns={[
            {
              title: t('finance.paymentDate'),
              dataIndex: 'date',
              width: 140,
              render: (d: string) => date(d),
            },
            { title: t('finance.amount'), dataIndex: 'amountVnd', align: 'right', render: amount },
            { title: t('finance.decision'), dataIndex: 'decision' },
          ]}
        />
      </Card>
      {action && (
        <PlanActionDialog
          action={action}
          lineId={p.id}
          onClose={() => setAction(null)}
          onDone={() => {
            setAction(null);
            plan.reload();
          }}
        />
      )}
    </Flex>
  );
}
