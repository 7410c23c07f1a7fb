// Sửa thông tin hộ: head, address, ethnicity and the flags; only the changed fields are sent, with a reason.
import { Button, Checkbox, Col, Drawer, Flex, Form, Input, Row } from 'antd';
import { useState } from 'react';
import { api, call } from '../api/client.ts';
import { ApiError, placeFieldErrors, type FieldError } from '../api/errors.ts';
import type { Household, HouseholdChange } from '../api/types.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useI18n } from '../i18n/index.tsx';
import type { ChangeOutcome } from './useHouseholdChange.tsx';

const FLAGS = ['isEthnicMinority', 'personOfMerit', 'socialProtection', 'noLabourCapacity'] as const;
const TEXTS = ['headName', 'address', 'ethnicity'] as const;

type FormValues = { headName: string; address?: string; ethnicity?: string; reason?: string } & Partial<
  Record<(typeof FLAGS)[number], boolean>
>;

export function HouseholdDrawer({
  household,
  open,
  onClose,
  run,
}: {
  household: Household;
  open: boolean;
  onClose(): void;
  run(send: (version: number) => Promise<Household>, done: string): Promise<ChangeOutcome>;
}) {
  const { t, pick } = useI18n();
  const [form] = Form.useForm<FormValues>();
  const [error, setError] = useState<unknown>(null);
  const [rest, setRest] = useState<FieldError[] | undefined>();
  const [busy, setBusy] = useState(false);

  const [initialValues] = useState<FormValues>(() => ({
    headName: household.headName,
    address: household.address ?? '',
    ethnicity: household.ethnicity ?? '',
    isEthnicMinority: household.isEthnicMinority,
    personOfMerit: household.personOfMerit,
    socialProtection: household.socialProtection,
    noLabourCapacity: household.noLabourCapacity,
    reason: '',
  }));

  const submit = async (v: FormValues) => {
    const change: Record<string, unknown> = {};
    for (const k of TEXTS) {
      const value = v[k]?.trim() || null;
      if (value !== (household[k] ?? null)) change[k] = value;
    }
    for (const k of FLAGS) if (!!v[k] !== household[k]) change[k] = !!v[k];
    if (Object.keys(change).length === 0) return onClose();
    const reason = v.reason?.trim();
    setBusy(true);
    setError(null);
    const outcome = await run(
      (version) =>
        call(() =>
          api.PATCH('/api/households/{householdId}', {
            params: { path: { householdId: household.householdId } },
            body: { version, ...(change as Partial<HouseholdChange>), ...(reason ? { reason } : {}) },
          }),
        ),
      t('household.saved'),
    );
    setBusy(false);
    if (outcome.ok) return onClose();
    if (outcome.stale) return;
    if (outcome.error instanceof ApiError) {
      const { placed, rest: others } = placeFieldErrors(
        outcome.error.fields,
        [/^body\./],
        [...TEXTS, 'reason'],
      );
      form.setFields(placed.map((p) => ({ name: p.name as never, errors: [pick(p.message)] })));
      setRest(others);
    }
    setError(outcome.error);
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      destroyOnHidden
      size={560}
      title={t('household.editTitle')}
      footer={
        <Flex justify="end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()}>
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      <ErrorAlert error={error} {...(rest ? { rest } : {})} />
      <Form<FormValues>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={submit}
        disabled={busy}
      >
        <Form.Item
          name="headName"
          label={t('field.headName')}
          rules={[{ required: true, whitespace: true, message: t('household.headRequired') }, { max: 120 }]}
        >
          <Input />
        </Form.Item>
        <Form.Item name="address" label={t('field.address')} rules={[{ max: 300 }]}>
          <Input />
        </Form.Item>
        <Form.Item name="ethnicity" label={t('field.ethnicity')} rules={[{ max: 60 }]}>
          <Input />
        </Form.Item>
        <Row>
          {FLAGS.map((k) => (
            <Col xs={24} sm={12} key={k}>
              <Form.Item name={k} valuePropName="checked" style={{ marginBottom: 8 }}>
                <Checkbox>{t(`field.${k}`)}</Checkbox>
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Form.Item name="reason" label={t('common.reason')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
