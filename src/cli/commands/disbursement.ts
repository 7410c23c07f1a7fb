// `giamngheo report disbursement`: plan, paid and rate at a date for a unit and everything below it, by
// unit directly below, with the report's sentence — as JSON (amounts as exact JSON numbers) or as text.
import { amountToJson, formatMoney, formatRate, rateNumber } from '../../domain/finance/money.ts';
import { disbursementReport, FinanceError } from '../../services/finance.ts';
import { parseOptions, UsageError, writeOut } from '../command.ts';
import { DATABASE_HELP, DATABASE_OPTIONS, dateOption, withDatabase } from '../database-options.ts';

export const DISBURSEMENT_HELP = `giamngheo report disbursement --unit CODE [--from YEAR] [--to YEAR] [--at YYYY-MM-DD] [--json]

Kế hoạch vốn các năm from–to của đơn vị và mọi đơn vị trực thuộc (theo đơn vị tại ngày của kế hoạch; gồm
cả đơn vị cũ đã nhập nguyên vẹn vào đơn vị), số đã giải ngân đến hết ngày --at, tỷ lệ, từng đơn vị trực
thuộc và câu báo cáo. / Plans of years from–to of the unit and all below it (as the units stood on each
plan's date, with units merged whole into it), paid up to --at inclusive, rate, by unit directly below,
and the report sentence.
  --at    mặc định hôm nay / default today; --from/--to mặc định năm của --at / default the year of --at
  --json  {unit, plan_vnd, disbursed_vnd, rate, by_unit:[{unit, plan_vnd, disbursed_vnd, rate}], sentence:{vi, en}}
          số tiền là số nguyên JSON chính xác (đồng) / amounts are exact JSON integers (đồng); rate: % với 2 chữ số thập phân
${DATABASE_HELP}`;

function year(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d{4}$/.test(value)) throw new UsageError(`${name}: YEAR (YYYY)`);
  return Number(value);
}

export async function runDisbursementReport(argv: string[]): Promise<number> {
  const { values, positionals } = parseOptions(argv, {
    ...DATABASE_OPTIONS,
    unit: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    at: { type: 'string' },
    json: { type: 'boolean' },
  });
  if (positionals.length || !values.unit || !/^\d{2,5}$/.test(values.unit))
    throw new UsageError(DISBURSEMENT_HELP);
  const at = dateOption(values.at);
  const from = year(values.from, '--from', Number(at.slice(0, 4)));
  const to = year(values.to, '--to', values.from === undefined ? Number(at.slice(0, 4)) : from);
  if (to < from) throw new UsageError('--from/--to: from ≤ to');
  return withDatabase(values, async (db) => {
    let report;
    try {
      report = await disbursementReport(db, { unit: values.unit!, from, to, at });
    } catch (e) {
      if (e instanceof FinanceError) {
        process.stderr.write(`${e.messages.vi} / ${e.messages.en}\n`);
        return 1;
      }
      throw e;
    }
    if (values.json) {
      let json;
      try {
        json = {
          unit: report.unit.code,
          plan_vnd: amountToJson(report.plan),
          disbursed_vnd: amountToJson(report.disbursed),
          rate: rateNumber(report.rate),
          by_unit: report.byUnit.map((r) => ({
            unit: r.label,
            plan_vnd: amountToJson(r.plan),
            disbursed_vnd: amountToJson(r.disbursed),
            rate: rateNumber(r.rate),
          })),
          sentence: report.sentence,
        };
      } catch (e) {
        // Beyond 2^53 − 1 đồng a JSON number would not be exact: refuse rather than round.
        if (!(e instanceof RangeError)) throw e;
        process.stderr.write(`${e.message}\n`);
        return 1;
      }
      await writeOut(`${JSON.stringify(json, null, 2)}\n`);
      for (const n of report.notes) process.stderr.write(`Ghi chú: ${n.vi}\nNote: ${n.en}\n`);
      return 0;
    }
    const lines = [
      `${report.unit.name} (${report.unit.code}), ${from === to ? from : `${from}–${to}`}, ${at}`,
      report.sentence.vi,
      report.sentence.en,
      '',
      ...report.byUnit.map(
        (r) =>
          `  ${r.label.padEnd(6)} ${r.unit.name.padEnd(28)} ${formatMoney(r.disbursed).padStart(18)} / ${formatMoney(r.plan).padEnd(18)} ${r.rate === null ? '—' : `${formatRate(r.rate)}%`}`,
      ),
      ...report.notes.flatMap((n) => ['', `Ghi chú: ${n.vi}`, `Note: ${n.en}`]),
      ...report.warnings.flatMap((w) => [`Cảnh báo: ${w.message.vi}`, `Warning: ${w.message.en}`]),
    ];
    await writeOut(`${lines.join('\n')}\n`);
    return 0;
  });
}
