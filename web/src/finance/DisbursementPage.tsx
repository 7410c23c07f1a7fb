// Giải ngân: the report sentence ("… đã giải ngân được 478,93/760,8 tỷ đồng, đạt 62,95% kế hoạch"), the
// table by unit, the notes and the lines behind schedule, for a span of years at a chosen date.
import { Alert, Card, Col, Flex, Form, List, Row, Select, Switch, Table, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { LoadFailed } from '../components/States.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useAsync } from '../lib/useAsync.ts';
import { loadDisbursement } from './api.ts';
import { DateField } from './DateField.tsx';
import { NeedsUnit, useFinance } from './FinanceLayout.tsx';
import { exactMoney, money, rateText } from './money.ts';
import { ReportLinks } from './ReportLinks.tsx';
import type { Disbursement } from './types.ts';

type Row = Disbursement['byUnit'][number];

export function DisbursementPage() {
  return <NeedsUnit>{(unit) => <Report unit={unit} />}</NeedsUnit>;
}

function Report({ unit }: { unit: string }) {
  const i18n = useI18n();
  const { t, lang, pick, percent } = i18n;
  const { year, link } = useFinance();
  const [from, setFrom] = useState<number | null>(null);
  const [at, setAt] = useState<string | null>(null);
  const [onlyWithMoney, setOnlyWithMoney] = useState(true);
  const first = from !== null && from <= year ? from : year;
  const report = useAsync(
    () => loadDisbursement({ unit, from: first, to: year, ...(at ? { at } : {}) }),
    [unit, first, year, at],
  );
  const years: number[] = [];
  for (let y = year; y >= 2016; y--) years.push(y);
  const r = report.data;
  const amount = (v: number) => <span title={exactMoney(v, lang)}>{money(v, lang)}</span>;

  return (
    <Flex vertical gap={12}>
      <Card size="small">
        <Row gutter={12} align="bottom">
          <Col xs={12} md={6}>
            <Form.Item label={t('finance.fromYear')} layout="vertical" style={{ marginBottom: 0 }}>
              <Select
                data-testid="disbursement-from"
                value={first}
                onChange={setFrom}
                options={years.map((y) => ({ value: y, label: String(y) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item label={t('finance.atDateLabel')} layout="vertical" style={{ marginBottom: 0 }}>
              <DateField value={at ?? r?.at ?? null} onChange={setAt} data-testid="disbursement-at" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <ReportLinks
              report="finance-disbursement"
              params={{ unit, from: first, to: year, at: at ?? undefined }}
            />
          </Col>
        </Row>
      </Card>
      {report.error ? <LoadFailed error={report.error} onRetry={report.reload} /> : null}
      {r && (
        <>
          <Alert
            type="info"
            title={<span data-testid="disbursement-sentence">{pick(r.sentence)}</span>}
            style={{ fontSize: 16 }}
          />
          {r.warnings.length > 0 && (
            <Alert
              type="warning"
              showIcon
              data-testid="disbursement-warnings"
              title={t('finance.behindTitle', { count: r.warnings.length })}
              description={
                <List
                  size="small"
                  dataSource={r.warnings}
                  renderItem={(w) => (
                    <List.Item>
                      <Link to={link(`/plans/${w.planLineId}`)}>{pick(w.message)}</Link>
                    </List.Item>
                  )}
                />
              }
            />
          )}
          <Card
            size="small"
            title={t('finance.byUnit')}
            extra={
              <label>
                <Switch size="small" checked={onlyWithMoney} onChange={setOnlyWithMoney} />{' '}
                {t('finance.onlyWithMoney')}
              </label>
            }
          >
            <Table<Row>
              rowKey={(row) => `${row.unit}-${row.validFrom}-${row.own}`}
              size="small"
              loading={report.loading}
              pagination={false}
              dataSource={
                onlyWithMoney ? r.byUnit.filter((u) => u.planVnd !== 0 || u.disbursedVnd !== 0) : r.byUnit
              }
              data-testid="disbursement-table"
              scroll={{ x: 700 }}
              locale={{ emptyText: t('finance.noPlans') }}
              columns={[
                {
                  title: t('finance.unit'),
                  dataIndex: 'name',
                  render: (n: string, row) => (row.own ? `${n} (${t('finance.ownLines')})` : n),
                },
                { title: t('finance.plan'), dataIndex: 'planVnd', align: 'right', render: amount },
                { title: t('finance.disbursed'), dataIndex: 'disbursedVnd', align: 'right', render: amount },
                {
                  title: t('finance.rate'),
                  dataIndex: 'rate',
                  align: 'right',
                  render: (v: number | null) => rateText(v, percent),
                },
              ]}
              summary={() => (
                <Table.Summary.Row>
                  <Table.Summary.Cell index={0}>
                    <Typography.Text strong>{t('finance.total')}</Typography.Text>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={1} align="right">
                    <Typography.Text strong>{amount(r.planVnd)}</Typography.Text>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={2} align="right">
                    <Typography.Text strong>{amount(r.disbursedVnd)}</Typography.Text>
                  </Table.Summary.Cell>
                  <Table.Summary.Cell index={3} align="right">
                    <Typography.Text strong data-testid="disbursement-rate">
                      {rateText(r.rate, percent)}
                    </Typography.Text>
                  </Table.Summary.Cell>
                </Table.Summary.Row>
              )}
            />
          </Card>
          {r.notes.length > 0 && (
            <Card size="small" title={t('finance.notes')}>
              <ul style={{ margin: 0, paddingInlineStart: 18 }} data-testid="disbursement-notes">
                {r.notes.map((n, i) => (
                  <li key={i}>{pick(n)}</li>
                ))}
              </ul>
            </Card>
          )}
        </>
      )}
    </Flex>
  );
}
