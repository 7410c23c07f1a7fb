// Builds household facts that should produce exactly a chosen set of deficits, to test (and bench) the facts path.
import type { HouseholdFacts, MemberFacts } from '../../src/domain/standards/facts.ts';

/** A member born `age` years (and a few days) before the survey date. */
function bornYearsBefore(surveyDate: string, age: number): string {
  return `${Number(surveyDate.slice(0, 4)) - age}${surveyDate.slice(4, 7)}-01`;
}

const adult = (surveyDate: string, age: number, sex: 'male' | 'female'): MemberFacts => ({
  birthDate: bornYearsBefore(surveyDate, age),
  sex,
  healthInsurance: true,
  inSchool: false,
  educationLevel: 'upper_secondary',
  employment: 'employed',
  wageEarner: true,
  labourContract: true,
  usesTelecom: true,
  usesDigitalServices: true,
});

const child = (surveyDate: string, age: number): MemberFacts => ({
  birthDate: bornYearsBefore(surveyDate, age),
  sex: age % 2 === 0 ? 'female' : 'male',
  healthInsurance: true,
  inSchool: true,
  educationLevel: 'primary',
  usesTelecom: false,
  usesDigitalServices: false,
});

/**
 * Facts for a household lacking exactly `deficits` (codes of any standard in rules/): four working adults
 * keep the dependant ratio low unless `dependants` is wanted; each wanted deficit changes one fact.
 */
export function householdFacts(deficits: readonly string[], surveyDate: string): HouseholdFacts {
  const want = new Set(deficits);
  const members: MemberFacts[] = [
    adult(surveyDate, 35, 'male'),
    adult(surveyDate, 33, 'female'),
    adult(surveyDate, 40, 'male'),
    adult(surveyDate, 38, 'female'),
  ];
  if (want.has('employment')) members[0] = { ...members[0]!, employment: 'unemployed' };
  if (want.has('health_insurance')) members[1] = { ...members[1]!, healthInsurance: false };
  if (want.has('health_access')) members[2] = { ...members[2]!, sickUntreated: true };
  if (want.has('adult_education'))
    members.push({ ...adult(surveyDate, 20, 'female'), educationLevel: 'primary' });
  if (want.has('nutrition')) members.push({ ...child(surveyDate, 7), stunted: true });
  if (want.has('child_schooling')) members.push({ ...child(surveyDate, 10), inSchool: false });
  if (want.has('dependants')) for (let i = 0; i < 7; i++) members.push(child(surveyDate, 8 + (i % 6)));
  for (const m of members) {
    if (want.has('telecom')) m.usesTelecom = false;
    if (want.has('digital_services')) m.usesDigitalServices = false;
  }
  const noDevices = want.has('information_devices') || want.has('information_assets');
  return {
    surveyDate,
    members,
    dwelling: {
      wall: want.has('housing_quality') ? 'non_durable' : 'durable',
      columns: 'durable',
      roof: want.has('housing_quality') ? 'non_durable' : 'durable',
      floorArea: (want.has('housing_area') ? 6 : 12) * members.length,
      waterSource: want.has('water') ? 'surface' : 'piped',
      latrine: want.has('sanitation') ? 'none' : 'septic',
      informationDevices: noDevices ? [] : ['tv', 'phone'],
      loudspeaker: !noDevices,
      wasteDisposal: want.has('waste') ? 'dumped' : 'collected',
    },
  };
}

/** A small deterministic PRNG (mulberry32) so generated data is the same on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
