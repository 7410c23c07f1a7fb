// An API error in the chosen language, with the field errors no form item took.
import { Alert } from 'antd';
import { ApiError, type FieldError } from '../api/errors.ts';
import { useI18n } from '../i18n/index.tsx';

export function ErrorAlert({ error, rest }: { error: unknown; rest?: FieldError[] }) {
  const { pick, t } = useI18n();
  if (!error) return null;
  const title = error instanceof ApiError ? pick(error.text) : t('error.unexpected');
  const fields = rest ?? (error instanceof ApiError ? error.fields : []);
  return (
    <Alert
      type="error"
      showIcon
      role="alert"
      data-testid="error-alert"
      title={title}
      description={
        fields.length ? (
          <ul style={{ margin: 0, paddingInlineStart: 18 }}>
            {fields.map((f) => (
              <li key={f.path}>{pick(f.message)}</li>
            ))}
          </ul>
        ) : undefined
      }
      style={{ marginBottom: 16 }}
    />
  );
}
