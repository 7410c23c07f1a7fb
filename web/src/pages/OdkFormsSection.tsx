// ODK Collect / KoBoCollect on the import screen (issue #13, part 5): download Phiếu A or B of a standard as an
// XLSForm to load into ODK Central or KoBoToolbox, and upload their submission export into a round of the
// commune. The server writes all or nothing: a bad row is listed with its row and column, and nothing is kept.
import {
  Alert,
  Button,
  Card,
  Flex,
  Form,
  Input,
  Radio,
  Select,
  Statistic,
  Table,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { api, call } from '../api/client.ts';
import { ApiError, type FieldError } from '../api/errors.ts';
import type { RoundSummary, Schemas } from '../api/types.ts';
import { useMe } from '../auth.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useI18n } from '../i18n/index.tsx';
import { loadStandards, scopeCommunes } from '../lib/reference.ts';
import { useAsync } from '../lib/useAsync.ts';
import { roundTitle } from '../review/labels.tsx';

type FormKind = Schemas['OdkSubmissionsImported']['form'];

interface RowError {
  key: string;
  row: number;
  column: string;
  field: FieldError;
}

/** A row error of the upload: its path is row<N>.<column as headed in the file>. */
function rowOf(f: FieldError, i: number): RowError | null {
  const m = /^row(\d+)(?:\.(.+))?$/.exec(f.path);
  return m ? { key: `${i}`, row: Number(m[1]), column: m[2] ?? '', field: f } : null;
}

export function OdkFormsSection() {
  const i18n = useI18n();
  const { t, pick, number } = i18n;
  const me = useMe();
  const standards = useAsync(() => loadStandards(), []);
  const [standard, setStandard] = useState<string | null>(null);
  const [form, setForm] = useState<FormKind>('B');
  // By default the standard of this year's review (the server says which), not the first or last listed.
  const chosenStandard =
    standard ??
    standards.data?.find((s) => s.inForce)?.id ??
    standards.data?.[standards.data.length - 1]?.id ??
    null;

  // Users who see everything type the commune's code; the others pick among the communes they may write in.
  const typeCommune = me.scopes.all;
  const communes = useAsync(() => (typeCommune ? Promise.resolve([]) : scopeCommunes(me, 'write')), [me]);
  const [picked, setPicked] = useState<string | null>(null);
  const communeCode = picked ?? (communes.data?.length === 1 ? communes.data[0]!.code : null);
  const rounds = useAsync(
    () =>
      communeCode && /^\d{5}$/.test(communeCode)
        ? call(() => api.GET('/api/rounds', { params: { query: { communeCode } } }))
        : Promise.resolve([] as RoundSummary[]),
    [communeCode],
  );
  const [roundId, setRoundId] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<Schemas['OdkSubmissionsImported'] | null>(null);

  const fields = error instanceof ApiError ? error.fields : [];
  const rows = fields.map(rowOf).filter((r): r is RowError => r !== null);
  const rest = fields.filter((f, i) => rowOf(f, i) === null);
  const openRounds = (rounds.data ?? []).filter((r) => r.status === 'open');

  const send = async (file: File) => {
    if (!roundId) return;
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      const imported = await call(() =>
        api.POST('/api/rounds/{roundId}/odk-submissions', {
          params: { path: { roundId } },
          // The form's `file` is documented as a binary string; the File itself goes into the FormData.
          body: { file: file.name },
          bodySerializer: () => {
            const data = new FormData();
            data.append('file', file, file.name);
            return data;
          },
        }),
      );
      setDone(imported);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card style={{ marginTop: 16 }} data-testid="odk-forms">
      <Typography.Title level={3}>{t('forms.title')}</Typography.Title>
      <Typography.Paragraph>{t('forms.hint')}</Typography.Paragraph>

      <Typography.Title level={5}>{t('forms.downloadTitle')}</Typography.Title>
      <Flex gap={12} wrap align="end" style={{ marginBottom: 24 }}>
        <Form.Item label={t('forms.standard')} layout="vertical" style={{ marginBottom: 0 }}>
          <Select
            style={{ minWidth: 280 }}
            loading={standards.loading}
            value={chosenStandard}
            onChange={setStandard}
            options={(standards.data ?? []).map((s) => ({ value: s.id, label: pick(s.name) }))}
            data-testid="odk-standard"
          />
        </Form.Item>
        <Form.Item label={t('forms.form')} layout="vertical" style={{ marginBottom: 0 }}>
          <Radio.Group
            value={form}
            onChange={(e) => setForm(e.target.value as FormKind)}
            optionType="button"
            options={[
              { value: 'A', label: t('forms.formA') },
              { value: 'B', label: t('forms.formB') },
            ]}
          />
        </Form.Item>
        <Button
          size="large"
          disabled={!chosenStandard}
          href={
            chosenStandard
              ? `/api/forms/xlsform?${new URLSearchParams({ standard: chosenStandard, form }).toString()}`
              : undefined
          }
          data-testid="odk-download"
        >
          {t('forms.download')}
        </Button>
      </Flex>

      <Typography.Title level={5}>{t('forms.uploadTitle')}</Typography.Title>
      <Flex gap={12} wrap align="end" style={{ marginBottom: 16 }}>
        <Form.Item label={t('forms.commune')} layout="vertical" style={{ marginBottom: 0 }}>
          {typeCommune ? (
            <Input
              style={{ width: 160 }}
              maxLength={5}
              inputMode="numeric"
              placeholder={t('forms.communeCode')}
              value={picked ?? ''}
              onChange={(e) => {
                setPicked(e.target.value.trim() || null);
                setRoundId(null);
              }}
            />
          ) : (
            <Select
              style={{ minWidth: 240 }}
              loading={communes.loading}
              value={communeCode}
              onChange={(v: string) => {
                setPicked(v);
                setRoundId(null);
              }}
              options={(communes.data ?? []).map((c) => ({ value: c.code, label: c.name }))}
            />
          )}
        </Form.Item>
        <Form.Item label={t('forms.round')} layout="vertical" style={{ marginBottom: 0 }}>
          <Select
            style={{ minWidth: 280 }}
            loading={rounds.loading}
            value={roundId}
            onChange={setRoundId}
            placeholder={openRounds.length === 0 ? t('forms.noOpenRound') : undefined}
            options={openRounds.map((r) => ({ value: r.id, label: roundTitle(r, i18n) }))}
            data-testid="odk-round"
          />
        </Form.Item>
        <Upload
          accept=".csv,.xlsx"
          showUploadList={false}
          disabled={!roundId || busy}
          beforeUpload={(file) => {
            void send(file);
            return false;
          }}
        >
          <Button size="large" type="primary" disabled={!roundId} loading={busy} data-testid="odk-upload">
            {t('forms.upload')}
          </Button>
        </Upload>
      </Flex>

      {done && (
        <Flex gap={32} wrap data-testid="odk-done">
          <Statistic title={t('forms.imported', { form: done.form })} value={number(done.imported)} />
          {done.form === 'B' ? (
            <>
              <Statistic title={t('forms.poor')} value={number(done.classes.poor)} />
              <Statistic title={t('forms.nearPoor')} value={number(done.classes.near_poor)} />
              <Statistic
                title={t('forms.otherClasses')}
                value={number(done.classes.middle + done.classes.not_poor)}
              />
            </>
          ) : (
            <>
              <Statistic title={t('forms.passed')} value={number(done.screened.passed)} />
              <Statistic title={t('forms.excluded')} value={number(done.screened.excluded)} />
            </>
          )}
          <Statistic title={t('forms.skipped')} value={number(done.skipped + done.alreadyImported)} />
        </Flex>
      )}
      {error ? (
        <>
          <ErrorAlert error={error} rest={rest} />
          {rows.length > 0 && (
            <>
              <Alert
                type="warning"
                showIcon
                title={t('import.nothingWritten')}
                style={{ marginBottom: 12 }}
              />
              <Table
                size="small"
                rowKey="key"
                dataSource={rows}
                pagination={{ pageSize: 20 }}
                data-testid="odk-errors"
                columns={[
                  { title: t('import.row'), dataIndex: 'row', width: 80 },
                  { title: t('import.column'), dataIndex: 'column' },
                  { title: t('import.message'), render: (_v, r) => pick(r.field.message) },
                ]}
              />
            </>
          )}
        </>
      ) : null}
    </Card>
  );
}
