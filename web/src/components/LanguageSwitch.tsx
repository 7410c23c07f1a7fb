// Tiếng Việt / English.
import { Segmented } from 'antd';
import { useI18n, type Lang } from '../i18n/index.tsx';

export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <Segmented<Lang>
      aria-label={t('lang.label')}
      value={lang}
      onChange={setLang}
      options={[
        {
          value: 'vi',
          label: (
            <span title="Tiếng Việt" data-testid="lang-vi">
              VI
            </span>
          ),
        },
        {
          value: 'en',
          label: (
            <span title="English" data-testid="lang-en">
              EN
            </span>
          ),
        },
      ]}
    />
  );
}
