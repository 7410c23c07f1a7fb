// Tài liệu của đợt rà soát: the posting list (per village or the whole commune) at any time; after
// recognition the certificates, the recognised lists and the lists for other agencies (BHYT, học phí,
// NHCSXH — personal data, only for roles that may read it, with the purpose kept in the audit).
// Each document is made by a background job on the server (a commune's certificates run to thousands of
// pages): the card starts it, follows its progress, then offers the file (kept 24 hours, for its starter
// only). The job's id is kept in the address (?export=…), so a reload — after a restart of the server too —
// shows the job as the server recorded it (one a restart interrupted is failed, with the reason).
import { DownloadOutlined, FileExcelOutlined, FilePdfOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Flex,
  Form,
  Input,
  Modal,
  Progress,
  Select,
  Typography,
  type ButtonProps,
} from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, call } from '../api/client.ts';
import type { paths } from '../api/schema.d.ts';
import { allOf, type Round, type Schemas } from '../api/types.ts';
import { useMe } from '../auth.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useI18n } from '../i18n/index.tsx';
import { usePolling } from '../lib/usePolling.ts';
import { isVillageScoped } from '../lib/reference.ts';

type AgencyList = Schemas['AgencyListKind'];
const AGENCY_LISTS = allOf<AgencyList>()(['health-insurance', 'tuition', 'social-policy-bank']);
type PdfDocument = 'certificates' | 'posting-list' | 'recognised-list';
type ExportJob = paths['/api/exports/{jobId}']['get']['responses'][200]['content']['application/json'];
type ExportRequest = NonNullable<
  paths['/api/rounds/{roundId}/exports']['post']['requestBody']
>['content']['application/json'];
const EXPORT_PARAM = 'export';

/** Starts an export of the round's document; resolves with the job's id (refusals thrown as the API gives them). */
async function startExport(roundId: string, body: ExportRequest): Promise<string> {
  const { jobId } = await call(() =>
    api.POST('/api/rounds/{roundId}/exports', { params: { path: { roundId } }, body }),
  );
  return jobId;
}

export function RoundDocuments({ round }: { round: Round }) {
  const { t } = useI18n();
  const me = useMe();
  const [villageId, setVillageId] = useState('');
  const [agency, setAgency] = useState<{ kind: AgencyList; seq: number } | null>(null);
  const [params, setParams] = useSearchParams();
  const jobId = params.get(EXPORT_PARAM);
  const [starting, setStarting] = useState<PdfDocument | null>(null);
  const [error, setError] = useState<unknown>(null);
  const recognised = round.status !== 'open' && !!round.decisionNumber;
  /** Shows a job (its id kept in the address), or none. */
  const showJob = (id: string | null) =>
    setParams(
      (p) => {
        const next = new URLSearchParams(p);
        if (id) next.set(EXPORT_PARAM, id);
        else next.delete(EXPORT_PARAM);
        return next;
      },
      { replace: true },
    );
  const start = async (doc: PdfDocument) => {
    setError(null);
    setStarting(doc);
    try {
      showJob(await startExport(round.id, { document: doc, ...(villageId ? { villageId } : {}) }));
    } catch (e) {
      setError(e);
    } finally {
      setStarting(null);
    }
  };
  const link = (doc: PdfDocument) => (
    <Button
      icon={<FilePdfOutlined />}
      loading={starting === doc}
      onClick={() => void start(doc)}
      data-testid={`document-${doc}`}
    >
      {t(`round.documents.${doc}`)}
    </Button>
  );

  return (
    <Card
      title={t('round.documents')}
      size="small"
      style={{ marginBottom: 16 }}
      data-testid="round-documents"
    >
      <Flex vertical gap={12}>
        <Flex gap={8} align="center" wrap>
          <Typography.Text>{t('field.village')}:</Typography.Text>
          <Select
            value={villageId}
            onChange={setVillageId}
            style={{ minWidth: 220 }}
            data-testid="documents-village"
            options={[
              {
                value: '',
                label: isVillageScoped(me)
                  ? t('round.documents.ownVillages')
                  : t('round.documents.wholeCommune'),
              },
              ...round.villages.map((v) => ({ value: v.villageId, label: v.villageName })),
            ]}
          />
        </Flex>
        <Flex gap={8} wrap>
          {link('posting-list')}
          {recognised && link('certificates')}
          {recognised && link('recognised-list')}
        </Flex>
        {recognised && me.permissions.personalData && (
          <div>
            <Typography.Text type="secondary" style={{ display: 'block', marginBottom: 8 }}>
              {t('round.documents.agencyHint')}
            </Typography.Text>
            <Flex gap={8} wrap>
              {AGENCY_LISTS.map((kind) => (
                <Button
                  key={kind}
                  icon={<FileExcelOutlined />}
                  onClick={() => setAgency((a) => ({ kind, seq: (a?.seq ?? 0) + 1 }))}
                  data-testid={`agency-${kind}`}
                >
                  {t(`round.documents.agency.${kind}`)}
                </Button>
              ))}
            </Flex>
          </div>
        )}
        {!recognised && (
          <Typography.Text type="secondary" data-testid="documents-after-recognition">
            {t('round.documents.afterRecognition')}
          </Typography.Text>
        )}
        <Typography.Text type="secondary">{t('export.hint')}</Typography.Text>
        <ErrorAlert error={error} />
        {jobId && <ExportProgress key={jobId} jobId={jobId} onClose={() => showJob(null)} />}
      </Flex>
      {agency && (
        <AgencyListModal
          key={agency.seq}
          roundId={round.id}
          kind={agency.kind}
          villageId={villageId}
          onStarted={(id) => {
            setAgency(null);
            showJob(id);
          }}
          onClose={() => setAgency(null)}
        />
      )}
    </Card>
  );
}

function AgencyListModal({
  roundId,
  kind,
  villageId,
  onStarted,
  onClose,
}: {
  roundId: string;
  kind: AgencyList;
  villageId: string;
  onStarted(jobId: string): void;
  onClose(): void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ purpose: string }>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);

  const submit = async ({ purpose }: { purpose: string }) => {
    setBusy(true);
    setError(null);
    try {
      onStarted(
        await startExport(roundId, {
          document: 'agency-list',
          list: kind,
          purpose: purpose.trim(),
          ...(villageId ? { villageId } : {}),
        }),
      );
    } catch (e) {
      setError(e);
      setBusy(false);
    }
  };

  return (
    <Modal
      open
      title={t(`round.documents.agency.${kind}`)}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('export.create')}
      okButtonProps={{ 'data-testid': 'agency-submit' } as ButtonProps}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
    >
      <Typography.Paragraph type="secondary">{t('round.documents.agencyNote')}</Typography.Paragraph>
      <ErrorAlert error={error} />
      <Form form={form} name="agency" layout="vertical" onFinish={(v) => void submit(v)}>
        <Form.Item
          name="purpose"
          label={t('round.documents.purpose')}
          rules={[
            { required: true, whitespace: true, message: t('round.documents.purposeRequired') },
            {
              validator: async (_, v?: string) => {
                if (v?.trim() && v.trim().length < 5) throw new Error(t('round.documents.purposeShort'));
              },
            },
          ]}
        >
          <Input.TextArea rows={2} maxLength={500} data-testid="agency-purpose" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** The size of a file as people read it: 850 KB, 12,4 MB (vi) or 12.4 MB (en). */
function fileSize(bytes: number, number: (v: number) => string): string {
  if (bytes < 1024 * 1024) return `${number(Math.max(1, Math.round(bytes / 1024)))} KB`;
  return `${number(Math.round((bytes / (1024 * 1024)) * 10) / 10)} MB`;
}

/**
 * An export job as the server records it: its progress while it runs (asked every second), then the file to
 * download with its size and expiry, or why it failed. While the server cannot be reached it keeps asking.
 */
function ExportProgress({ jobId, onClose }: { jobId: string; onClose(): void }) {
  const { t, pick, number, dateTime } = useI18n();
  const [job, setJob] = useState<ExportJob | null>(null);
  // Whether the file's time was up when the job was last read (the server answers 404 for it then).
  const [expired, setExpired] = useState(false);

  const { error, reconnecting } = usePolling(
    () => call(() => api.GET('/api/exports/{jobId}', { params: { path: { jobId } } })),
    (j) => {
      setJob(j);
      setExpired(!!j.result && Date.parse(j.result.expiresAt) <= Date.now());
      return j.status === 'queued' || j.status === 'running' ? 1000 : null;
    },
    [jobId],
  );

  const title = job
    ? job.document === 'agency-list' && job.list
      ? t(`round.documents.agency.${job.list}`)
      : job.document === 'agency-list'
        ? ''
        : t(`round.documents.${job.document}`)
    : '';
  const { done, total } = job?.progress ?? { done: 0, total: null };
  const finished = job?.status === 'succeeded' || job?.status === 'failed';
  const phase =
    job?.status === 'running' && job.progress.phase === 'rendering' && total !== null
      ? t('export.phase.rendering', { total: number(total) })
      : job?.status === 'running'
        ? t('export.phase.reading')
        : null;

  return (
    <Card
      size="small"
      type="inner"
      data-testid="export-job"
      title={title}
      extra={
        <Button size="small" type="text" onClick={onClose} data-testid="export-close">
          {t('export.close')}
        </Button>
      }
    >
      <ErrorAlert error={error} />
      {reconnecting && (
        <Alert type="warning" showIcon message={t('recompute.reconnecting')} style={{ marginBottom: 8 }} />
      )}
      {job && (
        <Flex vertical gap={8}>
          <Typography.Text strong data-testid="export-status">
            {t(`export.status.${job.status}`)}
            {job.purpose ? ` — ${t('round.documents.purpose')}: ${job.purpose}` : ''}
          </Typography.Text>
          {!finished && (
            <Progress
              percent={total ? Math.min(99, Math.round((done / total) * 100)) : 0}
              status="active"
              format={() =>
                total === null ? '…' : t('export.households', { done: number(done), total: number(total) })
              }
            />
          )}
          {phase && <Typography.Text type="secondary">{phase}</Typography.Text>}
          {job.status === 'succeeded' && job.result && !expired && (
            <Flex gap={8} align="center" wrap>
              <a href={`/api/exports/${job.jobId}/file`} download data-testid="export-download">
                <Button
                  type="primary"
                  tabIndex={-1}
                  icon={job.result.format === 'xlsx' ? <FileExcelOutlined /> : <DownloadOutlined />}
                >
                  {t('export.download')}
                </Button>
              </a>
              <Typography.Text type="secondary" data-testid="export-ready">
                {job.result.filename} —{' '}
                {t('export.ready', {
                  households: number(job.result.households),
                  size: fileSize(job.result.bytes, number),
                  expires: dateTime(job.result.expiresAt),
                })}
              </Typography.Text>
            </Flex>
          )}
          {job.status === 'succeeded' && expired && (
            <Typography.Text type="secondary">{t('export.expired')}</Typography.Text>
          )}
          {job.status === 'failed' && (
            <Typography.Text type="danger" data-testid="export-failure">
              {job.failure ? pick(job.failure) : job.errors.map((e) => pick(e)).join('; ')}{' '}
              {t('export.runAgain')}
            </Typography.Text>
          )}
        </Flex>
      )}
    </Card>
  );
}
