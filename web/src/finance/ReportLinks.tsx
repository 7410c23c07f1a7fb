// A finance report of the catalogue (src/reports/finance) for what the screen shows: xlsx and pdf
// downloads in the interface's language, and the report viewer filled in with the same parameters.
import { FileExcelOutlined, FilePdfOutlined, FileTextOutlined } from '@ant-design/icons';
import { Button, Flex } from 'antd';
import { Link } from 'react-router';
import type { ReportFormat } from '../api/types.ts';
import { useI18n } from '../i18n/index.tsx';

export function ReportLinks({
  report,
  params,
}: {
  /** A report id of the catalogue: finance-disbursement, finance-funds, finance-allocation, works-status, outputs-plan. */
  report: string;
  params: Record<string, string | number | undefined>;
}) {
  const { t, lang } = useI18n();
  const query = (extra: Record<string, string>) => {
    const q = new URLSearchParams(extra);
    for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
    return q.toString();
  };
  const file = (format: ReportFormat) => `/api/reports/${report}?${query({ format, lang })}`;
  return (
    <Flex gap={8} wrap justify="end" data-testid={`report-links-${report}`}>
      <Link to={`/reports/${report}?${query({ show: '1' })}`}>
        <Button icon={<FileTextOutlined />}>{t('finance.report.view')}</Button>
      </Link>
      <a href={file('xlsx')} download>
        <Button icon={<FileExcelOutlined />} tabIndex={-1}>
          xlsx
        </Button>
      </a>
      <a href={file('pdf')} download>
        <Button icon={<FilePdfOutlined />} tabIndex={-1}>
          pdf
        </Button>
      </a>
    </Flex>
  );
}
