// The three changes to a plan line, each in its own dialog: an adjustment (signed amount, decision, date,
// reason), a payment (date, amount, decision) and carrying unspent funds into the next year.
import { type ButtonProps, Form, Input, Modal } from 'antd';
import { api, call } from '../api/client.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useI18n, type MessageKey } from '../i18n/index.tsx';
import { DateField } from './DateField.tsx';
import { amountPattern, MoneyInput } from './MoneyInput.tsx';
import type { PlanLine } from './types.ts';
import { useSubmit } from './useSubmit.ts';

export type PlanAction = 'adjust' | 'pay' | 'carry';

interface Values {
  decision: string;
  date: string;
  amountVnd?: string;
  reason?: string;
}

const TITLES: Record<PlanAction, MessageKey> = {
  adjust: 'finance.adjust',
  pay: 'finance.pay',
  carry: 'finance.carry',
};

export function PlanActionDialog({
  action,
  lineId,
  onClose,
  onDone,
}: {
  action: PlanAction;
  lineId: string;
  onClose(): void;
  onDone(line: PlanLine): void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<Values>();
  const send = (v: Values) => {
    if (action === 'adjust')
      return call(() =>
        api.POST('/api/finance/plans/{id}/adjustments', {
          params: { path: { id: lineId } },
          body: {
            decision: v.decision.trim(),
            decisionDate: v.date,
            amountVnd: v.amountVnd!,
            reason: v.reason?.trim() || null,
          },
        }),
      );
    if (action === 'pay')
      return call(() =>
        api.POST('/api/finance/payments', {
          body: { planLineId: lineId, date: v.date, amountVnd: v.amountVnd!, decision: v.decision.trim() },
        }),
      );
    return call(() =>
      api.POST('/api/finance/plans/{id}/carry-over', {
        params: { path: { id: lineId } },
        body: {
          decision: v.decision.trim(),
          decisionDate: v.date,
          ...(v.amountVnd ? { amountVnd: v.amountVnd } : {}),
        },
      }),
    );
  };
  const { busy, error, rest, submit } = useSubmit(
    form,
    ['decision', 'date', 'amountVnd', 'reason'],
    send,
    onDone,
    { 'body.decisionDate': 'body.date' },
  );
  const required = { required: true, message: t('finance.required') };
  const signed = action === 'adjust';

  return (
    <Modal
      open
      title={t(TITLES[action])}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'action-submit' } as ButtonProps}
    >
      <ErrorAlert error={error} rest={rest} />
      <Form<Values> form={form} layout="vertical" onFinish={submit} data-testid={`${action}-form`}>
        <Form.Item
          name="amountVnd"
          label={t(action === 'adjust' ? 'finance.adjustAmount' : 'finance.amount')}
          extra={
            action === 'adjust'
              ? t('finance.adjustAmountHint')
              : action === 'carry'
                ? t('finance.carryAmountHint')
                : undefined
          }
          rules={[
            ...(action === 'carry' ? [] : [required]),
            { pattern: amountPattern(signed), message: t('finance.amountInvalid') },
          ]}
        >
          <MoneyInput signed={signed} data-testid={`${action}-amount`} />
        </Form.Item>
        <Form.Item
          name="date"
          label={t(action === 'pay' ? 'finance.paymentDate' : 'finance.decisionDate')}
          rules={[required]}
        >
          <DateField data-testid={`${action}-date`} />
        </Form.Item>
        <Form.Item name="decision" label={t('finance.decision')} rules={[{ ...required, whitespace: true }]}>
          <Input placeholder={t('finance.decisionHint')} maxLength={300} />
        </Form.Item>
        {action === 'adjust' && (
          <Form.Item name="reason" label={t('finance.reason')}>
            <Input.TextArea rows={2} maxLength={500} />
          </Form.Item>
        )}
      </Form>
    </Modal>
  );
}
