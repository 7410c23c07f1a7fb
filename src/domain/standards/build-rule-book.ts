// Checks the documents read from rules/ against each other and builds the rule book; any problem stops the program.
import type { z } from 'zod';
import { DERIVATION_RULES } from './derivation-rules.ts';
import {
  indicatorCatalogueSchema,
  localStandardSchema,
  nationalStandardSchema,
  reviewYearsSchema,
  workingAgeSchema,
  type LocalStandardDoc,
  type NationalStandardDoc,
} from './rule-book-schema.ts';
import { deriveLocalStandard } from './local-standard.ts';
import { checkLineOrder } from './line-order.ts';
import type { Bilingual, Indicator, Parameter, RuleBook, Standard } from './types.ts';

/** A rules file as read from disk: where it came from, and its parsed YAML. */
export interface RulesDocument {
  path: string;
  data: unknown;
}

export interface RulesSources {
  indicators: RulesDocument;
  standards: RulesDocument[];
  localStandards: RulesDocument[];
  reviewYears: RulesDocument;
  workingAge: RulesDocument;
}

export class RuleBookError extends Error {
  constructor(readonly problems: string[]) {
    super(
      `Tệp quy tắc không hợp lệ — chương trình dừng / Invalid rules files — the program stops:\n` +
        problems.map((p) => `  - ${p}`).join('\n'),
    );
    this.name = 'RuleBookError';
  }
}

function parseWith<T>(schema: z.ZodType<T>, doc: RulesDocument, problems: string[]): T | undefined {
  const r = schema.safeParse(doc.data);
  if (r.success) return r.data;
  for (const issue of r.error.issues) {
    const at = issue.path.length ? issue.path.join('.') : '(root)';
    const missingCitation = issue.path[issue.path.length - 1] === 'citation';
    const why = missingCitation ? 'thiếu trích dẫn pháp lý / missing legal citation' : issue.message;
    problems.push(`${doc.path}: ${at}: ${why}`);
  }
  return undefined;
}

const withEn = (p: { citation: string; citationEn?: string | undefined }) => p.citationEn ?? p.citation;

function toParameter(p: z.infer<typeof nationalStandardSchema>['parameters']['deficitThreshold']): Parameter {
  return { ...p, citationEn: withEn(p) };
}

function mapAreas<T, U>(x: { rural: T; urban: T }, f: (v: T) => U): { rural: U; urban: U } {
  return { rural: f(x.rural), urban: f(x.urban) };
}

function buildNational(
  doc: NationalStandardDoc,
  path: string,
  names: ReadonlyMap<string, Bilingual>,
  problems: string[],
): Standard {
  const seen = new Set<string>();
  const indicators: Indicator[] = [];
  doc.indicators.forEach((ind, i) => {
    const where = `${path}: indicators.${i} (${ind.code})`;
    const name = names.get(ind.code);
    // When the catalogue itself failed to parse, that is the problem to report, not every code.
    if (!name && names.size > 0)
      problems.push(`${where}: mã chỉ số không có trong rules/indicators.yaml / unknown indicator code`);
    if (seen.has(ind.code)) problems.push(`${where}: mã chỉ số lặp lại / duplicate indicator code`);
    seen.add(ind.code);
    const rule = DERIVATION_RULES[ind.derive.rule];
    let params: Record<string, unknown> = ind.derive.params ?? {};
    if (!rule) {
      problems.push(`${where}: derive.rule "${ind.derive.rule}" không tồn tại / unknown derivation rule`);
    } else {
      const parsed = rule.params.safeParse(params);
      if (!parsed.success) {
        for (const issue of parsed.error.issues) {
          problems.push(`${where}: derive.params.${issue.path.join('.')}: ${issue.message}`);
        }
      } else {
        params = parsed.data as Record<string, unknown>;
      }
    }
    indicators.push({
      code: ind.code,
      name: name ?? { vi: ind.code, en: ind.code },
      dimension: ind.dimension,
      citation: ind.citation,
      verified: ind.verified,
      derive: { ...ind.derive, params },
    });
  });
  const p = doc.parameters;
  const standard: Standard = {
    id: doc.id,
    kind: 'national',
    name: doc.name,
    legalBasis: doc.legalBasis,
    rule: doc.rule,
    parameters: {
      povertyLine: mapAreas(p.povertyLine, toParameter),
      nearPoorLine: p.nearPoorLine && mapAreas(p.nearPoorLine, toParameter),
      middleUpperLine: p.middleUpperLine && mapAreas(p.middleUpperLine, toParameter),
      deficitThreshold: toParameter(p.deficitThreshold),
      scoreA: p.scoreA && {
        povertyCutoff: mapAreas(p.scoreA.povertyCutoff, toParameter),
        nearPoorCutoff: p.scoreA.nearPoorCutoff && mapAreas(p.scoreA.nearPoorCutoff, toParameter),
        pointsPerDeficit: p.scoreA.pointsPerDeficit && toParameter(p.scoreA.pointsPerDeficit),
      },
    },
    indicators,
    indicatorCodes: new Set(indicators.map((i) => i.code)),
  };
  checkLineOrder(standard, path, problems);
  if (doc.rule === 'two_lines' && !p.nearPoorLine) {
    problems.push(`${path}: rule two_lines cần nearPoorLine / rule two_lines needs nearPoorLine`);
  }
  return standard;
}

export function buildRuleBook(sources: RulesSources): RuleBook {
  const problems: string[] = [];
  const catalogue = parseWith(indicatorCatalogueSchema, sources.indicators, problems) ?? [];
  const names = new Map<string, Bilingual>();
  for (const c of catalogue) {
    if (names.has(c.code))
      problems.push(`${sources.indicators.path}: ${c.code}: mã lặp lại / duplicate code`);
    names.set(c.code, { vi: c.vi, en: c.en });
  }

  const standards = new Map<string, Standard>();
  for (const doc of sources.standards) {
    const parsed = parseWith(nationalStandardSchema, doc, problems);
    if (!parsed) continue;
    if (standards.has(parsed.id)) problems.push(`${doc.path}: id ${parsed.id} đã có / duplicate standard id`);
    standards.set(parsed.id, buildNational(parsed, doc.path, names, problems));
  }
  for (const doc of sources.localStandards) {
    const parsed: LocalStandardDoc | undefined = parseWith(localStandardSchema, doc, problems);
    if (!parsed) continue;
    const base = standards.get(parsed.derivedFrom);
    if (!base || base.kind !== 'national') {
      problems.push(
        `${doc.path}: derivedFrom "${parsed.derivedFrom}" không phải chuẩn quốc gia đã biết / is not a known national standard`,
      );
      continue;
    }
    if (standards.has(parsed.id)) {
      problems.push(`${doc.path}: id ${parsed.id} đã có / duplicate standard id`);
      continue;
    }
    const derived = deriveLocalStandard(base, parsed);
    if (!derived.ok) problems.push(...derived.problems.map((p) => `${doc.path}: ${p}`));
    else standards.set(parsed.id, derived.standard);
  }

  const years = parseWith(reviewYearsSchema, sources.reviewYears, problems) ?? [];
  const sorted = [...years].sort((a, b) => a.from - b.from);
  sorted.forEach((r, i) => {
    const where = `${sources.reviewYears.path}: ${r.from}–${r.to}`;
    if (r.to < r.from) problems.push(`${where}: năm kết thúc trước năm bắt đầu / ends before it starts`);
    const prev = sorted[i - 1];
    if (prev && r.from <= prev.to) {
      problems.push(`${where}: chồng lấn với ${prev.from}–${prev.to} / overlaps ${prev.from}–${prev.to}`);
    }
    for (const id of [r.standard, ...(r.alsoReviewedUnder ?? [])]) {
      if (!standards.has(id)) problems.push(`${where}: chuẩn "${id}" không tồn tại / unknown standard`);
    }
  });

  const workingAge = parseWith(workingAgeSchema, sources.workingAge, problems);
  if (problems.length > 0 || !workingAge) throw new RuleBookError(problems);
  return {
    standards,
    indicatorNames: names,
    reviewYears: sorted.map((r) => ({
      ...r,
      alsoReviewedUnder: r.alsoReviewedUnder ?? [],
      citationEn: withEn(r),
    })),
    workingAge: { ...workingAge, citationEn: withEn(workingAge) },
  };
}

/** The standard that governs a review year (standards.md §1), or undefined outside the table. */
export function standardForYear(book: RuleBook, year: number): string | undefined {
  return book.reviewYears.find((r) => year >= r.from && year <= r.to)?.standard;
}
