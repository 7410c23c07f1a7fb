// Nhập danh sách đầu kỳ: the chairman's decision (number, date) and the file of the commune's last recognised
// list before the system (.xlsx or CSV), sent as a multipart form; shows the opening round's counts, or the
// errors by row (nothing is written when a row is wrong). The opening round is a recognised list, not a
// round anyone works on: the server lists it with no other round and has no page for it.
import { UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  DatePicker,
  Form,
  Input,
  Modal,
  Table,
  Typography,
  Upload,
  type ButtonProps,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { api, call } from '../api/client.ts';
import { ApiError, type FieldError } from '../api/errors.ts';
import type { Schemas } from '../api/types.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useI18n } from '../i18n/index.tsx';
import { iso } from './RoundDialogs.tsx';

interface Values {
  decisionNumber: string;
  decisionDate: Dayjs;
}

interface RowError {
  key: string;
  row: number;
  column: string;
  field: FieldError;
}

/** The server names a row's error `row<N>.<column>` (or `row<N>` for the whole row). */
function rowOf(f: FieldError, i: number): RowError | null {
  const m = /^row(\d+)(?:\.(.+))?$/.exec(f.path);
  return m ? { key: `${i}`, row: Number(m[1]), column: m[2] ?? '', field: f } : null;
}

export function OpeningListModal({
  communeCode,
  communeName,
  onClose,
  onImported,
}: {
  communeCode: string;
  communeName: string;
  onClose(): void;
  onImported(): void;
}) {
  const { t, pick, date } = useI18n();
  const [form] = Form.useForm<Values>();
  const [file, setFile] = useState<File | null>(null);
  const [fileMissing, setFileMissing] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<Schemas['OpeningListImported'] | null>(null);

  const fields = error instanceof ApiError ? error.fields : [];
  const rows = fields.map(rowOf).filter((r): r is RowError => r !== null);
  const rest = fields.filter((f, i) => rowOf(f, i) === null);

  const submit = async (v: Values) => {
    if (!file) {
      setFileMissing(true);
      return;
    }
    setBusy(true);
    setError(null);
    const decisionDate = iso(v.decisionDate);
    try {
      const imported = await call(() =>
        api.POST('/api/communes/{communeCode}/opening-list', {
          params: { path: { communeCode } },
          // The form's `file` is documented as a binary string; the File itself goes into the FormData.
          body: { decisionNumber: v.decisionNumber.trim(), decisionDate, file: file.name },
          bodySerializer: (b) => {
            const data = new FormData();
            data.append('decisionNumber', b.decisionNumber);
            data.append('decisionDate', b.decisionDate);
            data.append('file', file, file.name);
            return data;
          },
        }),
      );
      setDone(imported);
      onImported();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      width={720}
      title={t('rounds.openingTitle', { commune: communeName })}
      onCancel={onClose}
      footer={
        done
          ? [
              <Button key="close" type="primary" onClick={onClose} data-testid="opening-close">
                {t('common.close')}
              </Button>,
            ]
          : [
              <Button key="cancel" onClick={onClose}>
                {t('common.cancel')}
              </Button>,
              <Button
                key="ok"
                type="primary"
                loading={busy}
                onClick={() => form.submit()}
                {...({ 'data-testid': 'opening-submit' } as ButtonProps)}
              >
                {t('rounds.openingSubmit')}
              </Button>,
            ]
      }
    >
      <Typography.Paragraph>{t('rounds.openingWhat')}</Typography.Paragraph>
      {done ? (
        <Alert
          type="success"
          showIcon
          data-testid="opening-done"
          title={t('rounds.openingDone', {
            number: done.decisionNumber,
            date: date(done.decisionDate),
            poor: done.poor,
            nearPoor: done.nearPoor,
          })}
        />
      ) : (
        <>
          <Typography.Paragraph type="secondary">{t('rounds.openingColumns')}</Typography.Paragraph>
          <ErrorAlert error={error} rest={rest} />
          {rows.length > 0 && (
            <Table<RowError>
              size="small"
              rowKey="key"
              pagination={rows.length > 10 ? { pageSize: 10 } : false}
              dataSource={rows}
              data-testid="opening-errors"
              style={{ marginBottom: 16 }}
              columns={[
                { title: t('rounds.openingErrors.row'), dataIndex: 'row', width: 70 },
                { title: t('rounds.openingErrors.column'), dataIndex: 'column', width: 140 },
                {
                  title: t('rounds.openingErrors.message'),
                  render: (_: unknown, r) => pick(r.field.message),
                },
              ]}
            />
          )}
          <Form<Values> form={form} name="opening" layout="vertical" onFinish={(v) => void submit(v)}>
            <Form.Item
              name="decisionNumber"
              label={t('rounds.openingDecisionNumber')}
              rules={[{ required: true, whitespace: true }]}
            >
              <Input maxLength={100} placeholder="12/QĐ-UBND" />
            </Form.Item>
            <Form.Item
              name="decisionDate"
              label={t('rounds.openingDecisionDate')}
              rules={[{ required: true }]}
            >
              <DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} />
            </Form.Item>
            <Form.Item
              label={t('rounds.openingFile')}
              required
              {...(fileMissing && !file
                ? { validateStatus: 'error' as const, help: t('rounds.openingFileRequired') }
                : {})}
            >
              <Upload
                accept=".xlsx,.csv,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                maxCount={1}
                showUploadList={false}
                beforeUpload={(f) => {
                  setFile(f);
                  setError(null);
                  return false;
                }}
              >
                <Button icon={<UploadOutlined />} data-testid="opening-file">
                  {file ? file.name : t('rounds.openingChoose')}
                </Button>
              </Upload>
            </Form.Item>
          </Form>
        </>
      )}
    </Modal>
  );
}
