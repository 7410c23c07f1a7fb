// `giamngheo tokens`: personal API tokens for other systems (create, list, revoke), through the same use cases
// as POST/GET/DELETE /api/tokens; the full token is printed once, at creation.
import type { Database } from '../../db/index.ts';
import { createToken, listTokens, revokeToken } from '../../services/tokens.ts';
import { actingAs, AS_HELP, AS_OPTION } from '../acting-as.ts';
import { parseOptions, UsageError, writeOut, type Command } from '../command.ts';
import {
  DATABASE_HELP,
  DATABASE_OPTIONS,
  dateOption,
  todayInVietnam,
  withDatabaseCommand,
} from '../database-options.ts';

const HELP = `giamngheo tokens create --name NAME --access read|write [--for USERNAME] [--expires YYYY-MM-DD] --as USERNAME
giamngheo tokens list --as USERNAME
giamngheo tokens revoke TOKEN_ID --as USERNAME

Mã truy cập API cho hệ thống khác: dùng như "Authorization: Bearer <mã>"; mã đầy đủ chỉ in ra một lần.
--for: người được cấp (chỉ quản trị viên, cho người khác). read: chỉ đọc (GET); write: như quyền của người dùng.
Personal API tokens for other systems, used as "Authorization: Bearer <token>"; the full token is printed once.
--for: whose token (administrators only, for someone else). read: GET only; write: as the user may. Output is JSON.
${AS_HELP}
${DATABASE_HELP}`;

async function json(value: unknown): Promise<number> {
  await writeOut(`${JSON.stringify(value, null, 2)}\n`);
  return 0;
}

export const tokensCommand: Command = {
  summary: 'mã truy cập API / personal API tokens',
  help: HELP,
  async run(argv) {
    const { values, positionals } = parseOptions(argv, {
      ...DATABASE_OPTIONS,
      ...AS_OPTION,
      for: { type: 'string' },
      name: { type: 'string' },
      access: { type: 'string' },
      expires: { type: 'string' },
    });
    const [verb, id] = positionals;
    const run = async (db: Database): Promise<number> => {
      const today = todayInVietnam();
      switch (verb) {
        case 'create': {
          if (!values.name) throw new UsageError(`--name\n${HELP}`);
          if (values.access !== 'read' && values.access !== 'write')
            throw new UsageError(`--access read|write\n${HELP}`);
          return json(
            await createToken(
              db,
              await actingAs(db, values.as),
              {
                ...(values.for ? { username: values.for } : {}),
                name: values.name,
                access: values.access,
                expiresOn: values.expires ? dateOption(values.expires, '--expires') : null,
              },
              today,
            ),
          );
        }
        case 'list':
          return json(await listTokens(db, await actingAs(db, values.as), today));
        case 'revoke':
          if (!id) throw new UsageError(HELP);
          return json(await revokeToken(db, await actingAs(db, values.as), id, today));
        default:
          throw new UsageError(HELP);
      }
    };
    return withDatabaseCommand(values, run);
  },
};
