// The live class on the device, offline: the server's rule book built here from the documents the snapshot
// carries, by the same pure code (src/domain/standards), so the class shown in the village is the class the
// server will record.
import { assess, parseAssessment } from '../../../src/domain/standards/assessment.ts';
import { buildRuleBook, type RulesSources } from '../../../src/domain/standards/build-rule-book.ts';
import type {
  Area,
  Bilingual,
  HouseholdClass,
  RuleBook,
  Standard,
} from '../../../src/domain/standards/types.ts';

let cached: { sources: unknown; book: RuleBook } | null = null;

export function ruleBookFrom(sources: unknown): RuleBook {
  if (cached && cached.sources === sources) return cached.book;
  const book = buildRuleBook(sources as RulesSources);
  cached = { sources, book };
  return book;
}

export function standardOf(sources: unknown, id: string | null): Standard | undefined {
  return id ? ruleBookFrom(sources).standards.get(id) : undefined;
}

export interface DeviceAnswers {
  standard: string;
  area: Area;
  incomePerCapita?: number | undefined;
  scoreA?: number | undefined;
  deficits: string[];
}

export type DeviceVerdict =
  | { ok: true; class: HouseholdClass; deficitCount: number; explanation: Bilingual }
  | { ok: false; message: Bilingual; field: string | undefined };

export function classifyOnDevice(sources: unknown, answers: DeviceAnswers): DeviceVerdict {
  const book = ruleBookFrom(sources);
  const req = parseAssessment(book, answers);
  if (!req.ok) return { ok: false, message: req.error.message, field: req.error.field };
  const result = assess(book, req.value);
  if (!result.ok) return { ok: false, message: result.error.message, field: result.error.field };
  const v = result.value;
  return {
    ok: true,
    class: v.verdict.class,
    deficitCount: v.verdict.deficitCount,
    explanation: v.explanation,
  };
}
