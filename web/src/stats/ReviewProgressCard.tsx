// (e) The review's progress: the communes under the unit by the status of their periodic round of the year.
import { Card, Col, Progress, Row, Statistic, Table, Tag } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, call } from '../api/client.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useAsync } from '../lib/useAsync.ts';
import { allOf } from '../api/types.ts';
import type { ReviewProgress } from './types.ts';

type CommuneStatus = ReviewProgress['communes'][number]['status'];
const STATUSES = allOf<CommuneStatus>()(['none', 'open', 'recognised', 'reported']);
const COLOURS = { none: 'default', open: 'processing', recognised: 'green', reported: 'purple' } as const;

export function ReviewProgressCard({ unit, year }: { unit: string; year: number }) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const progress = useAsync(
    () =>
      call(() => api.GET('/api/dashboard/review-progress', { params: { query: { unitCode: unit, year } } })),
    [unit, year],
  );
  const d: ReviewProgress | undefined = progress.data;
  const done = d ? d.counts.recognised + d.counts.reported : 0;
  return (
    <Card
      title={t('stats.reviewTitle', { year })}
      size="small"
      data-testid="review-card"
      loading={!d && !progress.error}
    >
      <ErrorAlert error={progress.error} />
      {d && (
        <>
          <Row gutter={[8, 8]}>
            {STATUSES.map((s) => (
              <Col xs={12} md={6} key={s}>
                <Statistic title={t(`stats.review.${s}`)} value={d.counts[s]} data-testid={`review-${s}`} />
              </Col>
            ))}
          </Row>
          <Progress
            percent={d.counts.total ? Math.round((done / d.counts.total) * 1000) / 10 : 0}
            format={() => t('stats.reviewDone', { done, total: d.counts.total })}
            style={{ marginTop: 8 }}
          />
          {d.communes.length > 1 && (
            <a onClick={() => setOpen((v) => !v)} role="button">
              {open ? t('stats.hideCommunes') : t('stats.showCommunes')}
            </a>
          )}
          {(open || d.communes.length === 1) && (
            <Table
              size="small"
              rowKey="code"
              style={{ marginTop: 8 }}
              pagination={{ pageSize: 10, hideOnSinglePage: true }}
              dataSource={d.communes}
              columns={[
                { title: t('stats.col.commune'), render: (_: unknown, c) => `${c.name} (${c.code})` },
                {
                  title: t('stats.col.status'),
                  dataIndex: 'status',
                  render: (s: (typeof STATUSES)[number], c) =>
                    c.roundId ? (
                      <Link to={`/rounds/${c.roundId}`}>
                        <Tag color={COLOURS[s]}>{t(`stats.review.${s}`)}</Tag>
                      </Link>
                    ) : (
                      <Tag color={COLOURS[s]}>{t(`stats.review.${s}`)}</Tag>
                    ),
                },
              ]}
            />
          )}
        </>
      )}
    </Card>
  );
}
