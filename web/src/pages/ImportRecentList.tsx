// Lần nhập gần đây: the user's latest imports as the server records them (an administrator's: everyone's),
// newest first — when each was sent, its file, its state, its progress while it runs, and its outcome (the
// counts, the number of errors, or why it failed: one a restart interrupted says so) with a link to the job's
// own result on this page (?job=…). Read from the server each time, so after a restart nothing is missing;
// asked again while one runs, and while the server cannot be reached.
import { Card, Progress, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, call } from '../api/client.ts';
import type { paths } from '../api/schema.d.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useI18n } from '../i18n/index.tsx';
import { usePolling } from '../lib/usePolling.ts';

type ImportRow =
  paths['/api/imports']['get']['responses'][200]['content']['application/json']['rows'][number];

const STATUS_COLOR: Record<ImportRow['status'], string> = {
  queued: 'default',
  running: 'processing',
  succeeded: 'success',
  failed: 'error',
};

const unfinished = (j: ImportRow) => j.status === 'queued' || j.status === 'running';

/** `refresh`: changes when the page starts an import or sees one end, so the list is read again. */
export function ImportRecentList({ refresh }: { refresh: string }) {
  const { t, tOr, pick, number, dateTime } = useI18n();
  const [rows, setRows] = useState<ImportRow[] | null>(null);

  // The page says above when the server cannot be reached.
  const { error } = usePolling(
    () => call(() => api.GET('/api/imports')),
    ({ rows: list }) => {
      setRows(list);
      return list.some(unfinished) ? 1000 : null;
    },
    [refresh],
  );

  const percent = (j: ImportRow) => {
    const total = j.progress.total ?? j.progress.bytesTotal ?? null;
    const done = j.progress.total === null ? (j.progress.bytesRead ?? 0) : j.progress.done;
    return total ? Math.min(99, Math.round((done / total) * 100)) : 0;
  };

  return (
    <Card title={t('import.recent.title')} style={{ marginTop: 16 }} data-testid="import-recent">
      <ErrorAlert error={error} />
      <Table<ImportRow>
        rowKey="jobId"
        // antd marks each row with data-row-key: the job's id.
        size="small"
        loading={rows === null && !error}
        dataSource={rows ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        locale={{ emptyText: t('import.recent.none') }}
        columns={[
          { title: t('import.recent.col.time'), render: (_v, j) => dateTime(j.createdAt) },
          {
            title: t('import.recent.col.file'),
            render: (_v, j) => (
              <Link to={{ search: `?job=${j.jobId}` }} title={t('import.recent.open')}>
                {j.filename}
              </Link>
            ),
          },
          {
            title: t('import.recent.col.status'),
            render: (_v, j) => (
              <Tag color={STATUS_COLOR[j.status]} data-testid="import-recent-status">
                {t(`import.recent.status.${j.status}`)}
              </Tag>
            ),
          },
          {
            title: t('import.recent.col.progress'),
            render: (_v, j) =>
              unfinished(j) ? (
                <Progress
                  style={{ minWidth: 160 }}
                  size="small"
                  percent={percent(j)}
                  format={() =>
                    `${tOr(`import.recent.phase.${j.progress.phase}`, j.progress.phase)} ${number(j.progress.done)}`
                  }
                />
              ) : null,
          },
          {
            title: t('import.recent.col.outcome'),
            render: (_v, j) => {
              const counts = j.result?.counts;
              if (j.status === 'succeeded' && counts)
                return t('import.recent.counts', {
                  households: number(counts.households.created + counts.households.updated),
                  members: number(counts.members.created + counts.members.updated),
                  assessments: number(counts.assessments.recorded),
                });
              if (j.status !== 'failed') return null;
              return (
                <Typography.Text type="danger" data-testid="import-recent-failure">
                  {j.failure ? pick(j.failure) : t('import.failed', { n: number(j.errorCount) })}
                </Typography.Text>
              );
            },
          },
        ]}
      />
    </Card>
  );
}
