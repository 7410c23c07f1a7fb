// Synthetic villages, households and members for the demo province (former Bắc Kạn): pure, seeded, plausible.
import type { Random } from '../domain/random.ts';
import type { DwellingFacts, MemberFacts } from '../domain/standards/facts.ts';

export type Ethnicity = 'Tày' | 'Nùng' | 'Dao' | "H'Mông" | 'Kinh' | 'Sán Chay';

/** Citizen-ID province prefix of Bắc Kạn (Thông tư 59/2021/TT-BCA, Phụ lục I): the first three digits. */
export const BAC_KAN_ID_PREFIX = '006';

// Tày and Nùng place names of the Bắc Kạn uplands (nà: rice field, khuổi: stream, bản: village, cốc: foot
// of a hill, phiêng: upland, pác: mouth of a stream, lủng: valley, bó: spring). Synthetic combinations.
const PLACE_NAMES = [
  'Nà Phầy',
  'Khuổi Trả',
  'Nà Làng',
  'Nà Lẹng',
  'Khuổi Khỉ',
  'Nà Mòn',
  'Phja Đăm',
  'Lủng Vài',
  'Cốc Phấy',
  'Nà Pài',
  'Khau Pồng',
  'Nà Cà',
  'Pò Đon',
  'Nà Cọ',
  'Khuổi Chang',
  'Nặm Dất',
  'Cốc Nọt',
  'Bó Lếch',
  'Nà Lồm',
  'Phiêng Luông',
  'Nà Nọi',
  'Khuổi Luông',
  'Nà Hin',
  'Lủng Pjầu',
  'Cốc Pục',
  'Nà Vài',
  'Slam Vè',
  'Pác Giả',
  'Nà Đăng',
  'Khuổi Slưn',
  'Nà Chả',
  'Pác Đính',
  'Phiêng Phường',
  'Nà Tùm',
  'Khuổi Mạ',
  'Cốc Muồng',
  'Nà Ngàn',
  'Pác Cáp',
  'Nà Bản',
  'Khau Đấng',
  'Nà Kẹn',
  'Nà Quá',
  'Nà Lìn',
  'Khuổi Ún',
  'Cốc Càng',
  'Nà Thẳm',
  'Phja Khao',
  'Nà Pết',
  'Lủng Hoàn',
  'Bó Pja',
  'Nà Quang',
  'Khuổi Tẩu',
  'Nà Rầy',
  'Cốc Xả',
  'Nà Duồng',
  'Pác Nhạn',
  'Khuổi Bốc',
  'Nà Mặn',
  'Phiêng Pục',
  'Nà Sla',
];

export interface DemoVillage {
  name: string;
  kind: 'thon' | 'ban' | 'to_dan_pho';
}

/**
 * 3–5 villages for a commune: tổ dân phố in a phường or thị trấn (numbered, with the old ward's name so
 * they stay apart once wards merge), else thôn and bản named after places not in `taken` (the places
 * already used in the communes it merges with), which receives the new ones.
 */
export function demoVillages(
  rng: Random,
  commune: { kind: string; name: string },
  taken: Set<string> = new Set(),
): DemoVillage[] {
  const n = rng.int(3, 5);
  if (commune.kind === 'phuong' || commune.kind === 'thi_tran') {
    const place = commune.name.replace(/^(Phường|Thị trấn) /, '');
    return Array.from({ length: n }, (_, i) => ({ name: `Tổ ${i + 1} ${place}`, kind: 'to_dan_pho' }));
  }
  const places = rng.sample(
    PLACE_NAMES.filter((p) => !taken.has(p)),
    n,
  );
  for (const p of places) taken.add(p);
  return places.map((place) =>
    rng.chance(0.6) ? { name: `Thôn ${place}`, kind: 'thon' } : { name: `Bản ${place}`, kind: 'ban' },
  );
}

// Rough shares of the peoples of Bắc Kạn (census 2019: Tày ≈ 52 %, Dao ≈ 17 %, Kinh ≈ 12 %, Nùng ≈ 10 %,
// H'Mông ≈ 7 %), shifted for towns and for Pác Nặm, where H'Mông and Dao are most numerous.
const ETHNICITY_WEIGHTS: Record<'rural' | 'urban' | 'highland', Record<Ethnicity, number>> = {
  rural: { Tày: 55, Dao: 16, Nùng: 11, Kinh: 9, "H'Mông": 7, 'Sán Chay': 2 },
  urban: { Tày: 45, Kinh: 38, Nùng: 10, Dao: 5, "H'Mông": 1, 'Sán Chay': 1 },
  highland: { Tày: 35, Dao: 27, "H'Mông": 25, Nùng: 10, Kinh: 2, 'Sán Chay': 1 },
};

const FAMILY_NAMES: Record<Ethnicity, readonly string[]> = {
  Tày: ['Hoàng', 'Nông', 'Ma', 'Lục', 'Đàm', 'Hà', 'Triệu', 'Bế', 'Hứa', 'Lường', 'Nguyễn', 'Hoàng'],
  Nùng: ['Hoàng', 'Nông', 'Lý', 'Vi', 'Lương', 'Chu', 'Mã', 'Lục'],
  Dao: ['Triệu', 'Bàn', 'Đặng', 'Lý', 'Phùng', 'Chu', 'Triệu'],
  "H'Mông": ['Giàng', 'Lý', 'Mã', 'Thào', 'Sùng', 'Vàng', 'Hầu', 'Lầu', 'Mùa'],
  Kinh: ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Đỗ', 'Vũ', 'Hoàng', 'Nguyễn', 'Bùi', 'Đặng'],
  'Sán Chay': ['Hoàng', 'Lâm', 'Ninh', 'La', 'Đàm'],
};

const GIVEN_MALE = [
  'Hùng',
  'Dũng',
  'Thắng',
  'Tuấn',
  'Cường',
  'Hải',
  'Nam',
  'Toàn',
  'Quý',
  'Lâm',
  'Sơn',
  'Bình',
  'Đức',
  'Hoà',
  'Khánh',
  'Phong',
  'Thành',
  'Vinh',
  'Tùng',
  'Hưng',
  'Chiến',
  'Minh',
  'Long',
  'Quân',
  'Kiên',
  'Thuận',
];
const GIVEN_FEMALE = [
  'Hoa',
  'Lan',
  'Mai',
  'Hương',
  'Thu',
  'Hà',
  'Hằng',
  'Liên',
  'Nga',
  'Nhung',
  'Thảo',
  'Yến',
  'Duyên',
  'Dung',
  'Phượng',
  'Lụa',
  'Xuân',
  'Huệ',
  'Hạnh',
  'Thơm',
  'Lành',
  'Vân',
  'Linh',
  'Trang',
];
const GIVEN_DAO = {
  male: ['Quẩy', 'Tòn', 'Phin', 'Kiềm', 'Vảng', 'Sinh', 'Lai'],
  female: ['Mây', 'Liễu', 'Chòi', 'Nái', 'Xuân', 'Dung'],
};
const GIVEN_HMONG = {
  male: ['Páo', 'Sử', 'Chứ', 'Dìn', 'Sính', 'Lử', 'Pó', 'Dế', 'Chống'],
  female: ['Mỷ', 'Pà', 'Sua', 'Dợ', 'Say', 'Chở', 'Mai'],
};

function fullName(rng: Random, family: string, ethnicity: Ethnicity, sex: 'male' | 'female'): string {
  if (ethnicity === "H'Mông") {
    return `${family} ${sex === 'male' ? 'A' : 'Thị'} ${rng.pick(GIVEN_HMONG[sex])}`;
  }
  const local = ethnicity === 'Dao' && rng.chance(0.4) ? GIVEN_DAO[sex] : undefined;
  const middle =
    sex === 'male'
      ? rng.pick(ethnicity === 'Kinh' ? ['Văn', 'Đức', 'Minh', 'Quang'] : ['Văn', 'Văn', 'Văn', 'Đức'])
      : rng.pick(ethnicity === 'Kinh' ? ['Thị', 'Thu', 'Ngọc', 'Thanh'] : ['Thị', 'Thị', 'Thị', 'Thu']);
  return `${family} ${middle} ${rng.pick(local ?? (sex === 'male' ? GIVEN_MALE : GIVEN_FEMALE))}`;
}

/** Hands out synthetic national IDs and phone numbers, never the same one twice. */
export class SyntheticIds {
  private readonly used = new Set<string>();
  constructor(private readonly rng: Random) {}

  /**
   * 12 digits: province prefix, a digit for century and sex (0/1 born 1900s male/female, 2/3 born
   * 2000s), the last two digits of the birth year, six random digits (NĐ 137/2015/NĐ-CP, Điều 7).
   */
  nationalId(birthDate: string, sex: 'male' | 'female'): string {
    const year = Number(birthDate.slice(0, 4));
    const centurySex = (year >= 2000 ? 2 : 0) + (sex === 'female' ? 1 : 0);
    return this.fresh(() => `${BAC_KAN_ID_PREFIX}${centurySex}${birthDate.slice(2, 4)}${this.digits(6)}`);
  }

  /** A mobile number 09x xxxx xxx (synthetic). */
  phone(): string {
    return this.fresh(() => `09${this.rng.pick(['0', '1', '3', '4', '6', '7', '8'])}${this.digits(7)}`);
  }

  private digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.rng.int(0, 9));
    return s;
  }

  private fresh(make: () => string): string {
    for (;;) {
      const id = make();
      if (!this.used.has(id)) {
        this.used.add(id);
        return id;
      }
    }
  }
}

/** A member as the registry stores it (facts not in a column go to `facts`). */
export interface DemoMember {
  fullName: string;
  dateOfBirth: string;
  sex: 'male' | 'female';
  ethnicity: Ethnicity;
  relationToHead: 'head' | 'spouse' | 'child' | 'parent' | 'grandchild' | 'child_in_law';
  nationalId: string;
  phone: string | null;
  educationLevel: NonNullable<MemberFacts['educationLevel']>;
  healthInsurance: boolean;
  employment: NonNullable<MemberFacts['employment']>;
  labourContract: boolean | null;
  facts: {
    inSchool: boolean;
    wageEarner: boolean;
    monthlySocialAllowance: boolean;
    stunted: boolean;
    underweight: boolean;
    sickUntreated: boolean;
    usesTelecom: boolean;
    usesDigitalServices: boolean;
  };
}

export interface DemoHousehold {
  headName: string;
  ethnicity: Ethnicity;
  isEthnicMinority: boolean;
  personOfMerit: boolean;
  socialProtection: boolean;
  noLabourCapacity: boolean;
  members: DemoMember[];
  /** Đồng per person per month, a multiple of 10,000. */
  incomePerCapita: number;
  dwelling: Required<DwellingFacts>;
  surveyDate: string;
}

export interface HouseholdContext {
  area: 'rural' | 'urban';
  /** Pác Nặm: the poorest district, most H'Mông and Dao. */
  highland: boolean;
  /** ND 07/2021 poverty line for the area (đồng), to place incomes around it. */
  povertyLine: number;
  /** First day of the survey window; the survey date falls within 45 days of it. */
  surveyFrom: string;
}

function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** A birth date `age` completed years before `onDate` (and up to a year less a day more). */
function birthDateForAge(rng: Random, onDate: string, age: number): string {
  return addDays(`${Number(onDate.slice(0, 4)) - age - 1}${onDate.slice(4)}`, rng.int(1, 364));
}

function educationFor(rng: Random, age: number): DemoMember['educationLevel'] {
  if (age < 6) return 'none';
  if (age < 11) return 'primary';
  if (age < 15) return age < 12 ? 'primary' : 'lower_secondary';
  const older = age >= 50;
  if (rng.chance(older ? 0.35 : 0.03)) return rng.pick(['none', 'primary', 'primary']);
  if (older)
    return rng.weighted({ primary: 3, lower_secondary: 5, upper_secondary: 2, vocational_elementary: 1 });
  return rng.weighted({
    lower_secondary: 1,
    upper_secondary: 7,
    vocational_elementary: 2,
    vocational_intermediate: 1,
    college: 1,
    university: 1,
  });
}

/**
 * One household. `tier` sets how deprived it is: 'low' incomes fall at or below the poverty line and
 * deficits are common, 'mid' between the line and 1.5 × the line, 'high' above. The class is not chosen
 * here: the rule engine decides it from these facts.
 */
export function demoHousehold(rng: Random, ids: SyntheticIds, ctx: HouseholdContext): DemoHousehold {
  const ethnicity = rng.weighted(ETHNICITY_WEIGHTS[ctx.highland ? 'highland' : ctx.area]);
  const minority = ethnicity !== 'Kinh';
  const lowShare = (ctx.area === 'urban' ? 0.13 : ctx.highland ? 0.5 : 0.37) + (minority ? 0.03 : -0.08);
  const tier = rng.next() < lowShare ? 'low' : rng.chance(0.4) ? 'mid' : 'high';
  const p = { low: 0.34, mid: 0.13, high: 0.04 }[tier];
  const surveyDate = addDays(ctx.surveyFrom, rng.int(0, 45));

  // Who lives there: a head, usually a spouse, children, sometimes a parent or a married child's family.
  const family = rng.pick(FAMILY_NAMES[ethnicity]);
  const headAge = rng.int(22, 78);
  const headSex = rng.chance(0.82) ? 'male' : 'female';
  type Person = {
    age: number;
    sex: 'male' | 'female';
    relation: DemoMember['relationToHead'];
    name: string;
    ethnicity: Ethnicity;
  };
  const people: Person[] = [
    {
      age: headAge,
      sex: headSex,
      relation: 'head',
      name: fullName(rng, family, ethnicity, headSex),
      ethnicity,
    },
  ];
  if (rng.chance(headAge < 70 ? 0.88 : 0.55)) {
    const sex = headSex === 'male' ? 'female' : 'male';
    const spouseEthnicity = rng.chance(0.12) ? rng.weighted(ETHNICITY_WEIGHTS.rural) : ethnicity;
    const spouseFamily = rng.pick(FAMILY_NAMES[spouseEthnicity]);
    people.push({
      age: Math.max(18, headAge + (sex === 'female' ? -rng.int(0, 6) : rng.int(0, 6))),
      sex,
      relation: 'spouse',
      name: fullName(rng, spouseFamily, spouseEthnicity, sex),
      ethnicity: spouseEthnicity,
    });
  }
  const childFamily = headSex === 'male' ? family : rng.pick(FAMILY_NAMES[ethnicity]);
  const maxChildAge = Math.min(headAge - 19, 35);
  const children = maxChildAge < 0 ? 0 : rng.int(tier === 'low' ? 1 : 0, tier === 'low' ? 5 : 3);
  for (let i = 0; i < children; i++) {
    const age = rng.int(Math.max(0, maxChildAge - 18), Math.max(0, maxChildAge));
    const sex = rng.chance(0.5) ? 'male' : 'female';
    people.push({ age, sex, relation: 'child', name: fullName(rng, childFamily, ethnicity, sex), ethnicity });
  }
  if (headAge < 50 && rng.chance(0.25)) {
    const sex = rng.chance(0.6) ? 'female' : 'male';
    people.push({
      age: Math.min(95, headAge + rng.int(22, 32)),
      sex,
      relation: 'parent',
      name: fullName(rng, sex === 'male' ? family : rng.pick(FAMILY_NAMES[ethnicity]), ethnicity, sex),
      ethnicity,
    });
  }
  const adultChild = people.find((x) => x.relation === 'child' && x.age >= 22 && x.sex === 'male');
  if (adultChild && rng.chance(0.5)) {
    people.push({
      age: adultChild.age - rng.int(0, 4),
      sex: 'female',
      relation: 'child_in_law',
      name: fullName(rng, rng.pick(FAMILY_NAMES[ethnicity]), ethnicity, 'female'),
      ethnicity,
    });
    for (let i = rng.int(0, 2); i > 0; i--) {
      const sex = rng.chance(0.5) ? 'male' : 'female';
      people.push({
        age: rng.int(0, Math.min(12, adultChild.age - 18)),
        sex,
        relation: 'grandchild',
        name: fullName(rng, family, ethnicity, sex),
        ethnicity,
      });
    }
  }

  // Deprivations, each a fact of the members or the dwelling; the rule engine derives the deficits.
  const noTelecom = rng.chance(p * 0.35);
  const members: DemoMember[] = people.map((x) => {
    const working = x.age >= 15 && x.age < 60;
    const inSchool =
      x.age >= 3 && x.age < 18
        ? !rng.chance(x.age >= 15 ? 0.25 : 0.01)
        : x.age >= 18 && x.age < 23 && rng.chance(0.15);
    const employed = working && !inSchool && rng.chance(0.9);
    const wageEarner = employed && rng.chance(ctx.area === 'urban' ? 0.45 : 0.2);
    const hasPhone = !noTelecom && x.age >= 15 && rng.chance(x.age >= 70 ? 0.35 : 0.82);
    const birthDate = birthDateForAge(rng, surveyDate, x.age);
    return {
      fullName: x.name,
      dateOfBirth: birthDate,
      sex: x.sex,
      ethnicity: x.ethnicity,
      relationToHead: x.relation,
      nationalId: ids.nationalId(birthDate, x.sex),
      phone: hasPhone ? ids.phone() : null,
      educationLevel: educationFor(rng, x.age),
      healthInsurance: !rng.chance(0.01),
      employment: employed
        ? 'employed'
        : working && !inSchool && rng.chance(0.15)
          ? 'unemployed'
          : 'not_in_labour_force',
      labourContract: wageEarner ? rng.chance(0.9) : null,
      facts: {
        inSchool,
        wageEarner,
        monthlySocialAllowance: x.age >= 75 ? rng.chance(0.8) : rng.chance(0.01),
        stunted: false,
        underweight: false,
        sickUntreated: rng.chance(p * 0.2),
        usesTelecom: hasPhone,
        usesDigitalServices: hasPhone && x.age < 60 && rng.chance(0.6),
      },
    };
  });
  const ageOf = (m: DemoMember) => people[members.indexOf(m)]!.age;
  const someone = (test: (m: DemoMember) => boolean): DemoMember | undefined => {
    const found = members.filter(test);
    return found.length ? rng.pick(found) : undefined;
  };
  if (rng.chance(p)) {
    const m = someone((x) => ageOf(x) >= 15 && ageOf(x) < 60 && !x.facts.inSchool);
    if (m && rng.chance(0.5)) m.employment = 'unemployed';
    else if (m)
      Object.assign(m, {
        employment: 'employed',
        labourContract: false,
        facts: { ...m.facts, wageEarner: true },
      });
  }
  if (rng.chance(p * 0.8)) {
    const m = someone((x) => ageOf(x) >= 6);
    if (m) m.healthInsurance = false;
  }
  if (rng.chance(p * 1.2)) {
    const m = someone((x) => ageOf(x) < 16);
    if (m) m.facts = { ...m.facts, stunted: rng.chance(0.6), underweight: true };
  }
  if (rng.chance(p)) {
    const m = someone((x) => ageOf(x) >= 16 && ageOf(x) <= 30);
    if (m)
      Object.assign(m, {
        educationLevel: rng.pick(['none', 'primary']),
        facts: { ...m.facts, inSchool: false },
      });
  }
  if (rng.chance(p * 0.7)) {
    const m = someone((x) => ageOf(x) >= 6 && ageOf(x) < 16);
    if (m) m.facts = { ...m.facts, inSchool: false };
  }

  const n = members.length;
  const dwelling: Required<DwellingFacts> = {
    wall: rng.chance(p * 1.1) ? 'non_durable' : 'durable',
    columns: rng.chance(p) ? 'non_durable' : 'durable',
    roof: rng.chance(p * 1.1) ? 'non_durable' : 'durable',
    floorArea: rng.chance(p)
      ? Math.round(n * (4 + rng.next() * 3.5))
      : Math.round(n * (9 + rng.next() * 14) + 10),
    waterSource: rng.chance(p * 1.1)
      ? rng.pick(['unprotected_spring', 'surface', 'unprotected_dug_well'])
      : ctx.area === 'urban'
        ? rng.pick(['piped', 'piped', 'drilled_well'])
        : rng.pick(['piped', 'drilled_well', 'protected_dug_well', 'protected_spring', 'rainwater']),
    latrine: rng.chance(p * 1.3)
      ? rng.pick(['open_pit', 'hanging', 'none'])
      : rng.pick(['septic', 'semi_septic', 'pour_flush', 'double_vault']),
    informationDevices: rng.chance(p * 0.35)
      ? []
      : rng.sample(['tv', 'radio', 'phone', 'smartphone', 'computer'], rng.int(1, 3)),
    loudspeaker: ctx.area === 'rural' && !rng.chance(p * 1.5),
    wasteDisposal: rng.chance(p * 1.5)
      ? rng.pick(['burned_in_open', 'dumped'])
      : ctx.area === 'urban'
        ? 'collected'
        : rng.pick(['collected', 'composted', 'buried']),
  };
  if (dwelling.informationDevices.length === 0 && rng.chance(0.6)) dwelling.loudspeaker = false;

  const line = ctx.povertyLine;
  const factor =
    tier === 'low'
      ? 0.55 + rng.next() * 0.45
      : tier === 'mid'
        ? 1.01 + rng.next() * 0.49
        : 1.5 + rng.next() * 2.5;
  // Rounded down to 10,000 đồng, so a 'low' income never rounds above the line.
  const incomePerCapita = Math.floor((line * factor) / 10_000) * 10_000;

  const head = members[0]!;
  const elderlyOnly = members.every((m) => ageOf(m) >= 60 || ageOf(m) < 15);
  return {
    headName: head.fullName,
    ethnicity,
    isEthnicMinority: minority,
    personOfMerit: rng.chance(headAge >= 60 ? 0.06 : 0.01),
    socialProtection: (elderlyOnly && rng.chance(0.5)) || rng.chance(0.015),
    noLabourCapacity: elderlyOnly && rng.chance(0.6),
    members,
    incomePerCapita,
    dwelling,
    surveyDate,
  };
}

/** The facts of a member as the rule engine reads them (Phiếu B). */
export function memberFacts(m: DemoMember): MemberFacts {
  return {
    birthDate: m.dateOfBirth,
    sex: m.sex,
    healthInsurance: m.healthInsurance,
    educationLevel: m.educationLevel,
    employment: m.employment,
    ...(m.labourContract === null ? {} : { labourContract: m.labourContract }),
    ...m.facts,
  };
}
