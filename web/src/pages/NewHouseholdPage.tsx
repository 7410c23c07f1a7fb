// Thêm hộ: a new household in a village of the user's write scope, with its head as the first member.
import { Button, Card, Checkbox, Col, Form, Input, Row, Select, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { api, call } from '../api/client.ts';
import { ApiError, placeFieldErrors, type FieldError } from '../api/errors.ts';
import type { Sex } from '../api/types.ts';
import { useMe } from '../auth.tsx';
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
import { todayIso } from '../lib/today.ts';

const FLAGS = ['isEthnicMinority', 'personOfMerit', 'socialProtection', 'noLabourCapacity'] as const;

interface Values {
  provinceCode?: string;
  communeCode?: string;
  villageId?: string;
  headName: string;
  address?: string;
  ethnicity?: string;
  nationalId?: string;
  phone?: string;
  dateOfBirth?: string;
  sex?: Sex;
  isEthnicMinority?: boolean;
  personOfMerit?: boolean;
  socialProtection?: boolean;
  noLabourCapacity?: boolean;
}

export function NewHouseholdPage() {
  const { t, pick } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const [form] = Form.useForm<Values>();
  const [error, setError] = useState<unknown>(null);
  const [rest, setRest] = useState<FieldError[] | undefined>();
  const [busy, setBusy] = useState(false);
  // An enumerator with one village adds households there: its commune and village come preselected.
  const [home] = useState(() => onlyVillage(me, 'write'));
  const provinceCode = Form.useWatch('provinceCode', form);
  const communeCode = Form.useWatch('communeCode', form);
  const communes = useAsync<CommuneOption[]>(
    () =>
      me.scopes.all
        ? /^\d{2}$/.test(provinceCode ?? '')
          ? communesUnder(provinceCode!)
          : Promise.resolve([])
        : scopeCommunes(me, 'write'),
    [me, provinceCode],
  );
  const villages = useAsync(
    () => (communeCode ? loadVillages(communeCode) : Promise.resolve([])),
    [communeCode],
  );

  const submit = async (v: Values) => {
    setBusy(true);
    setError(null);
    setRest(undefined);
    try {
      const created = await call(() =>
        api.POST('/api/households', {
          body: {
            villageId: v.villageId!,
            headName: v.headName.trim(),
            address: v.address?.trim() || null,
            ethnicity: v.ethnicity?.trim() || null,
            ...Object.fromEntries(FLAGS.map((f) => [f, !!v[f]])),
            members: [
              {
                fullName: v.headName.trim(),
                relationToHead: 'Chủ hộ',
                nationalId: v.nationalId || null,
                phone: v.phone || null,
                dateOfBirth: v.dateOfBirth || null,
                sex: v.sex ?? null,
              },
            ],
          },
        }),
      );
      navigate(`/households/${created.householdId}`);
    } catch (e) {
      setError(e);
      if (e instanceof ApiError) {
        // body.members.0.nationalId → the head's national ID field; body.headName → headName.
        const mapped = e.fields.map((f) => ({ ...f, path: f.path.replace(/^body\.members\.0\./, 'body.') }));
        const placed = placeFieldErrors(
          mapped,
          [/^body\./],
          ['villageId', 'headName', 'address', 'ethnicity', 'nationalId', 'phone', 'dateOfBirth', 'sex'],
        );
        form.setFields(placed.placed.map((p) => ({ name: p.name as never, errors: [pick(p.message)] })));
        setRest(placed.rest);
      }
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card>
      <Typography.Title level={3}>{t('household.add')}</Typography.Title>
      {error ? <ErrorAlert error={error} rest={rest} /> : null}
      <Form<Values>
        form={form}
        layout="vertical"
        onFinish={submit}
        size="large"
        data-testid="new-household-form"
        initialValues={home ? { communeCode: home.communeCode, villageId: home.villageId } : undefined}
      >
        <Row gutter={16}>
          {me.scopes.all && (
            <Col xs={24} md={6}>
              <Form.Item
                name="provinceCode"
                label={t('search.provinceCode')}
                rules={[{ pattern: /^\d{2}$/, message: t('search.provinceCodeInvalid') }]}
              >
                <Input inputMode="numeric" maxLength={2} />
              </Form.Item>
            </Col>
          )}
          <Col xs={24} md={9}>
            <Form.Item
              name="communeCode"
              label={t('field.commune')}
              rules={[{ required: true, message: t('field.commune') }]}
            >
              <Select
                showSearch
                optionFilterProp="label"
                loading={communes.loading}
                options={(communes.data ?? []).map((c) => ({
                  value: c.code,
                  label: `${c.name} (${c.code})`,
                }))}
                onChange={() => form.setFieldValue('villageId', undefined)}
                data-testid="new-household-commune"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={9}>
            <Form.Item
              name="villageId"
              label={t('field.village')}
              rules={[{ required: true, message: t('field.village') }]}
            >
              <Select
                loading={villages.loading}
                options={villagesInScope(
                  villages.data ?? [],
                  communes.data?.find((c) => c.code === communeCode),
                ).map((v) => ({ value: v.id, label: v.name }))}
                data-testid="new-household-village"
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item
              name="headName"
              label={t('field.headName')}
              rules={[{ required: true, whitespace: true, message: t('household.headRequired') }]}
            >
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="address" label={t('field.address')}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="nationalId"
              label={t('field.nationalId')}
              rules={[{ pattern: /^\d{12}$/, message: t('member.nationalIdInvalid') }]}
            >
              <Input inputMode="numeric" maxLength={12} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="phone"
              label={t('field.phone')}
              rules={[{ pattern: /^0\d{9,10}$/, message: t('member.phoneInvalid') }]}
            >
              <Input inputMode="tel" maxLength={11} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item
              name="dateOfBirth"
              label={t('field.dateOfBirth')}
              rules={[{ pattern: /^\d{4}-\d{2}-\d{2}$/, message: 'YYYY-MM-DD' }]}
            >
              <Input type="date" max={todayIso()} />
            </Form.Item>
          </Col>
          <Col xs={24} md={8}>
            <Form.Item name="ethnicity" label={t('field.ethnicity')}>
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} md={16}>
            <Form.Item label={t('household.flags')}>
              <Row>
                {FLAGS.map((f) => (
                  <Col xs={24} sm={12} key={f}>
                    <Form.Item name={f} valuePropName="checked" noStyle>
                      <Checkbox>{t(`field.${f}`)}</Checkbox>
                    </Form.Item>
                  </Col>
                ))}
              </Row>
            </Form.Item>
          </Col>
        </Row>
        <Button type="primary" htmlType="submit" loading={busy} data-testid="new-household-submit">
          {t('household.add')}
        </Button>
      </Form>
    </Card>
  );
}
