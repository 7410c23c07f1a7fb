// Downloads of the disbursement report: the reports catalogue's xlsx and pdf once it lists a finance
// report, else a link to the reports screen.
import { FileTextOutlined } from '@ant-design/icons';
import { Button, Flex } from 'antd';
import { Link } from 'react-router';
import { useI18n } from '../i18n/index.tsx';

export function ReportLinks(_: { unit: string; from: number; to: number; at: string | undefined }) {
  const { t } = useI18n();
  return (
    <Flex gap={8} wrap justify="end">
      <Link to="/reports">
        <Button icon={<FileTextOutlined />}>{t('finance.reports')}</Button>
      </Link>
    </Flex>
  );
}
