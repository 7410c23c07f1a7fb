// Reads the vendored official lists from data/admin-units/ (the only file system access of geography).

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMMUNE_RESOLUTIONS_FILE } from '../domain/geography/commune-resolutions.ts';
import type { OfficialUnits } from '../domain/geography/official-units.ts';
import { assembleOfficialUnits } from '../domain/geography/official-units.ts';
import { CONVERSION_FILE } from '../domain/geography/parse-conversion.ts';
import { DIVISIONS_FILE } from '../domain/geography/parse-divisions.ts';
import { PRE_REFORM_FILE } from '../domain/geography/parse-pre-reform.ts';

/** The vendored copy in the repository. */
export const OFFICIAL_UNITS_DIR = fileURLToPath(new URL('../../data/admin-units/', import.meta.url));

/**
 * Loads units, lineage edges and problems from a directory holding the four files (by default the
 * vendored copy). Problems are returned, never thrown; a missing file rejects.
 */
export async function loadOfficialUnits(dir: string = OFFICIAL_UNITS_DIR): Promise<OfficialUnits> {
  const read = (name: string) => readFile(join(dir, name), 'utf8');
  const [preReformCsv, divisionsJson, conversionCsv, communeResolutionsJson] = await Promise.all([
    read(PRE_REFORM_FILE),
    read(DIVISIONS_FILE),
    read(CONVERSION_FILE),
    read(COMMUNE_RESOLUTIONS_FILE),
  ]);
  return assembleOfficialUnits({ preReformCsv, divisionsJson, conversionCsv, communeResolutionsJson });
}
