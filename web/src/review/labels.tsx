// Small shared pieces of the review screens: the round's title and status, a household's stage, step progress.
import { Progress, Tag } from 'antd';
import type {
  HouseholdStage,
  ReadinessProblem,
  Round,
  RoundStatus,
  RoundStep,
  RoundSummary,
} from '../api/types.ts';
import { useI18n, type I18n } from '../i18n/index.tsx';

const STAGE_COLOURS: Record<HouseholdStage, string> = {
  listed: 'default',
  excluded: 'default',
  surveyed: 'blue',
  resurvey: 'orange',
  agreed: 'green',
  complained: 'magenta',
  rechecked: 'cyan',
  accounted: 'purple',
};

export function StageTag({ stage }: { stage: HouseholdStage }) {
  const { t } = useI18n();
  return (
    <Tag color={STAGE_COLOURS[stage]} data-stage={stage}>
      {t(`stage.${stage}`)}
    </Tag>
  );
}

const STATUS_COLOURS: Record<RoundStatus, string> = {
  open: 'processing',
  recognised: 'green',
  reported: 'purple',
};

export function StatusTag({ status }: { status: RoundStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={STATUS_COLOURS[status]} data-testid="round-status">
      {t(`roundStatus.${status}`)}
    </Tag>
  );
}

export function roundTitle(r: RoundSummary | Round, i18n: I18n, communeName?: string): string {
  const period =
    r.kind === 'regular' && r.month
      ? i18n.t('round.regularOf', { month: r.month, year: r.year })
      : i18n.t('round.periodicOf', { year: r.year });
  return communeName ? `${period} — ${communeName}` : period;
}

export function StepProgress({ step }: { step: RoundStep }) {
  return (
    <Progress
      percent={step.total > 0 ? Math.round((step.done / step.total) * 100) : step.complete ? 100 : 0}
      size="small"
      status={step.state === 'done' ? 'success' : step.overdue ? 'exception' : 'normal'}
      format={() => `${step.done}/${step.total}`}
      style={{ minWidth: 120, marginBottom: 0 }}
    />
  );
}

/**
 * A step's state as the server words it: done only when it happened, none when there was nothing to do (no
 * complaints), in progress with its count, pending before it starts; overdue when its deadline has passed.
 */
export function StepState({ step }: { step: RoundStep }) {
  const { t } = useI18n();
  switch (step.state) {
    case 'done':
      return (
        <Tag color="green" data-step-state="done">
          {t('round.stepComplete')}
        </Tag>
      );
    case 'none':
      return <Tag data-step-state="none">{t('round.stepNone')}</Tag>;
  }
  if (step.overdue)
    return (
      <Tag color="red" data-testid="overdue" data-step-state={step.state}>
        {t('round.stepOverdue')}
      </Tag>
    );
  if (step.state === 'in_progress')
    return (
      <Tag color="blue" data-step-state="in_progress">
        {t('round.stepRunning')} · {step.done}/{step.total}
      </Tag>
    );
  return <Tag data-step-state="pending">{t('round.stepPending')}</Tag>;
}

export function isStep(v: unknown): v is RoundStep {
  return (
    !!v &&
    typeof v === 'object' &&
    'code' in v &&
    'done' in v &&
    'total' in v &&
    'name' in v &&
    'deadline' in v
  );
}

/**
 * The problems standing before recognition, in the chosen language. The server sends each as a code with
 * its parameters (and its own words, which name a village by the start of its id); the board knows the
 * villages' names, so it words them itself.
 */
export function readinessTexts(round: Round, i18n: Pick<I18n, 't' | 'pick'>): string[] {
  return round.readiness.map((p) => readinessText(p, round, i18n));
}

function readinessText(p: ReadinessProblem, round: Round, { t, pick }: Pick<I18n, 't' | 'pick'>): string {
  switch (p.code) {
    case 'listing_open':
      return t('round.ready.listing_open');
    case 'households_not_agreed': {
      const names = p.householdIds
        .map((id) => round.households.find((h) => h.householdId === id)?.headName)
        .filter((n): n is string => !!n);
      const text = t('round.ready.households_not_agreed', { n: p.count });
      return names.length ? `${text}: ${names.join(', ')}` : text;
    }
    case 'complaints_not_rechecked':
      return t(`round.ready.${p.code}`, { n: p.count });
    case 'posting_unfinished': {
      const village = round.villages.find((v) => v.villageId === p.villageId);
      return village
        ? t('round.ready.posting_unfinished', { village: village.villageName })
        : pick(p.message);
    }
  }
}
