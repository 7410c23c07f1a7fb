// Nhập từ tệp: upload an xlsx or CSV of households, members and Phiếu B; follow the job's progress; read
// the counts, or the errors (row, column, message) with the report to download. Nothing is written when a
// row fails, so the officer fixes the file and sends it again. The job's id is kept in the address
// (?job=…), so the page reloaded — after a restart of the server too — shows the job as the server recorded
// it: a job a restart interrupted is failed, with the reason. While the server cannot be reached (503, no
// answer) the page keeps asking. Below, the latest imports (ImportRecentList), each a link to its result.
import { Alert, Button, Card, Flex, Progress, Statistic, Table, Typography, Upload } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { api, call, upload } from '../api/client.ts';
import type { paths } from '../api/schema.d.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useI18n } from '../i18n/index.tsx';
import { usePolling } from '../lib/usePolling.ts';
import { ImportRecentList } from './ImportRecentList.tsx';
import { OdkFormsSection } from './OdkFormsSection.tsx';

type Job = paths['/api/imports/{jobId}']['get']['responses'][200]['content']['application/json'];

export function ImportPage() {
  const { t, pick, number } = useI18n();
  const [params, setParams] = useSearchParams();
  const jobId = params.get('job');
  const setJobId = (id: string) => setParams({ job: id }, { replace: true });
  const [job, setJob] = useState<Job | null>(null);
  const [error, setError] = useState<unknown>(null);

  const polling = usePolling(
    () => call(() => api.GET('/api/imports/{jobId}', { params: { path: { jobId: jobId! } } })),
    (j) => {
      setJob(j);
      return j.status === 'queued' || j.status === 'running' ? 500 : null;
    },
    [jobId],
    jobId !== null,
  );
  const reconnecting = polling.reconnecting;

  const done = job?.progress.done ?? 0;
  const total = job?.progress.total ?? job?.progress.bytesTotal ?? null;
  const percent =
    job?.status === 'succeeded' || job?.status === 'failed'
      ? 100
      : total
        ? Math.min(99, Math.round((done / total) * 100))
        : 0;
  const counts = job?.result?.counts;

  return (
    <>
      <Card data-testid="import-households-card">
        <Typography.Title level={3}>{t('import.title')}</Typography.Title>
        <Typography.Paragraph>{t('import.hint')}</Typography.Paragraph>
        <Flex gap={12} wrap style={{ marginBottom: 16 }}>
          <Button size="large" href="/api/imports/template.xlsx" data-testid="import-template">
            {t('import.template')}
          </Button>
          <Upload
            accept=".xlsx,.csv"
            showUploadList={false}
            beforeUpload={(file) => {
              setError(null);
              setJob(null);
              upload('/api/imports', { filename: file.name }, file).then((r) => setJobId(r.jobId), setError);
              return false;
            }}
          >
            <Button size="large" type="primary" data-testid="import-upload">
              {t('import.choose')}
            </Button>
          </Upload>
        </Flex>
        {(error ?? polling.error) ? <ErrorAlert error={error ?? polling.error} /> : null}
        {reconnecting && (
          <Alert
            type="warning"
            showIcon
            message={t('import.reconnecting')}
            data-testid="import-reconnecting"
          />
        )}
        {job && (
          <>
            <Typography.Text strong>{job.filename}</Typography.Text>
            <Progress
              percent={percent}
              status={
                job.status === 'failed' ? 'exception' : job.status === 'succeeded' ? 'success' : 'active'
              }
              data-testid="import-progress"
            />
            {job.status === 'succeeded' && counts && (
              <Flex gap={32} wrap data-testid="import-done">
                <Statistic
                  title={t('import.households')}
                  value={`${number(counts.households.created)} + ${number(counts.households.updated)}`}
                  suffix={t('import.createdUpdated')}
                />
                <Statistic
                  title={t('import.members')}
                  value={`${number(counts.members.created)} + ${number(counts.members.updated)}`}
                  suffix={t('import.createdUpdated')}
                />
                <Statistic title={t('import.assessments')} value={number(counts.assessments.recorded)} />
              </Flex>
            )}
            {job.status === 'failed' && (
              <>
                <Alert
                  type="error"
                  showIcon
                  data-testid="import-failed"
                  message={
                    job.failure ? pick(job.failure) : t('import.failed', { n: number(job.errorCount) })
                  }
                  // A failure other than the file's errors (a restart, a crash) may come midway: send it again.
                  description={job.failure ? t('import.runAgain') : t('import.nothingWritten')}
                  style={{ margin: '12px 0' }}
                />
                {job.errorCount > 0 && (
                  <>
                    <Button
                      href={`/api/imports/${job.jobId}/errors.xlsx`}
                      style={{ marginBottom: 12 }}
                      data-testid="import-errors-xlsx"
                    >
                      {t('import.errorReport')}
                    </Button>
                    <Table
                      size="small"
                      rowKey={(_r, i) => String(i)}
                      dataSource={job.errors}
                      pagination={{ pageSize: 20 }}
                      columns={[
                        { title: t('import.sheet'), dataIndex: 'sheet' },
                        { title: t('import.row'), dataIndex: 'row', width: 80 },
                        { title: t('import.column'), dataIndex: 'column' },
                        { title: t('import.message'), render: (_v, r) => pick(r.message) },
                      ]}
                    />
                  </>
                )}
              </>
            )}
          </>
        )}
      </Card>
      <ImportRecentList refresh={`${jobId ?? ''}:${job?.status ?? ''}`} />
      <OdkFormsSection />
    </>
  );
}
