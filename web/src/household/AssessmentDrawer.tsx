// Ghi kết quả phân loại: income or score A, the deficits of the chosen standard (Phiếu B2), and a live
// preview of the class and its explanation from POST /api/classify while the form is being filled. A
// re-survey starts from the last assessment's answers (named on the form), the survey date today. On a phone
// the preview sits below the fields and the class in the footer, never over the field being typed.
import {
  Alert,
  Button,
  Card,
  Checkbox,
  Col,
  DatePicker,
  Drawer,
  Empty,
  Flex,
  Form,
  Grid,
  InputNumber,
  Radio,
  Row,
  Select,
  Spin,
  Typography,
} from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useMemo, useState } from 'react';
import { api, call } from '../api/client.ts';
import { ApiError, placeFieldErrors, type FieldError } from '../api/errors.ts';
import type {
  AssessmentInput,
  ClassifyInput,
  Household,
  Indicator,
  Standard,
  Verdict,
} from '../api/types.ts';
import { ClassTag } from '../components/ClassTag.tsx';
import { CompactVerdict } from '../components/CompactVerdict.tsx';
import { ErrorAlert } from '../components/ErrorAlert.tsx';
import { useI18n } from '../i18n/index.tsx';
import { parseGroupedNumber } from '../lib/format.ts';
import { loadStandards, loadUnit } from '../lib/reference.ts';
import { useAsync } from '../lib/useAsync.ts';
import { lastAnswers } from './prefill.ts';
import type { ChangeOutcome } from './useHouseholdChange.tsx';
import '../components/touch.css';
import { afterToday, today } from '../lib/today.ts';

interface Values {
  standard: string;
  area: ClassifyInput['area'];
  surveyDate: Dayjs;
  measure: 'income' | 'scoreA';
  incomePerCapita?: number | null;
  scoreA?: number | null;
  deficits: string[];
}

const DEFAULT_STANDARD = 'ND07_2021';

function toBody(v: Partial<Values>): ClassifyInput | null {
  if (!v.standard || !v.area) return null;
  const amount = v.measure === 'scoreA' ? v.scoreA : v.incomePerCapita;
  if (amount === null || amount === undefined) return null;
  return {
    standard: v.standard,
    area: v.area,
    ...(v.surveyDate ? { surveyDate: v.surveyDate.format('YYYY-MM-DD') } : {}),
    ...(v.measure === 'scoreA' ? { scoreA: amount } : { incomePerCapita: amount }),
    deficits: v.deficits ?? [],
  };
}

export function byDimension(indicators: Indicator[], lang: 'vi' | 'en') {
  const groups = new Map<string, Indicator[]>();
  for (const i of indicators) {
    const key = i.dimension[lang];
    groups.set(key, [...(groups.get(key) ?? []), i]);
  }
  return [...groups.entries()];
}

export function AssessmentDrawer({
  household,
  open,
  onClose,
  run,
}: {
  household: Household;
  open: boolean;
  onClose(): void;
  run(send: (version: number) => Promise<Household>, done: string): Promise<ChangeOutcome>;
}) {
  const { t, pick, lang, number, date } = useI18n();
  const screens = Grid.useBreakpoint();
  const phone = !screens.md;
  const [form] = Form.useForm<Values>();
  const standards = useAsync(loadStandards, []);
  const commune = useAsync(() => loadUnit(household.communeCode), [household.communeCode]);
  const [error, setError] = useState<unknown>(null);
  const [rest, setRest] = useState<FieldError[] | undefined>();
  const [busy, setBusy] = useState(false);
  /** The last verdict (or error) and the request it answers: a newer request means "loading". */
  const [preview, setPreview] = useState<{ key: string; verdict?: Verdict; error?: unknown } | null>(null);
  // The last answers, when the household has been assessed: a re-survey edits them.
  const [last] = useState(() => lastAnswers(household.assessments));
  const [initialValues] = useState<Partial<Values>>(() =>
    last
      ? {
          standard: last.standard,
          area: last.area,
          surveyDate: today(),
          measure: last.measure,
          incomePerCapita: last.incomePerCapita,
          scoreA: last.scoreA,
          deficits: last.deficits,
        }
      : { standard: DEFAULT_STANDARD, area: 'rural', surveyDate: today(), measure: 'income', deficits: [] },
  );
  const values = Form.useWatch([], form) as Partial<Values> | undefined;
  const standardId = Form.useWatch('standard', form);
  const measure = Form.useWatch('measure', form);
  const standard: Standard | undefined = standards.data?.find((s) => s.id === standardId);

  // The commune's area (rural or urban) once known, unless the user already chose or the last answers gave it.
  const communeArea = commune.data?.area === 'urban' ? 'urban' : commune.data ? 'rural' : undefined;
  useEffect(() => {
    if (communeArea && !last && !form.isFieldTouched('area')) form.setFieldsValue({ area: communeArea });
  }, [communeArea, form, last]);

  // The live preview: classify what is on the form a moment after the last keystroke.
  const body = useMemo(() => (values ? toBody(values) : null), [values]);
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
    const b = toBody(v);
    if (!b) return;
    setBusy(true);
    setError(null);
    const input: AssessmentInput = b;
    const outcome = await run(
      () =>
        call(() =>
          api.POST('/api/households/{householdId}/assessments', {
            params: { path: { householdId: household.householdId } },
            body: input,
          }),
        ),
      t('assess.saved'),
    );
    setBusy(false);
    if (outcome.ok) return onClose();
    if (outcome.stale) return;
    if (outcome.error instanceof ApiError) {
      const { placed, rest: others } = placeFieldErrors(
        outcome.error.fields,
        [/^body\./],
        ['standard', 'area', 'surveyDate', 'incomePerCapita', 'scoreA', 'deficits'],
      );
      form.setFields(placed.map((p) => ({ name: p.name.slice(0, 1) as never, errors: [pick(p.message)] })));
      setRest(others);
    }
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
      title={t('assess.title')}
      footer={
        <Flex justify="end" align="center" gap={8} wrap>
          {phone && (
            <CompactVerdict
              verdict={body && preview?.verdict ? preview.verdict : undefined}
              loading={previewLoading}
              testId="assess-preview-compact"
            />
          )}
          <Button onClick={onClose}>{t('common.cancel')}</Button>
          <Button
            type="primary"
            loading={busy}
            disabled={!body}
            onClick={() => form.submit()}
            data-testid="assess-save"
          >
            {t('assess.submit')}
          </Button>
        </Flex>
      }
    >
      <ErrorAlert error={error} {...(rest ? { rest } : {})} />
      {last && (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="assess-prefilled"
          title={t('assess.prefilled', { date: date(last.from.surveyDate) })}
          description={t('assess.prefilledNote')}
        />
      )}
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={initialValues}
        onFinish={submit}
        disabled={busy}
      >
        <Row gutter={16}>
          <Col xs={24} md={12}>
            <Form.Item name="standard" label={t('assess.standard')} rules={[{ required: true }]}>
              <Select
                loading={standards.loading}
                options={(standards.data ?? []).map((s) => ({ value: s.id, label: pick(s.name) }))}
                onChange={() => form.setFieldsValue({ deficits: [] })}
              />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="surveyDate" label={t('assess.surveyDate')} rules={[{ required: true }]}>
              <DatePicker format="DD/MM/YYYY" style={{ width: '100%' }} disabledDate={afterToday} />
            </Form.Item>
          </Col>
          <Col xs={24} md={12}>
            <Form.Item name="area" label={t('assess.area')} rules={[{ required: true }]}>
              <Radio.Group
                optionType="button"
                buttonStyle="solid"
                options={[
                  { value: 'rural', label: t('area.rural') },
                  { value: 'urban', label: t('area.urban') },
                ]}
              />
            </Form.Item>
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
                <InputNumber
                  min={0}
                  max={1000}
                  style={{ width: '100%' }}
                  inputMode="numeric"
                  data-testid="assess-scoreA"
                />
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
                  data-testid="assess-income"
                />
              </Form.Item>
            )}
          </Col>
        </Row>
        <Form.Item name="deficits" label={t('assess.deficits')}>
          <Checkbox.Group style={{ width: '100%' }}>
            <Row gutter={[16, 4]} style={{ width: '100%' }}>
              {byDimension(standard?.indicators ?? [], lang).map(([dimension, list]) => (
                <Col xs={24} md={12} key={dimension}>
                  <Typography.Text type="secondary" style={{ display: 'block', marginTop: 4 }}>
                    {dimension}
                  </Typography.Text>
                  {list.map((i) => (
                    <div key={i.code} style={{ paddingBlock: 4 }}>
                      <Checkbox value={i.code}>{pick(i.name)}</Checkbox>
                    </div>
                  ))}
                </Col>
              ))}
            </Row>
          </Checkbox.Group>
        </Form.Item>
      </Form>
      <Card
        size="small"
        title={t('assess.preview')}
        data-testid="assess-preview"
        // Sticky under the fields on a wide screen; on a phone, after them (the class is in the footer), so that
        // it never covers the field being typed above the on-screen keyboard.
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
            description={
              preview.error instanceof ApiError && preview.error.fields.length
                ? preview.error.fields.map((f) => pick(f.message)).join('; ')
                : undefined
            }
          />
        ) : (
          <Spin />
        )}
      </Card>
    </Drawer>
  );
}
