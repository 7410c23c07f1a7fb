// Mã truy cập API: the user's personal API tokens for other systems (the administrator: everyone's) — listed by
// their prefix, created (the secret shown once, with a copy button), revoked after a confirmation.
import { KeyOutlined, PlusOutlined, StopOutlined } from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  DatePicker,
  Flex,
  Form,
  Input,
  Modal,
  Popconfirm,
  Radio,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { useMe } from '../auth.tsx';
import { api, call } from '../api/client.ts';
import { ApiError, placeFieldErrors, type FieldError } from '../api/errors.ts';
import type { Schemas } from '../api/types.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { LoadFailed } from '../components/States.tsx';
import { useI18n } from '../i18n/index.tsx';
import { useAsync } from '../lib/useAsync.ts';
import { today } from '../lib/today.ts';

type Token = Schemas['ApiToken'];
type Created = Schemas['CreatedApiToken'];

interface TokenForm {
  name: string;
  access: Token['access'];
  expiresOn?: Dayjs | null;
}

const STATE_COLOURS: Record<Token['state'], string> = {
  active: 'green',
  expired: 'orange',
  revoked: 'default',
};

export function TokensPage() {
  const { t, date, dateTime } = useI18n();
  const { message } = App.useApp();
  const me = useMe();
  const admin = me.permissions.manageUsers;
  const tokens = useAsync(() => call(() => api.GET('/api/tokens')), []);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<Created | null>(null);
  const [revokeError, setRevokeError] = useState<unknown>(null);

  const revoke = async (token: Token) => {
    setRevokeError(null);
    try {
      await call(() => api.DELETE('/api/tokens/{tokenId}', { params: { path: { tokenId: token.tokenId } } }));
      void message.success(t('tokens.revoked', { name: token.name }));
      tokens.reload();
    } catch (e) {
      setRevokeError(e);
    }
  };

  const columns: ColumnsType<Token> = [
    {
      title: t('tokens.name'),
      dataIndex: 'name',
      width: 230,
      render: (name: string, tk) => (
        <>
          <Typography.Text strong>{name}</Typography.Text>
          <div>
            <Typography.Text code style={{ whiteSpace: 'nowrap' }}>
              {tk.prefix}
            </Typography.Text>
          </div>
        </>
      ),
    },
    ...(admin
      ? [{ title: t('tokens.owner'), dataIndex: 'username', render: (u: string) => <Tag>{u}</Tag> }]
      : []),
    {
      title: t('tokens.access'),
      dataIndex: 'access',
      render: (a: Token['access']) =>
        a === 'write' ? <Tag color="volcano">{t('tokens.write')}</Tag> : <Tag>{t('tokens.read')}</Tag>,
    },
    { title: t('tokens.createdAt'), dataIndex: 'createdAt', render: (v: string) => dateTime(v) },
    {
      title: t('tokens.lastUsedAt'),
      dataIndex: 'lastUsedAt',
      render: (v: string | null) =>
        v ? dateTime(v) : <Typography.Text type="secondary">{t('tokens.neverUsed')}</Typography.Text>,
    },
    {
      title: t('tokens.expiry'),
      dataIndex: 'expiresOn',
      render: (v: string | null) =>
        v ? date(v) : <Typography.Text type="secondary">{t('tokens.noExpiry')}</Typography.Text>,
    },
    {
      title: t('tokens.state'),
      dataIndex: 'state',
      render: (s: Token['state']) => <Tag color={STATE_COLOURS[s]}>{t(`tokens.state.${s}`)}</Tag>,
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 130,
      fixed: 'right',
      render: (_: unknown, tk) =>
        tk.state === 'revoked' ? null : (
          <Popconfirm
            title={t('tokens.revokeConfirm', { name: tk.name })}
            okText={t('tokens.revoke')}
            okButtonProps={{ danger: true }}
            cancelText={t('common.cancel')}
            onConfirm={() => revoke(tk)}
          >
            <Button size="middle" danger icon={<StopOutlined />} data-testid={`token-revoke-${tk.tokenId}`}>
              {t('tokens.revoke')}
            </Button>
          </Popconfirm>
        ),
    },
  ];

  if (tokens.error) return <LoadFailed error={tokens.error} onRetry={tokens.reload} />;
  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 16 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          <KeyOutlined /> {t('tokens.title')}
        </Typography.Title>
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
          {t('tokens.create')}
        </Button>
      </Flex>
      <Typography.Paragraph type="secondary" style={{ maxWidth: 900 }}>
        {t('tokens.intro')} {admin ? t('tokens.introAdmin') : null}{' '}
        <a href="/api/docs" target="_blank" rel="noreferrer">
          {t('tokens.docs')}
        </a>
      </Typography.Paragraph>
      <ErrorAlert error={revokeError} />
      <Card>
        <Table<Token>
          rowKey="tokenId"
          size="middle"
          columns={columns}
          dataSource={tokens.data ?? []}
          loading={tokens.loading}
          scroll={{ x: 900 }}
          locale={{ emptyText: t('tokens.empty') }}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
        />
      </Card>
      <CreateTokenModal
        open={creating}
        onClose={() => setCreating(false)}
        onCreated={(c) => {
          setCreating(false);
          setCreated(c);
          tokens.reload();
        }}
      />
      <Modal
        open={created !== null}
        title={created ? t('tokens.createdTitle', { name: created.name }) : ''}
        closable={false}
        mask={{ closable: false }}
        keyboard={false}
        // Once closed, the secret leaves the page altogether (not merely hidden).
        destroyOnHidden
        footer={
          <Button type="primary" onClick={() => setCreated(null)} data-testid="token-done">
            {t('tokens.done')}
          </Button>
        }
      >
        {created && (
          <Flex vertical gap={12}>
            <Alert type="warning" showIcon title={t('tokens.secretWarning')} />
            <Typography.Paragraph
              copyable={{ text: created.token, tooltips: [t('tokens.copy'), t('tokens.copied')] }}
              style={{
                fontFamily: 'ui-monospace, SFMono-Regular, Menlo, Consolas, monospace',
                wordBreak: 'break-all',
                background: '#f5f5f5',
                border: '1px solid #e5e5e5',
                borderRadius: 6,
                padding: '8px 12px',
                margin: 0,
              }}
              data-testid="token-secret"
            >
              {created.token}
            </Typography.Paragraph>
            <Typography.Text type="secondary">{t('tokens.secretUsage')}</Typography.Text>
          </Flex>
        )}
      </Modal>
    </>
  );
}

function CreateTokenModal({
  open,
  onClose,
  onCreated,
}: {
  open: boolean;
  onClose(): void;
  onCreated(token: Created): void;
}) {
  const { t, pick } = useI18n();
  const [form] = Form.useForm<TokenForm>();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [rest, setRest] = useState<FieldError[] | undefined>();

  const submit = async (v: TokenForm) => {
    setBusy(true);
    setError(null);
    setRest(undefined);
    try {
      const token = await call(() =>
        api.POST('/api/tokens', {
          body: {
            name: v.name.trim(),
            access: v.access,
            ...(v.expiresOn ? { expiresOn: v.expiresOn.format('YYYY-MM-DD') } : {}),
          },
        }),
      );
      form.resetFields();
      onCreated(token);
    } catch (e) {
      if (e instanceof ApiError) {
        const { placed, rest: others } = placeFieldErrors(
          e.fields,
          [/^body\./],
          ['name', 'access', 'expiresOn'],
        );
        form.setFields(
          placed.map((p) => ({ name: p.name[0] as keyof TokenForm, errors: [pick(p.message)] })),
        );
        setRest(others);
      }
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      open={open}
      title={t('tokens.create')}
      onCancel={onClose}
      destroyOnHidden
      okText={t('tokens.create')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      okButtonProps={{ loading: busy }}
    >
      <ErrorAlert error={error} {...(rest ? { rest } : {})} />
      <Form<TokenForm>
        form={form}
        layout="vertical"
        initialValues={{ access: 'read' }}
        onFinish={submit}
        disabled={busy}
      >
        <Form.Item
          name="name"
          label={t('tokens.name')}
          rules={[{ required: true, whitespace: true, max: 120, message: t('tokens.nameRule') }]}
        >
          <Input placeholder={t('tokens.namePlaceholder')} maxLength={120} autoComplete="off" />
        </Form.Item>
        <Form.Item name="access" label={t('tokens.access')} rules={[{ required: true }]}>
          <Radio.Group>
            <Flex vertical gap={8}>
              <Radio value="read">
                {t('tokens.read')}
                <div>
                  <Typography.Text type="secondary">{t('tokens.readHelp')}</Typography.Text>
                </div>
              </Radio>
              <Radio value="write">
                {t('tokens.write')}
                <div>
                  <Typography.Text type="secondary">{t('tokens.writeHelp')}</Typography.Text>
                </div>
              </Radio>
            </Flex>
          </Radio.Group>
        </Form.Item>
        <Form.Item name="expiresOn" label={t('tokens.expiresOn')} extra={t('tokens.expiresHelp')}>
          <DatePicker
            format="DD/MM/YYYY"
            style={{ width: '100%' }}
            disabledDate={(d) => d.isBefore(today(), 'day')}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
