// Quản lý người dùng: the accounts, their roles and scopes; create, change role/scopes/active/password.
import { EditOutlined, MinusCircleOutlined, PlusOutlined, UserAddOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Col,
  Drawer,
  Flex,
  Form,
  Input,
  Row,
  Select,
  Switch,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { api, call } from '../api/client.ts';
import { ApiError, placeFieldErrors, type FieldError } from '../api/errors.ts';
import { ROLES, type Role, type ScopeInput, type User } from '../api/types.ts';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { LoadFailed } from '../components/States.tsx';
import { useI18n } from '../i18n/index.tsx';
import { loadUnit } from '../lib/reference.ts';
import { useAsync } from '../lib/useAsync.ts';

interface ScopeRow {
  access: ScopeInput['access'];
  target: 'unit' | 'village';
  unitCode?: string;
  unitValidFrom?: string | null;
  villageId?: string;
  /** The commune whose villages the picker lists (a village scope is chosen by commune, then by name). */
  villageCommune?: string;
}
interface UserForm {
  username: string;
  displayName: string;
  password?: string;
  role: Role;
  active: boolean;
  scopes: ScopeRow[];
}

const toRows = (u: User): ScopeRow[] =>
  u.scopes.map((s) => ({
    access: s.access === 'write' ? 'write' : 'read',
    target: s.villageId ? 'village' : 'unit',
    unitCode: s.unitCode ?? undefined,
    unitValidFrom: s.unitValidFrom,
    villageId: s.villageId ?? undefined,
    villageCommune: s.villageCommuneCode ?? undefined,
  }));

/** Scope rows → the API's entries; a unit code typed by hand is resolved to the unit valid today. */
async function toScopes(rows: ScopeRow[], before: User | null): Promise<ScopeInput[]> {
  const out: ScopeInput[] = [];
  for (const r of rows) {
    if (r.target === 'village') {
      out.push({ access: r.access, villageId: r.villageId! });
      continue;
    }
    const code = r.unitCode!.trim();
    const kept = before?.scopes.find((s) => s.unitCode === code && s.unitValidFrom);
    const validFrom = kept?.unitValidFrom ?? (await loadUnit(code)).validFrom;
    out.push({ access: r.access, unitCode: code, unitValidFrom: validFrom });
  }
  return out;
}

export function UsersPage() {
  const { t, tOr } = useI18n();
  const users = useAsync(() => call(() => api.GET('/api/users')), []);
  // The user being edited (null: a new one); each opening is a fresh drawer (see `seq`).
  const [editing, setEditing] = useState<{ user: User | null; visible: boolean; seq: number }>({
    user: null,
    visible: false,
    seq: 0,
  });
  const edit = (user: User | null) => setEditing((e) => ({ user, visible: true, seq: e.seq + 1 }));
  const close = () => setEditing((e) => ({ ...e, visible: false }));

  const columns: ColumnsType<User> = [
    {
      title: t('users.username'),
      dataIndex: 'username',
      render: (v: string, u) => (
        <>
          <Typography.Text strong>{v}</Typography.Text>
          <div>{u.displayName}</div>
        </>
      ),
    },
    {
      title: t('users.role'),
      dataIndex: 'role',
      render: (r: string) => <Tag color="geekblue">{tOr(`role.${r}`, r)}</Tag>,
    },
    {
      title: t('users.scopes'),
      dataIndex: 'scopes',
      render: (scopes: User['scopes']) =>
        scopes.length ? (
          <Flex gap={4} wrap>
            {scopes.map((s, i) => (
              <ScopeTag key={i} scope={s} />
            ))}
          </Flex>
        ) : (
          <Typography.Text type="secondary">{t('users.noScopes')}</Typography.Text>
        ),
    },
    {
      title: t('users.status'),
      key: 'status',
      render: (_: unknown, u) => (
        <Flex gap={4} wrap>
          {u.active ? <Tag color="green">{t('users.active')}</Tag> : <Tag>{t('users.inactive')}</Tag>}
          {u.locked && <Tag color="red">{t('users.locked')}</Tag>}
        </Flex>
      ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      width: 110,
      fixed: 'right',
      render: (_: unknown, u) => (
        <Button
          size="middle"
          icon={<EditOutlined />}
          onClick={() => edit(u)}
          data-testid={`user-edit-${u.username}`}
        >
          {t('common.edit')}
        </Button>
      ),
    },
  ];

  if (users.error) return <LoadFailed error={users.error} onRetry={users.reload} />;
  return (
    <>
      <Flex justify="space-between" align="center" wrap gap={12} style={{ marginBottom: 16 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('users.title')}
        </Typography.Title>
        <Button type="primary" icon={<UserAddOutlined />} onClick={() => edit(null)}>
          {t('users.create')}
        </Button>
      </Flex>
      <Card>
        <Table<User>
          rowKey="userId"
          size="middle"
          columns={columns}
          dataSource={users.data ?? []}
          loading={users.loading}
          scroll={{ x: 760 }}
          pagination={{ pageSize: 50, hideOnSinglePage: true }}
        />
      </Card>
      {editing.seq > 0 && (
        <UserDrawer
          key={editing.seq}
          user={editing.user}
          open={editing.visible}
          onClose={close}
          onSaved={() => {
            close();
            users.reload();
          }}
        />
      )}
    </>
  );
}

function ScopeTag({ scope }: { scope: User['scopes'][number] }) {
  const { t } = useI18n();
  const name = useAsync(
    () => (scope.unitCode ? loadUnit(scope.unitCode).then((u) => u.name) : Promise.resolve(null)),
    [scope.unitCode],
  );
  const what = scope.villageId
    ? t('users.village', { name: scope.villageName ?? '?', code: scope.villageCommuneCode ?? '?' })
    : `${name.data ?? ''} (${scope.unitCode})`;
  return (
    <Tag color={scope.access === 'write' ? 'volcano' : 'default'}>
      {scope.access === 'write' ? t('users.write') : t('users.read')} · {what}
    </Tag>
  );
}

function UserDrawer({
  user,
  open,
  onClose,
  onSaved,
}: {
  user: User | null;
  open: boolean;
  onClose(): void;
  onSaved(): void;
}) {
  const { t, tOr, pick } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<UserForm>();
  const [error, setError] = useState<unknown>(null);
  const [rest, setRest] = useState<FieldError[] | undefined>();
  const [busy, setBusy] = useState(false);
  const creating = user === null;
  const [initialValues] = useState<Partial<UserForm>>(() =>
    user
      ? {
          username: user.username,
          displayName: user.displayName,
          role: user.role,
          active: user.active,
          scopes: toRows(user),
        }
      : { role: 'commune_officer', active: true, scopes: [] },
  );

  const submit = async (v: UserForm) => {
    setBusy(true);
    setError(null);
    setRest(undefined);
    try {
      const scopes = await toScopes(v.scopes ?? [], user ?? null);
      if (creating) {
        await call(() =>
          api.POST('/api/users', {
            body: {
              username: v.username.trim(),
              displayName: v.displayName.trim(),
              password: v.password!,
              role: v.role,
              scopes,
            },
          }),
        );
        void message.success(t('users.created'));
      } else if (user) {
        await call(() =>
          api.PATCH('/api/users/{userId}', {
            params: { path: { userId: user.userId } },
            body: {
              version: user.version,
              ...(v.displayName.trim() !== user.displayName ? { displayName: v.displayName.trim() } : {}),
              ...(v.role !== user.role ? { role: v.role } : {}),
              ...(v.active !== user.active ? { active: v.active } : {}),
              ...(v.password ? { password: v.password } : {}),
              scopes,
            },
          }),
        );
        void message.success(t('users.saved'));
      }
      onSaved();
    } catch (e) {
      if (e instanceof ApiError) {
        const { placed, rest: others } = placeFieldErrors(
          e.fields,
          [/^body\./],
          ['username', 'displayName', 'password', 'role', 'active', 'scopes'],
        );
        form.setFields(
          placed.map((p) => ({
            // scopes.0.unitCode → the row's code field.
            name: (p.name[0] === 'scopes' ? p.name.slice(0, 3) : p.name.slice(0, 1)) as never,
            errors: [pick(p.message)],
          })),
        );
        setRest(others);
        if (e.code === 'STALE_VERSION') onSaved();
      }
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      destroyOnHidden
      size={640}
      title={creating ? t('users.create') : t('users.editTitle', { name: user?.username ?? '' })}
      footer={
        <Flex justify="end" gap={8}>
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button type="primary" loading={busy} onClick={() => form.submit()}>
            {t('common.save')}
          </Button>
        </Flex>
      }
    >
      <ErrorAlert error={error} {...(rest ? { rest } : {})} />
      <Form<UserForm>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={submit}
        disabled={busy}
      >
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              name="username"
              label={t('users.username')}
              rules={[{ required: true, pattern: /^[a-z0-9._-]{3,40}$/i, message: t('users.usernameRule') }]}
            >
              <Input disabled={!creating} autoCapitalize="none" autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="displayName"
              label={t('users.displayName')}
              rules={[{ required: true, whitespace: true }, { max: 120 }]}
            >
              <Input />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="role" label={t('users.role')} rules={[{ required: true }]}>
              <Select options={ROLES.map((r) => ({ value: r, label: tOr(`role.${r}`, r) }))} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="active" label={t('users.active')} valuePropName="checked">
              <Switch disabled={creating} />
            </Form.Item>
          </Col>
          <Col xs={24}>
            <Form.Item
              name="password"
              label={creating ? t('users.password') : t('users.newPassword')}
              rules={[
                ...(creating ? [{ required: true, message: t('users.passwordRequired') }] : []),
                { min: 10, message: t('users.passwordRule') },
              ]}
              {...(creating ? {} : { extra: t('users.passwordHint') })}
            >
              <Input.Password autoComplete="new-password" />
            </Form.Item>
          </Col>
        </Row>
        <Typography.Title level={5}>{t('users.scopes')}</Typography.Title>
        <Form.List name="scopes">
          {(fields, { add, remove }) => (
            <>
              {fields.map((field) => (
                <ScopeRowFields key={field.key} name={field.name} remove={() => remove(field.name)} />
              ))}
              <Button
                type="dashed"
                block
                icon={<PlusOutlined />}
                onClick={() => add({ access: 'read', target: 'unit' })}
              >
                {t('users.addScope')}
              </Button>
            </>
          )}
        </Form.List>
      </Form>
    </Drawer>
  );
}

function ScopeRowFields({ name, remove }: { name: number; remove(): void }) {
  const { t } = useI18n();
  const form = Form.useFormInstance<UserForm>();
  const target = Form.useWatch(['scopes', name, 'target'], form);
  return (
    <Row gutter={8} align="top" wrap={false} style={{ marginBottom: 4 }}>
      <Col flex="110px">
        <Form.Item name={[name, 'access']} rules={[{ required: true }]}>
          <Select
            options={[
              { value: 'read', label: t('users.read') },
              { value: 'write', label: t('users.write') },
            ]}
          />
        </Form.Item>
      </Col>
      <Col flex="120px">
        <Form.Item name={[name, 'target']}>
          <Select
            options={[
              { value: 'unit', label: t('users.unit') },
              { value: 'village', label: t('users.villageTarget') },
            ]}
          />
        </Form.Item>
      </Col>
      <Col flex="auto">
        {target === 'village' ? (
          <VillagePicker name={name} />
        ) : (
          <Form.Item
            name={[name, 'unitCode']}
            rules={[{ required: true, pattern: /^\d{2,5}$/, message: t('users.unitCodeRule') }]}
          >
            <Input inputMode="numeric" maxLength={5} placeholder={t('users.unitCodePlaceholder')} />
          </Form.Item>
        )}
      </Col>
      <Col flex="48px">
        <Button aria-label={t('common.remove')} icon={<MinusCircleOutlined />} onClick={remove} />
      </Col>
    </Row>
  );
}

/** A village scope: the commune's code first, then the village by name from that commune's list. */
function VillagePicker({ name }: { name: number }) {
  const { t } = useI18n();
  const form = Form.useFormInstance<UserForm>();
  const commune = Form.useWatch(['scopes', name, 'villageCommune'], form);
  const code = /^\d{5}$/.test(commune ?? '') ? commune! : null;
  const villages = useAsync(
    () =>
      code
        ? call(() => api.GET('/api/villages', { params: { query: { communeCode: code } } }))
        : Promise.resolve([]),
    [code],
  );
  return (
    <Row gutter={8} wrap={false}>
      <Col flex="110px">
        <Form.Item
          name={[name, 'villageCommune']}
          rules={[{ required: true, pattern: /^\d{5}$/, message: t('users.communeCodeRule') }]}
        >
          <Input
            inputMode="numeric"
            maxLength={5}
            placeholder={t('users.villageCommunePlaceholder')}
            aria-label={t('users.villageCommunePlaceholder')}
            onChange={() => form.setFieldValue(['scopes', name, 'villageId'], undefined)}
          />
        </Form.Item>
      </Col>
      <Col flex="auto">
        <Form.Item name={[name, 'villageId']} rules={[{ required: true, message: t('users.villageRule') }]}>
          <Select
            aria-label={t('users.villagePick')}
            placeholder={t('users.villagePick')}
            loading={villages.loading}
            disabled={!code}
            showSearch={{ optionFilterProp: 'label' }}
            notFoundContent={code && !villages.loading ? t('users.noVillages') : null}
            options={(villages.data ?? []).map((v) => ({ value: v.id, label: v.name }))}
          />
        </Form.Item>
      </Col>
    </Row>
  );
}
