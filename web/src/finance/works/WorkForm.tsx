// Thêm / sửa công trình: type from the data's list, new or maintenance, unit and village, investor,
// contract value and disbursed (digit strings), progress, start, completion and acceptance dates; the
// server's field errors shown on the fields, a 409 when someone else changed the work meanwhile.
import { Button, Card, Col, Form, Input, InputNumber, Radio, Row, Select, Typography } from 'antd';
import { useEffect } from 'react';
import { useNavigate, useParams } from 'react-router';
import { api, call } from '../../api/client.ts';
import { useMe } from '../../auth.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { LoadFailed, Loading } from '../../components/States.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { loadVillages } from '../../lib/reference.ts';
import { useAsync } from '../../lib/useAsync.ts';
import { loadProgrammes, projectOptions } from '../api.ts';
import { DateField } from '../DateField.tsx';
import { useFinance } from '../FinanceLayout.tsx';
import { amountPattern, MoneyInput } from '../MoneyInput.tsx';
import { financeUnits } from '../scope.ts';
import { useSubmit } from '../useSubmit.ts';
import type { WorkDetail } from './types.ts';
import { loadWorkTypes } from './WorksPage.tsx';

interface Values {
  unit?: string;
  villageId?: string | null;
  name: string;
  workType: string;
  construction: WorkDetail['construction'];
  investor?: string;
  investorUnitCode?: string;
  planYear?: number | null;
  project?: string | null;
  contractValueVnd: string;
  disbursedVnd?: string;
  progressPct?: number | null;
  startDate?: string | null;
  completionDate?: string | null;
  acceptanceDate?: string | null;
  note?: string;
  reason?: string;
}

const FIELDS = [
  'unit',
  'villageId',
  'name',
  'workType',
  'construction',
  'investor',
  'investorUnitCode',
  'planYear',
  'project',
  'contractValueVnd',
  'disbursedVnd',
  'progressPct',
  'startDate',
  'completionDate',
  'acceptanceDate',
  'note',
] as const;

export function WorkFormPage() {
  const { workId } = useParams();
  const work = useAsync(
    () =>
      workId
        ? call(() => api.GET('/api/works/{id}', { params: { path: { id: workId } } }))
        : Promise.resolve(null),
    [workId],
  );
  if (work.error) return <LoadFailed error={work.error} onRetry={work.reload} />;
  if (work.data === undefined) return <Loading />;
  return <WorkForm work={work.data} />;
}

function WorkForm({ work }: { work: WorkDetail | null }) {
  const i18n = useI18n();
  const { t, pick } = i18n;
  const me = useMe();
  const navigate = useNavigate();
  const { year, link, unit: pickedUnit } = useFinance();
  const [form] = Form.useForm<Values>();
  const unit = Form.useWatch('unit', form) ?? work?.unit.code;
  const planYear = Form.useWatch('planYear', form);
  const units = useAsync(() => financeUnits(me, 'write'), [me.userId]);
  const workTypes = useAsync(loadWorkTypes, []);
  const programmes = useAsync(loadProgrammes, []);
  const villages = useAsync(
    () => (unit && unit.length === 5 ? loadVillages(unit) : Promise.resolve([])),
    [unit],
  );
  const only = units.data?.length === 1 ? units.data[0]!.code : undefined;
  useEffect(() => {
    if (!work && !form.getFieldValue('unit')) {
      const preferred = units.data?.find((u) => u.code === pickedUnit)?.code ?? only;
      if (preferred) form.setFieldValue('unit', preferred);
    }
  }, [only, pickedUnit, units.data, work, form]);

  const { busy, error, rest, submit } = useSubmit(
    form,
    FIELDS,
    (v: Values) => {
      const fields = {
        villageId: v.villageId ?? null,
        name: v.name.trim(),
        workType: v.workType,
        construction: v.construction,
        planYear: v.planYear ?? null,
        project: v.project ?? null,
        contractValueVnd: v.contractValueVnd,
        ...(v.disbursedVnd ? { disbursedVnd: v.disbursedVnd } : {}),
        progressPct: v.progressPct ?? 0,
        startDate: v.startDate ?? null,
        completionDate: v.completionDate ?? null,
        acceptanceDate: v.acceptanceDate ?? null,
        note: v.note?.trim() || null,
      };
      return work
        ? call(() =>
            api.PATCH('/api/works/{id}', {
              params: { path: { id: work.id } },
              body: { version: work.version, ...(v.reason ? { reason: v.reason } : {}), ...fields },
            }),
          )
        : call(() =>
            api.POST('/api/works', {
              body: {
                unit: v.unit!,
                investor: v.investor!.trim(),
                investorUnitCode: v.investorUnitCode || null,
                ...fields,
              },
            }),
          );
    },
    (saved) => navigate(link(`/works/${saved.id}`)),
  );
  const required = { required: true, message: t('finance.required') };
  const initial: Partial<Values> = work
    ? {
        villageId: work.village?.id ?? null,
        name: work.name,
        workType: work.workType,
        construction: work.construction,
        planYear: work.planYear,
        project: work.project,
        contractValueVnd: String(work.contractValueVnd),
        disbursedVnd: String(work.disbursedVnd),
        progressPct: work.progressPct,
        startDate: work.startDate,
        completionDate: work.completionDate,
        acceptanceDate: work.acceptanceDate,
        note: work.note ?? undefined,
      }
    : { construction: 'new', planYear: year, progressPct: 0 };

  return (
    <Card size="small">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {work ? t('works.edit', { name: work.name }) : t('works.create')}
      </Typography.Title>
      <ErrorAlert error={error} rest={rest} />
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={initial}
        data-testid="work-form"
      >
        <Row gutter={12}>
          <Col xs={24} md={12}>
            {work ? (
              <Form.Item label={t('finance.unit')}>
                <Input value={`${work.unit.name} (${work.unit.code})`} disabled />
              </Form.Item>
            ) : (
              <Form.Item name="unit" label={t('finance.unit')} rules={[required]}>
                <Select
                  showSearch
                  optionFilterProp="label"
                  loading={units.loading}
                  onChange={() => form.setFieldValue('villageId', null)}
                  options={(units.data ?? []).map((u) => ({ value: u.code, label: `${u.name} (${u.code})` }))}
                />
              </Form.Item>
            )}
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="villageId" label={t('works.village')}>
              <Select
                allowClear
                loading={villages.loading}
                options={(villages.data ?? []).map((v) => ({ value: v.id, label: v.name }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="name" label={t('works.name')} rules={[{ ...required, whitespace: true }]}>
              <Input maxLength={300} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="workType" label={t('works.type')} rules={[required]}>
              <Select
                showSearch
                optionFilterProp="label"
                options={(workTypes.data ?? []).map((w) => ({ value: w.code, label: pick(w.name) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="construction" label={t('works.construction')} rules={[required]}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'new', label: t('works.construction.new') },
                  { value: 'maintenance', label: t('works.construction.maintenance') },
                ]}
              />
            </Form.Item>
          </Col>
          {!work && (
            <>
              <Col xs={24} md={16}>
                <Form.Item
                  name="investor"
                  label={t('works.investor')}
                  rules={[{ ...required, whitespace: true }]}
                >
                  <Input maxLength={300} placeholder={t('works.investorHint')} />
                </Form.Item>
              </Col>
              <Col xs={24} md={8}>
                <Form.Item
                  name="investorUnitCode"
                  label={t('works.investorUnit')}
                  rules={[{ pattern: /^\d{2,5}$/, message: t('works.unitCodeInvalid') }]}
                >
                  <Input inputMode="numeric" maxLength={5} />
                </Form.Item>
              </Col>
            </>
          )}
          <Col xs={12} md={6}>
            <Form.Item name="planYear" label={t('works.planYear')}>
              <InputNumber min={2000} max={2100} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={12} md={18}>
            <Form.Item name="project" label={t('finance.project')}>
              <Select
                allowClear
                showSearch
                optionFilterProp="label"
                options={projectOptions(programmes.data?.programmes ?? [], planYear ?? year).map((p) => ({
                  value: p.code,
                  label: `${p.code} — ${pick(p.name)}`,
                }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={9}>
            <Form.Item
              name="contractValueVnd"
              label={t('works.contractValue')}
              rules={[required, { pattern: amountPattern(false), message: t('finance.amountInvalid') }]}
            >
              <MoneyInput data-testid="work-contract" />
            </Form.Item>
          </Col>
          <Col xs={24} md={9}>
            <Form.Item
              name="disbursedVnd"
              label={t('finance.disbursed')}
              rules={[{ pattern: amountPattern(false), message: t('finance.amountInvalid') }]}
            >
              <MoneyInput />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            <Form.Item name="progressPct" label={t('works.progress')}>
              <InputNumber min={0} max={100} precision={0} suffix="%" style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="startDate" label={t('works.startDate')}>
              <DateField />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="completionDate" label={t('works.completionDate')}>
              <DateField />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="acceptanceDate" label={t('works.acceptanceDate')}>
              <DateField />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="note" label={t('works.note')}>
              <Input.TextArea rows={2} maxLength={2000} />
            </Form.Item>
          </Col>
          {work && (
            <Col xs={24}>
              <Form.Item name="reason" label={t('works.reason')}>
                <Input maxLength={500} />
              </Form.Item>
            </Col>
          )}
        </Row>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="work-submit">
          {t('common.save')}
        </Button>{' '}
        <Button onClick={() => navigate(-1)}>{t('common.cancel')}</Button>
      </Form>
    </Card>
  );
}
