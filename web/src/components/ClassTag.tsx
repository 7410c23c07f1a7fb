// A household's class as a coloured tag: hộ nghèo, hộ cận nghèo, hộ có mức sống trung bình, hộ không nghèo.
import { Tag } from 'antd';
import { useI18n } from '../i18n/index.tsx';

const COLOURS: Record<string, string> = {
  poor: 'red',
  near_poor: 'orange',
  middle: 'gold',
  not_poor: 'green',
};

export function ClassTag({ value }: { value: string | null | undefined }) {
  const { t, tOr } = useI18n();
  if (!value) return <Tag>{t('class.none')}</Tag>;
  return (
    <Tag color={COLOURS[value] ?? 'default'} data-class={value}>
      {tOr(`class.${value}`, value)}
    </Tag>
  );
}
