// Giao kế hoạch vốn: a new plan line (unit of the write scope, year, project of that year's programme,
// source, amount, decision), the server's field errors shown on the fields.
import { type ButtonProps, Col, Form, Input, InputNumber, Modal, Row, Select } from 'antd';
import { useEffect } from 'react';
import { api, call } from '../api/client.ts';
import { useMe } from '../auth.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useAsync } from '../lib/useAsync.ts';
import { loadProgrammes, projectOptions } from './api.ts';
import { DateField } from './DateField.tsx';
import { sourceLabel } from './labels.ts';
import { amountPattern, MoneyInput } from './MoneyInput.tsx';
import { financeUnits } from './scope.ts';
import { SOURCES, type PlanLine, type SourceCode } from './types.ts';
import { useSubmit } from './useSubmit.ts';

interface Values {
  unit: string;
  year: number;
  project: string;
  source: SourceCode;
  amountVnd: string;
  decision: string;
  decisionDate?: string | null;
}

const FIELDS = ['unit', 'year', 'project', 'source', 'amountVnd', 'decision', 'decisionDate'] as const;

export function PlanForm({
  year,
  onClose,
  onCreated,
}: {
  year: number;
  onClose(): void;
  onCreated(line: PlanLine): void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const me = useMe();
  const [form] = Form.useForm<Values>();
  const chosenYear = Form.useWatch('year', form) ?? year;
  // Only units the user may write: a commune officer is offered its own commune, nothing else.
  const units = useAsync(() => financeUnits(me, 'write'), [me.userId]);
  const only = units.data?.length === 1 ? units.data[0]!.code : undefined;
  useEffect(() => {
    if (only && !form.getFieldValue('unit')) form.setFieldValue('unit', only);
  }, [only, form]);
  const programmes = useAsync(loadProgrammes, []);
  const projects = projectOptions(programmes.data?.programmes ?? [], chosenYear);
  const { busy, error, rest, submit } = useSubmit(
    form,
    FIELDS,
    (v: Values) =>
      call(() =>
        api.POST('/api/finance/plans', {
          body: {
            unit: v.unit,
            year: v.year,
            project: v.project,
            source: v.source,
            amountVnd: v.amountVnd,
            decision: v.decision.trim(),
            decisionDate: v.decisionDate ?? null,
          },
        }),
      ),
    onCreated,
  );
  const required = { required: true, message: t('finance.required') };

  return (
    <Modal
      open
      width={720}
      title={t('finance.plan.create')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'plan-submit' } as ButtonProps}
    >
      <ErrorAlert error={error} rest={rest} />
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ year }}
        data-testid="plan-form"
      >
        <Row gutter={12}>
          <Col xs={24} md={16}>
            <Form.Item name="unit" label={t('finance.unit')} rules={[required]}>
              <Select
                showSearch
                optionFilterProp="label"
                loading={units.loading}
                options={(units.data ?? []).map((u) => ({ value: u.code, label: `${u.name} (${u.code})` }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="year" label={t('finance.year')} rules={[required]}>
              <InputNumber min={2000} max={2100} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={14}>
            <Form.Item name="project" label={t('finance.project')} rules={[required]}>
              <Select
                showSearch
                optionFilterProp="label"
                options={projects.map((p) => ({ value: p.code, label: `${p.code} — ${i18n.pick(p.name)}` }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={10}>
            <Form.Item name="source" label={t('finance.source')} rules={[required]}>
              <Select options={SOURCES.map((s) => ({ value: s, label: sourceLabel(i18n, s) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="amountVnd"
              label={t('finance.amount')}
              rules={[required, { pattern: amountPattern(false), message: t('finance.amountInvalid') }]}
            >
              <MoneyInput data-testid="plan-amount" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="decisionDate" label={t('finance.decisionDate')}>
              <DateField />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item
              name="decision"
              label={t('finance.decision')}
              rules={[{ ...required, whitespace: true }]}
            >
              <Input placeholder={t('finance.decisionHint')} maxLength={300} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
