// Chuyển hộ sang thôn khác and Thành viên rời hộ: small forms with a date and a required reason.
import { DatePicker, Form, Input, Modal, Select } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, call } from '../api/client.ts';
import { ApiError, placeFieldErrors, type FieldError } from '../api/errors.ts';
import type { Household, Member } from '../api/types.ts';
import { useMe } from '../auth.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useI18n } from '../i18n/index.tsx';
import { communesUnder, loadVillages, scopeCommunes, villagesInScope } from '../lib/reference.ts';
import { useAsync } from '../lib/useAsync.ts';
import type { ChangeOutcome } from './useHouseholdChange.tsx';
import { afterToday, today } from '../lib/today.ts';

type Run = (send: (version: number) => Promise<Household>, done: string) => Promise<ChangeOutcome>;

function useErrors() {
  const [error, setError] = useState<unknown>(null);
  const [rest, setRest] = useState<FieldError[] | undefined>();
  return { error, rest, setError, setRest };
}

export function MoveModal({
  household,
  open,
  onClose,
  run,
}: {
  household: Household;
  open: boolean;
  onClose(): void;
  run: Run;
}) {
  const { t, pick } = useI18n();
  const me = useMe();
  const [form] = Form.useForm<{
    communeCode: string;
    toVillageId: string;
    effective: Dayjs;
    reason: string;
  }>();
  const { error, rest, setError, setRest } = useErrors();
  const [busy, setBusy] = useState(false);
  const communeCode = Form.useWatch('communeCode', form);
  const communes = useAsync(
    () =>
      me.scopes.all
        ? household.provinceCode
          ? communesUnder(household.provinceCode)
          : Promise.resolve([])
        : scopeCommunes(me, 'write'),
    [me, household.provinceCode],
  );
  const villages = useAsync(
    () => (communeCode ? loadVillages(communeCode) : Promise.resolve([])),
    [communeCode],
  );

  const [initialValues] = useState(() => ({
    communeCode: household.communeCode,
    effective: today(),
    reason: '',
  }));

  const submit = async (v: { toVillageId: string; effective: Dayjs; reason: string }) => {
    setBusy(true);
    setError(null);
    const outcome = await run(
      (version) =>
        call(() =>
          api.POST('/api/households/{householdId}/move', {
            params: { path: { householdId: household.householdId } },
            body: {
              version,
              toVillageId: v.toVillageId,
              effective: v.effective.format('YYYY-MM-DD'),
              reason: v.reason.trim(),
            },
          }),
        ),
      t('move.done'),
    );
    setBusy(false);
    if (outcome.ok) return onClose();
    if (outcome.stale) return;
    if (outcome.error instanceof ApiError) {
      const { placed, rest: others } = placeFieldErrors(
        outcome.error.fields,
        [/^body\./],
        ['toVillageId', 'effective', 'reason'],
      );
      form.setFields(placed.map((p) => ({ name: p.name as never, errors: [pick(p.message)] })));
      setRest(others);
    }
    setError(outcome.error);
  };

  return (
    <Modal
      open={open}
      title={t('move.title')}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('move.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
    >
      <ErrorAlert error={error} {...(rest ? { rest } : {})} />
      <Form
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={submit}
        onValuesChange={(c) => 'communeCode' in c && form.resetFields(['toVillageId'])}
      >
        <Form.Item name="communeCode" label={t('search.commune')} rules={[{ required: true }]}>
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={communes.loading}
            options={(communes.data ?? []).map((c) => ({ value: c.code, label: `${c.name} (${c.code})` }))}
          />
        </Form.Item>
        <Form.Item
          name="toVillageId"
          label={t('move.village')}
          rules={[{ required: true, message: t('move.villageRequired') }]}
        >
          <Select
            showSearch={{ optionFilterProp: 'label' }}
            loading={villages.loading}
            options={villagesInScope(
              villages.data ?? [],
              communes.data?.find((c) => c.code === communeCode),
            )
              .filter((v) => v.id !== household.villageId)
              .map((v) => ({ value: v.id, label: v.name }))}
          />
        </Form.Item>
        <Form.Item name="effective" label={t('move.effective')} rules={[{ required: true }]}>
          <DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} disabledDate={afterToday} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('common.reason')}
          rules={[{ required: true, whitespace: true, message: t('common.reasonRequired') }, { max: 500 }]}
        >
          <Input.TextArea rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

export function LeaveModal({
  household,
  member,
  open,
  onClose,
  run,
}: {
  household: Household;
  member: Member;
  open: boolean;
  onClose(): void;
  run: Run;
}) {
  const { t, pick } = useI18n();
  const [form] = Form.useForm<{ leftAt: Dayjs; reason: string }>();
  const { error, rest, setError, setRest } = useErrors();
  const [busy, setBusy] = useState(false);

  const [initialValues] = useState(() => ({ leftAt: today(), reason: '' }));

  const submit = async (v: { leftAt: Dayjs; reason: string }) => {
    setBusy(true);
    setError(null);
    const outcome = await run(
      (version) =>
        call(() =>
          api.POST('/api/households/{householdId}/members/{memberNo}/leave', {
            params: { path: { householdId: household.householdId, memberNo: member.memberNo } },
            body: { version, leftAt: v.leftAt.format('YYYY-MM-DD'), reason: v.reason.trim() },
          }),
        ),
      t('leave.done'),
    );
    setBusy(false);
    if (outcome.ok) return onClose();
    if (outcome.stale) return;
    if (outcome.error instanceof ApiError) {
      const { placed, rest: others } = placeFieldErrors(
        outcome.error.fields,
        [/^body\./],
        ['leftAt', 'reason'],
      );
      form.setFields(placed.map((p) => ({ name: p.name as never, errors: [pick(p.message)] })));
      setRest(others);
    }
    setError(outcome.error);
  };

  return (
    <Modal
      open={open}
      title={t('leave.title', { name: member.fullName })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('leave.submit')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      destroyOnHidden
    >
      <ErrorAlert error={error} {...(rest ? { rest } : {})} />
      <Form form={form} layout="vertical" initialValues={initialValues} onFinish={submit}>
        <Form.Item name="leftAt" label={t('leave.date')} rules={[{ required: true }]}>
          <DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} disabledDate={afterToday} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('common.reason')}
          rules={[{ required: true, whitespace: true, message: t('common.reasonRequired') }, { max: 500 }]}
        >
          <Input.TextArea rows={2} placeholder={t('leave.reasonPlaceholder')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
