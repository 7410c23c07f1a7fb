// Một công trình: its fields and status, the investor (original and current, with the hand-overs of the 2025
// reform), the photos with an upload, and the way to edit it or hand it over.
import { ArrowLeftOutlined, UploadOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Descriptions,
  Empty,
  Flex,
  Image,
  Progress,
  Table,
  Tag,
  Typography,
  Upload,
} from 'antd';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, call } from '../../api/client.ts';
import { ApiError } from '../../api/errors.ts';
import { LoadFailed, Loading } from '../../components/States.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useAsync } from '../../lib/useAsync.ts';
import { useFinance } from '../FinanceLayout.tsx';
import { exactMoney, money } from '../money.ts';
import { DeleteDialog } from './DeleteDialog.tsx';
import { HandoverDialog } from './HandoverDialog.tsx';
import { STATUS_COLORS, type PhotoType, type WorkDetail } from './types.ts';

type Hand = WorkDetail['investorHistory'][number];

/** The file's content as base64 (the API takes photos as JSON). */
function base64Of(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

export function WorkPage() {
  const { workId } = useParams();
  const i18n = useI18n();
  const { t, pick, lang, date, dateTime } = i18n;
  const { message } = App.useApp();
  const navigate = useNavigate();
  const { link } = useFinance();
  const [handingOver, setHandingOver] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [uploading, setUploading] = useState(false);
  const work = useAsync(
    () => call(() => api.GET('/api/works/{id}', { params: { path: { id: workId! } } })),
    [workId],
  );
  const photos = useAsync(
    () => call(() => api.GET('/api/works/{id}/photos', { params: { path: { id: workId! } } })),
    [workId],
  );
  if (work.error) return <LoadFailed error={work.error} onRetry={work.reload} />;
  const w = work.data;
  if (!w) return <Loading />;
  const amount = (v: number) => <span title={exactMoney(v, lang)}>{money(v, lang)}</span>;
  const investor = (i: { name: string; unitCode: string | null }) =>
    i.unitCode ? `${i.name} (${i.unitCode})` : i.name;

  const upload = async (file: File) => {
    if (!/^image\/(jpeg|png)$/.test(file.type)) {
      void message.error(t('works.photoType'));
      return;
    }
    setUploading(true);
    try {
      const contentBase64 = await base64Of(file);
      await call(() =>
        api.POST('/api/works/{id}/photos', {
          params: { path: { id: w.id } },
          body: { name: file.name, mimeType: file.type as PhotoType, contentBase64 },
        }),
      );
      photos.reload();
    } catch (e) {
      void message.error(e instanceof ApiError ? i18n.pick(e.text) : t('error.unexpected'));
    } finally {
      setUploading(false);
    }
  };

  return (
    <Flex vertical gap={12}>
      <Flex gap={12} align="center">
        <Link to={link('/works')}>
          <Button icon={<ArrowLeftOutlined />} aria-label={t('finance.nav.works')} />
        </Link>
        <Typography.Title level={4} style={{ margin: 0, flex: 1, minWidth: 0 }} data-testid="work-title">
          {w.name}
        </Typography.Title>
        <Tag color={STATUS_COLORS[w.status]} data-testid="work-status">
          {t(`works.status.${w.status}`)}
        </Tag>
      </Flex>
      {w.canWrite && (
        <Flex wrap gap={8}>
          <Button
            type="primary"
            onClick={() => navigate(link(`/works/${w.id}/edit`))}
            data-testid="work-edit"
          >
            {t('works.editButton')}
          </Button>
          <Button onClick={() => setHandingOver(true)} data-testid="work-handover">
            {t('works.handover')}
          </Button>
          <Upload
            accept="image/jpeg,image/png"
            showUploadList={false}
            beforeUpload={(file) => {
              void upload(file);
              return false;
            }}
          >
            <Button icon={<UploadOutlined />} loading={uploading} data-testid="work-photo-upload">
              {t('works.addPhoto')}
            </Button>
          </Upload>
          {/* Money spent or a hand-over is corrected, never deleted (the server refuses it too). */}
          <Button
            danger
            disabled={w.disbursedVnd > 0 || w.acceptanceDate !== null}
            title={w.disbursedVnd > 0 || w.acceptanceDate !== null ? t('works.deleteBlocked') : undefined}
            onClick={() => setDeleting(true)}
            data-testid="work-delete"
          >
            {t('works.delete')}
          </Button>
        </Flex>
      )}
      {w.warnings.map((x) => (
        <Alert key={x.code} type="warning" showIcon title={pick(x.message)} />
      ))}
      <Card size="small">
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, lg: 3 }}
          data-testid="work-summary"
          items={[
            { key: 'unit', label: t('finance.unit'), children: `${w.unit.name} (${w.unit.code})` },
            { key: 'village', label: t('works.village'), children: w.village?.name ?? '—' },
            { key: 'type', label: t('works.type'), children: pick(w.workTypeName) },
            {
              key: 'construction',
              label: t('works.construction'),
              children: t(`works.construction.${w.construction}`),
            },
            {
              key: 'project',
              label: t('finance.project'),
              children: w.project ? `${w.project} (${w.planYear ?? '—'})` : '—',
            },
            {
              key: 'contract',
              label: t('works.contractValue'),
              children: <span data-testid="work-contract-value">{amount(w.contractValueVnd)}</span>,
            },
            { key: 'disbursed', label: t('finance.disbursed'), children: amount(w.disbursedVnd) },
            {
              key: 'progress',
              label: t('works.progress'),
              children: <Progress percent={w.progressPct} size="small" style={{ width: 160 }} />,
            },
            { key: 'start', label: t('works.startDate'), children: date(w.startDate) },
            { key: 'completion', label: t('works.completionDate'), children: date(w.completionDate) },
            { key: 'acceptance', label: t('works.acceptanceDate'), children: date(w.acceptanceDate) },
            { key: 'original', label: t('works.investorOriginal'), children: investor(w.investor.original) },
            {
              key: 'current',
              label: t('works.investorCurrent'),
              children: (
                <span data-testid="work-investor">
                  {investor(w.investor.current)}
                  {w.investor.current.since
                    ? ` (${t('works.since', { date: date(w.investor.current.since) })})`
                    : ''}
                </span>
              ),
            },
            { key: 'note', label: t('works.note'), children: w.note ?? '—' },
          ]}
        />
      </Card>
      {w.investorHistory.length > 0 && (
        <Card size="small" title={t('works.handovers')}>
          <Table<Hand>
            rowKey={(h) => h.recordedAt}
            size="small"
            pagination={false}
            dataSource={w.investorHistory}
            scroll={{ x: 700 }}
            columns={[
              { title: t('finance.date'), dataIndex: 'date', render: (d: string) => date(d) },
              { title: t('works.from'), render: (_, h) => investor(h.from) },
              { title: t('works.to'), render: (_, h) => investor(h.to) },
              { title: t('works.legalBasis'), dataIndex: 'basis' },
              {
                title: t('works.recorded'),
                render: (_, h) => `${h.recordedBy}, ${dateTime(h.recordedAt)}`,
              },
            ]}
          />
        </Card>
      )}
      <Card size="small" title={t('works.photos')}>
        {photos.data?.length ? (
          <Image.PreviewGroup>
            <Flex wrap gap={8} data-testid="work-photos">
              {photos.data.map((p) => (
                <Image
                  key={p.fileId}
                  width={160}
                  height={120}
                  style={{ objectFit: 'cover', borderRadius: 6 }}
                  src={`/api/works/${w.id}/photos/${p.fileId}`}
                  alt={p.caption ?? p.name}
                />
              ))}
            </Flex>
          </Image.PreviewGroup>
        ) : (
          <Empty description={t('works.noPhotos')} image={Empty.PRESENTED_IMAGE_SIMPLE} />
        )}
      </Card>
      {deleting && (
        <DeleteDialog
          title={t('works.delete')}
          name={w.name}
          remove={(reason) =>
            call(() =>
              api.DELETE('/api/works/{id}', {
                params: { path: { id: w.id } },
                body: { version: w.version, reason },
              }),
            )
          }
          onClose={() => setDeleting(false)}
          onDone={() => {
            void message.success(t('works.deleted'));
            navigate(link('/works'));
          }}
        />
      )}
      {handingOver && (
        <HandoverDialog
          work={w}
          onClose={() => setHandingOver(false)}
          onDone={() => {
            setHandingOver(false);
            work.reload();
          }}
        />
      )}
    </Flex>
  );
}
