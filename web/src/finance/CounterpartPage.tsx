// Vốn đối ứng: whether the province put in at least the minimum share of central funds the rules set for
// the period (a parameter per province and period), with the shortfall when it did not.
import { Alert, Card, Col, Descriptions, Flex, Form, Row, Select, Tag } from 'antd';
import { useState } from 'react';
import { LoadFailed, Loading } from '../components/States.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useAsync } from '../lib/useAsync.ts';
import { loadCounterpart } from './api.ts';
import { NeedsUnit, useFinance } from './FinanceLayout.tsx';
import { sourceLabel } from './labels.ts';
import { exactMoney, money } from './money.ts';
import { SOURCES } from './types.ts';

export function CounterpartPage() {
  return <NeedsUnit>{(unit) => <Check unit={unit} />}</NeedsUnit>;
}

const STATUS_COLOR = {
  ok: 'success',
  below_minimum: 'error',
  parameter_missing: 'warning',
  no_central_funds: 'default',
} as const;

function Check({ unit }: { unit: string }) {
  const i18n = useI18n();
  const { t, lang, pick, percent } = i18n;
  const { year, units } = useFinance();
  const [from, setFrom] = useState<number | null>(null);
  const first = from !== null && from <= year ? from : year;
  const report = useAsync(() => loadCounterpart({ unit, from: first, to: year }), [unit, first, year]);
  const level = units.find((u) => u.code === unit)?.level;
  const years: number[] = [];
  for (let y = year; y >= 2016; y--) years.push(y);
  const amount = (v: number) => <span title={exactMoney(v, lang)}>{money(v, lang)}</span>;
  const r = report.data;

  return (
    <Flex vertical gap={12}>
      {level && level !== 'province' && (
        <Alert type="info" showIcon title={t('finance.counterpart.province')} />
      )}
      <Card size="small">
        <Row gutter={12}>
          <Col xs={12} md={6}>
            <Form.Item label={t('finance.fromYear')} layout="vertical" style={{ marginBottom: 0 }}>
              <Select
                value={first}
                onChange={setFrom}
                options={years.map((y) => ({ value: y, label: String(y) }))}
              />
            </Form.Item>
          </Col>
        </Row>
      </Card>
      {report.error ? (
        <LoadFailed error={report.error} onRetry={report.reload} />
      ) : !r ? (
        <Loading />
      ) : (
        <Card size="small">
          <Alert
            type={r.status === 'ok' ? 'success' : r.status === 'below_minimum' ? 'error' : 'warning'}
            showIcon
            data-testid="counterpart-message"
            title={pick(r.message)}
            style={{ marginBottom: 12 }}
          />
          <Descriptions
            size="small"
            column={{ xs: 1, md: 2 }}
            items={[
              {
                key: 'status',
                label: t('finance.counterpart.status'),
                children: (
                  <Tag color={STATUS_COLOR[r.status]} data-testid="counterpart-status">
                    {t(`finance.counterpart.${r.status}`)}
                  </Tag>
                ),
              },
              { key: 'central', label: t('finance.counterpart.central'), children: amount(r.centralVnd) },
              {
                key: 'counterpart',
                label: t('finance.counterpart.counterpart'),
                children: amount(r.counterpartVnd),
              },
              {
                key: 'share',
                label: t('finance.counterpart.share'),
                children: r.sharePercent === null ? '—' : percent(r.sharePercent, 2),
              },
              {
                key: 'minimum',
                label: t('finance.counterpart.minimum'),
                children: r.minimum ? (
                  <>
                    {percent(r.minimum.percent, 2)} — {r.minimum.citation}{' '}
                    {!r.minimum.verified && <Tag color="orange">{t('finance.unverified')}</Tag>}
                  </>
                ) : (
                  '—'
                ),
              },
              {
                key: 'required',
                label: t('finance.counterpart.required'),
                children: r.requiredVnd === null ? '—' : amount(r.requiredVnd),
              },
              {
                key: 'shortfall',
                label: t('finance.counterpart.shortfall'),
                children: r.shortfallVnd === null ? '—' : amount(r.shortfallVnd),
              },
              ...SOURCES.map((s) => ({
                key: s,
                label: sourceLabel(i18n, s),
                children: amount(r.bySource[s] ?? 0),
              })),
            ]}
          />
        </Card>
      )}
    </Flex>
  );
}
