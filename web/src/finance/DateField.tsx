// A date field that reads and writes ISO dates ('2026-10-15') and shows them as people write them (15/10/2026).
import { DatePicker } from 'antd';
import dayjs from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';

dayjs.extend(customParseFormat);

export const DATE_FORMAT = 'DD/MM/YYYY';

interface Props {
  value?: string | null;
  onChange?: (value: string | null) => void;
  id?: string;
  'data-testid'?: string;
}

export function DateField({ value, onChange, id, ...rest }: Props) {
  return (
    <DatePicker
      id={id}
      data-testid={rest['data-testid']}
      format={DATE_FORMAT}
      placeholder="dd/mm/yyyy"
      style={{ width: '100%' }}
      value={value ? dayjs(value, 'YYYY-MM-DD') : null}
      onChange={(d) => onChange?.(d ? d.format('YYYY-MM-DD') : null)}
      // Enter confirms the typed date; it must not also submit the form around it.
      onKeyDown={(e) => {
        if (e.key === 'Enter') e.preventDefault();
      }}
    />
  );
}
