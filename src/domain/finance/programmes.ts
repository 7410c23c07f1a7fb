// Programme structure and finance parameters as data (rules/programmes/, rules/finance/): the schemas the
// files must follow, the cross-checks between them, and lookups by year (which programme, which project).
import { z } from 'zod';
import { parseRatio, type Ratio } from './money.ts';

const nonEmpty = z.string().trim().min(1);
const bilingual = z.object({ vi: nonEmpty, en: nonEmpty }).strict();
const years = z
  .object({ from: z.number().int().min(2000).max(2100), to: z.number().int().min(2000).max(2100) })
  .strict()
  .refine((y) => y.from <= y.to, 'years.from must not be after years.to');
const code = z.string().regex(/^[A-Z][A-Z0-9]*$/, 'codes are upper-case letters and digits, e.g. DA1, TDA2');

export const SOURCE_CODES = [
  'central_investment',
  'central_recurrent',
  'local_counterpart',
  'integrated',
  'policy_credit',
  'people',
] as const;
export type SourceCode = (typeof SOURCE_CODES)[number];
const sourceCode = z.enum(SOURCE_CODES);

const isoDay = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD')
  .refine((d) => new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'not a calendar date');

/**
 * Nguồn vốn of a phase as the approving decision states it (e.g. QĐ 417/QĐ-BNNMT for 2026–2030): each line
 * an amount in billions of đồng (tỷ đồng), its share of the total as written ('9.6' for 9,6 %), and the
 * source codes it covers (central = investment + recurrent). `approximate` marks "khoảng" (about) amounts.
 */
const fundingSchema = z
  .object({
    years,
    citation: nonEmpty,
    verified: z.boolean(),
    note: z.string().optional(),
    lines: z
      .array(
        z
          .object({
            sources: z.array(sourceCode).min(1),
            name: bilingual,
            billionVnd: z.number().int().positive(),
            approximate: z.boolean(),
            sharePercent: z
              .string()
              .refine((s) => /^\d{1,3}(\.\d{1,2})?$/.test(s) && Number(s) <= 100, '0–100, e.g. 9.6'),
          })
          .strict(),
      )
      .min(1),
  })
  .strict()
  .superRefine((f, ctx) => {
    const codes = f.lines.flatMap((l) => l.sources);
    if (new Set(codes).size !== codes.length)
      ctx.addIssue({ code: 'custom', message: 'a source is counted in two funding lines' });
    // Shares are rounded in the decision: together they must still make about 100 %.
    const total = f.lines.reduce((s, l) => s + Number(l.sharePercent), 0);
    if (Math.abs(total - 100) > 0.5)
      ctx.addIssue({ code: 'custom', message: `funding shares add up to ${total.toFixed(1)} %, not 100 %` });
  });
export type Funding = z.infer<typeof fundingSchema>;

export const programmeSchema = z
  .object({
    id: z.string().regex(/^[A-Z][A-Z0-9_]*$/),
    kind: z.literal('programme'),
    name: bilingual,
    years,
    citation: nonEmpty,
    citationEn: nonEmpty.optional(),
    verified: z.boolean(),
    note: z.string().optional(),
    /** Legal texts that implement or detail the programme (approving decisions, financial circulars). */
    implementedBy: z
      .array(z.object({ citation: nonEmpty, verified: z.boolean(), note: z.string().optional() }).strict())
      .optional(),
    /**
     * The programme's tasks may still run and its funds be disbursed after its last year, until this day
     * (e.g. the 2021–2025 programmes until 31/12/2026, Nghị quyết 257/2025/QH15). A plan line carried over
     * into the next year may then be paid until this day rather than only to the end of that year.
     */
    extendedUntil: z
      .object({ date: isoDay, citation: nonEmpty, verified: z.boolean(), note: z.string().optional() })
      .strict()
      .optional(),
    funding: z.array(fundingSchema).optional(),
    components: z
      .array(
        z
          .object({
            code,
            name: bilingual,
            verified: z.boolean(),
            note: z.string().optional(),
            subProjects: z
              .array(
                z
                  .object({ code, name: bilingual, verified: z.boolean(), note: z.string().optional() })
                  .strict(),
              )
              .optional(),
          })
          .strict(),
      )
      .min(1),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.extendedUntil && p.extendedUntil.date <= `${p.years.to}-12-31`)
      ctx.addIssue({ code: 'custom', message: "extendedUntil must be after the programme's last year" });
    for (const f of p.funding ?? [])
      if (f.years.from < p.years.from || f.years.to > p.years.to)
        ctx.addIssue({
          code: 'custom',
          message: `funding ${f.years.from}–${f.years.to} is outside the programme`,
        });
    const seen = new Set<string>();
    for (const c of p.components) {
      if (seen.has(c.code)) ctx.addIssue({ code: 'custom', message: `duplicate component ${c.code}` });
      seen.add(c.code);
      const subs = new Set<string>();
      for (const s of c.subProjects ?? []) {
        if (subs.has(s.code))
          ctx.addIssue({ code: 'custom', message: `duplicate sub-project ${c.code}.${s.code}` });
        subs.add(s.code);
      }
    }
  });
export type Programme = z.infer<typeof programmeSchema>;

export const sourcesSchema = z
  .object({
    citation: nonEmpty,
    verified: z.boolean(),
    sources: z.array(z.object({ code: sourceCode, name: bilingual }).strict()),
  })
  .strict()
  .superRefine((s, ctx) => {
    const codes = s.sources.map((x) => x.code);
    for (const c of SOURCE_CODES)
      if (!codes.includes(c)) ctx.addIssue({ code: 'custom', message: `source ${c} is not described` });
    if (new Set(codes).size !== codes.length) ctx.addIssue({ code: 'custom', message: 'duplicate source' });
  });
export type Sources = z.infer<typeof sourcesSchema>;

const ratioText = z
  .string()
  .refine((s) => parseRatio(s) !== null, 'a dot-decimal fraction such as 0.1')
  .refine((s) => {
    const r = parseRatio(s);
    return r !== null && r.num <= r.den;
  }, 'at most 1');

export const counterpartMinimumSchema = z
  .object({
    citation: nonEmpty,
    verified: z.boolean(),
    numerator: z.array(sourceCode).min(1),
    denominator: z.array(sourceCode).min(1),
    entries: z.array(
      z
        .object({
          province: z.string().regex(/^\d{2}$/),
          years,
          /** Null until the province sets it: the check then reports the parameter missing. */
          minimumShare: ratioText.nullable(),
          citation: nonEmpty,
          verified: z.boolean(),
          note: z.string().optional(),
        })
        .strict(),
    ),
  })
  .strict()
  .superRefine((c, ctx) => {
    for (const [i, a] of c.entries.entries())
      for (const b of c.entries.slice(i + 1))
        if (a.province === b.province && a.years.from <= b.years.to && b.years.from <= a.years.to)
          ctx.addIssue({ code: 'custom', message: `province ${a.province}: overlapping years` });
  });
export type CounterpartMinimum = z.infer<typeof counterpartMinimumSchema>;

export const allocationCoefficientsSchema = z
  .object({
    sets: z.array(
      z
        .object({
          id: nonEmpty,
          years,
          citation: nonEmpty,
          verified: z.boolean(),
          villageCoefficient: z.number().int().min(0),
          communeCategories: z
            .array(
              z
                .object({
                  code: z.string().regex(/^[a-z][a-z0-9_]*$/),
                  name: bilingual,
                  coefficient: z.number().int().min(0),
                })
                .strict(),
            )
            .min(1),
        })
        .strict(),
    ),
  })
  .strict()
  .superRefine((c, ctx) => {
    for (const [i, a] of c.sets.entries())
      for (const b of c.sets.slice(i + 1))
        if (a.years.from <= b.years.to && b.years.from <= a.years.to)
          ctx.addIssue({ code: 'custom', message: `${a.id} and ${b.id}: overlapping years` });
  });
export type AllocationCoefficients = z.infer<typeof allocationCoefficientsSchema>;
export type CoefficientSet = AllocationCoefficients['sets'][number];

export const milestonesSchema = z
  .object({
    citation: nonEmpty,
    verified: z.boolean(),
    milestones: z
      .array(
        z
          .object({
            month: z.number().int().min(1).max(12),
            day: z.number().int().min(1).max(31),
            minimumPercent: z
              .string()
              .refine((s) => /^\d{1,3}(\.\d{1,2})?$/.test(s) && Number(s) <= 100, '0–100'),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();
export type Milestones = z.infer<typeof milestonesSchema>;

/** Everything finance reads from rules/: programmes by period, sources, and the parameters. */
export interface FinanceRules {
  programmes: Programme[];
  sources: Sources;
  counterpartMinimum: CounterpartMinimum;
  allocation: AllocationCoefficients;
  milestones: Milestones;
}

/** Programmes must not overlap in years (a year reads its projects in exactly one programme). */
export function checkProgrammes(programmes: readonly Programme[]): string[] {
  const problems: string[] = [];
  const ids = new Set<string>();
  for (const [i, a] of programmes.entries()) {
    if (ids.has(a.id)) problems.push(`duplicate programme id ${a.id}`);
    ids.add(a.id);
    for (const b of programmes.slice(i + 1))
      if (a.years.from <= b.years.to && b.years.from <= a.years.to)
        problems.push(`${a.id} and ${b.id}: overlapping years`);
  }
  return problems;
}

export function programmeOfYear(
  rules: Pick<FinanceRules, 'programmes'>,
  year: number,
): Programme | undefined {
  return rules.programmes.find((p) => p.years.from <= year && year <= p.years.to);
}

/** The last day a line of programme `id` may be paid when carried over (null: the carry-over year's end). */
export function extendedUntilOf(rules: Pick<FinanceRules, 'programmes'>, id: string): string | null {
  return rules.programmes.find((p) => p.id === id)?.extendedUntil?.date ?? null;
}

export type ProjectLookup =
  | {
      ok: true;
      programme: Programme;
      /** Normalised code: "DA1" or "DA1.TDA1". */
      code: string;
      name: { vi: string; en: string };
      verified: boolean;
    }
  | { ok: false; message: { vi: string; en: string } };

/** Reads a project code ("DA1", "da1.tda1") in the programme of the year. */
export function lookupProject(
  rules: Pick<FinanceRules, 'programmes'>,
  year: number,
  text: string,
): ProjectLookup {
  const programme = programmeOfYear(rules, year);
  if (!programme) {
    return {
      ok: false,
      message: { vi: `Không có chương trình nào cho năm ${year}`, en: `No programme covers ${year}` },
    };
  }
  const m = /^([A-Za-z][A-Za-z0-9]*)(?:\.([A-Za-z][A-Za-z0-9]*))?$/.exec(text.trim());
  const codes = programme.components.map((c) => c.code).join(', ');
  const component = m ? programme.components.find((c) => c.code === m[1]!.toUpperCase()) : undefined;
  if (!m || !component) {
    return {
      ok: false,
      message: {
        vi: `Dự án "${text}" không có trong ${programme.citation} (năm ${year}: ${codes})`,
        en: `Project "${text}" is not in ${programme.citationEn ?? programme.citation} (${year}: ${codes})`,
      },
    };
  }
  if (!m[2]) {
    return { ok: true, programme, code: component.code, name: component.name, verified: component.verified };
  }
  const sub = component.subProjects?.find((s) => s.code === m[2]!.toUpperCase());
  if (!sub) {
    const subs = (component.subProjects ?? []).map((s) => `${component.code}.${s.code}`).join(', ') || '—';
    return {
      ok: false,
      message: {
        vi: `Tiểu dự án "${text}" không có trong ${component.code} (${subs})`,
        en: `Sub-project "${text}" is not part of ${component.code} (${subs})`,
      },
    };
  }
  return {
    ok: true,
    programme,
    code: `${component.code}.${sub.code}`,
    name: { vi: `${component.name.vi} — ${sub.name.vi}`, en: `${component.name.en} — ${sub.name.en}` },
    verified: sub.verified,
  };
}

export function isSourceCode(s: string): s is SourceCode {
  return (SOURCE_CODES as readonly string[]).includes(s);
}

/** The coefficient set for a year, if the rules have one. */
export function coefficientSetOf(
  rules: Pick<FinanceRules, 'allocation'>,
  year: number,
): CoefficientSet | undefined {
  return rules.allocation.sets.find((s) => s.years.from <= year && year <= s.years.to);
}

/** The minimum counterpart share a province set for a year: the entry (maybe with a null share) or none. */
export function counterpartMinimumOf(
  rules: Pick<FinanceRules, 'counterpartMinimum'>,
  province: string,
  year: number,
): { entry: CounterpartMinimum['entries'][number] | null; share: Ratio | null } {
  const entry =
    rules.counterpartMinimum.entries.find(
      (e) => e.province === province && e.years.from <= year && year <= e.years.to,
    ) ?? null;
  return { entry, share: entry?.minimumShare ? parseRatio(entry.minimumShare) : null };
}
