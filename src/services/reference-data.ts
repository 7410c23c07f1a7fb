// Loads the reference data (official unit lists, legal lists) into a database when it is missing or changed.
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database, Queryable } from '../db/index.ts';
import { legalLists, referenceData, units, villages } from '../db/index.ts';
import { COMMUNE_RESOLUTIONS_FILE } from '../domain/geography/commune-resolutions.ts';
import { CONVERSION_FILE } from '../domain/geography/parse-conversion.ts';
import { DIVISIONS_FILE } from '../domain/geography/parse-divisions.ts';
import { PRE_REFORM_FILE } from '../domain/geography/parse-pre-reform.ts';
import type { LegalList } from '../domain/legal-lists.ts';
import { RuleBookError } from '../domain/standards/build-rule-book.ts';
import { loadOfficialUnits, OFFICIAL_UNITS_DIR } from '../geography-data/load-official-units.ts';
import { loadLegalLists } from '../rules-loader/load-legal-lists.ts';

export interface ReferenceDataReport {
  units: 'loaded' | 'up-to-date';
  unitCount?: number;
  edgeCount?: number;
  /** Rows of the official files the loader could not use as they are (kept in unit_load_problems). */
  problemCount?: number;
  legalLists: 'loaded' | 'up-to-date';
}

export interface ReferenceDataOptions {
  unitsDir?: string;
  rulesDir?: string;
  /** Told before a slow step, for a progress line. */
  onProgress?: (message: { vi: string; en: string }) => void;
}

async function checksumOf(paths: string[]): Promise<string> {
  const hash = createHash('sha256');
  for (const p of paths) hash.update(await readFile(p));
  return hash.digest('hex');
}

/** Everything is loaded in one transaction: a failure leaves the previous reference data as it was. */
export async function ensureReferenceData(
  db: Database,
  options: ReferenceDataOptions = {},
): Promise<ReferenceDataReport> {
  const unitsDir = options.unitsDir ?? OFFICIAL_UNITS_DIR;
  const unitsChecksum = await checksumOf(
    [PRE_REFORM_FILE, DIVISIONS_FILE, CONVERSION_FILE, COMMUNE_RESOLUTIONS_FILE].map((f) =>
      join(unitsDir, f),
    ),
  );
  const lists = loadLegalLists(options.rulesDir);
  const listsChecksum = createHash('sha256').update(JSON.stringify(lists)).digest('hex');

  return db.transaction(async (tx) => {
    const report: ReferenceDataReport = { units: 'up-to-date', legalLists: 'up-to-date' };
    if ((await referenceData.loadedChecksum(tx, 'admin_units')) !== unitsChecksum) {
      options.onProgress?.({
        vi: 'Đang nạp danh mục đơn vị hành chính (trước và sau 01/7/2025)…',
        en: 'Loading the official administrative units (before and after 1 July 2025)…',
      });
      const official = await loadOfficialUnits(unitsDir);
      report.unitCount = await units.upsertUnits(tx, official.units);
      report.edgeCount = await units.upsertLineage(tx, official.edges);
      await units.clearLoadProblems(tx);
      await units.recordLoadProblems(tx, official.problems);
      report.problemCount = official.problems.length;
      await villages.assignWholeMoves(tx);
      await referenceData.markLoaded(tx, 'admin_units', unitsChecksum);
      report.units = 'loaded';
    }
    if (
      report.units === 'loaded' ||
      (await referenceData.loadedChecksum(tx, 'legal_lists')) !== listsChecksum
    ) {
      for (const list of lists) await storeLegalList(tx, list);
      await referenceData.markLoaded(tx, 'legal_lists', listsChecksum);
      report.legalLists = 'loaded';
    }
    return report;
  });
}

/** Each entry names a unit by code; the version meant is the one valid when the entry takes effect. */
async function storeLegalList(db: Queryable, list: LegalList): Promise<void> {
  const problems: string[] = [];
  const entries = [];
  for (const e of list.entries) {
    const from = e.periodFrom ?? list.periodFrom;
    const unit = await units.unitAt(db, e.unitCode, from);
    if (!unit || unit.level !== e.unitLevel) {
      problems.push(
        `rules/legal-lists (${list.kind}): ${e.unitCode} ${e.name}: không có ${e.unitLevel} nào mang mã này ngày ${from} / no ${e.unitLevel} has this code on ${from}`,
      );
      continue;
    }
    entries.push({
      unitCode: unit.code,
      unitValidFrom: unit.validFrom,
      periodFrom: from,
      periodTo: e.periodTo ?? list.periodTo ?? null,
      citation: e.citation,
      verified: e.verified,
      note: e.note ?? null,
    });
  }
  if (problems.length) throw new RuleBookError(problems);
  await legalLists.replaceLegalList(
    db,
    {
      kind: list.kind,
      title: list.title.vi,
      periodFrom: list.periodFrom,
      periodTo: list.periodTo ?? null,
      citation: list.citation,
      verified: list.verified,
    },
    entries,
  );
}
