// Phân bổ vốn: shares an amount of one source among the units below the chosen unit, by coefficients
// typed in or derived from each commune's categories (the year's coefficient set in rules/), showing each
// unit's coefficient, share, exact part and amount, and the working. A preview: nothing is written.
import { Button, Card, Col, Flex, Form, InputNumber, Radio, Row, Select, Table, Typography } from 'antd';
import { useState } from 'react';
import { api, call } from '../api/client.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useAsync } from '../lib/useAsync.ts';
import { NeedsUnit, useFinance } from './FinanceLayout.tsx';
import { sourceLabel } from './labels.ts';
import { amountPattern, MoneyInput } from './MoneyInput.tsx';
import { exactMoney, groupTyped, money } from './money.ts';
import { SOURCES, type Allocation, type AllocationBody, type SourceCode } from './types.ts';
import { useSubmit } from './useSubmit.ts';

interface ChildValues {
  coefficient?: number | null;
  categories?: string[];
  villages?: number | null;
}
interface Values {
  source: SourceCode;
  amountVnd: string;
  stepVnd?: string;
  mode: 'given' | 'derived';
  children: Record<string, ChildValues>;
}

type Line = Allocation['lines'][number];

export function AllocationPage() {
  return <NeedsUnit>{(unit) => <Calculator unit={unit} />}</NeedsUnit>;
}

function Calculator({ unit }: { unit: string }) {
  const i18n = useI18n();
  const { t, lang, pick, percent } = i18n;
  const { year } = useFinance();
  const [form] = Form.useForm<Values>();
  const mode = Form.useWatch('mode', form) ?? 'given';
  const [result, setResult] = useState<Allocation | null>(null);
  const at = `${year}-01-01`;
  const kids = useAsync(
    () =>
      call(() => api.GET('/api/units/{code}/children', { params: { path: { code: unit }, query: { at } } })),
    [unit, at],
  );
  // The year's commune-criteria coefficients are the server's rules (rules/finance/allocation-coefficients.yaml).
  const coefficients = useAsync(
    () => call(() => api.GET('/api/finance/allocation/coefficients', { params: { query: { year } } })),
    [year],
  );
  const set = coefficients.data?.set ?? null;
  const { busy, error, rest, submit } = useSubmit(
    form,
    ['source', 'amountVnd', 'stepVnd'],
    (v: Values) => {
      const children: AllocationBody['children'] = (kids.data ?? []).map((k) => {
        const c = v.children?.[k.code] ?? {};
        return v.mode === 'given'
          ? { unit: k.code, coefficient: c.coefficient ?? 0 }
          : {
              unit: k.code,
              categories: c.categories ?? [],
              ...(c.villages ? { extremelyDifficultVillages: c.villages } : {}),
            };
      });
      return call(() =>
        api.POST('/api/finance/allocation/preview', {
          body: {
            unit,
            year,
            at,
            source: v.source,
            amountVnd: v.amountVnd,
            ...(v.stepVnd ? { stepVnd: v.stepVnd } : {}),
            children,
          },
        }),
      );
    },
    setResult,
  );
  const required = { required: true, message: t('finance.required') };

  return (
    <Flex vertical gap={12}>
      <Card size="small">
        <ErrorAlert error={error} rest={rest} />
        <Form<Values>
          form={form}
          layout="vertical"
          onFinish={submit}
          initialValues={{ mode: 'given', source: 'central_investment' }}
          data-testid="allocation-form"
        >
          <Row gutter={12}>
            <Col xs={24} md={8}>
              <Form.Item name="source" label={t('finance.source')} rules={[required]}>
                <Select options={SOURCES.map((s) => ({ value: s, label: sourceLabel(i18n, s) }))} />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item
                name="amountVnd"
                label={t('finance.allocation.amount')}
                rules={[required, { pattern: amountPattern(false), message: t('finance.amountInvalid') }]}
              >
                <MoneyInput data-testid="allocation-amount" />
              </Form.Item>
            </Col>
            <Col xs={24} md={8}>
              <Form.Item
                name="stepVnd"
                label={t('finance.allocation.step')}
                extra={t('finance.allocation.stepHint')}
                rules={[{ pattern: amountPattern(false), message: t('finance.amountInvalid') }]}
              >
                <MoneyInput />
              </Form.Item>
            </Col>
          </Row>
          <Form.Item
            name="mode"
            label={t('finance.allocation.mode')}
            extra={
              coefficients.data &&
              (set ? (
                <span data-testid="coefficient-set">
                  {t('finance.allocation.setSource', {
                    citation: set.citation,
                    from: set.years.from,
                    to: set.years.to,
                    village: set.villageCoefficient,
                  })}
                  {set.verified ? '' : ` · ${t('finance.allocation.unverified')}`}
                </span>
              ) : (
                t('finance.allocation.noSet', { year })
              ))
            }
          >
            <Radio.Group
              optionType="button"
              options={[
                { value: 'given', label: t('finance.allocation.given') },
                { value: 'derived', label: t('finance.allocation.derived'), disabled: !set },
              ]}
            />
          </Form.Item>
          <Table
            rowKey="code"
            size="small"
            loading={kids.loading}
            pagination={false}
            dataSource={kids.data ?? []}
            scroll={{ y: 360 }}
            locale={{ emptyText: t('finance.allocation.noChildren') }}
            columns={[
              { title: t('finance.unit'), dataIndex: 'name', render: (n: string, k) => `${n} (${k.code})` },
              ...(mode === 'given'
                ? [
                    {
                      title: t('finance.allocation.coefficient'),
                      width: 160,
                      render: (_: unknown, k: { code: string }) => (
                        <Form.Item name={['children', k.code, 'coefficient']} noStyle>
                          <InputNumber
                            min={0}
                            max={1_000_000}
                            precision={0}
                            style={{ width: '100%' }}
                            aria-label={`${t('finance.allocation.coefficient')} ${k.code}`}
                          />
                        </Form.Item>
                      ),
                    },
                  ]
                : [
                    {
                      title: t('finance.allocation.categories'),
                      render: (_: unknown, k: { code: string }) => (
                        <Form.Item name={['children', k.code, 'categories']} noStyle>
                          <Select
                            mode="multiple"
                            style={{ width: '100%' }}
                            aria-label={`${t('finance.allocation.categories')} ${k.code}`}
                            options={(set?.categories ?? []).map((c) => ({
                              value: c.code,
                              label: `${pick(c.name)} (${c.coefficient})`,
                            }))}
                          />
                        </Form.Item>
                      ),
                    },
                    {
                      title: t('finance.allocation.villages'),
                      width: 150,
                      render: (_: unknown, k: { code: string }) => (
                        <Form.Item name={['children', k.code, 'villages']} noStyle>
                          <InputNumber
                            min={0}
                            max={1000}
                            precision={0}
                            style={{ width: '100%' }}
                            aria-label={`${t('finance.allocation.villages')} ${k.code}`}
                          />
                        </Form.Item>
                      ),
                    },
                  ]),
            ]}
          />
          <Button
            type="primary"
            htmlType="submit"
            loading={busy}
            style={{ marginTop: 12 }}
            data-testid="allocation-submit"
          >
            {t('finance.allocation.compute')}
          </Button>
        </Form>
      </Card>
      {result && (
        <Card size="small" title={t('finance.allocation.result')} data-testid="allocation-result">
          <Typography.Paragraph>
            {pick(result.method)} {t('finance.total')}: {exactMoney(result.totalVnd, lang)};{' '}
            {t('finance.allocation.totalCoefficient')}: {result.totalCoefficient}.
            {result.lines.some((l) => l.coefficient === 0)
              ? ` ${t('finance.allocation.zero', { count: result.lines.filter((l) => l.coefficient === 0).length })}`
              : ''}
          </Typography.Paragraph>
          <Table<Line>
            rowKey="unit"
            size="small"
            pagination={false}
            dataSource={result.lines.filter((l) => l.coefficient > 0)}
            scroll={{ x: 800 }}
            columns={[
              { title: t('finance.unit'), dataIndex: 'name', render: (n: string | null, l) => n ?? l.unit },
              { title: t('finance.allocation.coefficient'), dataIndex: 'coefficient', align: 'right' },
              {
                title: t('finance.allocation.share'),
                dataIndex: 'sharePercent',
                align: 'right',
                render: (v: number) => percent(v, 2),
              },
              {
                title: t('finance.allocation.exact'),
                dataIndex: 'exact',
                align: 'right',
                render: (e: Line['exact']) =>
                  e.remainder
                    ? `${groupTyped(String(e.dong), lang)} ${e.remainder}/${e.denominator}`
                    : groupTyped(String(e.dong), lang),
              },
              {
                title: t('finance.amount'),
                dataIndex: 'amountVnd',
                align: 'right',
                render: (v: number, l) => (
                  <span title={exactMoney(v, lang)}>
                    {money(v, lang)}
                    {l.roundedUp ? ' ↑' : ''}
                  </span>
                ),
              },
            ]}
            expandable={{
              expandedRowKeys: result.lines.map((l) => l.unit),
              showExpandColumn: false,
              expandedRowRender: (l) => <Typography.Text type="secondary">{pick(l.working)}</Typography.Text>,
            }}
          />
        </Card>
      )}
    </Flex>
  );
}
