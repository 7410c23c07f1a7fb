// Tìm hộ: search first (name, national ID, commune, village, class), then a paged table; a row opens the household.
// On a phone, once a search is shown, the filters other than the name fold under a "Filters" button with a
// line saying what they are, so that the results are on the first screen.
import { ClearOutlined, FilterOutlined, SearchOutlined } from '@ant-design/icons';
import {
  Button,
  Card,
  Col,
  Empty,
  Flex,
  Form,
  Grid,
  Input,
  Row,
  Select,
  Table,
  Tooltip,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useEffect, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, call } from '../api/client.ts';
import { ApiError, placeFieldErrors } from '../api/errors.ts';
import { HOUSEHOLD_STATUSES, type SearchQuery, type SearchResult, type SearchRow } from '../api/types.ts';
import { useMe } from '../auth.tsx';
import { ClassTag } from '../components/ClassTag.tsx';
import { ProvisionalTag } from '../household/Standing.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useI18n } from '../i18n/index.tsx';
import {
  communesUnder,
  loadVillages,
  onlyVillage,
  scopeCommunes,
  villagesInScope,
  type CommuneOption,
} from '../lib/reference.ts';
import { useAsync } from '../lib/useAsync.ts';
import '../components/touch.css';

interface Filters {
  name?: string;
  nationalId?: string;
  provinceCode?: string;
  communeCode?: string;
  villageId?: string;
  status?: SearchQuery['status'];
}

const FILTER_KEYS = ['name', 'nationalId', 'provinceCode', 'communeCode', 'villageId', 'status'] as const;
const PAGE_SIZE = 20;

function filtersFrom(params: URLSearchParams): Filters {
  const f: Record<string, string> = {};
  for (const k of FILTER_KEYS) {
    const v = params.get(k);
    if (v) f[k] = v;
  }
  return f as Filters;
}

export function HouseholdSearchPage() {
  const { t, pick, number, date } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<Filters>();
  const filters = useMemo(() => filtersFrom(params), [params]);
  const page = Number(params.get('page') ?? '1') || 1;
  const hasSearch = !!(
    filters.name ||
    filters.nationalId ||
    filters.communeCode ||
    filters.villageId ||
    filters.status
  );
  const canSeeIds = me.permissions.personalData;
  const screens = Grid.useBreakpoint();
  const [filtersOpen, setFiltersOpen] = useState(false);
  // On a phone with a search shown, only the name stays open; the other filters fold.
  const folded = !screens.md && hasSearch && !filtersOpen;
  const foldable = { style: folded ? { display: 'none' } : undefined };
  // Users who see everything have no scope to list communes from: they name a province first.
  const pickProvince = me.scopes.all;

  const provinceCode = Form.useWatch('provinceCode', form);
  const communeCode = Form.useWatch('communeCode', form);
  const communes = useAsync<CommuneOption[]>(
    () =>
      pickProvince
        ? /^\d{2}$/.test(provinceCode ?? '')
          ? communesUnder(provinceCode!)
          : Promise.resolve([])
        : scopeCommunes(me),
    [me, pickProvince, provinceCode],
  );
  const villages = useAsync(
    () => (communeCode ? loadVillages(communeCode) : Promise.resolve([])),
    [communeCode],
  );

  // An enumerator with one village lands on it: the commune and the village preselected and searched.
  useEffect(() => {
    const place = onlyVillage(me);
    if (place && !params.toString()) {
      setParams(new URLSearchParams({ communeCode: place.communeCode, villageId: place.villageId }), {
        replace: true,
      });
    }
    // Only on arrival: clearing the filters afterwards is the user's choice.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  useEffect(() => {
    form.setFieldsValue({ ...Object.fromEntries(FILTER_KEYS.map((k) => [k, undefined])), ...filters });
  }, [filters, form]);

  const result = useAsync<SearchResult | null>(async () => {
    if (!hasSearch) return null;
    const query: SearchQuery = { page, pageSize: PAGE_SIZE };
    if (filters.name) query.name = filters.name;
    if (filters.nationalId && canSeeIds) query.nationalId = filters.nationalId;
    if (filters.communeCode) query.communeCode = filters.communeCode;
    if (filters.villageId) query.villageId = filters.villageId;
    if (filters.status) query.status = filters.status;
    return call(() => api.GET('/api/households', { params: { query } }));
  }, [filters, page, hasSearch, canSeeIds]);

  // Field errors from the server (e.g. a name of one letter) sit under the matching filter.
  const placed = useMemo(
    () =>
      result.error instanceof ApiError
        ? placeFieldErrors(result.error.fields, [/^querystring\./], FILTER_KEYS)
        : { placed: [], rest: [] },
    [result.error],
  );
  useEffect(() => {
    form.setFields(placed.placed.map((p) => ({ name: p.name as never, errors: [pick(p.message)] })));
  }, [placed, form, pick]);

  const submit = (values: Filters) => {
    setFiltersOpen(false);
    const next = new URLSearchParams();
    for (const k of FILTER_KEYS) {
      const v = values[k]?.toString().trim();
      if (v) next.set(k, v);
    }
    setParams(next);
  };

  const columns: ColumnsType<SearchRow> = [
    {
      title: t('search.col.head'),
      dataIndex: 'headName',
      render: (v: string, row) => (
        <Link to={`/households/${row.householdId}`} onClick={(e) => e.stopPropagation()}>
          {v}
        </Link>
      ),
    },
    { title: t('search.col.village'), dataIndex: 'villageName' },
    { title: t('search.col.commune'), dataIndex: 'communeName' },
    { title: t('search.col.members'), dataIndex: 'memberCount', align: 'right', width: 110 },
    {
      title: t('search.col.status'),
      dataIndex: 'status',
      render: (v: string | null, r) => (
        <Flex gap={4} wrap>
          <Tooltip
            title={
              r.decisionNumber || r.decisionDate
                ? t('standing.decision', { number: r.decisionNumber ?? '—', date: date(r.decisionDate) })
                : undefined
            }
          >
            <span data-testid="recognised-class">
              <ClassTag value={v} />
            </span>
          </Tooltip>
          {r.provisionalClass && <ProvisionalTag value={r.provisionalClass} />}
        </Flex>
      ),
    },
  ];

  // What the folded filters hold, in words: "Xã Bằng Thành · Thôn Nà Phầy · Hộ nghèo".
  const summary = [
    filters.nationalId,
    filters.provinceCode,
    filters.communeCode &&
      (communes.data?.find((c) => c.code === filters.communeCode)?.name ?? filters.communeCode),
    filters.villageId && (villages.data?.find((v) => v.id === filters.villageId)?.name ?? ''),
    filters.status && t(`class.${filters.status}`),
  ]
    .filter(Boolean)
    .join(' · ');
  const activeFilters = [
    filters.nationalId,
    filters.provinceCode,
    filters.communeCode,
    filters.villageId,
    filters.status,
  ].filter(Boolean).length;

  return (
    <div className="gn-touch">
      <Row justify="space-between" align="middle" gutter={[8, 8]}>
        <Col>
          <Typography.Title level={3} style={{ marginTop: 0 }}>
            {t('search.title')}
          </Typography.Title>
        </Col>
        {me.permissions.write && (
          <Col>
            <Button size="large" onClick={() => navigate('/households/new')} data-testid="new-household">
              {t('household.add')}
            </Button>{' '}
            <Button size="large" onClick={() => navigate('/field')} data-testid="open-field">
              {t('nav.field')}
            </Button>{' '}
            <Button
              size="large"
              onClick={() => navigate('/households/import')}
              data-testid="import-households"
            >
              {t('nav.import')}
            </Button>
          </Col>
        )}
      </Row>
      <Card style={{ marginBottom: 16 }}>
        <Form<Filters>
          form={form}
          layout="vertical"
          onFinish={submit}
          onValuesChange={(changed: Partial<Filters>) => {
            if ('provinceCode' in changed)
              form.setFieldsValue({ communeCode: undefined, villageId: undefined });
            if ('communeCode' in changed) form.setFieldsValue({ villageId: undefined });
          }}
        >
          <Row gutter={16}>
            <Col xs={24} md={12} lg={8}>
              <Form.Item
                name="name"
                label={t('search.name')}
                rules={[{ min: 2, message: t('search.nameTooShort') }]}
              >
                <Input placeholder={t('search.namePlaceholder')} allowClear data-testid="search-name" />
              </Form.Item>
            </Col>
            {canSeeIds && (
              <Col xs={24} md={12} lg={8} {...foldable}>
                <Form.Item
                  name="nationalId"
                  label={t('search.nationalId')}
                  rules={[{ pattern: /^\d{9,12}$/, message: t('search.nationalIdInvalid') }]}
                >
                  <Input inputMode="numeric" placeholder="001234567890" allowClear maxLength={12} />
                </Form.Item>
              </Col>
            )}
            {pickProvince && (
              <Col xs={24} md={12} lg={8} {...foldable}>
                <Form.Item
                  name="provinceCode"
                  label={t('search.provinceCode')}
                  rules={[{ pattern: /^\d{2}$/, message: t('search.provinceCodeInvalid') }]}
                >
                  <Input inputMode="numeric" maxLength={2} placeholder="19" allowClear />
                </Form.Item>
              </Col>
            )}
            <Col xs={24} md={12} lg={8} {...foldable}>
              <Form.Item name="communeCode" label={t('search.commune')}>
                <Select
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  loading={communes.loading}
                  placeholder={t('search.anyCommune')}
                  options={(communes.data ?? []).map((c) => ({
                    value: c.code,
                    label: `${c.name} (${c.code})`,
                  }))}
                  notFoundContent={pickProvince && !provinceCode ? t('search.provinceFirst') : undefined}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} lg={8} {...foldable}>
              <Form.Item name="villageId" label={t('search.village')}>
                <Select
                  allowClear
                  showSearch={{ optionFilterProp: 'label' }}
                  disabled={!communeCode}
                  loading={villages.loading}
                  placeholder={communeCode ? t('search.anyVillage') : t('search.communeFirst')}
                  options={villagesInScope(
                    villages.data ?? [],
                    communes.data?.find((c) => c.code === communeCode),
                  ).map((v) => ({ value: v.id, label: v.name }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} lg={8} {...foldable}>
              <Form.Item name="status" label={t('search.status')}>
                <Select
                  allowClear
                  placeholder={t('search.anyStatus')}
                  options={HOUSEHOLD_STATUSES.map((s) => ({ value: s, label: t(`class.${s}`) }))}
                />
              </Form.Item>
            </Col>
          </Row>
          {folded && (
            <Typography.Paragraph
              type="secondary"
              style={{ marginTop: -8 }}
              data-testid="search-filters-summary"
            >
              {summary || t('search.noFilters')}
            </Typography.Paragraph>
          )}
          <Row gutter={[12, 8]}>
            <Col>
              <Button type="primary" htmlType="submit" icon={<SearchOutlined />} data-testid="search-submit">
                {t('search.submit')}
              </Button>
            </Col>
            <Col>
              <Button
                icon={<ClearOutlined />}
                onClick={() => {
                  form.resetFields();
                  setParams(new URLSearchParams());
                }}
              >
                {t('search.clear')}
              </Button>
            </Col>
            {!screens.md && hasSearch && (
              <Col>
                <Button
                  icon={<FilterOutlined />}
                  aria-expanded={!folded}
                  onClick={() => setFiltersOpen((o) => !o)}
                  data-testid="search-filters-toggle"
                >
                  {folded ? t('search.filtersShow', { n: activeFilters }) : t('search.filtersHide')}
                </Button>
              </Col>
            )}
          </Row>
        </Form>
      </Card>

      {!hasSearch ? (
        <Card>
          <Empty description={t('search.hint')} />
        </Card>
      ) : (
        <Card>
          <ErrorAlert error={result.error} rest={placed.rest} />
          <Table<SearchRow>
            rowKey="householdId"
            columns={columns}
            dataSource={result.data?.rows ?? []}
            loading={result.loading}
            scroll={{ x: 640 }}
            rowClassName={() => 'gn-clickable-row'}
            onRow={(row) => ({ onClick: () => navigate(`/households/${row.householdId}`) })}
            locale={{ emptyText: <Empty description={t('search.none')} data-testid="search-empty" /> }}
            pagination={{
              current: page,
              pageSize: PAGE_SIZE,
              total: result.data?.total ?? 0,
              showSizeChanger: false,
              // The server counts up to 10 000 matches; past that it says "more than".
              showTotal: (n) =>
                t(result.data?.totalCapped ? 'search.totalCapped' : 'search.total', { n: number(n) }),
              onChange: (p) => {
                const next = new URLSearchParams(params);
                next.set('page', String(p));
                setParams(next);
              },
            }}
          />
        </Card>
      )}
    </div>
  );
}
