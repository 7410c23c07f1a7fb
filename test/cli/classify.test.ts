// `giamngheo classify` end to end, as a real process reading stdin.
/* eslint-disable @typescript-eslint/no-explicit-any -- the output lines are JSON read back in. */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

function run(args: string[], input: string) {
  const r = spawnSync(process.execPath, ['bin/giamngheo.js', ...args], { input, encoding: 'utf8' });
  const lines = r.stdout
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, any>);
  return { code: r.status, lines, stderr: r.stderr };
}

const good = [
  {
    id: 'h1',
    standard: 'ND07_2021',
    area: 'rural',
    incomePerCapita: 1_400_000,
    deficits: ['employment', 'water', 'sanitation'],
  },
  { id: 'h2', reviewYear: 2021, area: 'urban', scoreA: 150, deficits: [] },
  { id: 'h3', standard: 'ND07_2021', area: 'rural', incomePerCapita: 1_600_000, deficits: ['water'] },
];

describe('giamngheo classify', () => {
  it('writes one verdict per line, in order, with the contract fields', () => {
    const { code, lines } = run(['classify'], good.map((g) => JSON.stringify(g)).join('\n'));
    expect(code).toBe(0);
    expect(lines.map((l) => [l.id, l.standard, l.class, l.deficitCount])).toEqual([
      ['h1', 'ND07_2021', 'poor', 3],
      ['h2', 'QD59_2015', 'near_poor', 0],
      ['h3', 'ND07_2021', 'middle', 1],
    ]);
    expect(lines[0]!.deficits).toEqual(['employment', 'water', 'sanitation']);
    expect(lines[0]!.explanation.vi).toContain('→ hộ nghèo');
    expect(lines[0]!.explanation.en).toContain('→ poor household');
  });

  it('bad lines get an error with its line number; the others are still classified; exit code 1', () => {
    const input = [
      JSON.stringify(good[0]),
      '{"id":"bad-json", ',
      JSON.stringify({ id: 'x1', standard: 'ND99_2099', area: 'rural', incomePerCapita: 1, deficits: [] }),
      JSON.stringify({ id: 'x2', standard: 'ND07_2021', area: 'mountain', incomePerCapita: 1, deficits: [] }),
      JSON.stringify({
        id: 'x3',
        standard: 'ND07_2021',
        area: 'rural',
        incomePerCapita: 1,
        deficits: ['information_assets'],
      }),
      JSON.stringify({ id: 'x4', standard: 'ND07_2021', area: 'rural', incomePerCapita: -5, deficits: [] }),
      JSON.stringify({ id: 'x5', standard: 'ND07_2021', area: 'rural', deficits: [] }),
      JSON.stringify({ id: 'x6', standard: 'ND07_2021', area: 'rural', scoreA: -1, deficits: [] }),
      '',
      JSON.stringify(good[2]),
    ].join('\n');
    const { code, lines } = run(['classify'], input);
    expect(code).toBe(1);
    expect(lines.map((l) => [l.id, l.line ?? null, l.error?.code ?? l.class])).toEqual([
      ['h1', null, 'poor'],
      [null, 2, 'INVALID_JSON'],
      ['x1', 3, 'UNKNOWN_STANDARD'],
      ['x2', 4, 'INVALID_AREA'],
      ['x3', 5, 'UNKNOWN_INDICATOR'],
      ['x4', 6, 'INVALID_INCOME'],
      ['x5', 7, 'MISSING_MEASURE'],
      ['x6', 8, 'INVALID_SCORE'],
      ['h3', null, 'middle'],
    ]);
    for (const l of lines.filter((l) => l.error)) {
      expect(l.error.message.vi.length).toBeGreaterThan(5);
      expect(l.error.message.en.length).toBeGreaterThan(5);
    }
  });

  it('--standard applies to lines that name none; an unknown one is a wrong call (exit 2)', () => {
    const line = JSON.stringify({ id: 'a', area: 'rural', incomePerCapita: 2_000_000, deficits: [] });
    expect(run(['classify', '--standard', 'ND351_2025'], line).lines[0]!.class).toBe('near_poor');
    const bad = run(['classify', '--standard', 'NOPE'], line);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('Unknown poverty standard "NOPE"');
  });

  it('--compare adds the second verdict and prints the reclassification matrix on stderr', () => {
    const input = [
      {
        id: 'c1',
        standard: 'ND07_2021',
        area: 'rural',
        incomePerCapita: 1_400_000,
        deficits: ['water', 'sanitation', 'information_devices'],
      },
      {
        id: 'c2',
        standard: 'ND07_2021',
        area: 'rural',
        incomePerCapita: 2_000_000,
        deficits: ['water', 'sanitation', 'employment'],
      },
      { id: 'c3', standard: 'ND07_2021', area: 'urban', incomePerCapita: 5_000_000, deficits: [] },
    ]
      .map((x) => JSON.stringify(x))
      .join('\n');
    const { code, lines, stderr } = run(['classify', '--compare', 'ND351_2025'], input);
    expect(code).toBe(0);
    expect(lines.map((l) => [l.class, l.compare.class])).toEqual([
      ['poor', 'near_poor'],
      ['middle', 'poor'],
      ['not_poor', 'not_poor'],
    ]);
    // information_devices is not an ND351 indicator; waste and digital_services were not answered.
    expect(lines[0]!.compare.ignoredCodes).toEqual(['information_devices']);
    expect(lines[0]!.compare.unanswered).toEqual(['waste', 'digital_services']);
    const rows = stderr.split('\n');
    expect(rows[0]).toMatch(/^ND07_2021 \\ ND351_2025/);
    expect(
      rows
        .find((r) => r.startsWith('nghèo/poor'))!
        .split(/\s+/)
        .slice(1),
    ).toEqual(['0', '1', '0', '0', '1']);
    expect(
      rows
        .find((r) => r.startsWith('trung bình/middle'))!
        .split(/\s+/)
        .slice(2),
    ).toEqual(['1', '0', '0', '0', '1']);
    expect(
      rows
        .find((r) => r.startsWith('Tổng/Total'))!
        .split(/\s+/)
        .slice(1),
    ).toEqual(['1', '1', '0', '1', '3']);
  });

  it('classifies from member and dwelling facts, and says which facts are missing', () => {
    const facts = {
      id: 'f1',
      standard: 'ND07_2021',
      area: 'rural',
      incomePerCapita: 1_000_000,
      surveyDate: '2026-10-01',
      members: [
        {
          birthDate: '1980-01-01',
          sex: 'male',
          healthInsurance: false,
          inSchool: false,
          educationLevel: 'upper_secondary',
          employment: 'unemployed',
          usesTelecom: false,
        },
      ],
      dwelling: {
        wall: 'durable',
        columns: 'durable',
        roof: 'durable',
        floorArea: 20,
        waterSource: 'surface',
        latrine: 'septic',
        informationDevices: ['radio'],
        loudspeaker: false,
      },
    };
    const missing = { ...facts, id: 'f2', dwelling: { ...facts.dwelling, waterSource: undefined } };
    const { code, lines } = run(['classify'], `${JSON.stringify(facts)}\n${JSON.stringify(missing)}`);
    expect(code).toBe(1);
    expect(lines[0]).toMatchObject({
      id: 'f1',
      class: 'poor',
      deficits: ['employment', 'health_insurance', 'water', 'telecom'],
      deficitsFrom: 'facts',
    });
    expect(lines[1]).toMatchObject({
      id: 'f2',
      line: 2,
      error: { code: 'MISSING_FACTS', field: 'dwelling.waterSource' },
    });
  });

  it('the demo runs on the bundled households', () => {
    const r = spawnSync(process.execPath, ['bin/giamngheo.js', 'demo'], { encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('BK-PN-001  HỘ NGHÈO');
    expect(r.stdout).toContain('Ma trận chuyển đổi');
  });
});
