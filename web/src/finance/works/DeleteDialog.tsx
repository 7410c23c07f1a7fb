// Xoá một bản ghi nhập nhầm (a work or a production project): asks for the reason, which the audit keeps with
// the whole record. The server refuses a record with money spent; its message shows above the reason.
import { type ButtonProps, Form, Input, Modal, Typography } from 'antd';
import { ErrorAlert } from '../../components/ErrorAlert.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useSubmit } from '../useSubmit.ts';

export function DeleteDialog({
  title,
  name,
  remove,
  onClose,
  onDone,
}: {
  title: string;
  /** The record's name, repeated in the question so the officer sees what goes. */
  name: string;
  remove(reason: string): Promise<unknown>;
  onClose(): void;
  onDone(): void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason: string }>();
  const { busy, error, rest, submit } = useSubmit(
    form,
    ['reason'],
    (v: { reason: string }) => remove(v.reason.trim()),
    onDone,
  );
  return (
    <Modal
      open
      title={title}
      okText={t('works.deleteConfirm')}
      okType="danger"
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      okButtonProps={{ 'data-testid': 'delete-submit' } as ButtonProps}
    >
      <ErrorAlert error={error} rest={rest} />
      <Typography.Paragraph>{t('works.deleteQuestion', { name })}</Typography.Paragraph>
      <Form form={form} layout="vertical" onFinish={submit} data-testid="delete-form">
        <Form.Item
          name="reason"
          label={t('works.deleteReason')}
          rules={[{ required: true, whitespace: true, min: 5, message: t('works.deleteReasonRule') }]}
        >
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
