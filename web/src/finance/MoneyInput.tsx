// An amount field for đồng: digits only, grouped as you type (1.500.000), its value a digit string so the
// amount never becomes a float on its way to the API.
import { Input } from 'antd';
import { useI18n } from '../i18n/index.tsx';
import { digitsOf, groupTyped } from './money.ts';

interface Props {
  value?: string;
  onChange?: (value: string) => void;
  /** Adjustments may be negative (a cut). */
  signed?: boolean;
  id?: string;
  'data-testid'?: string;
  placeholder?: string;
}

export function MoneyInput({ value, onChange, signed = false, id, placeholder, ...rest }: Props) {
  const { lang, t } = useI18n();
  return (
    <Input
      id={id}
      data-testid={rest['data-testid']}
      inputMode={signed ? 'text' : 'numeric'}
      autoComplete="off"
      placeholder={placeholder}
      value={value ? groupTyped(value, lang) : ''}
      onChange={(e) => onChange?.(digitsOf(e.target.value, signed))}
      suffix={<span style={{ color: '#888' }}>{t('finance.dong')}</span>}
      maxLength={24}
    />
  );
}

/** The form rule for an amount: required, at most 16 digits (the API refuses more than 10^15 đồng). */
export const amountPattern = (signed: boolean) => (signed ? /^-?\d{1,16}$/ : /^\d{1,16}$/);
