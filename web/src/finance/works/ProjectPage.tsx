// Một dự án sản xuất: its fields, the edit form, and the households taking part — added by searching the
// registry within the user's scope (the household's class when it joined is kept), removed one by one.
import { ArrowLeftOutlined, DeleteOutlined } from '@ant-design/icons';
import { App, Button, Card, Descriptions, Flex, Popconfirm, Select, Table, Tag, Typography } from 'antd';
import { useRef, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api, call } from '../../api/client.ts';
import { ApiError } from '../../api/errors.ts';
import { useMe } from '../../auth.tsx';
import { ClassTag } from '../../components/ClassTag.tsx';
import { LoadFailed, Loading } from '../../components/States.tsx';
import { useI18n } from '../../i18n/index.tsx';
import { useAsync } from '../../lib/useAsync.ts';
import { useFinance } from '../FinanceLayout.tsx';
import { exactMoney, money } from '../money.ts';
import { canWriteFinance } from '../scope.ts';
import { DeleteDialog } from './DeleteDialog.tsx';
import { ProjectForm } from './ProjectForm.tsx';
import type { Participants } from './types.ts';

type Participant = Participants['rows'][number];
interface Found {
  householdId: string;
  headName: string;
  villageName: string;
  communeName: string;
}

export function ProjectPage() {
  const { projectId } = useParams();
  const i18n = useI18n();
  const { t, pick, lang, date } = i18n;
  const { message } = App.useApp();
  const me = useMe();
  const { link } = useFinance();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const navigate = useNavigate();
  const [found, setFound] = useState<Found[]>([]);
  const [searching, setSearching] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const project = useAsync(
    () => call(() => api.GET('/api/production-projects/{id}', { params: { path: { id: projectId! } } })),
    [projectId],
  );
  const people = useAsync(
    () =>
      call(() =>
        api.GET('/api/production-projects/{id}/households', { params: { path: { id: projectId! } } }),
      ),
    [projectId],
  );
  if (project.error) return <LoadFailed error={project.error} onRetry={project.reload} />;
  const p = project.data;
  if (!p) return <Loading />;
  const mayWrite = canWriteFinance(me);
  const fail = (e: unknown) =>
    void message.error(e instanceof ApiError ? pick(e.text) : t('error.unexpected'));

  const search = (name: string) => {
    clearTimeout(timer.current);
    if (name.trim().length < 2) return setFound([]);
    timer.current = setTimeout(() => {
      setSearching(true);
      call(() =>
        api.GET('/api/households', {
          params: {
            query: {
              name: name.trim(),
              pageSize: 20,
              ...(p.unit.code.length === 5 ? { communeCode: p.unit.code } : {}),
            },
          },
        }),
      )
        .then((r) => setFound(r.rows))
        .catch(fail)
        .finally(() => setSearching(false));
    }, 300);
  };
  const add = (householdId: string) =>
    call(() =>
      api.POST('/api/production-projects/{id}/households', {
        params: { path: { id: p.id } },
        body: { householdId },
      }),
    ).then(() => {
      setFound([]);
      people.reload();
      project.reload();
    }, fail);
  const remove = (householdId: string) =>
    call(() =>
      api.DELETE('/api/production-projects/{id}/households/{householdId}', {
        params: { path: { id: p.id, householdId } },
      }),
    ).then(() => {
      people.reload();
      project.reload();
    }, fail);

  return (
    <Flex vertical gap={12}>
      <Flex gap={12} align="center">
        <Link to={link('/production-projects')}>
          <Button icon={<ArrowLeftOutlined />} aria-label={t('finance.nav.production')} />
        </Link>
        <Typography.Title level={4} style={{ margin: 0, flex: 1, minWidth: 0 }}>
          {p.name}
        </Typography.Title>
        <Tag>{pick(p.kindName)}</Tag>
        {mayWrite && (
          <Button onClick={() => setEditing(true)} data-testid="project-edit">
            {t('works.editButton')}
          </Button>
        )}
        {mayWrite && (
          <Button
            danger
            disabled={p.disbursedVnd > 0}
            title={p.disbursedVnd > 0 ? t('works.deleteBlocked') : undefined}
            onClick={() => setDeleting(true)}
            data-testid="project-delete"
          >
            {t('works.deleteProject')}
          </Button>
        )}
      </Flex>
      <Card size="small">
        <Descriptions
          size="small"
          column={{ xs: 1, md: 2, lg: 3 }}
          items={[
            { key: 'unit', label: t('finance.unit'), children: `${p.unit.name} (${p.unit.code})` },
            { key: 'project', label: t('finance.project'), children: p.project ?? '—' },
            {
              key: 'period',
              label: t('projects.period'),
              children: p.startDate || p.endDate ? `${date(p.startDate)} – ${date(p.endDate)}` : '—',
            },
            {
              key: 'budget',
              label: t('projects.budget'),
              children: <span title={exactMoney(p.budgetVnd, lang)}>{money(p.budgetVnd, lang)}</span>,
            },
            {
              key: 'disbursed',
              label: t('finance.disbursed'),
              children: <span title={exactMoney(p.disbursedVnd, lang)}>{money(p.disbursedVnd, lang)}</span>,
            },
            { key: 'models', label: t('projects.models'), children: p.models ?? '—' },
            { key: 'outputs', label: t('projects.outputs'), children: p.outputs ?? '—' },
          ]}
        />
      </Card>
      <Card
        size="small"
        title={t('projects.households', { count: p.participants })}
        extra={
          mayWrite ? (
            <Select
              showSearch
              value={null}
              filterOption={false}
              onSearch={search}
              onSelect={(id: string | null) => void (id && add(id))}
              loading={searching}
              placeholder={t('projects.addHousehold')}
              style={{ width: 320 }}
              data-testid="project-household-search"
              notFoundContent={t('projects.searchHint')}
              options={found.map((h) => ({
                value: h.householdId,
                label: `${h.headName} — ${h.villageName}, ${h.communeName}`,
              }))}
            />
          ) : null
        }
      >
        <Table<Participant>
          rowKey="householdId"
          size="small"
          loading={people.loading}
          pagination={false}
          dataSource={people.data?.rows ?? []}
          data-testid="project-households"
          locale={{ emptyText: t('projects.noHouseholds') }}
          scroll={{ x: 700 }}
          columns={[
            {
              title: t('projects.head'),
              dataIndex: 'headName',
              render: (n: string, h) => <Link to={`/households/${h.householdId}`}>{n}</Link>,
            },
            { title: t('works.village'), dataIndex: 'villageName' },
            {
              title: t('projects.classAtJoining'),
              dataIndex: 'classAtJoining',
              render: (c: string | null) => (c ? <ClassTag value={c} /> : '—'),
            },
            { title: t('projects.joinedOn'), dataIndex: 'joinedOn', render: (d: string | null) => date(d) },
            ...(mayWrite
              ? [
                  {
                    title: '',
                    width: 60,
                    render: (_: unknown, h: Participant) => (
                      <Popconfirm
                        title={t('projects.removeConfirm')}
                        okText={t('common.yes')}
                        cancelText={t('common.cancel')}
                        onConfirm={() => remove(h.householdId)}
                      >
                        <Button icon={<DeleteOutlined />} aria-label={t('projects.remove')} />
                      </Popconfirm>
                    ),
                  },
                ]
              : []),
          ]}
        />
      </Card>
      {deleting && (
        <DeleteDialog
          title={t('works.deleteProject')}
          name={p.name}
          remove={(reason) =>
            call(() =>
              api.DELETE('/api/production-projects/{id}', {
                params: { path: { id: p.id } },
                body: { version: p.version, reason },
              }),
            )
          }
          onClose={() => setDeleting(false)}
          onDone={() => {
            void message.success(t('works.deleted'));
            navigate(link('/production-projects'));
          }}
        />
      )}
      {editing && (
        <ProjectForm
          project={p}
          onClose={() => setEditing(false)}
          onSaved={() => {
            setEditing(false);
            project.reload();
          }}
        />
      )}
    </Flex>
  );
}
