// The `giamngheo` command: one entry, subcommands dispatched by name.
import { RuleBookError } from '../domain/standards/build-rule-book.ts';
import { auditCommand } from './commands/audit.ts';
import { classifyCommand } from './commands/classify.ts';
import { demoCommand } from './commands/demo.ts';
import { figuresCommand, targetsCommand } from './commands/figures.ts';
import { financeCommand } from './commands/finance.ts';
import { reportCommand } from './commands/report.ts';
import { serveCommand } from './commands/serve.ts';
import { standardsCommand } from './commands/standards.ts';
import { unitsCommand } from './commands/units.ts';
import { villagesCommand } from './commands/villages.ts';
import { UsageError, type Command } from './command.ts';

const COMMANDS: Record<string, Command> = {
  serve: serveCommand,
  classify: classifyCommand,
  standards: standardsCommand,
  units: unitsCommand,
  figures: figuresCommand,
  targets: targetsCommand,
  report: reportCommand,
  finance: financeCommand,
  villages: villagesCommand,
  demo: demoCommand,
  audit: auditCommand,
  import: (await import('./commands/import.ts')).importCommand,
  outputs: (await import('./commands/outputs.ts')).outputsCommand,
  maps: (await import('./commands/maps.ts')).mapsCommand,
};

const HELP = `giamngheo — Chương trình MTQG Giảm nghèo bền vững / Sustainable Poverty Reduction Programme

Cách dùng / Usage: giamngheo <lệnh/command> [tuỳ chọn/options]

${Object.entries(COMMANDS)
  .map(([name, c]) => `  ${name.padEnd(10)} ${c.summary}`)
  .join('\n')}

giamngheo <command> --help  chi tiết / details`;

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    process.stdout.write(`${HELP}\n`);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    process.stderr.write(`Lệnh không tồn tại / Unknown command: ${name}\n\n${HELP}\n`);
    return 2;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.help}\n`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    if (e instanceof UsageError || e instanceof RuleBookError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    throw e;
  }
}
