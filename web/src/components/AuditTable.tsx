// Audit entries as a table: time, who, action, before → after, reason (paged on the server).
import { Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { auditActionName } from '../../../src/domain/audit/vocabulary.ts';
import { useMemo } from 'react';
import { Link } from 'react-router';
import type { AuditRow } from '../api/types.ts';
import { useI18n } from '../i18n/index.tsx';
import { loadStandards } from '../lib/reference.ts';
import { useAsync } from '../lib/useAsync.ts';
import { AuditDiff, CodeNamesContext, type CodeNames } from './AuditDiff.tsx';

/** Entries that record a look, not a change: shown, but quieter. */
const READS = new Set([
  'personal_data.read',
  'personal_data.search',
  'personal_data.duplicates',
  'personal_data.national_id_taken',
  'user.login',
]);

export interface AuditTableProps {
  rows: AuditRow[];
  total: number;
  page: number;
  pageSize: number;
  loading?: boolean;
  onPage(page: number, pageSize: number): void;
  /** Link each entry to its household (in the audit browser; not inside a household's own page). */
  householdLinks?: boolean;
}

export function AuditTable({
  rows,
  total,
  page,
  pageSize,
  loading,
  onPage,
  householdLinks,
}: AuditTableProps) {
  const { t, lang, dateTime, pick, number } = useI18n();
  const standards = useAsync(loadStandards, []);
  const names = useMemo<CodeNames>(() => {
    const list = standards.data ?? [];
    return {
      standard: (id) => {
        const s = list.find((x) => x.id === id);
        return s ? pick(s.name) : undefined;
      },
      indicator: (code) => {
        for (const s of list) {
          const i = s.indicators.find((x) => x.code === code);
          if (i) return pick(i.name);
        }
        return undefined;
      },
    };
  }, [standards.data, pick]);
  const columns: ColumnsType<AuditRow> = [
    {
      title: t('audit.at'),
      dataIndex: 'at',
      width: 150,
      render: (v: string) => <span style={{ whiteSpace: 'nowrap' }}>{dateTime(v)}</span>,
    },
    { title: t('audit.who'), dataIndex: 'actorName', width: 180 },
    {
      title: t('audit.action'),
      dataIndex: 'action',
      width: 190,
      render: (v: string, row) => (
        <>
          <div>{auditActionName(v, lang)}</div>
          {householdLinks && row.householdId && (
            <Link to={`/households/${row.householdId}`}>{t('audit.openHousehold')}</Link>
          )}
          {row.entityType === 'member' && row.entityId?.includes('/') && (
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 13 }}>
              {t('audit.memberNo', { n: row.entityId.split('/')[1] ?? '' })}
            </Typography.Text>
          )}
        </>
      ),
    },
    {
      title: t('audit.change'),
      key: 'change',
      render: (_: unknown, row) => <AuditDiff before={row.before} after={row.after} />,
    },
    {
      title: t('audit.reason'),
      dataIndex: 'reason',
      width: 180,
      render: (v: string | null) => v ?? <Typography.Text type="secondary">—</Typography.Text>,
    },
  ];
  return (
    <CodeNamesContext value={names}>
      <Table<AuditRow>
        rowKey="seq"
        size="middle"
        columns={columns}
        dataSource={rows}
        loading={loading}
        scroll={{ x: 900 }}
        locale={{ emptyText: t('audit.empty') }}
        pagination={{
          current: page,
          pageSize,
          total,
          showSizeChanger: false,
          showTotal: (n) => t('common.total', { n: number(n) }),
          onChange: onPage,
        }}
        rowClassName={(row) => (READS.has(row.action) ? 'gn-muted' : '')}
      />
    </CodeNamesContext>
  );
}
