// Báo cáo: the catalogue; for the chosen report, its parameters (unit within scope, year, group…), the
// document on screen and downloads as xlsx, pdf or csv. The parameters live in the address so finance and
// other screens can link straight to a filled-in report (/reports/review-results?unit=19&year=2025).
import { DownloadOutlined, EyeOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Form,
  Input,
  InputNumber,
  List,
  Row,
  Select,
  Space,
  Typography,
} from 'antd';
import { useMemo } from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import { api, call } from '../api/client.ts';
import { useMe } from '../auth.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { LoadFailed, Loading } from '../components/States.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useAsync } from '../lib/useAsync.ts';
import {
  describe,
  reportUrl,
  type CatalogueEntry,
  type ReportDocument,
  type ReportFormat,
} from './report-types.ts';
import { ReportView } from './ReportView.tsx';
import { today } from '../lib/today.ts';

export function ReportsPage() {
  const { t, pick } = useI18n();
  const { reportId } = useParams();
  const navigate = useNavigate();
  const catalogue = useAsync(() => call(() => api.GET('/api/reports')), []);
  if (catalogue.error) return <LoadFailed error={catalogue.error} onRetry={catalogue.reload} />;
  if (!catalogue.data) return <Loading />;
  const entry = catalogue.data.find((r) => r.id === reportId);
  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('reports.title')}
      </Typography.Title>
      {reportId ? (
        <>
          <Select
            data-testid="report-select"
            value={reportId}
            style={{ width: '100%', marginBottom: 16 }}
            onChange={(id: string) => navigate(`/reports/${id}`)}
            options={catalogue.data.map((r) => ({ value: r.id, label: pick(r.title) }))}
          />
          {entry ? (
            <ReportPanel key={entry.id} entry={entry} />
          ) : (
            <Empty description={t('reports.unknown')} />
          )}
        </>
      ) : (
        <Card size="small" title={t('reports.catalogue')}>
          <List
            data-testid="report-catalogue"
            dataSource={catalogue.data}
            renderItem={(r) => (
              <List.Item key={r.id}>
                <List.Item.Meta
                  title={
                    <Link to={`/reports/${r.id}`} data-testid={`report-link-${r.id}`}>
                      {pick(r.title)}
                    </Link>
                  }
                  description={pick(r.description)}
                />
              </List.Item>
            )}
          />
        </Card>
      )}
    </>
  );
}

function ReportPanel({ entry }: { entry: CatalogueEntry }) {
  const { t, tOr, pick, lang } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<Record<string, string | number | undefined>>();
  const names = entry.parameters.map((p) => p.name);
  // The parameters asked for, as the address gives them: a report is shown once it is asked for.
  const asked = useMemo(() => {
    const out: Record<string, string> = {};
    for (const n of names) {
      const v = params.get(n);
      if (v !== null && v !== '') out[n] = v;
    }
    return out;
  }, [params, names]);
  const shown = params.get('show') === '1';
  const doc = useAsync(
    () =>
      shown
        ? call(() =>
            api.GET('/api/reports/{id}', {
              params: { path: { id: entry.id }, query: { format: 'json', lang, ...asked } as never },
            }),
          )
        : Promise.resolve(null as ReportDocument | null),
    [entry.id, asked, shown, lang],
  );
  const initial = useMemo(() => {
    const out: Record<string, string | number | undefined> = {};
    for (const p of entry.parameters) {
      const v = asked[p.name];
      if (v !== undefined) out[p.name] = p.type === 'number' || p.type === 'integer' ? Number(v) : v;
      else if (p.default !== undefined) out[p.name] = p.default as string | number;
      else if (p.name === 'unit') out.unit = me.scopes.read[0]?.code;
      else if (p.name === 'year') out.year = today().year() - 1;
    }
    return out;
  }, [entry, asked, me]);

  const submit = (values: Record<string, unknown>) => {
    const next = new URLSearchParams();
    for (const [k, v] of Object.entries(values))
      if (v !== undefined && v !== null && v !== '') next.set(k, String(v));
    next.set('show', '1');
    setParams(next);
  };
  const download = (format: ReportFormat) => reportUrl(entry.id, format, lang, asked);

  return (
    <Card
      size="small"
      title={pick(entry.title)}
      extra={
        <Button size="small" onClick={() => navigate('/reports')}>
          {t('reports.back')}
        </Button>
      }
    >
      <Typography.Paragraph type="secondary">{pick(entry.description)}</Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={initial}
        onFinish={submit}
        data-testid="report-params"
      >
        <Row gutter={16}>
          {entry.parameters.map((p) => (
            <Col xs={24} sm={12} md={8} key={p.name}>
              <Form.Item
                name={p.name}
                label={describe(p, lang)}
                rules={p.required ? [{ required: true, message: t('reports.required') }] : []}
              >
                {p.values ? (
                  <Select
                    allowClear={!p.required}
                    options={p.values.map((v) => ({ value: v, label: tOr(`stats.group.${v}`, v) }))}
                  />
                ) : p.type === 'number' || p.type === 'integer' ? (
                  <InputNumber style={{ width: '100%' }} precision={0} inputMode="numeric" />
                ) : (
                  <Input inputMode={p.name === 'unit' ? 'numeric' : undefined} />
                )}
              </Form.Item>
            </Col>
          ))}
        </Row>
        <Flex gap={8} wrap>
          <Button type="primary" htmlType="submit" icon={<EyeOutlined />} data-testid="report-show">
            {t('reports.show')}
          </Button>
          {shown && doc.data && (
            <Space wrap>
              {entry.formats
                .filter((f) => f !== 'json')
                .map((f) => (
                  <Button
                    key={f}
                    icon={<DownloadOutlined />}
                    href={download(f)}
                    download
                    data-testid={`report-download-${f}`}
                  >
                    {f.toUpperCase()}
                  </Button>
                ))}
            </Space>
          )}
        </Flex>
      </Form>
      <div style={{ marginTop: 16 }}>
        <ErrorAlert error={doc.error} />
        {shown && doc.loading && !doc.data && <Loading />}
        {doc.data && <ReportView doc={doc.data} />}
      </div>
    </Card>
  );
}
