// Thêm / sửa thành viên on the device: the same checks as the server's (12-digit national ID, a phone of
// 10–11 digits starting with 0), so what waits in the outbox is what the server will accept.
import { Button, Drawer, Form, Input, Radio } from 'antd';
import { useEffect } from 'react';
import { DateField } from '../finance/DateField.tsx';
import { useI18n } from '../i18n/index.tsx';
import type { DeviceMember, MemberValues } from './model.ts';

type FormValues = Pick<
  MemberValues,
  'fullName' | 'sex' | 'dateOfBirth' | 'relationToHead' | 'ethnicity' | 'nationalId' | 'phone'
>;

const empty = (s: string | null | undefined) => (s && s.trim() ? s.trim() : null);

export function MemberDrawer({
  open,
  member,
  onClose,
  onSave,
}: {
  open: boolean;
  /** null: a new member. */
  member: DeviceMember | null;
  onClose(): void;
  onSave(values: Partial<MemberValues>): Promise<void>;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<FormValues>();
  useEffect(() => {
    if (open)
      form.setFieldsValue({
        fullName: member?.fullName ?? '',
        sex: member?.sex ?? null,
        dateOfBirth: member?.dateOfBirth ?? null,
        relationToHead: member?.relationToHead ?? null,
        ethnicity: member?.ethnicity ?? null,
        nationalId: member?.nationalId ?? null,
        phone: member?.phone ?? null,
      });
  }, [open, member, form]);

  const submit = async (v: FormValues) => {
    await onSave({
      fullName: v.fullName.trim().normalize('NFC'),
      sex: v.sex ?? null,
      dateOfBirth: empty(v.dateOfBirth),
      relationToHead: empty(v.relationToHead),
      ethnicity: empty(v.ethnicity),
      nationalId: empty(v.nationalId),
      phone: empty(v.phone),
    });
    onClose();
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      placement="bottom"
      size="large"
      title={member ? t('member.editTitle', { name: member.fullName }) : t('member.addTitle')}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={(v) => void submit(v)} data-testid="field-member-form">
        <Form.Item
          name="fullName"
          label={t('field.fullName')}
          rules={[{ required: true, whitespace: true, message: t('member.fullNameRequired') }, { max: 120 }]}
        >
          <Input autoComplete="off" />
        </Form.Item>
        <Form.Item name="sex" label={t('field.sex')}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'male', label: t('sex.male') },
              { value: 'female', label: t('sex.female') },
            ]}
          />
        </Form.Item>
        <Form.Item name="dateOfBirth" label={t('field.dateOfBirth')}>
          <DateField />
        </Form.Item>
        <Form.Item name="relationToHead" label={t('field.relationToHead')}>
          <Input placeholder={t('member.relationPlaceholder')} maxLength={60} />
        </Form.Item>
        <Form.Item name="ethnicity" label={t('field.ethnicity')}>
          <Input placeholder={t('member.ethnicityPlaceholder')} maxLength={60} />
        </Form.Item>
        <Form.Item
          name="nationalId"
          label={t('field.nationalId')}
          rules={[{ pattern: /^\d{12}$/, message: t('member.nationalIdInvalid') }]}
        >
          <Input inputMode="numeric" maxLength={12} />
        </Form.Item>
        <Form.Item
          name="phone"
          label={t('field.phone')}
          rules={[{ pattern: /^0\d{9,10}$/, message: t('member.phoneInvalid') }]}
        >
          <Input inputMode="tel" maxLength={11} />
        </Form.Item>
        <Button type="primary" htmlType="submit" block size="large" data-testid="field-member-save">
          {t('common.save')}
        </Button>
      </Form>
    </Drawer>
  );
}
