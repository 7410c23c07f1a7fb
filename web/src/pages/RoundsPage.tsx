// Rà soát: pick the commune (commune officers start on their own), list its rounds, open a new one
// (periodic for a year, or regular for a month).
import { DeleteOutlined, ImportOutlined, PlusOutlined } from '@ant-design/icons';
import {
  Button,
  type ButtonProps,
  Card,
  Col,
  DatePicker,
  Flex,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Row,
  Select,
  Table,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, call } from '../api/client.ts';
import { ApiError, placeFieldErrors, type FieldError } from '../api/errors.ts';
import type { RoundOpenInput, RoundStatus, RoundSummary } from '../api/types.ts';
import { useMe } from '../auth.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useI18n } from '../i18n/index.tsx';
import { communesUnder, isVillageScoped, scopeCommunes } from '../lib/reference.ts';
import { useAsync } from '../lib/useAsync.ts';
import { roundTitle, StatusTag } from '../review/labels.tsx';
import { OpeningListModal } from '../review/OpeningListModal.tsx';
import { iso } from '../review/RoundDialogs.tsx';
import { afterToday, today } from '../lib/today.ts';

export function RoundsPage() {
  const i18n = useI18n();
  const { t, date, number } = i18n;
  const me = useMe();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [provinceCode, setProvinceCode] = useState('');
  const [opening, setOpening] = useState(0);
  const [importing, setImporting] = useState(0);
  const pickProvince = me.scopes.all;
  const communes = useAsync(
    () =>
      pickProvince
        ? /^\d{2}$/.test(provinceCode)
          ? communesUnder(provinceCode)
          : Promise.resolve([])
        : scopeCommunes(me),
    [me, pickProvince, provinceCode],
  );
  const communeCode = params.get('commune') ?? (communes.data?.length === 1 ? communes.data[0]!.code : null);
  const communeName = communes.data?.find((c) => c.code === communeCode)?.name;
  const rounds = useAsync(
    () =>
      communeCode
        ? call(() => api.GET('/api/rounds', { params: { query: { communeCode } } }))
        : Promise.resolve([] as RoundSummary[]),
    [communeCode],
  );
  // The commune's opening list (the last list recognised before the system), if one was imported.
  const openingList = useAsync(
    () =>
      communeCode
        ? call(() =>
            api.GET('/api/communes/{communeCode}/opening-list', { params: { path: { communeCode } } }),
          )
        : Promise.resolve(null),
    [communeCode],
  );
  // Opening a round needs the commune in the write scope (the server checks; a village's enumerator, or
  // anyone scoped to villages only, never can).
  const mayOpen = me.permissions.write && me.role !== 'village_enumerator' && !isVillageScoped(me);
  // The opening list is the commune's starting point: offered only before its first round.
  const mayImportOpening = mayOpen && !!communeCode && openingList.data?.canImport === true;
  const current = openingList.data?.openingList ?? null;

  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('rounds.title')}
      </Typography.Title>
      <Card style={{ marginBottom: 16 }}>
        <Row gutter={16} align="bottom">
          {pickProvince && (
            <Col xs={24} md={8}>
              <Form.Item label={t('search.provinceCode')} layout="vertical" style={{ marginBottom: 0 }}>
                <Input
                  value={provinceCode}
                  onChange={(e) => setProvinceCode(e.target.value.trim())}
                  inputMode="numeric"
                  maxLength={2}
                  placeholder="19"
                />
              </Form.Item>
            </Col>
          )}
          <Col xs={24} md={10}>
            <Form.Item label={t('search.commune')} layout="vertical" style={{ marginBottom: 0 }}>
              <Select
                data-testid="rounds-commune"
                showSearch={{ optionFilterProp: 'label' }}
                loading={communes.loading}
                value={communeCode ?? undefined}
                placeholder={pickProvince ? t('search.provinceFirst') : undefined}
                onChange={(v: string) => setParams({ commune: v })}
                options={(communes.data ?? []).map((c) => ({
                  value: c.code,
                  label: `${c.name} (${c.code})`,
                }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={6}>
            {mayOpen && communeCode && (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setOpening((n) => n + 1)}
                data-testid="round-new"
                block
              >
                {t('rounds.open')}
              </Button>
            )}
          </Col>
        </Row>
      </Card>
      {mayImportOpening && (
        <Card size="small" style={{ marginBottom: 16 }} data-testid="opening-card">
          <Flex justify="space-between" align="center" gap={12} wrap>
            <Typography.Text type="secondary">{t('rounds.openingWhat')}</Typography.Text>
            <Button
              icon={<ImportOutlined />}
              onClick={() => setImporting((n) => n + 1)}
              data-testid="opening-import"
            >
              {t('rounds.opening')}
            </Button>
          </Flex>
        </Card>
      )}
      {current && (
        <Card size="small" style={{ marginBottom: 16 }} data-testid="opening-list">
          <Typography.Text>
            {t('rounds.openingCurrent', {
              decision: current.decisionNumber,
              date: date(current.decisionDate),
              poor: number(current.poor),
              nearPoor: number(current.nearPoor),
            })}
          </Typography.Text>
        </Card>
      )}
      <ErrorAlert error={rounds.error} />
      <Table<RoundSummary>
        rowKey="id"
        loading={rounds.loading && !!communeCode}
        dataSource={rounds.data ?? []}
        pagination={false}
        scroll={{ x: 'max-content' }}
        rowClassName={() => 'gn-clickable-row'}
        onRow={(r) => ({ onClick: () => navigate(`/rounds/${r.id}`) })}
        locale={{ emptyText: communeCode ? t('rounds.none') : t('rounds.pickCommune') }}
        columns={[
          {
            title: t('rounds.col.round'),
            render: (_: unknown, r) => (
              <Link to={`/rounds/${r.id}`} onClick={(e) => e.stopPropagation()}>
                {roundTitle(r, i18n)}
              </Link>
            ),
          },
          { title: t('rounds.col.start'), dataIndex: 'startDate', render: (v: string) => date(v) },
          {
            title: t('rounds.col.status'),
            dataIndex: 'status',
            render: (v: RoundStatus) => <StatusTag status={v} />,
          },
          {
            title: t('rounds.col.decision'),
            render: (_: unknown, r) =>
              r.decisionNumber ? `${r.decisionNumber} (${date(r.decisionDate)})` : '—',
          },
        ]}
      />
      {importing > 0 && communeCode && (
        <OpeningListModal
          key={importing}
          communeCode={communeCode}
          communeName={communeName ?? communeCode}
          onClose={() => setImporting(0)}
          onImported={() => openingList.reload()}
        />
      )}
      {opening > 0 && communeCode && (
        <OpenRoundModal
          key={opening}
          communeCode={communeCode}
          communeName={communeName ?? communeCode}
          onClose={() => setOpening(0)}
          onOpened={(id) => navigate(`/rounds/${id}`)}
        />
      )}
    </>
  );
}

interface OpenValues {
  kind: RoundOpenInput['kind'];
  year: number;
  month?: number;
  applications?: { householdId?: string; applicationDate?: Dayjs }[];
}

/** A household of the commune, found by its head's name (GET /api/households). */
function HouseholdPicker({
  communeCode,
  value,
  onChange,
  taken,
  id,
}: {
  communeCode: string;
  value?: string;
  onChange?: (v: string) => void;
  taken: Set<string>;
  id?: string;
}) {
  const { t } = useI18n();
  const [query, setQuery] = useState('');
  const [labels, setLabels] = useState<Record<string, string>>({});
  const found = useAsync(
    () =>
      query.trim().length >= 2
        ? call(() =>
            api.GET('/api/households', {
              params: { query: { name: query.trim(), communeCode, pageSize: 20 } },
            }),
          ).then((r) => r.rows)
        : Promise.resolve([]),
    [query, communeCode],
  );
  const options = (found.data ?? []).map((h) => ({
    value: h.householdId,
    label: `${h.headName} — ${h.villageName}`,
    disabled: taken.has(h.householdId) && h.householdId !== value,
  }));
  if (value && !options.some((o) => o.value === value))
    options.unshift({ value, label: labels[value] ?? value, disabled: false });
  return (
    <Select
      id={id}
      value={value}
      onChange={(v: string) => {
        const label = options.find((o) => o.value === v)?.label;
        if (label) setLabels((l) => ({ ...l, [v]: label }));
        onChange?.(v);
      }}
      showSearch={{ filterOption: false, onSearch: setQuery }}
      placeholder={t('search.namePlaceholder')}
      loading={found.loading && query.trim().length >= 2}
      notFoundContent={query.trim().length >= 2 ? t('search.none') : t('search.nameTooShort')}
      options={options}
      data-testid="application-household"
    />
  );
}

function OpenRoundModal({
  communeCode,
  communeName,
  onClose,
  onOpened,
}: {
  communeCode: string;
  communeName: string;
  onClose(): void;
  onOpened(id: string): void;
}) {
  const { t, pick } = useI18n();
  const [form] = Form.useForm<OpenValues>();
  const kind = Form.useWatch('kind', form);
  const [error, setError] = useState<unknown>(null);
  const [rest, setRest] = useState<FieldError[] | undefined>();
  const [busy, setBusy] = useState(false);
  const [initialValues] = useState<OpenValues>(() => ({
    kind: 'periodic',
    year: today().year(),
    month: today().month() + 1,
    applications: [{ applicationDate: today() }],
  }));
  const applications = Form.useWatch('applications', form);
  const taken = new Set((applications ?? []).map((a) => a?.householdId).filter((v): v is string => !!v));

  const submit = async (v: OpenValues) => {
    setBusy(true);
    setError(null);
    const body: RoundOpenInput = {
      communeCode,
      kind: v.kind,
      year: v.year,
      ...(v.kind === 'regular'
        ? {
            month: v.month ?? null,
            applications: (v.applications ?? []).flatMap((a) =>
              a.householdId && a.applicationDate
                ? [{ householdId: a.householdId, applicationDate: iso(a.applicationDate) }]
                : [],
            ),
          }
        : {}),
    };
    try {
      const round = await call(() => api.POST('/api/rounds', { body }));
      onOpened(round.id);
    } catch (e) {
      setBusy(false);
      if (e instanceof ApiError) {
        const { placed, rest: others } = placeFieldErrors(e.fields, [/^body\./], ['kind', 'year', 'month']);
        form.setFields(placed.map((p) => ({ name: p.name as never, errors: [pick(p.message)] })));
        setRest(others);
      }
      setError(e);
    }
  };

  return (
    <Modal
      open
      title={t('rounds.openTitle', { commune: communeName })}
      onCancel={onClose}
      onOk={() => form.submit()}
      okText={t('rounds.openSubmit')}
      okButtonProps={{ 'data-testid': 'round-open-submit' } as ButtonProps}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
    >
      <ErrorAlert error={error} {...(rest ? { rest } : {})} />
      <Form<OpenValues>
        form={form}
        name="open"
        layout="vertical"
        initialValues={initialValues}
        onFinish={(v) => void submit(v)}
      >
        <Form.Item name="kind" label={t('rounds.kind')}>
          <Radio.Group
            optionType="button"
            buttonStyle="solid"
            options={[
              { value: 'periodic', label: t('rounds.periodic') },
              { value: 'regular', label: t('rounds.regular') },
            ]}
          />
        </Form.Item>
        <Flex gap={16}>
          <Form.Item name="year" label={t('rounds.year')} rules={[{ required: true }]} style={{ flex: 1 }}>
            <InputNumber min={2016} max={2100} precision={0} style={{ width: '100%' }} inputMode="numeric" />
          </Form.Item>
          {kind === 'regular' && (
            <Form.Item
              name="month"
              label={t('rounds.month')}
              rules={[{ required: true }]}
              style={{ flex: 1 }}
            >
              <InputNumber min={1} max={12} precision={0} style={{ width: '100%' }} inputMode="numeric" />
            </Form.Item>
          )}
        </Flex>
        {kind === 'regular' && (
          <Form.List
            name="applications"
            rules={[
              {
                validator: async (_, list?: unknown[]) => {
                  if (!list || list.length === 0) throw new Error(t('rounds.applicationsRequired'));
                },
              },
            ]}
          >
            {(fields, { add, remove }, { errors }) => (
              <div data-testid="round-applications">
                <Typography.Text strong style={{ display: 'block', marginBottom: 8 }}>
                  {t('rounds.applications')}
                </Typography.Text>
                {fields.map((field) => (
                  <Flex key={field.key} gap={8} align="start">
                    <Form.Item
                      name={[field.name, 'householdId']}
                      rules={[{ required: true, message: t('round.applicantRequired') }]}
                      style={{ flex: 2 }}
                      aria-label={t('rounds.applicationHousehold')}
                    >
                      <HouseholdPicker communeCode={communeCode} taken={taken} />
                    </Form.Item>
                    <Form.Item
                      name={[field.name, 'applicationDate']}
                      rules={[{ required: true, message: t('round.dateRequired') }]}
                      style={{ flex: 1 }}
                    >
                      <DatePicker
                        format="DD/MM/YYYY"
                        style={{ width: '100%' }}
                        placeholder={t('rounds.applicationDate')}
                        disabledDate={afterToday}
                      />
                    </Form.Item>
                    <Button
                      icon={<DeleteOutlined />}
                      aria-label={t('common.remove')}
                      disabled={fields.length <= 1}
                      onClick={() => remove(field.name)}
                    />
                  </Flex>
                ))}
                <Form.ErrorList errors={errors} />
                <Button
                  type="dashed"
                  icon={<PlusOutlined />}
                  onClick={() => add({ applicationDate: today() })}
                  style={{ marginBottom: 12 }}
                  data-testid="application-add"
                >
                  {t('rounds.addApplication')}
                </Button>
              </div>
            )}
          </Form.List>
        )}
        <Typography.Text type="secondary">
          {kind === 'regular' ? t('rounds.regularHint') : t('rounds.periodicHint')}
        </Typography.Text>
      </Form>
    </Modal>
  );
}
