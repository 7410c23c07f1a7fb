// Hồ sơ hộ: head, village, commune and flags; members; assessments with their explanations; the audit
// history of the household; and, for those who may change it, the forms that do.
import {
  EditOutlined,
  ExperimentOutlined,
  LogoutOutlined,
  SwapOutlined,
  UserAddOutlined,
} from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Flex, List, Space, Table, Tabs, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, call } from '../api/client.ts';
import type { Assessment, AuditPage, Household, Member } from '../api/types.ts';
import { useMe } from '../auth.tsx';
import { AuditTable } from '../components/AuditTable.tsx';
import { ClassTag } from '../components/ClassTag.tsx';
import { StandingTags } from '../household/Standing.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { LoadFailed, Loading } from '../components/States.tsx';
import { ActionsBar } from '../household/ActionsBar.tsx';
import { LeaveModal, MoveModal } from '../household/ActionModals.tsx';
import { AssessmentDrawer } from '../household/AssessmentDrawer.tsx';
import { HouseholdDrawer } from '../household/HouseholdDrawer.tsx';
import { MemberDrawer } from '../household/MemberDrawer.tsx';
import { useHouseholdChange } from '../household/useHouseholdChange.tsx';
import { relationWords } from '../../../src/domain/registry/relations.ts';
import { useI18n } from '../i18n/index.tsx';
import { loadStandards } from '../lib/reference.ts';
import { useAsync } from '../lib/useAsync.ts';

export function HouseholdPage() {
  const { householdId = '' } = useParams();
  const loaded = useAsync(
    () => call(() => api.GET('/api/households/{householdId}', { params: { path: { householdId } } })),
    [householdId],
  );
  if (loaded.error) return <LoadFailed error={loaded.error} onRetry={loaded.reload} />;
  // Another household's record may still be shown while this one loads: wait for the right one.
  if (!loaded.data || loaded.data.householdId !== householdId) return <Loading />;
  return <HouseholdView household={loaded.data} replace={loaded.set} reload={loaded.reload} />;
}

type Dialog =
  | { kind: 'none' }
  | { kind: 'household' }
  | { kind: 'member'; member: Member | null }
  | { kind: 'leave'; member: Member }
  | { kind: 'assess' }
  | { kind: 'move' };

/**
 * The open drawer or modal. Each opening has its own number, the key of the dialog's component: a dialog
 * starts afresh every time (form values, errors), and keeps its content while it closes.
 */
interface Open {
  dialog: Dialog;
  visible: boolean;
  seq: number;
}

function HouseholdView({
  household,
  replace,
  reload,
}: {
  household: Household;
  replace(h: Household): void;
  reload(): void;
}) {
  const { t, date } = useI18n();
  const me = useMe();
  const [open, setOpen] = useState<Open>({ dialog: { kind: 'none' }, visible: false, seq: 0 });
  const [tab, setTab] = useState('members');
  const run = useHouseholdChange(household, replace, reload);
  const show = (dialog: Dialog) => setOpen((o) => ({ dialog, visible: true, seq: o.seq + 1 }));
  const close = () => setOpen((o) => ({ ...o, visible: false }));
  const d = open.dialog;
  const visible = (kind: Dialog['kind']) => open.visible && d.kind === kind;
  const canWrite = household.canWrite;
  const flags = (
    ['isEthnicMinority', 'personOfMerit', 'socialProtection', 'noLabourCapacity'] as const
  ).filter((k) => household[k]);

  return (
    <>
      <Flex justify="space-between" align="start" wrap gap={12} style={{ marginBottom: 16 }}>
        <div>
          <Typography.Text type="secondary">
            <Link to="/households">{t('nav.households')}</Link> / {t('household.title')}
          </Typography.Text>
          <Typography.Title level={3} style={{ margin: '4px 0 0' }} data-testid="household-head">
            {household.headName}
          </Typography.Title>
          <div style={{ marginTop: 6 }}>
            <StandingTags standing={household.standing} />
          </div>
        </div>
        {canWrite && (
          <ActionsBar
            actions={[
              {
                key: 'edit',
                icon: <EditOutlined />,
                label: t('household.edit'),
                onClick: () => show({ kind: 'household' }),
              },
              {
                key: 'add',
                icon: <UserAddOutlined />,
                label: t('member.add'),
                onClick: () => show({ kind: 'member', member: null }),
              },
              {
                key: 'assess',
                icon: <ExperimentOutlined />,
                label: t('assess.open'),
                onClick: () => show({ kind: 'assess' }),
                primary: true,
              },
              {
                key: 'move',
                icon: <SwapOutlined />,
                label: t('move.open'),
                onClick: () => show({ kind: 'move' }),
              },
            ]}
          />
        )}
      </Flex>

      {household.dissolvedAt && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('household.dissolved', { date: date(household.dissolvedAt) })}
          description={
            household.mergedInto ? (
              <Link to={`/households/${household.mergedInto}`}>{t('household.mergedInto')}</Link>
            ) : undefined
          }
        />
      )}

      <Card style={{ marginBottom: 16 }}>
        <Descriptions
          column={{ xs: 1, sm: 2, lg: 3 }}
          items={[
            { key: 'village', label: t('field.village'), children: household.villageName },
            {
              key: 'commune',
              label: t('field.commune'),
              children: `${household.communeName} (${household.communeCode})`,
            },
            { key: 'province', label: t('field.province'), children: household.provinceName ?? '—' },
            { key: 'address', label: t('field.address'), children: household.address ?? '—' },
            { key: 'ethnicity', label: t('field.ethnicity'), children: household.ethnicity ?? '—' },
            {
              key: 'flags',
              label: t('household.flags'),
              children: flags.length ? (
                <Space size={[4, 4]} wrap>
                  {flags.map((k) => (
                    <Tag key={k} color="blue">
                      {t(`field.${k}`)}
                    </Tag>
                  ))}
                </Space>
              ) : (
                '—'
              ),
            },
            {
              key: 'updated',
              label: t('household.updatedAt'),
              children: `${date(household.updatedAt)} · v${household.version}`,
            },
            ...(household.splitFrom
              ? [
                  {
                    key: 'split',
                    label: t('household.splitFrom'),
                    children: <Link to={`/households/${household.splitFrom}`}>{t('household.open')}</Link>,
                  },
                ]
              : []),
          ]}
        />
        {household.personalDataMasked && (
          <Typography.Text type="secondary" style={{ display: 'block', marginTop: 8 }}>
            {t('household.maskedNote')}
          </Typography.Text>
        )}
      </Card>

      <Card>
        <Tabs
          activeKey={tab}
          onChange={setTab}
          items={[
            {
              key: 'members',
              label: t('household.tab.members', { n: household.members.filter((m) => !m.leftAt).length }),
              children: (
                <MembersTable
                  household={household}
                  onEdit={(m) => show({ kind: 'member', member: m })}
                  onLeave={(m) => show({ kind: 'leave', member: m })}
                />
              ),
            },
            {
              key: 'assessments',
              label: t('household.tab.assessments', { n: household.assessments.length }),
              children: (
                <AssessmentList assessments={household.assessments} masked={household.personalDataMasked} />
              ),
            },
            ...(me.permissions.readAudit
              ? [
                  {
                    key: 'history',
                    label: t('household.tab.history'),
                    children: <HistoryTab householdId={household.householdId} version={household.version} />,
                  },
                ]
              : []),
          ]}
        />
      </Card>

      {canWrite && (
        <>
          {d.kind === 'household' && (
            <HouseholdDrawer
              key={open.seq}
              household={household}
              open={visible('household')}
              onClose={close}
              run={run}
            />
          )}
          {d.kind === 'member' && (
            <MemberDrawer
              key={open.seq}
              household={household}
              member={d.member}
              open={visible('member')}
              onClose={close}
              run={run}
            />
          )}
          {d.kind === 'leave' && (
            <LeaveModal
              key={open.seq}
              household={household}
              member={d.member}
              open={visible('leave')}
              onClose={close}
              run={run}
            />
          )}
          {d.kind === 'assess' && (
            <AssessmentDrawer
              key={open.seq}
              household={household}
              open={visible('assess')}
              onClose={close}
              run={run}
            />
          )}
          {d.kind === 'move' && (
            <MoveModal
              key={open.seq}
              household={household}
              open={visible('move')}
              onClose={close}
              run={run}
            />
          )}
        </>
      )}
    </>
  );
}

function MembersTable({
  household,
  onEdit,
  onLeave,
}: {
  household: Household;
  onEdit(m: Member): void;
  onLeave(m: Member): void;
}) {
  const { t, tOr, date, lang } = useI18n();
  const yesNo = (v: boolean | null) => (v === null ? '—' : v ? t('common.yes') : t('common.no'));
  const columns: ColumnsType<Member> = [
    { title: t('member.no'), dataIndex: 'memberNo', width: 56, align: 'right', fixed: 'left' },
    {
      title: t('field.fullName'),
      dataIndex: 'fullName',
      fixed: 'left',
      width: 190,
      render: (v: string, m) => (
        <>
          <Typography.Text strong={!m.leftAt}>{v}</Typography.Text>
          {m.leftAt && (
            <Tag style={{ marginInlineStart: 8 }} title={m.leftReason ?? undefined}>
              {t('member.left', { date: date(m.leftAt) })}
            </Tag>
          )}
        </>
      ),
    },
    {
      title: t('field.dateOfBirth'),
      dataIndex: 'dateOfBirth',
      render: (v: string | null) => <span className="gn-nowrap">{date(v)}</span>,
    },
    { title: t('field.sex'), dataIndex: 'sex', render: (v: string | null) => (v ? tOr(`sex.${v}`, v) : '—') },
    {
      title: t('field.relationToHead'),
      dataIndex: 'relationToHead',
      render: (v: string | null) => relationWords(v, lang) || '—',
    },
    {
      title: t('field.nationalId'),
      dataIndex: 'nationalId',
      render: (v: string | null) => <span className="gn-nowrap gn-digits">{v ?? '—'}</span>,
    },
    {
      title: t('field.phone'),
      dataIndex: 'phone',
      render: (v: string | null) => <span className="gn-nowrap gn-digits">{v ?? '—'}</span>,
    },
    {
      title: t('field.educationLevel'),
      dataIndex: 'educationLevel',
      render: (v: string | null) => (v ? tOr(`education.${v}`, v) : '—'),
    },
    {
      title: t('field.employment'),
      dataIndex: 'employment',
      render: (v: string | null) => (v ? tOr(`employment.${v}`, v) : '—'),
    },
    { title: t('field.healthInsurance'), dataIndex: 'healthInsurance', render: yesNo },
    ...(household.canWrite
      ? [
          {
            title: t('common.actions'),
            key: 'actions',
            fixed: 'right' as const,
            width: 120,
            render: (_: unknown, m: Member) =>
              m.leftAt ? null : (
                <Space orientation="vertical" size={4}>
                  <Button
                    size="middle"
                    icon={<EditOutlined />}
                    onClick={() => onEdit(m)}
                    data-testid={`member-edit-${m.memberNo}`}
                  >
                    {t('common.edit')}
                  </Button>
                  <Button size="middle" icon={<LogoutOutlined />} onClick={() => onLeave(m)}>
                    {t('member.leave')}
                  </Button>
                </Space>
              ),
          },
        ]
      : []),
  ];
  return (
    <Table<Member>
      rowKey="memberNo"
      size="middle"
      columns={columns}
      dataSource={household.members}
      pagination={false}
      scroll={{ x: 'max-content' }}
      rowClassName={(m) => (m.leftAt ? 'gn-superseded' : '')}
      data-testid="members-table"
    />
  );
}

function AssessmentList({ assessments, masked }: { assessments: Assessment[]; masked: boolean }) {
  const { t, pick, date, number } = useI18n();
  const standards = useAsync(loadStandards, []);
  const nameOf = (id: string) => {
    const s = standards.data?.find((x) => x.id === id);
    return s ? pick(s.name) : id;
  };
  if (!assessments.length) return <Typography.Text type="secondary">{t('assess.none')}</Typography.Text>;
  return (
    <List
      dataSource={assessments}
      rowKey="assessmentId"
      renderItem={(a) => (
        <List.Item
          className={a.superseded ? 'gn-superseded' : undefined}
          data-testid="assessment"
          data-superseded={a.superseded}
        >
          <div style={{ width: '100%' }}>
            <Flex gap={8} wrap align="center" style={{ marginBottom: 6 }}>
              <ClassTag value={a.class} />
              {a.superseded && <Tag>{t('assess.superseded')}</Tag>}
              <Typography.Text strong>{nameOf(a.standardId)}</Typography.Text>
              <Typography.Text type="secondary">
                {t('assess.surveyedOn', { date: date(a.surveyDate) })} ·{' '}
                {t(`area.${a.area === 'urban' ? 'urban' : 'rural'}`)}
              </Typography.Text>
            </Flex>
            <Flex gap={16} wrap style={{ marginBottom: 6 }}>
              <span>
                {a.scoreA !== null
                  ? t('assess.scoreAShown', { n: number(a.scoreA) })
                  : a.incomePerCapita !== null
                    ? t('assess.incomeShown', { n: number(a.incomePerCapita) })
                    : masked
                      ? t('assess.incomeMasked')
                      : '—'}
              </span>
              <span>{t('assess.deficitCount', { n: a.deficitCount })}</span>
              {a.recordedBy && (
                <Typography.Text type="secondary">
                  {t('assess.recordedBy', { who: a.recordedBy, date: date(a.createdAt) })}
                </Typography.Text>
              )}
            </Flex>
            <Typography.Paragraph className="gn-explanation" style={{ marginBottom: 0 }}>
              {pick(a.explanation)}
            </Typography.Paragraph>
          </div>
        </List.Item>
      )}
    />
  );
}

function HistoryTab({ householdId, version }: { householdId: string; version: number }) {
  const [paging, setPaging] = useState({ page: 1, pageSize: 20 });
  const audit = useAsync<AuditPage>(
    () => call(() => api.GET('/api/audit', { params: { query: { householdId, ...paging } } })),
    [householdId, version, paging],
  );
  return (
    <>
      <ErrorAlert error={audit.error} />
      <AuditTable
        rows={audit.data?.rows ?? []}
        total={audit.data?.total ?? 0}
        page={paging.page}
        pageSize={paging.pageSize}
        loading={audit.loading}
        onPage={(page, pageSize) => setPaging({ page, pageSize })}
      />
    </>
  );
}
