// Nhật ký thay đổi: audit entries by household, user or unit; time, who, action, before → after, reason.
import { SearchOutlined } from '@ant-design/icons';
import { Button, Card, Col, Form, Input, Row, Select, Typography } from 'antd';
import { useEffect, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { api, call } from '../api/client.ts';
import { ApiError, placeFieldErrors } from '../api/errors.ts';
import type { AuditQuery } from '../api/types.ts';
import { useMe } from '../auth.tsx';
import { AUDIT_ENTITIES, auditEntityName } from '../../../src/domain/audit/vocabulary.ts';
import { AuditTable } from '../components/AuditTable.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useAsync } from '../lib/useAsync.ts';

const FILTERS = ['householdId', 'actorId', 'unitCode', 'entityType'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;
const PAGE_SIZE = 20;

export function AuditPage() {
  const { t, lang, pick } = useI18n();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<Filters>();
  // Readers without an all-seeing scope must name a household or a unit: start with their own unit.
  const defaultUnit = !me.scopes.all ? me.scopes.read[0]?.code : undefined;
  const filters = useMemo<Filters>(() => {
    const f: Filters = {};
    for (const k of FILTERS) {
      const v = params.get(k);
      if (v) f[k] = v;
    }
    if (!f.householdId && !f.unitCode && !f.actorId && defaultUnit) f.unitCode = defaultUnit;
    return f;
  }, [params, defaultUnit]);
  const page = Number(params.get('page') ?? '1') || 1;

  const users = useAsync(
    () => (me.permissions.manageUsers ? call(() => api.GET('/api/users')) : Promise.resolve([])),
    [me.permissions.manageUsers],
  );

  useEffect(() => {
    form.resetFields();
    form.setFieldsValue(filters);
  }, [filters, form]);

  const audit = useAsync(() => {
    const query: AuditQuery = { page, pageSize: PAGE_SIZE, ...filters };
    return call(() => api.GET('/api/audit', { params: { query } }));
  }, [filters, page]);

  useEffect(() => {
    if (!(audit.error instanceof ApiError)) return;
    const { placed } = placeFieldErrors(audit.error.fields, [/^querystring\./], FILTERS);
    form.setFields(placed.map((p) => ({ name: p.name as never, errors: [pick(p.message)] })));
  }, [audit.error, form, pick]);
  const rest =
    audit.error instanceof ApiError
      ? placeFieldErrors(audit.error.fields, [/^querystring\./], FILTERS).rest
      : undefined;

  const submit = (v: Filters) => {
    const next = new URLSearchParams();
    for (const k of FILTERS) {
      const value = v[k]?.trim();
      if (value) next.set(k, value);
    }
    setParams(next);
  };

  return (
    <>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('audit.title')}
      </Typography.Title>
      <Card style={{ marginBottom: 16 }}>
        <Form<Filters> form={form} layout="vertical" onFinish={submit}>
          <Row gutter={16}>
            <Col xs={24} md={12} xl={7}>
              <Form.Item
                name="householdId"
                label={t('audit.householdId')}
                rules={[{ pattern: /^[0-9a-f-]{36}$/i, message: t('audit.householdIdRule') }]}
              >
                <Input allowClear placeholder="xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx" />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={6}>
              <Form.Item name="actorId" label={t('audit.user')}>
                {me.permissions.manageUsers ? (
                  <Select
                    allowClear
                    showSearch={{ optionFilterProp: 'label' }}
                    loading={users.loading}
                    options={(users.data ?? []).map((u) => ({
                      value: u.userId,
                      label: `${u.displayName} (${u.username})`,
                    }))}
                  />
                ) : (
                  <Input allowClear placeholder={t('audit.userIdPlaceholder')} />
                )}
              </Form.Item>
            </Col>
            <Col xs={12} md={6} xl={4}>
              <Form.Item
                name="unitCode"
                label={t('audit.unitCode')}
                rules={[{ pattern: /^\d{2,5}$/, message: t('users.unitCodeRule') }]}
              >
                <Input allowClear inputMode="numeric" maxLength={5} />
              </Form.Item>
            </Col>
            <Col xs={12} md={6} xl={4}>
              <Form.Item name="entityType" label={t('audit.entityType')}>
                <Select
                  allowClear
                  options={Object.keys(AUDIT_ENTITIES).map((e) => ({
                    value: e,
                    label: auditEntityName(e, lang),
                  }))}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12} xl={3}>
              <Form.Item label=" " colon={false}>
                <Button type="primary" htmlType="submit" icon={<SearchOutlined />} block>
                  {t('search.submit')}
                </Button>
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Card>
      <Card>
        <ErrorAlert error={audit.error} {...(rest ? { rest } : {})} />
        <AuditTable
          householdLinks
          rows={audit.data?.rows ?? []}
          total={audit.data?.total ?? 0}
          page={page}
          pageSize={PAGE_SIZE}
          loading={audit.loading}
          onPage={(p) => {
            const next = new URLSearchParams(params);
            next.set('page', String(p));
            setParams(next);
          }}
        />
      </Card>
    </>
  );
}
