// A report document on screen: title, subtitle, sections (heading, paragraphs, a table with typed columns
// formatted as the xlsx and pdf show them — Vietnamese digit grouping, 19,50, dates 04/03/2020), notes.
import { Table, Tag, Typography } from 'antd';
import type { ColumnsType, ColumnType } from 'antd/es/table';
import { cellText } from '../../../src/reports/render/layout.ts';
import type { ReportCell, ReportColumn } from '../../../src/reports/model.ts';
import { useI18n } from '../i18n/index.tsx';
import type { ReportDocument, ReportTable } from './report-types.ts';

type Row = ReportTable['rows'][number] & { key: number };

/** Money arrives as a string of đồng digits (exact); the shared formatter takes it as a bigint. */
function cellOf(
  v: string | { vi: string; en: string } | number | null | undefined,
  c: ReportColumn,
): ReportCell | undefined {
  if (c.kind === 'money' && typeof v === 'string' && /^-?\d+$/.test(v)) return BigInt(v);
  return v;
}

function DocumentTable({ table, index }: { table: ReportTable; index: number }) {
  const { t, lang } = useI18n();
  const numeric = (c: ReportColumn) => c.kind !== 'text' && c.kind !== 'date';
  // Rows are indented by level in the column that says so, else the first text column.
  const indented = table.columns.find((c) => c.indent) ?? table.columns.find((c) => c.kind === 'text');
  const leaf = (c: ReportColumn): ColumnType<Row> => ({
    key: c.key,
    title: c.toFill ? (
      <span>
        {c.header[lang]} <Tag color="orange">{t('reports.toFill')}</Tag>
      </span>
    ) : (
      c.header[lang]
    ),
    align: numeric(c) ? 'right' : 'left',
    onCell: (r) => ({
      style: {
        fontWeight: r.emphasis ? 600 : undefined,
        paddingInlineStart: c === indented && r.level ? 8 + r.level * 16 : undefined,
      },
    }),
    render: (_: unknown, r) =>
      c.toFill || r.toFill?.includes(c.key) ? (
        <Typography.Text type="warning">…</Typography.Text>
      ) : (
        <span className={numeric(c) ? 'gn-digits' : undefined}>
          {cellText(cellOf(r.cells[c.key], c), c, lang)}
        </span>
      ),
  });
  // Columns sharing a group sit under one header cell, as in the official two-row headers.
  const columns: ColumnsType<Row> = [];
  table.columns.forEach((c) => {
    const last = columns.at(-1) as
      { title?: unknown; children?: ColumnType<Row>[]; groupKey?: string } | undefined;
    if (c.group && last?.groupKey === c.group.vi) last.children!.push(leaf(c));
    else if (c.group)
      columns.push({ title: c.group[lang], groupKey: c.group.vi, children: [leaf(c)] } as ColumnType<Row>);
    else columns.push(leaf(c));
  });
  return (
    <Table<Row>
      data-testid={`report-table-${index}`}
      size="small"
      bordered
      pagination={false}
      scroll={{ x: 'max-content' }}
      columns={columns}
      dataSource={table.rows.map((r, key) => ({ ...r, key }))}
      rowClassName={(r) => (r.emphasis ? 'gn-report-total' : '')}
    />
  );
}

export function ReportView({ doc }: { doc: ReportDocument }) {
  const { t, lang, dateTime } = useI18n();
  return (
    <div data-testid="report-document">
      <Typography.Title level={4} style={{ textAlign: 'center', marginBottom: 4 }}>
        {doc.title[lang]}
      </Typography.Title>
      {doc.subtitle && (
        <Typography.Paragraph style={{ textAlign: 'center' }} strong>
          {doc.subtitle[lang]}
        </Typography.Paragraph>
      )}
      {doc.sections.map((s, i) => (
        <section key={i} style={{ marginBottom: 16 }}>
          {s.heading && <Typography.Title level={5}>{s.heading[lang]}</Typography.Title>}
          {s.paragraphs?.map((p, j) => (
            <Typography.Paragraph key={j}>{p[lang]}</Typography.Paragraph>
          ))}
          {s.table && <DocumentTable table={s.table} index={i} />}
        </section>
      ))}
      {doc.notes.length > 0 && (
        <>
          <Typography.Text strong>{t('reports.notes')}</Typography.Text>
          <ol style={{ paddingInlineStart: 20, marginTop: 4 }} data-testid="report-notes">
            {doc.notes.map((n, i) => (
              <li key={i}>
                <Typography.Text type="secondary">{n[lang]}</Typography.Text>
              </li>
            ))}
          </ol>
        </>
      )}
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {t('reports.generatedAt', { at: dateTime(doc.generatedAt) })}
      </Typography.Text>
    </div>
  );
}
