// The `giamngheo` command: one entry, subcommands dispatched by name.
// Each command is imported only when it runs (or when its --help is asked for), so `giamngheo --help` and a
// light command do not load the web server, the database or the report renderers. The summaries are
// therefore written here; test/cli/main.test.ts checks them against the commands' own.
import { UsageError, type Command } from './command.ts';

export interface CommandEntry {
  summary: string;
  load(): Promise<Command>;
}

export const COMMANDS: Record<string, CommandEntry> = {
  serve: {
    summary: 'chạy máy chủ web / start the web server',
    load: async () => (await import('./commands/serve.ts')).serveCommand,
  },
  classify: {
    summary: 'phân loại hộ (NDJSON) / classify households (NDJSON)',
    load: async () => (await import('./commands/classify.ts')).classifyCommand,
  },
  standards: {
    summary: 'các chuẩn nghèo và chỉ số / poverty standards and indicators',
    load: async () => (await import('./commands/standards.ts')).standardsCommand,
  },
  units: {
    summary: 'đơn vị hành chính theo ngày / administrative units at a date',
    load: async () => (await import('./commands/units.ts')).unitsCommand,
  },
  figures: {
    summary: 'nhập số liệu đã công bố / import published figures (CSV)',
    load: async () => (await import('./commands/figures.ts')).figuresCommand,
  },
  targets: {
    summary: 'nhập chỉ tiêu giảm nghèo / import targets (CSV)',
    load: async () => (await import('./commands/figures.ts')).targetsCommand,
  },
  report: {
    summary: 'báo cáo tiến độ, giải ngân, xuất báo cáo / progress, disbursement, report export',
    load: async () => (await import('./commands/report.ts')).reportCommand,
  },
  finance: {
    summary: 'nhập kế hoạch vốn, điều chỉnh, giải ngân / import plans, adjustments, payments (CSV)',
    load: async () => (await import('./commands/finance.ts')).financeCommand,
  },
  villages: {
    summary: 'thôn, bản, tổ dân phố / villages',
    load: async () => (await import('./commands/villages.ts')).villagesCommand,
  },
  admin: {
    summary: 'tạo tài khoản quản trị / create an administrator',
    load: async () => (await import('./commands/users.ts')).adminCommand,
  },
  users: {
    summary: 'tài khoản người dùng / user accounts',
    load: async () => (await import('./commands/users.ts')).usersCommand,
  },
  tokens: {
    summary: 'mã truy cập API / personal API tokens',
    load: async () => (await import('./commands/tokens.ts')).tokensCommand,
  },
  demo: {
    summary: 'chạy thử trên hộ mẫu / demo on bundled sample households',
    load: async () => (await import('./commands/demo.ts')).demoCommand,
  },
  audit: {
    summary: 'kiểm tra nhật ký kiểm toán / verify the audit trail',
    load: async () => (await import('./commands/audit.ts')).auditCommand,
  },
  backup: {
    summary: 'sao lưu CSDL vào một tệp / back the database up into a file',
    load: async () => (await import('./commands/backup.ts')).backupCommand,
  },
  restore: {
    summary: 'khôi phục CSDL mới từ bản sao lưu / restore a backup into a new database',
    load: async () => (await import('./commands/backup.ts')).restoreCommand,
  },
  recompute: {
    summary: 'tính lại số liệu tổng hợp / recompute a unit’s figures',
    load: async () => (await import('./commands/recompute.ts')).recomputeCommand,
  },
  import: {
    summary: 'nhập hộ, thành viên, Phiếu B từ xlsx/CSV / import households from xlsx/CSV',
    load: async () => (await import('./commands/import.ts')).importCommand,
  },
  outputs: {
    summary: 'nhập kết quả thực hiện (TT 10/2022) / import outputs (CSV)',
    load: async () => (await import('./commands/outputs.ts')).outputsCommand,
  },
  maps: {
    summary: 'nạp lớp bản đồ ranh giới / load boundary layers',
    load: async () => (await import('./commands/maps.ts')).mapsCommand,
  },
  'opening-list': {
    summary: 'nhập danh sách hộ nghèo, cận nghèo đầu kỳ / import a commune’s opening list (xlsx/CSV)',
    load: async () => (await import('./commands/opening-list.ts')).openingListCommand,
  },
  forms: {
    summary: 'biểu mẫu ODK/KoBo (XLSForm), nhập phiếu vào đợt rà soát / ODK/KoBo forms and submissions',
    load: async () => (await import('./commands/forms.ts')).formsCommand,
  },
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
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) {
    process.stderr.write(`Lệnh không tồn tại / Unknown command: ${name}\n\n${HELP}\n`);
    return 2;
  }
  const command = await entry.load();
  if (rest.includes('--help') || rest.includes('-h')) {
    process.stdout.write(`${command.help}\n`);
    return 0;
  }
  try {
    return await command.run(rest);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    // A rule book error can only come from the rule book's builder, so it is loaded by then.
    const { RuleBookError } = await import('../domain/standards/build-rule-book.ts');
    if (e instanceof RuleBookError) {
      process.stderr.write(`${e.message}\n`);
      return 2;
    }
    // An embedded data folder another process holds (the server, usually): said in both languages, no trace.
    const { DataFolderInUseError } = await import('../db/engines/data-dir-lock.ts');
    if (e instanceof DataFolderInUseError) {
      process.stderr.write(`${e.vi}\n${e.en}\n`);
      return 1;
    }
    throw e;
  }
}
