// Phiếu B inside a round: income (or score A) and the deficits of the round's standard, with the live class
// and explanation from POST /api/classify while filling; recorded as a `survey` event with its assessment. A
// household assessed before starts from its last answers (named on the form); on a phone the live result
// sits below the fields and the class in the footer, never over the field being typed.
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  Drawer,
  Empty,
  Flex,
  Form,
  Grid,
  InputNumber,
  Radio,
  Row,
  Spin,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { api, call } from '../api/client.ts';
import { ApiError } from '../api/errors.ts';
import type { ClassifyInput, Round, RoundHousehold, Verdict } from '../api/types.ts';
import { ClassTag } from '../components/ClassTag.tsx';
import { CompactVerdict } from '../components/CompactVerdict.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { byDimension } from '../household/AssessmentDrawer.tsx';
import { lastAnswers } from '../household/prefill.ts';
import { useI18n } from '../i18n/index.tsx';
import { parseGroupedNumber } from '../lib/format.ts';
import { loadStandards, loadUnit } from '../lib/reference.ts';
import { useAsync } from '../lib/useAsync.ts';
import { DateField, iso } from './RoundDialogs.tsx';
import { sendEvents, type RunRound } from './useRoundChange.tsx';
import '../components/touch.css';
import { today } from '../lib/today.ts';

interface Values {
  date: Dayjs;
  measure: 'income' | 'scoreA';
  incomePerCapita?: number | null;
  scoreA?: number | null;
  deficits: string[];
}

/** The standard a round of this year classifies by (the server picks it from the review year). */
async function roundStandard(year: number, area: ClassifyInput['area']) {
  const probe = await call(() =>
    api.POST('/api/classify', { body: { reviewYear: year, area, incomePerCapita: 0, deficits: [] } }),
  );
  const standards = await loadStandards();
  return standards.find((s) => s.id === probe.standard) ?? null;
}

export function SurveyDrawer({
  round,
  household,
  open,
  onClose,
  run,
}: {
  round: Round;
  household: RoundHousehold;
  open: boolean;
  onClose(): void;
  run: RunRound;
}) {
  const { t, pick, lang, number, date } = useI18n();
  const phone = !Grid.useBreakpoint().md;
  const [form] = Form.useForm<Values>();
  // The household's assessments: a re-survey starts from the last answers.
  const assessed = useAsync(
    () =>
      call(() =>
        api.GET('/api/households/{householdId}', {
          params: { path: { householdId: household.householdId } },
        }),
      ).then((h) => h.assessments),
    [household.householdId],
  );
  const commune = useAsync(() => loadUnit(round.communeCode), [round.communeCode]);
  const area = commune.data?.area === 'urban' ? 'urban' : 'rural';
  const standard = useAsync(
    () => (commune.data ? roundStandard(round.year, area) : Promise.resolve(null)),
    [round.year, area, !!commune.data],
  );
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [preview, setPreview] = useState<{ key: string; verdict?: Verdict; error?: unknown } | null>(null);
  // Known once the household and the round's standard are loaded (the form is shown then): the last answers,
  // their deficits as far as the round's standard has them.
  const last = useMemo(
    () => (assessed.data && standard.data ? lastAnswers(assessed.data) : undefined),
    [assessed.data, standard.data],
  );
  const ready = (!!assessed.data || !!assessed.error) && !!commune.data && !standard.loading;
  const initialValues = useMemo<Partial<Values>>(
    () =>
      last
        ? {
            date: today(),
            measure: last.measure,
            incomePerCapita: last.incomePerCapita,
            scoreA: last.scoreA,
            // Only the deficits the round's standard knows (a new standard may name others).
            deficits: last.deficits.filter((d) => standard.data?.indicators.some((i) => i.code === d)),
          }
        : { date: today(), measure: 'income', deficits: [] },
    [last, standard.data],
  );
  const values = Form.useWatch([], form) as Partial<Values> | undefined;
  const measure = Form.useWatch('measure', form);

  const body = useMemo((): ClassifyInput | null => {
    if (!values || !commune.data) return null;
    const amount = values.measure === 'scoreA' ? values.scoreA : values.incomePerCapita;
    if (amount === null || amount === undefined) return null;
    return {
      reviewYear: round.year,
      area,
      ...(values.date ? { surveyDate: iso(values.date) } : {}),
      ...(values.measure === 'scoreA' ? { scoreA: amount } : { incomePerCapita: amount }),
      deficits: values.deficits ?? [],
    };
  }, [values, commune.data, round.year, area]);
  const bodyKey = JSON.stringify(body);
  useEffect(() => {
    if (!open || !body) return;
    let live = true;
    const timer = setTimeout(() => {
      call(() => api.POST('/api/classify', { body }))
        .then((verdict) => live && setPreview({ key: bodyKey, verdict }))
        .catch((e: unknown) => live && setPreview({ key: bodyKey, error: e }));
    }, 300);
    return () => {
      live = false;
      clearTimeout(timer);
    };
    // bodyKey stands for body.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, bodyKey]);
  const previewLoading = !!body && preview?.key !== bodyKey;

  const submit = async (v: Values) => {
    const amount = v.measure === 'scoreA' ? v.scoreA : v.incomePerCapita;
    if (amount === null || amount === undefined) return;
    setBusy(true);
    setError(null);
    const outcome = await run(
      sendEvents(round.id, [
        {
          type: 'survey',
          date: iso(v.date),
          householdId: household.householdId,
          assessment: {
            ...(v.measure === 'scoreA' ? { scoreA: amount } : { incomePerCapita: amount }),
            deficits: v.deficits ?? [],
          },
        },
      ]),
      t('round.surveyDone', { name: household.headName }),
    );
    setBusy(false);
    if (outcome.ok || outcome.stale) return onClose();
    setError(outcome.error);
  };

  const moneyFormatter = (v: number | string | undefined) =>
    v === undefined || v === '' ? '' : number(Number(v));
  const moneyParser = (text: string | undefined) =>
    parseGroupedNumber(text, lang) ?? ('' as unknown as number);

  return (
    <Drawer
      open={open}
      onClose={onClose}
      destroyOnHidden
      size={760}
      rootClassName="gn-touch"
      title={t('round.surveyTitle', { name: household.headName })}
      footer={
        <Flex justify="end" align="center" gap={8} wrap>
          {phone && (
            <CompactVerdict
              verdict={body && preview?.verdict ? preview.verdict : undefined}
              loading={previewLoading}
              testId="survey-preview-compact"
            />
          )}
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={busy}
            disabled={!body}
            onClick={() => form.submit()}
            data-testid="survey-save"
          >
            {t('round.surveySubmit')}
          </Button>
        </Flex>
      }
    >
      <ErrorAlert error={error} />
      {standard.data && (
        <Typography.Paragraph type="secondary">
          {t('round.surveyStandard', { name: pick(standard.data.name) })}
        </Typography.Paragraph>
      )}
      {last && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="survey-prefilled"
          title={t('assess.prefilled', { date: date(last.from.surveyDate) })}
          description={t('assess.prefilledNote')}
        />
      )}
      {!ready ? (
        <Spin />
      ) : (
        <Form<Values>
          // A form applies its initial values once: when the last answers or the round's standard arrive
          // after it first showed (the commune, then the standard, load one after the other), it starts again
          // from them instead of keeping a blank or partial prefill.
          key={`${last?.from.assessmentId ?? 'blank'}:${standard.data?.id ?? ''}`}
          form={form}
          name="survey"
          layout="vertical"
          initialValues={initialValues}
          onFinish={(v) => void submit(v)}
          disabled={busy}
        >
          <Row gutter={16}>
            <Col xs={24} md={12}>
              <DateField label={t('assess.surveyDate')} />
            </Col>
            <Col xs={24} md={12}>
              <Form.Item name="measure" label={t('assess.measure')}>
                <Radio.Group
                  optionType="button"
                  buttonStyle="solid"
                  options={[
                    { value: 'income', label: t('assess.income') },
                    { value: 'scoreA', label: t('assess.scoreA') },
                  ]}
                />
              </Form.Item>
            </Col>
            <Col xs={24} md={12}>
              {measure === 'scoreA' ? (
                <Form.Item
                  name="scoreA"
                  label={t('assess.scoreAValue')}
                  rules={[{ required: true, message: t('assess.amountRequired') }]}
                >
                  <InputNumber min={0} max={1000} style={{ width: '100%' }} inputMode="numeric" />
                </Form.Item>
              ) : (
                <Form.Item
                  name="incomePerCapita"
                  label={t('assess.incomeValue')}
                  rules={[{ required: true, message: t('assess.amountRequired') }]}
                >
                  <InputNumber<number>
                    min={0}
                    step={50000}
                    style={{ width: '100%' }}
                    inputMode="numeric"
                    formatter={moneyFormatter}
                    parser={moneyParser}
                    suffix={t('assess.dongPerMonth')}
                    data-testid="survey-income"
                  />
                </Form.Item>
              )}
            </Col>
          </Row>
          <Form.Item name="deficits" label={t('assess.deficits')}>
            {standard.loading && !standard.data ? (
              <Spin />
            ) : (
              <Checkbox.Group style={{ width: '100%' }}>
                <Row gutter={[16, 4]} style={{ width: '100%' }}>
                  {byDimension(standard.data?.indicators ?? [], lang).map(([dimension, list]) => (
                    <Col xs={24} md={12} key={dimension}>
                      <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4 }}>
                        {dimension}
                      </Typography.Text>
                      {list.map((i) => (
                        <div key={i.code} style={{ paddingBlock: 4 }} data-testid={`deficit-${i.code}`}>
                          <Checkbox value={i.code}>{pick(i.name)}</Checkbox>
                        </div>
                      ))}
                    </Col>
                  ))}
                </Row>
              </Checkbox.Group>
            )}
          </Form.Item>
        </Form>
      )}
      <Card
        size="small"
        title={t('assess.preview')}
        data-testid="survey-preview"
        style={
          phone
            ? { marginTop: 8 }
            : { position: 'sticky', bottom: 0, boxShadow: '0 -6px 16px rgba(0, 0, 0, 0.08)' }
        }
      >
        {!body ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('assess.previewHint')} />
        ) : preview?.verdict ? (
          <Spin spinning={previewLoading}>
            <Flex gap={8} align="center" wrap style={{ marginBottom: 8 }}>
              <ClassTag value={preview.verdict.class} />
              <Typography.Text type="secondary">
                {t('assess.deficitCount', { n: preview.verdict.deficitCount })}
              </Typography.Text>
            </Flex>
            <Typography.Paragraph className="gn-explanation" style={{ marginBottom: 0 }}>
              {pick(preview.verdict.explanation)}
            </Typography.Paragraph>
          </Spin>
        ) : preview?.error ? (
          <Alert
            type="warning"
            showIcon
            title={preview.error instanceof ApiError ? pick(preview.error.text) : t('error.unexpected')}
          />
        ) : (
          <Spin />
        )}
      </Card>
    </Drawer>
  );
}
