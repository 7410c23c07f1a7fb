// `giamngheo recompute --unit CODE --year YYYY --as USERNAME`: the recompute of a unit's figures, the same use
// case as POST /api/recomputes (access, one transaction, audit), run to its end at the console. It does not
// mark other jobs interrupted: a server may be running on the same database.
import { loadRuleBook } from '../../rules-loader/load-rule-book.ts';
import { recomputeJobs, startRecompute, type RecomputeResult } from '../../services/recompute.ts';
import { actingAs, AS_HELP, AS_OPTION } from '../acting-as.ts';
import { parseOptions, UsageError, type Command } from '../command.ts';
import { DATABASE_HELP, DATABASE_OPTIONS, todayInVietnam, withDatabaseCommand } from '../database-options.ts';

const OPTIONS = {
  ...DATABASE_OPTIONS,
  ...AS_OPTION,
  unit: { type: 'string' },
  year: { type: 'string' },
} as const;

export const recomputeCommand: Command = {
  summary: 'tính lại số liệu tổng hợp / recompute a unit’s figures',
  help: `giamngheo recompute --unit CODE --year YYYY [--as USERNAME] [--db DIR]

Tính lại số liệu của đơn vị trong năm từ các đợt rà soát định kỳ đã công nhận của các xã, trọn vẹn hoặc không
thay đổi gì / recomputes the unit's figures for the year from its communes' recognised periodic rounds, all or
nothing (e.g. after a legal list is corrected or units are reorganised).
${AS_HELP}
${DATABASE_HELP}`,
  async run(argv) {
    const { values } = parseOptions(argv, OPTIONS);
    const year = Number(values.year);
    if (!values.unit || !values.year || !/^\d{4}$/.test(values.year)) throw new UsageError(this.help);
    const book = loadRuleBook();
    return withDatabaseCommand(values, async (db) => {
      const actor = await actingAs(db, values.as);
      const jobs = recomputeJobs(db);
      const { jobId } = await startRecompute(
        jobs,
        db,
        actor,
        { unitCode: values.unit!, year },
        {
          book,
          today: todayInVietnam(),
        },
      );
      const job = await jobs.settled(jobId);
      await jobs.idle();
      if (job.status !== 'succeeded') {
        const why = job.failure ?? { vi: 'Không thành công', en: 'Failed' };
        process.stderr.write(`${why.vi} / ${why.en} (${jobId})\n`);
        return 1;
      }
      const r = job.result as RecomputeResult;
      const poor = (t: RecomputeResult['before']) => (t ? String(t.poor) : '—');
      process.stdout.write(
        `Đã tính lại ${r.communes} xã, ${r.unitCode} năm ${r.year}: hộ nghèo ${poor(r.before)} → ${poor(r.after)} / ` +
          `Recomputed ${r.communes} communes, ${r.unitCode} ${r.year}: poor households ${poor(r.before)} → ${poor(r.after)}\n`,
      );
      return 0;
    });
  },
};
