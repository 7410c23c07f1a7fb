// Chuyển giao chủ đầu tư: a work handed to a new investor (after the 2025 reform, a former district's board
// to a commune), with the date and the legal basis; the original investor is kept.
import { type ButtonProps, Form, Input, Modal } from 'antd';
import { api, call } from '../../api/client.ts';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { DateField } from '../DateField.tsx';
import { useSubmit } from '../useSubmit.ts';
import type { WorkDetail } from './types.ts';

interface Values {
  date: string;
  investor: string;
  investorUnitCode?: string;
  legalBasis: string;
}

export function HandoverDialog({
  work,
  onClose,
  onDone,
}: {
  work: WorkDetail;
  onClose(): void;
  onDone(): void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const { busy, error, rest, submit } = useSubmit(
    form,
    ['date', 'investor', 'investorUnitCode', 'legalBasis'],
    (v: Values) =>
      call(() =>
        api.POST('/api/works/{id}/handover', {
          params: { path: { id: work.id } },
          body: {
            version: work.version,
            date: v.date,
            investor: v.investor.trim(),
            investorUnitCode: v.investorUnitCode || null,
            legalBasis: v.legalBasis.trim(),
          },
        }),
      ),
    onDone,
  );
  const required = { required: true, message: t('finance.required') };
  return (
    <Modal
      open
      title={t('works.handover')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'handover-submit' } as ButtonProps}
    >
      <ErrorAlert error={error} rest={rest} />
      <Form<Values> form={form} layout="vertical" onFinish={submit} data-testid="handover-form">
        <Form.Item name="investor" label={t('works.newInvestor')} rules={[{ ...required, whitespace: true }]}>
          <Input maxLength={300} placeholder={t('works.investorHint')} />
        </Form.Item>
        <Form.Item
          name="investorUnitCode"
          label={t('works.investorUnit')}
          rules={[{ pattern: /^\d{2,5}$/, message: t('works.unitCodeInvalid') }]}
        >
          <Input inputMode="numeric" maxLength={5} />
        </Form.Item>
        <Form.Item name="date" label={t('works.handoverDate')} rules={[required]}>
          <DateField />
        </Form.Item>
        <Form.Item
          name="legalBasis"
          label={t('works.legalBasis')}
          rules={[{ ...required, whitespace: true }]}
        >
          <Input maxLength={500} placeholder={t('finance.decisionHint')} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
