// Entering a published figure for the unit: year, standard, group, counts and/or the rate, and its source.
import { Button, type ButtonProps, Col, Form, Input, InputNumber, Modal, Row, Select } from 'antd';
import { useState } from 'react';
import { api, call } from '../api/client.ts';
import { ApiError, placeFieldErrors, type FieldError } from '../api/errors.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useI18n } from '../i18n/index.tsx';
import { loadStandards } from '../lib/reference.ts';
import { useAsync } from '../lib/useAsync.ts';
import { FIGURE_GROUPS, type FigureGroup } from './types.ts';

interface Values {
  year: number;
  standard: string;
  group: FigureGroup;
  totalHouseholds?: number | null;
  poorHouseholds?: number | null;
  nearPoorHouseholds?: number | null;
  poorRate?: number | null;
  nearPoorRate?: number | null;
  source: string;
}

const FIELDS = [
  'year',
  'standard',
  'group',
  'totalHouseholds',
  'poorHouseholds',
  'nearPoorHouseholds',
  'poorRate',
  'nearPoorRate',
  'source',
];

export function EnterFigureModal({
  unit,
  group,
  year,
  onClose,
  onSaved,
}: {
  unit: string;
  group: FigureGroup;
  year: number;
  onClose(): void;
  onSaved(): void;
}) {
  const { t, pick, lang } = useI18n();
  const [form] = Form.useForm<Values>();
  const standards = useAsync(() => loadStandards(), []);
  const [error, setError] = useState<unknown>(null);
  const [rest, setRest] = useState<FieldError[] | undefined>();
  const [busy, setBusy] = useState(false);
  const decimal = lang === 'vi' ? ',' : '.';

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    try {
      await call(() =>
        api.POST('/api/figures', {
          body: {
            unitCode: unit,
            year: v.year,
            standard: v.standard,
            group: v.group,
            totalHouseholds: v.totalHouseholds ?? null,
            poorHouseholds: v.poorHouseholds ?? null,
            nearPoorHouseholds: v.nearPoorHouseholds ?? null,
            poorRate: v.poorRate ?? null,
            nearPoorRate: v.nearPoorRate ?? null,
            source: v.source,
          },
        }),
      );
      onSaved();
    } catch (e) {
      setBusy(false);
      if (e instanceof ApiError) {
        const { placed, rest: others } = placeFieldErrors(e.fields, [/^body\./], FIELDS);
        form.setFields(placed.map((p) => ({ name: p.name as never, errors: [pick(p.message)] })));
        setRest(others);
      }
      setError(e);
    }
  };

  const count = (name: keyof Values, label: string) => (
    <Col xs={24} sm={8}>
      <Form.Item name={name} label={label}>
        <InputNumber min={0} precision={0} style={{ width: '100%' }} inputMode="numeric" />
      </Form.Item>
    </Col>
  );
  const rate = (name: keyof Values, label: string) => (
    <Col xs={24} sm={12}>
      <Form.Item name={name} label={label}>
        <InputNumber
          min={0}
          max={100}
          precision={2}
          decimalSeparator={decimal}
          style={{ width: '100%' }}
          suffix="%"
        />
      </Form.Item>
    </Col>
  );

  return (
    <Modal
      open
      width={720}
      title={t('stats.enterFigureTitle', { unit })}
      onCancel={onClose}
      footer={[
        <Button key="cancel" onClick={onClose}>
          {t('common.cancel')}
        </Button>,
        <Button
          key="ok"
          type="primary"
          loading={busy}
          onClick={() => form.submit()}
          {...({ 'data-testid': 'figure-submit' } as ButtonProps)}
        >
          {t('common.save')}
        </Button>,
      ]}
    >
      <ErrorAlert error={error} {...(rest ? { rest } : {})} />
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ year: year - 1, group, standard: 'ND07_2021' }}
        onFinish={(v) => void submit(v)}
      >
        <Row gutter={16}>
          <Col xs={24} sm={6}>
            <Form.Item name="year" label={t('stats.col.year')} rules={[{ required: true }]}>
              <InputNumber
                min={2000}
                max={2100}
                precision={0}
                style={{ width: '100%' }}
                inputMode="numeric"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={10}>
            <Form.Item name="standard" label={t('stats.col.standard')} rules={[{ required: true }]}>
              <Select
                loading={standards.loading}
                options={(standards.data ?? []).map((s) => ({ value: s.id, label: pick(s.name) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="group" label={t('stats.group')} rules={[{ required: true }]}>
              <Select options={FIGURE_GROUPS.map((g) => ({ value: g, label: t(`stats.group.${g}`) }))} />
            </Form.Item>
          </Col>
          {count('totalHouseholds', t('stats.col.households'))}
          {count('poorHouseholds', t('stats.col.poor'))}
          {count('nearPoorHouseholds', t('stats.col.nearPoor'))}
          {rate('poorRate', t('stats.col.rate'))}
          {rate('nearPoorRate', t('stats.col.nearPoorRate'))}
          <Col xs={24}>
            <Form.Item
              name="source"
              label={t('stats.col.source')}
              rules={[{ required: true, min: 3, message: t('stats.sourceRequired') }]}
              extra={t('stats.sourceHint')}
            >
              <Input maxLength={300} data-testid="figure-source" />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
