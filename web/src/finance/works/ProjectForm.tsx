// Thêm / sửa dự án sản xuất: name, kind, project of the programme, models, budget and disbursed (digit
// strings), dates and outputs; the server's field errors on the fields.
import { type ButtonProps, Col, Form, Input, Modal, Radio, Row, Select } from 'antd';
import { useEffect } from 'react';
import { api, call } from '../../api/client.ts';
import { useMe } from '../../auth.tsx';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useAsync } from '../../lib/useAsync.ts';
import { loadProgrammes, projectOptions } from '../api.ts';
import { DateField } from '../DateField.tsx';
import { useFinance } from '../FinanceLayout.tsx';
import { amountPattern, MoneyInput } from '../MoneyInput.tsx';
import { financeUnits } from '../scope.ts';
import { useSubmit } from '../useSubmit.ts';
import type { paths } from '../../api/schema.d.ts';
import type { ProductionProject } from './types.ts';

type Body = NonNullable<
  paths['/api/production-projects']['post']['requestBody']
>['content']['application/json'];
/** The form's fields: the request body's, with the unit picked later and amounts as digit strings. */
type Values = Pick<Body, 'name' | 'kind' | 'project' | 'models' | 'startDate' | 'endDate' | 'outputs'> & {
  unit?: string;
  budgetVnd?: string;
  disbursedVnd?: string;
};

const FIELDS = [
  'unit',
  'name',
  'kind',
  'project',
  'models',
  'budgetVnd',
  'disbursedVnd',
  'startDate',
  'endDate',
  'outputs',
] as const;

export function ProjectForm({
  project,
  onClose,
  onSaved,
}: {
  project: ProductionProject | null;
  onClose(): void;
  onSaved(p: ProductionProject): void;
}) {
  const { t, pick } = useI18n();
  const me = useMe();
  const { year, unit: pickedUnit } = useFinance();
  const [form] = Form.useForm<Values>();
  const startDate = Form.useWatch('startDate', form);
  const units = useAsync(() => financeUnits(me, 'write'), [me.userId]);
  const programmes = useAsync(loadProgrammes, []);
  useEffect(() => {
    if (project || form.getFieldValue('unit')) return;
    const list = units.data ?? [];
    const preferred =
      list.find((u) => u.code === pickedUnit)?.code ?? (list.length === 1 ? list[0]!.code : null);
    if (preferred) form.setFieldValue('unit', preferred);
  }, [units.data, pickedUnit, project, form]);
  const { busy, error, rest, submit } = useSubmit(
    form,
    FIELDS,
    (v: Values) => {
      const fields = {
        name: v.name.trim(),
        kind: v.kind,
        project: v.project ?? null,
        models: v.models?.trim() || null,
        ...(v.budgetVnd ? { budgetVnd: v.budgetVnd } : {}),
        ...(v.disbursedVnd ? { disbursedVnd: v.disbursedVnd } : {}),
        startDate: v.startDate ?? null,
        endDate: v.endDate ?? null,
        outputs: v.outputs?.trim() || null,
      };
      return project
        ? call(() =>
            api.PATCH('/api/production-projects/{id}', {
              params: { path: { id: project.id } },
              body: { version: project.version, ...fields },
            }),
          )
        : call(() => api.POST('/api/production-projects', { body: { unit: v.unit!, ...fields } }));
    },
    onSaved,
  );
  const required = { required: true, message: t('finance.required') };
  const projectYear = startDate ? Number(startDate.slice(0, 4)) : year;
  return (
    <Modal
      open
      width={760}
      title={project ? t('projects.edit') : t('projects.create')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'project-submit' } as ButtonProps}
    >
      <ErrorAlert error={error} rest={rest} />
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        data-testid="project-form"
        initialValues={
          project
            ? {
                name: project.name,
                kind: project.kind,
                project: project.project,
                models: project.models ?? undefined,
                budgetVnd: String(project.budgetVnd),
                disbursedVnd: String(project.disbursedVnd),
                startDate: project.startDate,
                endDate: project.endDate,
                outputs: project.outputs ?? undefined,
              }
            : { kind: 'value_chain' }
        }
      >
        <Row gutter={12}>
          {!project && (
            <Col xs={24} md={12}>
              <Form.Item name="unit" label={t('finance.unit')} rules={[required]}>
                <Select
                  showSearch
                  optionFilterProp="label"
                  loading={units.loading}
                  options={(units.data ?? []).map((u) => ({ value: u.code, label: `${u.name} (${u.code})` }))}
                />
              </Form.Item>
            </Col>
          )}
          <Col xs={24} md={12}>
            <Form.Item name="kind" label={t('projects.kind')} rules={[required]}>
              <Radio.Group
                optionType="button"
                options={[
                  { value: 'value_chain', label: t('projects.kind.value_chain') },
                  { value: 'community', label: t('projects.kind.community') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="name" label={t('projects.name')} rules={[{ ...required, whitespace: true }]}>
              <Input maxLength={300} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="project" label={t('finance.project')}>
              <Select
                allowClear
                showSearch
                optionFilterProp="label"
                options={projectOptions(programmes.data?.programmes ?? [], projectYear).map((p) => ({
                  value: p.code,
                  label: `${p.code} — ${pick(p.name)}`,
                }))}
              />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="startDate" label={t('projects.startDate')}>
              <DateField />
            </Form.Item>
          </Col>
          <Col xs={12} md={6}>
            <Form.Item name="endDate" label={t('projects.endDate')}>
              <DateField />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="budgetVnd"
              label={t('projects.budget')}
              rules={[{ pattern: amountPattern(false), message: t('finance.amountInvalid') }]}
            >
              <MoneyInput />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="disbursedVnd"
              label={t('finance.disbursed')}
              rules={[{ pattern: amountPattern(false), message: t('finance.amountInvalid') }]}
            >
              <MoneyInput />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="models" label={t('projects.models')}>
              <Input.TextArea rows={2} maxLength={4000} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item name="outputs" label={t('projects.outputs')}>
              <Input.TextArea rows={2} maxLength={4000} />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
