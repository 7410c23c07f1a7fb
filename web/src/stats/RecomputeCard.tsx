// Tính lại số liệu: start the recompute of the chosen unit's figures for the chosen year (a background job)
// and follow the latest recomputes as the server records them — their progress while they run, the
// communes rebuilt and the poor households before and after, or why one failed. The list is read from the
// server each time (the jobs are in its database), so after a restart an interrupted recompute is shown
// failed with its reason, the old figures kept whole. While the server cannot be reached the card keeps asking.
import { SyncOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Progress, Table, Tag, Typography } from 'antd';
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, call } from '../api/client.ts';
import type { paths } from '../api/schema.d.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useI18n } from '../i18n/index.tsx';
import { usePolling } from '../lib/usePolling.ts';

type Job = paths['/api/recomputes']['get']['responses'][200]['content']['application/json']['rows'][number];

const STATUS_COLOR: Record<Job['status'], string> = {
  queued: 'default',
  running: 'processing',
  succeeded: 'success',
  failed: 'error',
};

export function RecomputeCard({
  unit,
  unitName,
  year,
  canStart,
  onFinished,
}: {
  unit: string;
  unitName: string;
  year: number;
  canStart: boolean;
  /** Called when a recompute seen running has succeeded (the page's figures are then new). */
  onFinished?: () => void;
}) {
  const { t, pick, number, dateTime } = useI18n();
  const [jobs, setJobs] = useState<Job[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [starting, setStarting] = useState(false);
  const [tick, setTick] = useState(0);
  const refresh = useCallback(() => setTick((n) => n + 1), []);
  // The recomputes last seen queued or running, so that one seen ending tells the page to reload.
  const unfinished = useRef(new Set<string>());
  const finished = useRef(onFinished);
  useEffect(() => {
    finished.current = onFinished;
  }, [onFinished]);

  const polling = usePolling(
    () => call(() => api.GET('/api/recomputes')),
    ({ rows }) => {
      setJobs(rows);
      if (rows.some((j) => j.status === 'succeeded' && unfinished.current.has(j.jobId))) finished.current?.();
      unfinished.current = new Set(
        rows.filter((j) => j.status === 'queued' || j.status === 'running').map((j) => j.jobId),
      );
      return unfinished.current.size > 0 ? 1000 : null;
    },
    [tick],
  );
  const reconnecting = polling.reconnecting;

  const start = async () => {
    setError(null);
    setStarting(true);
    try {
      const { jobId } = await call(() => api.POST('/api/recomputes', { body: { unitCode: unit, year } }));
      unfinished.current.add(jobId);
      refresh();
    } catch (e) {
      setError(e);
    } finally {
      setStarting(false);
    }
  };

  return (
    <Card
      title={t('recompute.title')}
      size="small"
      style={{ marginTop: 16 }}
      data-testid="recompute-card"
      extra={
        canStart && (
          <Button
            icon={<SyncOutlined />}
            loading={starting}
            onClick={() => void start()}
            data-testid="recompute-start"
          >
            {t('recompute.start', { year })}
          </Button>
        )
      }
    >
      <Typography.Paragraph type="secondary">
        {t('recompute.hint', { unit: unitName, year })}
      </Typography.Paragraph>
      <ErrorAlert error={error ?? polling.error} />
      {reconnecting && (
        <Alert type="warning" showIcon message={t('recompute.reconnecting')} style={{ marginBottom: 12 }} />
      )}
      <Table<Job>
        data-testid="recompute-jobs"
        rowKey="jobId"
        size="small"
        loading={jobs === null && !(error ?? polling.error)}
        dataSource={jobs ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('recompute.none') }}
        columns={[
          { title: t('recompute.col.started'), render: (_v, j) => dateTime(j.createdAt) },
          { title: t('recompute.col.unit'), render: (_v, j) => `${j.unitName} (${j.unitCode})` },
          { title: t('recompute.col.year'), dataIndex: 'year' },
          {
            title: t('recompute.col.status'),
            render: (_v, j) => (
              <Tag color={STATUS_COLOR[j.status]} data-testid="recompute-status">
                {t(`recompute.status.${j.status}`)}
              </Tag>
            ),
          },
          {
            title: t('recompute.col.progress'),
            render: (_v, j) =>
              j.status === 'queued' || j.status === 'running' ? (
                <Progress
                  style={{ minWidth: 160 }}
                  size="small"
                  percent={
                    j.progress.total
                      ? Math.min(99, Math.round((j.progress.done / j.progress.total) * 100))
                      : 0
                  }
                  format={() =>
                    `${number(j.progress.done)}/${j.progress.total === null ? '…' : number(j.progress.total)}`
                  }
                />
              ) : null,
          },
          {
            title: t('recompute.col.outcome'),
            render: (_v, j) =>
              j.status === 'failed' ? (
                <Typography.Text type="danger" data-testid="recompute-failure">
                  {j.failure ? pick(j.failure) : ''} {t('recompute.runAgain')}
                </Typography.Text>
              ) : j.result ? (
                t('recompute.communes', {
                  n: number(j.result.communes),
                  before: j.result.before ? number(j.result.before.poor) : '—',
                  after: j.result.after ? number(j.result.after.poor) : '—',
                })
              ) : null,
          },
        ]}
      />
    </Card>
  );
}
