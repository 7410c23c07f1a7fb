// Parameters every report shares (unit, year, period) and their parsing from a query string into values
// or field errors in Vietnamese and English.
import { z } from 'zod';
import type { LocalText } from './model.ts';

export const unitParam = z
  .string()
  .regex(/^\d{2,5}$/)
  .describe('Mã đơn vị hành chính (tỉnh, huyện, xã) / administrative unit code');
export const yearParam = z.coerce.number().int().min(2000).max(2100).describe('Năm / year');
export const groupParam = z
  .enum(['all', 'ethnic_minority', 'poor_districts', 'urban', 'rural'])
  .default('all')
  .describe('Nhóm hộ (all, ethnic_minority, poor_districts, urban, rural) / household group');
export const standardParam = z
  .string()
  .max(40)
  .optional()
  .describe('Chuẩn nghèo (mặc định: chuẩn của năm) / poverty standard (default: the year’s)');

export interface ParameterError {
  path: string;
  message: LocalText;
}

const VI: Record<string, string> = {
  invalid_type: 'thiếu hoặc sai kiểu dữ liệu',
  too_small: 'quá nhỏ hoặc quá ngắn',
  too_big: 'quá lớn hoặc quá dài',
  invalid_format: 'sai định dạng',
  invalid_value: 'giá trị không được chấp nhận',
  unrecognized_keys: 'có tham số không được phép',
  custom: 'không hợp lệ',
};

/** Parses raw parameters (strings from a URL or the command line) with a report's schema. */
export function parseParameters<S extends z.ZodObject>(
  schema: S,
  raw: Record<string, unknown>,
): { ok: true; value: z.infer<S> } | { ok: false; errors: ParameterError[] } {
  const r = schema.safeParse(raw);
  if (r.success) return { ok: true, value: r.data };
  return {
    ok: false,
    errors: r.error.issues.map((i) => {
      const path = i.path.length ? i.path.join('.') : '(tham số)';
      return {
        path,
        message: {
          vi: `Tham số ${path}: ${VI[i.code] ?? 'không hợp lệ'}`,
          en: `Parameter ${path}: ${i.message}`,
        },
      };
    }),
  };
}

/** "tiếng Việt / English" → both halves; a description in one language serves both; none → the name. */
function bilingualLabel(name: string, description: string | undefined): { vi: string; en: string } {
  if (!description) return { vi: name, en: name };
  const [vi, ...en] = description.split(' / ');
  return { vi: vi!, en: en.length ? en.join(' / ') : vi! };
}

/** The catalogue's parameters as plain descriptions for GET /api/reports and the CLI's help. */
export function describeParameters(schema: z.ZodObject): {
  name: string;
  description: string;
  /** The description's two halves (written "tiếng Việt / English" in the catalogue), for screens. */
  label: { vi: string; en: string };
  required: boolean;
  type: string;
  values?: string[];
  default?: unknown;
}[] {
  const json = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as {
    properties?: Record<string, { description?: string; type?: string; enum?: string[]; default?: unknown }>;
    required?: string[];
  };
  return Object.entries(json.properties ?? {}).map(([name, p]) => ({
    name,
    description: p.description ?? '',
    label: bilingualLabel(name, p.description),
    required: (json.required ?? []).includes(name),
    type: p.enum ? 'enum' : (p.type ?? 'string'),
    ...(p.enum ? { values: p.enum } : {}),
    ...(p.default !== undefined ? { default: p.default } : {}),
  }));
}
