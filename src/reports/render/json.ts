// The document as JSON for screens and other systems: money (bigint đồng) becomes a string of digits, so
// amounts beyond 2^53 stay exact; everything else is the model as it is. The zod schema documents it.
import { z } from 'zod';
import type { ReportCell, ReportDocument } from '../model.ts';

const text = z.object({ vi: z.string(), en: z.string() });

export const reportJsonSchema = z.object({
  id: z.string(),
  title: text,
  subtitle: text.optional(),
  sections: z.array(
    z.object({
      heading: text.optional(),
      sheet: text.optional(),
      paragraphs: z.array(text).optional(),
      table: z
        .object({
          columns: z.array(
            z.object({
              key: z.string(),
              header: text,
              kind: z.enum(['text', 'integer', 'decimal', 'percent', 'money', 'date']),
              group: text.optional(),
              moneyScale: z.enum(['dong', 'million', 'billion']).optional(),
              toFill: z.boolean().optional(),
              citation: z.string().optional(),
              indent: z.boolean().optional(),
            }),
          ),
          rows: z.array(
            z.object({
              cells: z
                .record(z.string(), z.union([z.string(), text, z.number(), z.null()]))
                .describe('Tiền: chuỗi chữ số đồng (chính xác) / money: a string of đồng digits (exact)'),
              level: z.number().optional(),
              emphasis: z.enum(['total', 'subtotal']).optional(),
              toFill: z.array(z.string()).readonly().optional(),
            }),
          ),
        })
        .optional(),
    }),
  ),
  notes: z.array(text),
  generatedAt: z.string(),
});

export type ReportJson = z.infer<typeof reportJsonSchema>;

const cell = (v: ReportCell): string | { vi: string; en: string } | number | null =>
  typeof v === 'bigint' ? v.toString() : v;

export function toReportJson(doc: ReportDocument): ReportJson {
  return {
    ...doc,
    sections: doc.sections.map(({ table, ...rest }) => ({
      ...rest,
      ...(table
        ? {
            table: {
              columns: table.columns,
              rows: table.rows.map((r) => ({
                ...r,
                cells: Object.fromEntries(Object.entries(r.cells).map(([k, v]) => [k, cell(v)])),
              })),
            },
          }
        : {}),
    })),
  };
}
