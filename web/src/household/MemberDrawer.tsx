// Thêm / sửa thành viên: a drawer form with inline checks (12-digit national ID, phone 0xxxxxxxxx, birth
// date not in the future) and the server's field errors placed on the same items.
import { Button, Col, DatePicker, Drawer, Flex, Form, Input, Row, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, call } from '../api/client.ts';
import { ApiError, placeFieldErrors, type FieldError } from '../api/errors.ts';
import {
  EDUCATION_LEVELS,
  EMPLOYMENTS,
  SEXES,
  type Household,
  type Member,
  type MemberChange,
  type MemberInput,
} from '../api/types.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useI18n } from '../i18n/index.tsx';
import type { ChangeOutcome } from './useHouseholdChange.tsx';
import { afterToday } from '../lib/today.ts';

type YesNo = 'yes' | 'no';
interface MemberForm {
  fullName: string;
  dateOfBirth?: Dayjs | null;
  sex?: MemberInput['sex'];
  ethnicity?: string;
  relationToHead?: string;
  nationalId?: string;
  phone?: string;
  educationLevel?: MemberInput['educationLevel'];
  healthInsurance?: YesNo;
  employment?: MemberInput['employment'];
  labourContract?: YesNo;
  reason?: string;
}

const FIELDS = [
  'fullName',
  'dateOfBirth',
  'sex',
  'ethnicity',
  'relationToHead',
  'nationalId',
  'phone',
  'educationLevel',
  'healthInsurance',
  'employment',
  'labourContract',
] as const;
type Field = (typeof FIELDS)[number];

const text = (v: string | undefined | null) => (v && v.trim() ? v.trim() : null);
const yesNo = (v: YesNo | undefined | null) => (v === 'yes' ? true : v === 'no' ? false : null);
const toYesNo = (v: boolean | null | undefined): YesNo | undefined =>
  v === true ? 'yes' : v === false ? 'no' : undefined;

/** Form values → the member as the API takes it (empty → null). */
function toInput(v: MemberForm): MemberInput {
  return {
    fullName: v.fullName.trim(),
    dateOfBirth: v.dateOfBirth ? v.dateOfBirth.format('YYYY-MM-DD') : null,
    sex: v.sex ?? null,
    ethnicity: text(v.ethnicity),
    relationToHead: text(v.relationToHead),
    nationalId: text(v.nationalId),
    phone: text(v.phone),
    educationLevel: v.educationLevel ?? null,
    healthInsurance: yesNo(v.healthInsurance),
    employment: v.employment ?? null,
    labourContract: yesNo(v.labourContract),
  };
}

function toForm(m: Member): MemberForm {
  return {
    fullName: m.fullName,
    dateOfBirth: m.dateOfBirth ? dayjs(m.dateOfBirth) : null,
    sex: (m.sex as MemberInput['sex']) ?? undefined,
    ethnicity: m.ethnicity ?? undefined,
    relationToHead: m.relationToHead ?? undefined,
    nationalId: m.nationalId ?? undefined,
    phone: m.phone ?? undefined,
    educationLevel: (m.educationLevel as MemberInput['educationLevel']) ?? undefined,
    healthInsurance: toYesNo(m.healthInsurance),
    employment: (m.employment as MemberInput['employment']) ?? undefined,
    labourContract: toYesNo(m.labourContract),
  };
}

/** Only what changed: the audit then records exactly the correction that was made. */
function changedFields(member: Member, input: MemberInput, masked: boolean): MemberChange {
  const change: Record<string, unknown> = {};
  for (const k of FIELDS) {
    if (masked && (k === 'nationalId' || k === 'phone')) continue;
    const before = member[k as keyof Member] ?? null;
    const after = input[k as keyof MemberInput] ?? null;
    if (before !== after) change[k] = after;
  }
  return change as MemberChange;
}

export interface MemberDrawerProps {
  household: Household;
  /** The member to edit, or null to add one (the dialog is mounted afresh for each opening). */
  member: Member | null;
  open: boolean;
  onClose(): void;
  run(send: (version: number) => Promise<Household>, done: string): Promise<ChangeOutcome>;
}

export function MemberDrawer({ household, member: editing, open, onClose, run }: MemberDrawerProps) {
  const { t, pick } = useI18n();
  const [form] = Form.useForm<MemberForm>();
  const [error, setError] = useState<unknown>(null);
  const [rest, setRest] = useState<FieldError[] | undefined>(undefined);
  const [busy, setBusy] = useState(false);
  const [initialValues] = useState<Partial<MemberForm>>(() => (editing ? toForm(editing) : {}));
  const masked = household.personalDataMasked;

  const submit = async (values: MemberForm) => {
    setBusy(true);
    setError(null);
    setRest(undefined);
    const input = toInput(values);
    const reason = text(values.reason) ?? undefined;
    const householdId = household.householdId;
    let outcome: ChangeOutcome;
    // Compared with the member as the household now stands (it may have been reloaded after a 409).
    if (editing) {
      const current = household.members.find((m) => m.memberNo === editing.memberNo && !m.leftAt);
      const change = current ? changedFields(current, input, masked) : input;
      if (Object.keys(change).length === 0) {
        setBusy(false);
        onClose();
        return;
      }
      outcome = await run(
        (version) =>
          call(() =>
            api.PATCH('/api/households/{householdId}/members/{memberNo}', {
              params: { path: { householdId, memberNo: editing.memberNo } },
              body: { version, change, ...(reason ? { reason } : {}) },
            }),
          ),
        t('member.saved'),
      );
    } else {
      outcome = await run(
        (version) =>
          call(() =>
            api.POST('/api/households/{householdId}/members', {
              params: { path: { householdId } },
              body: { version, member: input, ...(reason ? { reason } : {}) },
            }),
          ),
        t('member.added'),
      );
    }
    setBusy(false);
    if (outcome.ok) return onClose();
    if (outcome.stale) return;
    if (outcome.error instanceof ApiError) {
      const { placed, rest: others } = placeFieldErrors(
        outcome.error.fields,
        [/^body\.change\./, /^body\.member\./, /^body\.members\.\d+\./, /^body\./],
        [...FIELDS, 'reason'],
      );
      form.setFields(placed.map((p) => ({ name: p.name as [Field], errors: [pick(p.message)] })));
      setRest(others);
    }
    setError(outcome.error);
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      destroyOnHidden
      size={640}
      title={editing ? t('member.editTitle', { name: editing.fullName }) : t('member.addTitle')}
      footer={
        <Flex justify="end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()} data-testid="member-save">
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      <ErrorAlert error={error} {...(rest ? { rest } : {})} />
      <Form<MemberForm>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={submit}
        disabled={busy}
        scrollToFirstError
      >
        <Form.Item
          name="fullName"
          label={t('field.fullName')}
          rules={[
            { required: true, whitespace: true, message: t('member.fullNameRequired') },
            { max: 120, message: t('member.tooLong', { n: 120 }) },
          ]}
        >
          <Input data-testid="member-fullName" autoComplete="off" />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="dateOfBirth"
              label={t('field.dateOfBirth')}
              rules={[
                {
                  validator: (_, v: Dayjs | null | undefined) =>
                    v && afterToday(v) ? Promise.reject(new Error(t('member.dobFuture'))) : Promise.resolve(),
                },
              ]}
            >
              <DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} disabledDate={afterToday} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="sex" label={t('field.sex')}>
              <Select allowClear options={SEXES.map((s) => ({ value: s, label: t(`sex.${s}`) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="relationToHead" label={t('field.relationToHead')} rules={[{ max: 60 }]}>
              <Input placeholder={t('member.relationPlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="ethnicity" label={t('field.ethnicity')} rules={[{ max: 60 }]}>
              <Input placeholder={t('member.ethnicityPlaceholder')} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="nationalId"
              label={t('field.nationalId')}
              rules={[{ pattern: /^\d{12}$/, message: t('member.nationalIdInvalid') }]}
              {...(masked ? { extra: t('member.maskedHint') } : {})}
            >
              <Input inputMode="numeric" maxLength={12} disabled={masked} data-testid="member-nationalId" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="phone"
              label={t('field.phone')}
              rules={[{ pattern: /^0\d{9,10}$/, message: t('member.phoneInvalid') }]}
            >
              <Input inputMode="tel" maxLength={11} disabled={masked} data-testid="member-phone" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="educationLevel" label={t('field.educationLevel')}>
              <Select
                allowClear
                options={EDUCATION_LEVELS.map((e) => ({ value: e, label: t(`education.${e}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="employment" label={t('field.employment')}>
              <Select
                allowClear
                options={EMPLOYMENTS.map((e) => ({ value: e, label: t(`employment.${e}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="healthInsurance" label={t('field.healthInsurance')}>
              <Select
                allowClear
                options={[
                  { value: 'yes', label: t('common.yes') },
                  { value: 'no', label: t('common.no') },
                ]}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="labourContract" label={t('field.labourContract')}>
              <Select
                allowClear
                options={[
                  { value: 'yes', label: t('common.yes') },
                  { value: 'no', label: t('common.no') },
                ]}
              />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="reason" label={t('common.reason')} rules={[{ max: 500 }]}>
          <Input.TextArea rows={2} placeholder={t('member.reasonPlaceholder')} data-testid="member-reason" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
