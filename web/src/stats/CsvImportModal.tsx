// Importing published figures or targets from a CSV file (the columns of the command line's import): the file
// is read in the browser and sent whole; the server checks every row and imports all of them or none, and
// the row errors are listed here.
import { UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Modal, Radio, Typography, Upload } from 'antd';
import { useState } from 'react';
import { api, call } from '../api/client.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useI18n } from '../i18n/index.tsx';

export type CsvKind = 'figures' | 'targets';

const COLUMNS: Record<CsvKind, string> = {
  figures:
    'unit,year,standard,group,total_households,poor_households,near_poor_households,poor_rate,near_poor_rate,source',
  targets: 'unit,group,year_from,year_to,indicator,kind,lower,upper,source',
};

export function CsvImportModal({ onClose, onImported }: { onClose(): void; onImported(): void }) {
  const { t } = useI18n();
  const [kind, setKind] = useState<CsvKind>('figures');
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);

  const send = async () => {
    if (!file) return;
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const body = { csv: file.text };
      const res =
        kind === 'figures'
          ? await call(() => api.POST('/api/figures/import', { body }))
          : await call(() => api.POST('/api/targets/import', { body }));
      setDone(res.imported);
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
      title={t('stats.csv.title')}
      onCancel={onClose}
      footer={[
        <Button key="close" onClick={onClose}>
          {t('stats.csv.close')}
        </Button>,
        <Button
          key="send"
          type="primary"
          disabled={!file}
          loading={busy}
          onClick={() => void send()}
          data-testid="csv-send"
        >
          {t('stats.csv.send')}
        </Button>,
      ]}
    >
      <Radio.Group
        optionType="button"
        buttonStyle="solid"
        value={kind}
        onChange={(e) => {
          setKind(e.target.value as CsvKind);
          setError(null);
          setDone(null);
        }}
        options={[
          { value: 'figures', label: t('stats.csv.figures') },
          { value: 'targets', label: t('stats.csv.targets') },
        ]}
        style={{ marginBottom: 12 }}
      />
      <Typography.Paragraph>{t('stats.csv.columns')}</Typography.Paragraph>
      <Typography.Paragraph code copyable style={{ wordBreak: 'break-all' }}>
        {COLUMNS[kind]}
      </Typography.Paragraph>
      <Typography.Paragraph type="secondary">{t(`stats.csv.hint.${kind}`)}</Typography.Paragraph>
      <Upload
        accept=".csv,text/csv"
        maxCount={1}
        showUploadList={false}
        beforeUpload={(f) => {
          void f.text().then((text) => {
            setFile({ name: f.name, text });
            setError(null);
            setDone(null);
          });
          return false;
        }}
      >
        <Button icon={<UploadOutlined />} data-testid="csv-file">
          {file ? file.name : t('stats.csv.choose')}
        </Button>
      </Upload>
      <div style={{ marginTop: 12 }}>
        <ErrorAlert error={error} />
        {done !== null && (
          <Alert type="success" showIcon data-testid="csv-done" title={t('stats.csv.done', { n: done })} />
        )}
      </div>
    </Modal>
  );
}
