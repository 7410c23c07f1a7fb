// The monitoring forms of Thông tư 10/2022/TT-BLĐTBXH as data (rules/reports/tt10-2022.yaml): their
// columns and rows and how the system fills each; read and checked once, a bad file stops with its problems.
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { RuleBookError } from '../../domain/standards/build-rule-book.ts';
import { DEFAULT_RULES_DIR } from '../../rules-loader/load-rule-book.ts';

const text = z.object({ vi: z.string().min(1), en: z.string().min(1) });
const citation = z.string().min(5);

/** How a column is filled: the row's number, label or unit of measure, or one of the row's figures. */
export const COLUMN_FILLS = [
  'number',
  'label',
  'measure',
  'source',
  'target',
  'previous',
  'result',
  'assessment',
  'planned',
  'achieved',
  'cumulative',
  'rate',
  'none',
] as const;
export type ColumnFill = (typeof COLUMN_FILLS)[number];

/** Row figures the system computes; `money:<source>` and `output:<indicator>` name a source or indicator. */
export const STAT_FILLS = [
  'poor_rate',
  'poor_rate_change',
  'em_poor_rate',
  'em_poor_rate_change',
  'poor_districts_rate',
  'near_poor_rate',
  'poor_households',
  'near_poor_households',
  'none',
] as const;

const rowFill = z.union([z.enum(STAT_FILLS), z.string().regex(/^(money|output):[a-z_]+$/)]);

const formSchema = z.object({
  id: z.string().regex(/^[a-z0-9-]+$/),
  title: text,
  /** The xlsx sheet's name. */
  sheet: z.object({ vi: z.string().min(1).max(31), en: z.string().min(1).max(31) }),
  citation,
  verified: z.boolean(),
  columns: z
    .array(
      z.object({
        key: z.string().regex(/^[a-z_]+$/),
        fill: z.enum(COLUMN_FILLS),
        kind: z.enum(['text', 'integer', 'decimal', 'percent', 'money', 'date']),
        header: text,
        group: text.optional(),
      }),
    )
    .min(2),
  rows: z
    .array(
      z.union([
        z.object({ heading: z.literal(true), label: text }),
        z.object({ fill: rowFill, label: text, measure: text.optional() }),
      ]),
    )
    .min(1),
});

const period = z.object({
  name: text,
  end: z.string().regex(/^\d{2}-\d{2}$/),
  citation,
  verified: z.boolean(),
});

export const tt10Schema = z.object({
  citation,
  verified: z.boolean(),
  programme: z.object({ from: z.number().int(), to: z.number().int() }),
  periods: z.object({ six_month: period, annual: period }),
  forms: z.array(formSchema).min(1),
});

export type Tt10Rules = z.infer<typeof tt10Schema>;
export type Tt10Form = Tt10Rules['forms'][number];
export type Tt10Row = Tt10Form['rows'][number];

export function loadTt10Rules(rulesDir: string = DEFAULT_RULES_DIR): Tt10Rules {
  const path = join(rulesDir, 'reports', 'tt10-2022.yaml');
  const shown = relative(process.cwd(), path);
  let data: unknown;
  try {
    data = parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new RuleBookError([`${shown}: ${(e as Error).message.split('\n')[0]}`]);
  }
  const r = tt10Schema.safeParse(data);
  if (!r.success)
    throw new RuleBookError(
      r.error.issues.map((i) => `${shown}: ${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  return r.data;
}

let cached: Tt10Rules | undefined;
export function defaultTt10Rules(): Tt10Rules {
  cached ??= loadTt10Rules();
  return cached;
}
