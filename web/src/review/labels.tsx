// Small shared pieces of the review screens: the round's title and status, a household's stage, step progress.
import { Progress, Tag } from 'antd';
import type { Round, RoundStep, RoundSummary } from '../api/types.ts';
import { useI18n, type I18n } from '../i18n/index.tsx';

const STAGE_COLOURS: Record<string, string> = {
  listed: 'default',
  excluded: 'default',
  surveyed: 'blue',
  resurvey: 'orange',
  agreed: 'green',
  complained: 'magenta',
  rechecked: 'cyan',
};

export function StageTag({ stage }: { stage: string }) {
  const { tOr } = useI18n();
  return (
    <Tag color={STAGE_COLOURS[stage] ?? 'default'} data-stage={stage}>
      {tOr(`stage.${stage}`, stage)}
    </Tag>
  );
}

export function StatusTag({ status }: { status: string }) {
  const { tOr } = useI18n();
  const colour = status === 'open' ? 'processing' : status === 'recognised' ? 'green' : 'purple';
  return (
    <Tag color={colour} data-testid="round-status">
      {tOr(`roundStatus.${status}`, status)}
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
      status={step.complete ? 'success' : step.overdue ? 'exception' : 'active'}
      format={() => `${step.done}/${step.total}`}
      style={{ minWidth: 120, marginBottom: 0 }}
    />
  );
}

export function StepState({ step }: { step: RoundStep }) {
  const { t } = useI18n();
  if (step.complete) return <Tag color="green">{t('round.stepComplete')}</Tag>;
  if (step.overdue)
    return (
      <Tag color="red" data-testid="overdue">
        {t('round.stepOverdue')}
      </Tag>
    );
  return <Tag color="blue">{t('round.stepRunning')}</Tag>;
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
 * The problems standing before recognition, in the chosen language. The server names a village by the
 * start of its id ("thôn 39ce9a39 chưa niêm yết xong"); the board knows the names, so it says them.
 */
export function readinessTexts(round: Round, pick: I18n['pick']): string[] {
  return round.readiness.map((r) =>
    pick(r).replace(/\b(thôn|village) ([0-9a-f]{8})\b/g, (whole, word: string, prefix: string) => {
      const v = round.villages.find((x) => x.villageId.startsWith(prefix));
      return v ? v.villageName : whole;
    }),
  );
}
