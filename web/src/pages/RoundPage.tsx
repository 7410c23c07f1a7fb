// Bảng rà soát của xã: the steps with deadlines and progress, what still stands before recognition, each
// village's steps, postings and minutes, the households with their stage and classes, and the actions.
import {
  CheckCircleOutlined,
  FormOutlined,
  ContainerOutlined,
  FileDoneOutlined,
  LockOutlined,
  SendOutlined,
  ThunderboltOutlined,
  UnlockOutlined,
  UserAddOutlined,
} from '@ant-design/icons';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Flex,
  Grid,
  List,
  Row,
  Space,
  Table,
  Tag,
  Tooltip,
  Typography,
} from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, call } from '../api/client.ts';
import type { HouseholdStage, Round, RoundHousehold, RoundStep, RoundVillage } from '../api/types.ts';
import { useMe } from '../auth.tsx';
import { ClassTag } from '../components/ClassTag.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { LoadFailed, Loading } from '../components/States.tsx';
import { useI18n } from '../i18n/index.tsx';
import { isVillageScoped } from '../lib/reference.ts';
import { useAsync } from '../lib/useAsync.ts';
import {
  isStep,
  readinessTexts,
  roundTitle,
  StageTag,
  StatusTag,
  StepProgress,
  StepState,
} from '../review/labels.tsx';
import {
  AccountModal,
  ApplicantModal,
  ComplaintModal,
  DateStepModal,
  MeetingModal,
  PostingModal,
  RecheckModal,
  RecogniseModal,
  ReopenModal,
  ScreenModal,
} from '../review/RoundDialogs.tsx';
import { RoundDocuments } from '../review/RoundDocuments.tsx';
import { SurveyDrawer } from '../review/SurveyDrawer.tsx';
import { useRoundChange } from '../review/useRoundChange.tsx';
import '../components/touch.css';
import { todayIso } from '../lib/today.ts';

export function RoundPage() {
  const { roundId = '' } = useParams();
  const loaded = useAsync(
    () => call(() => api.GET('/api/rounds/{roundId}', { params: { path: { roundId } } })),
    [roundId],
  );
  if (loaded.error) return <LoadFailed error={loaded.error} onRetry={loaded.reload} />;
  if (!loaded.data || loaded.data.id !== roundId) return <Loading />;
  return <RoundBoard round={loaded.data} replace={loaded.set} reload={loaded.reload} />;
}

type Dialog =
  | { kind: 'none' }
  | { kind: 'applicant' }
  | { kind: 'close_listing' }
  | { kind: 'report' }
  | { kind: 'recognise' }
  | { kind: 'reopen' }
  | { kind: 'screen' | 'survey' | 'complaint' | 'recheck' | 'account'; household: RoundHousehold }
  | { kind: 'meeting'; village: RoundVillage }
  | { kind: 'posting'; village: RoundVillage; mode: 'start' | 'end' };

interface Open {
  dialog: Dialog;
  visible: boolean;
  seq: number;
}

function RoundBoard({ round, replace, reload }: { round: Round; replace(r: Round): void; reload(): void }) {
  const i18n = useI18n();
  const { t, pick, date, percent } = i18n;
  const me = useMe();
  const { message } = App.useApp();
  const run = useRoundChange(round, replace, reload);
  const [open, setOpen] = useState<Open>({ dialog: { kind: 'none' }, visible: false, seq: 0 });
  const [autoError, setAutoError] = useState<unknown>(null);
  const [autoBusy, setAutoBusy] = useState(false);
  const [recordedBusy, setRecordedBusy] = useState(false);
  const [recordedApplied, setRecordedApplied] = useState<number | null>(null);
  const show = (dialog: Dialog) => setOpen((o) => ({ dialog, visible: true, seq: o.seq + 1 }));
  const close = () => setOpen((o) => ({ ...o, visible: false }));
  const d = open.dialog;
  const visible = (kind: Dialog['kind']) => open.visible && d.kind === kind;

  const canWrite = me.permissions.write;
  // A user scoped to villages only (an enumerator) does its villages' steps — screening, survey, meeting,
  // posting — and none of the commune's (listing, closing it, recognising, reporting, reopening): the
  // server refuses those, so they are not offered.
  const villageScoped = isVillageScoped(me);
  const communeWide = canWrite && !villageScoped;
  const ownVillages = new Set(me.scopes.villages.filter((v) => v.write).map((v) => v.villageId));
  const mayWriteVillage = (villageId: string) => canWrite && (!villageScoped || ownVillages.has(villageId));
  // Recorded surveys: the commune's for a commune officer; the villages they write for an enumerator (the
  // server applies only those, one village or several).
  const recordedVillage = villageScoped && ownVillages.size === 1 ? [...ownVillages][0] : undefined;
  const mayApplyRecorded = communeWide || (canWrite && villageScoped && ownVillages.size > 0);
  // Below a laptop's width (a tablet, a phone) the households table keeps what fits: the actions go into the
  // first cell, under the head's name, instead of a last column off the screen.
  const screens = Grid.useBreakpoint();
  const compact = !screens.lg;
  const isOpen = round.status === 'open';
  const listingClosed = round.steps.find((s) => s.code === 'listing')?.done === 1;
  const ready = round.readiness.length === 0;
  const common = { run, round, onClose: close };

  const autoList = async () => {
    setAutoBusy(true);
    setAutoError(null);
    const before = round.households.length;
    const outcome = await run(
      (expectedCount) =>
        call(() =>
          api.POST('/api/rounds/{roundId}/listing/auto', {
            params: { path: { roundId: round.id } },
            body: { expectedCount, date: todayIso() },
          }),
        ),
      t('round.autoDone'),
    );
    setAutoBusy(false);
    if (outcome.ok && outcome.round.households.length === before) void message.info(t('round.autoNone'));
    if (!outcome.ok && !outcome.stale) setAutoError(outcome.error);
  };

  const applyRecorded = async () => {
    setRecordedBusy(true);
    setAutoError(null);
    let applied = 0;
    const outcome = await run(
      async (expectedCount) => {
        const r = await call(() =>
          api.POST('/api/rounds/{roundId}/surveys/from-recorded', {
            params: { path: { roundId: round.id } },
            body: {
              expectedCount,
              date: todayIso(),
              ...(recordedVillage ? { villageId: recordedVillage } : {}),
            },
          }),
        );
        applied = r.applied;
        const { applied: _applied, ...next } = r;
        return next;
      },
      () =>
        applied > 0
          ? t('round.fromRecordedDone', { n: applied })
          : t('round.fromRecordedNone', { year: round.year }),
    );
    setRecordedBusy(false);
    if (outcome.ok) setRecordedApplied(applied);
    if (!outcome.ok && !outcome.stale) setAutoError(outcome.error);
  };

  const villageOf = (id: string) => round.villages.find((v) => v.villageId === id);
  const posted = (h: RoundHousehold) => (villageOf(h.villageId)?.postings.length ?? 0) > 0;

  const rowActions = (h: RoundHousehold) => {
    if (!isOpen || !mayWriteVillage(h.villageId)) return null;
    const buttons: { key: Dialog['kind']; label: string; primary?: boolean }[] = [];
    if (h.reason === 'applicant' && h.stage === 'listed' && !h.screening)
      buttons.push({ key: 'screen', label: t('round.screen'), primary: true });
    const surveyable =
      (h.stage === 'listed' && (h.reason !== 'applicant' || h.screening?.passed === true)) ||
      h.stage === 'resurvey' ||
      h.stage === 'surveyed';
    if (listingClosed && surveyable)
      buttons.push({ key: 'survey', label: t('round.survey'), primary: h.stage !== 'surveyed' });
    if (communeWide && (h.stage === 'agreed' || h.stage === 'rechecked') && posted(h))
      buttons.push({ key: 'complaint', label: t('round.complaint') });
    if (communeWide && h.stage === 'complained')
      buttons.push({ key: 'recheck', label: t('round.recheck'), primary: true });
    if (
      communeWide &&
      h.stage === 'listed' &&
      (h.reason === 'current_poor' || h.reason === 'current_near_poor')
    )
      buttons.push({ key: 'account', label: t('round.account') });
    return (
      <Flex gap={6} wrap>
        {buttons.map((b) => (
          <Button
            key={b.key}
            type={b.primary ? 'primary' : 'default'}
            data-testid={`hh-${b.key}-${h.householdId}`}
            onClick={() => show({ kind: b.key, household: h } as Dialog)}
          >
            {b.label}
          </Button>
        ))}
      </Flex>
    );
  };

  type Column = ColumnsType<RoundHousehold>[number];
  const all: (Column | null)[] = [
    {
      title: t('round.col.head'),
      dataIndex: 'headName',
      render: (v: string, h) => (
        <Flex vertical gap={compact ? 6 : 0}>
          <Link to={`/households/${h.householdId}`}>{v}</Link>
          <Typography.Text type="secondary" style={{ fontSize: 13 }}>
            {h.villageName} · {i18n.tOr(`reason.${h.reason}`, h.reason)}
          </Typography.Text>
          {compact && rowActions(h)}
        </Flex>
      ),
    },
    {
      title: t('round.col.stage'),
      dataIndex: 'stage',
      render: (v: HouseholdStage, h) =>
        h.accounted ? (
          <Flex vertical gap={2} data-testid={`accounted-${h.householdId}`}>
            <span>
              <StageTag stage={v} />
            </span>
            <Typography.Text style={{ fontSize: 13 }}>
              {t('round.accountedOn', {
                outcome: t(`account.${h.accounted.outcome}`),
                date: date(h.accounted.effective),
              })}
            </Typography.Text>
            <Typography.Text type="secondary" style={{ fontSize: 13 }}>
              {h.accounted.record}
            </Typography.Text>
          </Flex>
        ) : (
          <StageTag stage={v} />
        ),
    },
    {
      title: t('round.col.provisional'),
      dataIndex: 'provisionalClass',
      render: (v: string | null) => (v ? <ClassTag value={v} /> : '—'),
    },
    compact
      ? null
      : {
          title: t('round.col.meeting'),
          render: (_: unknown, h) => {
            const m = h.meetings.at(-1);
            return m ? (
              <span className="gn-nowrap">
                {percent(m.share * 100)} · {m.agree}/{m.attendees}
              </span>
            ) : (
              '—'
            );
          },
        },
    {
      title: t('round.col.final'),
      dataIndex: 'finalClass',
      render: (v: string | null) => (v ? <ClassTag value={v} /> : '—'),
    },
    compact ? null : { title: t('common.actions'), render: (_: unknown, h) => rowActions(h) },
  ];
  const columns = all.filter((c): c is Column => c !== null);

  return (
    <div className="gn-touch">
      <Flex justify="space-between" align="start" wrap gap={12} style={{ marginBottom: 16 }}>
        <div>
          <Typography.Text type="secondary">
            <Link to={`/rounds?commune=${round.communeCode}`}>{t('nav.rounds')}</Link> / {t('round.board')}
          </Typography.Text>
          <Typography.Title level={3} style={{ margin: '4px 0 0' }} data-testid="round-title">
            {roundTitle(round, i18n, round.communeName)} <StatusTag status={round.status} />
          </Typography.Title>
          <Typography.Text type="secondary">
            {t('round.startedOn', { date: date(round.startDate) })}
            {round.decisionNumber &&
              ` · ${t('round.decision', { number: round.decisionNumber, date: date(round.decisionDate) })}`}
            {round.kind === 'regular' &&
              round.decisionDue &&
              !round.decisionNumber &&
              ` · ${t('round.decisionDue', { date: date(round.decisionDue) })}`}
            {round.report &&
              ` · ${t('round.reportedOn', { date: date(round.report.date), to: i18n.tOr(`level.${round.report.to}`, round.report.to) })}`}
          </Typography.Text>
        </div>
        <Link to={`/rounds/${round.id}/results`}>
          <Button icon={<ContainerOutlined />} data-testid="round-results">
            {t('round.results')}
          </Button>
        </Link>
      </Flex>

      {(communeWide || (mayApplyRecorded && isOpen && listingClosed)) && (
        <Card size="small" style={{ marginBottom: 16 }}>
          <Flex gap={8} wrap>
            {communeWide && isOpen && !listingClosed && (
              <>
                <Button
                  icon={<ThunderboltOutlined />}
                  loading={autoBusy}
                  onClick={() => void autoList()}
                  data-testid="round-auto"
                >
                  {t('round.auto')}
                </Button>
                <Button
                  icon={<UserAddOutlined />}
                  onClick={() => show({ kind: 'applicant' })}
                  data-testid="round-applicant"
                >
                  {t('round.applicant')}
                </Button>
                <Button
                  type="primary"
                  icon={<LockOutlined />}
                  disabled={round.households.length === 0}
                  onClick={() => show({ kind: 'close_listing' })}
                  data-testid="round-close-listing"
                >
                  {t('round.closeListing')}
                </Button>
              </>
            )}
            {mayApplyRecorded && isOpen && listingClosed && (
              <Tooltip title={villageScoped ? t('round.fromRecordedOwn') : undefined}>
                <Button
                  icon={<FormOutlined />}
                  loading={recordedBusy}
                  onClick={() => void applyRecorded()}
                  data-testid="round-from-recorded"
                >
                  {t('round.fromRecorded')}
                </Button>
              </Tooltip>
            )}
            {recordedApplied !== null && (
              <Tag
                color={recordedApplied > 0 ? 'green' : 'default'}
                data-testid="round-from-recorded-applied"
              >
                {recordedApplied > 0
                  ? t('round.fromRecordedDone', { n: recordedApplied })
                  : t('round.fromRecordedNone', { year: round.year })}
              </Tag>
            )}
            {communeWide && isOpen && (
              <Tooltip
                title={
                  ready ? undefined : (
                    <>
                      {t('round.notReady')}: {readinessTexts(round, i18n).join('; ')}
                    </>
                  )
                }
              >
                <Button
                  type={ready ? 'primary' : 'default'}
                  icon={<CheckCircleOutlined />}
                  disabled={!ready}
                  onClick={() => show({ kind: 'recognise' })}
                  data-testid="round-recognise"
                >
                  {t('round.recognise')}
                </Button>
              </Tooltip>
            )}
            {communeWide && round.status === 'recognised' && (
              <Button
                type="primary"
                icon={<SendOutlined />}
                onClick={() => show({ kind: 'report' })}
                data-testid="round-report"
              >
                {t('round.report')}
              </Button>
            )}
            {communeWide && !isOpen && (
              <Button
                danger
                icon={<UnlockOutlined />}
                onClick={() => show({ kind: 'reopen' })}
                data-testid="round-reopen"
              >
                {t('round.reopen')}
              </Button>
            )}
          </Flex>
          {autoError ? (
            <div style={{ marginTop: 12 }}>
              <ErrorAlert error={autoError} />
            </div>
          ) : null}
        </Card>
      )}

      {villageScoped && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="round-village-part"
          title={t('round.villagePart', { villages: round.villages.map((v) => v.villageName).join(', ') })}
          description={t('round.villagePartNote')}
        />
      )}

      {/* What stands before recognition is the commune's to settle: not shown to a village's enumerator. */}
      {isOpen && !ready && !villageScoped && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="readiness"
          title={t('round.notReady')}
          description={
            <ul style={{ margin: 0, paddingInlineStart: 18 }}>
              {readinessTexts(round, i18n).map((r) => (
                <li key={r}>{r}</li>
              ))}
            </ul>
          }
        />
      )}

      {/* The commune's steps (listing, complaints, recognition, reporting) and their deadlines: a village's
          enumerator has its villages' steps in their cards below. */}
      {!villageScoped && (
        <Card title={t('round.steps')} size="small" style={{ marginBottom: 16 }}>
          <Table<RoundStep>
            size="small"
            rowKey="code"
            pagination={false}
            dataSource={round.steps}
            data-testid="round-steps"
            scroll={{ x: 'max-content' }}
            columns={[
              {
                title: t('round.col.step'),
                render: (_: unknown, s, i) => `${i + 1}. ${pick(s.name)}`,
              },
              {
                title: t('round.col.deadline'),
                dataIndex: 'deadline',
                render: (v: string, s) => (
                  <span style={s.overdue ? { color: '#cf1322', fontWeight: 600 } : undefined}>{date(v)}</span>
                ),
              },
              {
                title: t('round.col.progress'),
                width: 220,
                render: (_: unknown, s) => <StepProgress step={s} />,
              },
              { title: t('round.col.state'), render: (_: unknown, s) => <StepState step={s} /> },
            ]}
          />
        </Card>
      )}

      <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
        {round.villages.map((v) => (
          <Col xs={24} md={12} key={v.villageId}>
            <VillageCard
              round={round}
              village={v}
              canWrite={isOpen && mayWriteVillage(v.villageId)}
              onMeeting={() => show({ kind: 'meeting', village: v })}
              onPosting={(mode) => show({ kind: 'posting', village: v, mode })}
            />
          </Col>
        ))}
      </Row>

      <RoundDocuments round={round} />

      <Card title={t('round.households', { n: round.households.length })} size="small">
        <Table<RoundHousehold>
          rowKey="householdId"
          size="middle"
          pagination={false}
          dataSource={round.households}
          columns={columns}
          scroll={{ x: 'max-content' }}
          data-testid="round-households"
          locale={{ emptyText: t('round.noHouseholds') }}
          onRow={(h) => ({ 'data-household': h.householdId }) as object}
        />
      </Card>

      {d.kind === 'applicant' && <ApplicantModal key={open.seq} {...common} open={visible('applicant')} />}
      {d.kind === 'close_listing' && (
        <DateStepModal
          key={open.seq}
          {...common}
          open={visible('close_listing')}
          kind="close_listing"
          title={t('round.closeListing')}
          okText={t('round.closeListing')}
          done={t('round.listingClosed')}
          note={t('round.closeListingNote', { n: round.households.length })}
        />
      )}
      {d.kind === 'report' && (
        <DateStepModal
          key={open.seq}
          {...common}
          open={visible('report')}
          kind="report"
          title={t('round.report')}
          okText={t('round.report')}
          done={t('round.reported')}
        />
      )}
      {d.kind === 'recognise' && <RecogniseModal key={open.seq} {...common} open={visible('recognise')} />}
      {d.kind === 'reopen' && <ReopenModal key={open.seq} {...common} open={visible('reopen')} />}
      {d.kind === 'screen' && (
        <ScreenModal key={open.seq} {...common} household={d.household} open={visible('screen')} />
      )}
      {d.kind === 'survey' && (
        <SurveyDrawer key={open.seq} {...common} household={d.household} open={visible('survey')} />
      )}
      {d.kind === 'account' && (
        <AccountModal key={open.seq} {...common} household={d.household} open={visible('account')} />
      )}
      {d.kind === 'complaint' && (
        <ComplaintModal key={open.seq} {...common} household={d.household} open={visible('complaint')} />
      )}
      {d.kind === 'recheck' && (
        <RecheckModal key={open.seq} {...common} household={d.household} open={visible('recheck')} />
      )}
      {d.kind === 'meeting' && (
        <MeetingModal key={open.seq} {...common} village={d.village} open={visible('meeting')} />
      )}
      {d.kind === 'posting' && (
        <PostingModal
          key={open.seq}
          {...common}
          village={d.village}
          mode={d.mode}
          open={visible('posting')}
        />
      )}
    </div>
  );
}

function VillageCard({
  round,
  village,
  canWrite,
  onMeeting,
  onPosting,
}: {
  round: Round;
  village: RoundVillage;
  canWrite: boolean;
  onMeeting(): void;
  onPosting(mode: 'start' | 'end'): void;
}) {
  const { t, pick, date } = useI18n();
  const steps = village.steps.filter(isStep).filter((s) => ['survey', 'meeting', 'posting'].includes(s.code));
  const inVillage = round.households.filter((h) => h.villageId === village.villageId);
  const surveyed = inVillage.some((h) => h.stage === 'surveyed');
  const last = village.postings.at(-1);
  const postingOpen = !!last && last.end === null;
  const waiting = inVillage.some((h) => !['agreed', 'rechecked', 'excluded', 'complained'].includes(h.stage));
  const mayStartPosting = !postingOpen && !waiting && (!last || !!village.repostFrom);
  return (
    <Card
      size="small"
      title={village.villageName}
      data-testid={`village-${village.villageId}`}
      extra={
        village.repostFrom ? (
          <Tag color="orange">{t('round.repost', { date: date(village.repostFrom) })}</Tag>
        ) : null
      }
      style={{ height: '100%' }}
    >
      <Space orientation="vertical" style={{ width: '100%' }} size={8}>
        {steps.map((s) => (
          <Flex key={s.code} align="center" gap={8} wrap>
            <Typography.Text style={{ width: 170 }}>{pick(s.name)}</Typography.Text>
            <div style={{ flex: 1, minWidth: 120 }}>
              <StepProgress step={s} />
            </div>
            <StepState step={s} />
          </Flex>
        ))}
        <div>
          <Typography.Text type="secondary">{t('round.postings')}: </Typography.Text>
          {village.postings.length === 0
            ? t('round.noPosting')
            : village.postings.map((p, i) => (
                <Tag key={i} data-testid="posting">
                  {date(p.start)} → {p.end ? date(p.end) : t('round.postingNow')}
                </Tag>
              ))}
        </div>
        <div>
          <Typography.Text type="secondary">{t('round.minutes')}: </Typography.Text>
          {village.minutes.length === 0 ? (
            t('round.noMeeting')
          ) : (
            <List
              size="small"
              dataSource={village.minutes}
              renderItem={(m) => (
                <List.Item style={{ paddingInline: 0 }}>
                  {t('round.meetingOn', { date: date(m.date) })}
                  {' · '}
                  {m.fileId ? (
                    <a
                      href={`/api/rounds/${round.id}/files/${m.fileId}`}
                      download
                      data-testid="minutes-download"
                    >
                      <FileDoneOutlined /> {t('round.minutesDownload')}
                    </a>
                  ) : (
                    <Typography.Text type="secondary">{t('round.noMinutes')}</Typography.Text>
                  )}
                </List.Item>
              )}
            />
          )}
        </div>
        {canWrite && (
          <Flex gap={8} wrap>
            <Button
              type={surveyed ? 'primary' : 'default'}
              disabled={!surveyed}
              onClick={onMeeting}
              data-testid={`meeting-${village.villageId}`}
            >
              {t('round.meeting')}
            </Button>
            {postingOpen ? (
              <Button onClick={() => onPosting('end')} data-testid={`posting-end-${village.villageId}`}>
                {t('round.postingEnd')}
              </Button>
            ) : (
              <Button
                disabled={!mayStartPosting}
                onClick={() => onPosting('start')}
                data-testid={`posting-start-${village.villageId}`}
              >
                {t('round.postingStart')}
              </Button>
            )}
          </Flex>
        )}
      </Space>
    </Card>
  );
}
