// `giamngheo admin create` (the first administrator of a new installation, or another one) and `giamngheo users
// list|disable|reset`: account administration from the server's shell, through the same use cases as the
// users screen (the password policy, the audit, sessions ended at once). Passwords are never arguments.
import type { Database } from '../../db/index.ts';
import { ROLES, type Role } from '../../domain/access/roles.ts';
import { changeAccount, createAccount, listAccounts } from '../../services/users.ts';
import { actingAs, AS_HELP, AS_OPTION } from '../acting-as.ts';
import { parseOptions, UsageError, writeOut, type Command } from '../command.ts';
import { DATABASE_HELP, DATABASE_OPTIONS, withDatabaseCommand } from '../database-options.ts';
import { readNewPassword } from '../read-secret.ts';

const ADMIN_HELP = `giamngheo admin create USERNAME --name "HỌ TÊN" [--as USERNAME]

Tạo tài khoản quản trị hệ thống. Mật khẩu được hỏi hai lần (không hiện), hoặc đọc dòng đầu của stdin khi
được chuyển vào: printf '%s\\n' "$MAT_KHAU" | giamngheo admin create quantri --name "Quản trị tỉnh".
Lần cài đặt đầu (chưa có tài khoản) không cần --as. Mật khẩu yếu bị từ chối.
Creates a system administrator. The password is asked twice (not shown), or read from the first line of
stdin when piped. The first one (no account yet) needs no --as. Weak passwords are refused.
${AS_HELP}
${DATABASE_HELP}`;

const USERS_HELP = `giamngheo users list --as USERNAME
giamngheo users create USERNAME --name "HỌ TÊN" --role ROLE --as USERNAME
giamngheo users disable USERNAME --as USERNAME
giamngheo users enable USERNAME --as USERNAME
giamngheo users reset USERNAME --as USERNAME

Danh sách tài khoản; tạo (mật khẩu hỏi như admin create, phạm vi gán trên màn hình Người dùng); khoá/mở
tài khoản (phiên đang mở kết thúc ngay); đặt lại mật khẩu (hỏi hoặc đọc từ stdin; mở khoá tài khoản bị
khoá do đăng nhập sai). Kết quả dạng JSON. Roles: ${ROLES.join(', ')}.
List accounts; create one (password as for admin create; scopes are set on the Users screen); disable or
enable one (open sessions end at once); reset a password (asked or read from stdin; also lifts a lockout
after failed sign-ins). Output is JSON.
${AS_HELP}
${DATABASE_HELP}`;

async function json(value: unknown): Promise<number> {
  await writeOut(`${JSON.stringify(value, null, 2)}\n`);
  return 0;
}

async function account(db: Database, actor: Awaited<ReturnType<typeof actingAs>>, username: string) {
  const found = (await listAccounts(db, actor, new Date())).find((a) => a.username === username);
  if (!found) throw new UsageError(`Không có tài khoản / no account "${username}"`);
  return found;
}

function displayName(name: string | undefined, help: string): string {
  if (!name?.trim()) throw new UsageError(`--name\n${help}`);
  return name.trim();
}

export const adminCommand: Command = {
  summary: 'tạo tài khoản quản trị / create an administrator',
  help: ADMIN_HELP,
  async run(argv) {
    const { values, positionals } = parseOptions(argv, {
      ...DATABASE_OPTIONS,
      ...AS_OPTION,
      name: { type: 'string' },
    });
    const [verb, username] = positionals;
    if (verb !== 'create' || !username) throw new UsageError(ADMIN_HELP);
    const name = displayName(values.name, ADMIN_HELP);
    return withDatabaseCommand(values, async (db) => {
      const actor = await actingAs(db, values.as);
      const password = await readNewPassword();
      const created = await createAccount(
        db,
        actor,
        { username, displayName: name, password, role: 'system_admin', scopes: [] },
        new Date(),
      );
      return json(created);
    });
  },
};

export const usersCommand: Command = {
  summary: 'tài khoản người dùng / user accounts',
  help: USERS_HELP,
  async run(argv) {
    const { values, positionals } = parseOptions(argv, {
      ...DATABASE_OPTIONS,
      ...AS_OPTION,
      name: { type: 'string' },
      role: { type: 'string' },
    });
    const [verb, username] = positionals;
    return withDatabaseCommand(values, async (db) => {
      const actor = await actingAs(db, values.as);
      const now = new Date();
      switch (verb) {
        case 'list':
          return json(await listAccounts(db, actor, now));
        case 'create': {
          if (!username) throw new UsageError(USERS_HELP);
          if (!ROLES.includes(values.role as Role)) throw new UsageError(`--role ${ROLES.join('|')}`);
          const name = displayName(values.name, USERS_HELP);
          const password = await readNewPassword();
          return json(
            await createAccount(
              db,
              actor,
              { username, displayName: name, password, role: values.role as Role, scopes: [] },
              now,
            ),
          );
        }
        case 'disable':
        case 'enable': {
          if (!username) throw new UsageError(USERS_HELP);
          const a = await account(db, actor, username);
          const change = { version: a.version, active: verb === 'enable' };
          return json(await changeAccount(db, actor, a.userId, change, now));
        }
        case 'reset': {
          if (!username) throw new UsageError(USERS_HELP);
          const a = await account(db, actor, username);
          const password = await readNewPassword();
          return json(await changeAccount(db, actor, a.userId, { version: a.version, password }, now));
        }
        default:
          throw new UsageError(USERS_HELP);
      }
    });
  },
};
