// Roll-ups as a DHIS2 `dataValueSets` payload: one data value per unit × year × data element.
// The data element and org unit identifiers are the country's DHIS2 configuration, passed in as maps.

export interface RollupValue {
  unit: string;
  year: number;
  group: string;
  households: number;
  poor: number;
  nearPoor: number;
}

export interface Dhis2Mapping {
  /** Our unit code → DHIS2 orgUnit uid (units without a mapping are reported, not guessed). */
  orgUnits: Readonly<Record<string, string>>;
  /** 'households' | 'poor' | 'near_poor' → dataElement uid. */
  dataElements: Readonly<Record<'households' | 'poor' | 'near_poor', string>>;
  /** Group → categoryOptionCombo uid (e.g. 'all' → the default combo). */
  categoryOptionCombos: Readonly<Record<string, string>>;
}

export interface DataValueSet {
  dataValues: {
    dataElement: string;
    period: string;
    orgUnit: string;
    categoryOptionCombo: string;
    value: string;
  }[];
}

export function toDataValueSet(
  values: readonly RollupValue[],
  mapping: Dhis2Mapping,
): { payload: DataValueSet; unmapped: string[] } {
  const unmapped = new Set<string>();
  const dataValues: DataValueSet['dataValues'] = [];
  for (const v of values) {
    const orgUnit = mapping.orgUnits[v.unit];
    const coc = mapping.categoryOptionCombos[v.group];
    if (!orgUnit || !coc) {
      unmapped.add(!orgUnit ? `unit ${v.unit}` : `group ${v.group}`);
      continue;
    }
    for (const [key, value] of [
      ['households', v.households],
      ['poor', v.poor],
      ['near_poor', v.nearPoor],
    ] as const) {
      dataValues.push({
        dataElement: mapping.dataElements[key],
        period: String(v.year),
        orgUnit,
        categoryOptionCombo: coc,
        value: String(value),
      });
    }
  }
  return { payload: { dataValues }, unmapped: [...unmapped].sort() };
}
