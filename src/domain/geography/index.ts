// Public surface of the administrative geography: types, parsers, queries and re-basing (all pure).

export type * from './types.ts';
export * from './reform.ts';
export { areaOfKind, canonicalName, kindFromName } from './unit-kind.ts';
export { readCsv } from './csv.ts';
export type { CsvRecord, CsvDefect } from './csv.ts';
export { parsePreReformCsv, PRE_REFORM_FILE } from './parse-pre-reform.ts';
export type { ParsedUnits, UnitOrigin } from './parse-pre-reform.ts';
export { parseDivisionsJson, readDivisionsJson, divisionUnits, DIVISIONS_FILE } from './parse-divisions.ts';
export type { DivisionEntry } from './parse-divisions.ts';
export { parseConversionCsv, edgeFromRow, CONVERSION_FILE } from './parse-conversion.ts';
export type { ConversionRow, ParsedConversion } from './parse-conversion.ts';
export { parseCommuneResolutions, COMMUNE_RESOLUTIONS_FILE } from './commune-resolutions.ts';
export type { CommuneResolution } from './commune-resolutions.ts';
export { readLineageNote } from './lineage-note.ts';
export { deriveNewProvinceCodes } from './province-codes.ts';
export { assembleOfficialUnits } from './official-units.ts';
export type { OfficialTexts, OfficialUnits } from './official-units.ts';
export { indexGeography, unitKey } from './geography-index.ts';
export type { GeographyIndex } from './geography-index.ts';
export { children, isValidAt, lineage, parentChain, unitAt, unitsAt } from './queries.ts';
export type { Lineage, LineageStep } from './queries.ts';
export { apportion } from './apportion.ts';
export { rebase } from './rebase.ts';
export type * from './rebase.ts';
