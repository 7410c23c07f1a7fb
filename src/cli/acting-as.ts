// Who a CLI write acts as: `--as USERNAME`, checked and audited exactly like that user over HTTP. Without
// it the write is the first set-up's, recorded as 'system' — allowed only while no account exists.
import { users, type Database } from '../db/index.ts';
import { actorByUsername, SYSTEM_ACTOR, type Actor } from '../services/actor.ts';
import { UsageError } from './command.ts';

export const AS_OPTION = { as: { type: 'string' } } as const;

export const AS_HELP = `  --as USERNAME   thực hiện với quyền và phạm vi của người dùng này, ghi nhật ký tên họ; bắt buộc khi đã có
                  tài khoản / act with this user's role and scope, audited under their name; required once
                  accounts exist (before that, the first set-up acts as 'system')`;

export async function actingAs(db: Database, username: string | undefined): Promise<Actor> {
  if (username !== undefined) {
    const actor = await actorByUsername(db, username);
    if (!actor)
      throw new UsageError(`--as: không có người dùng đang hoạt động / no active user "${username}"`);
    return actor;
  }
  if (await users.hasUsers(db))
    throw new UsageError(
      '--as USERNAME: bắt buộc khi đã có tài khoản người dùng / required once user accounts exist',
    );
  return SYSTEM_ACTOR;
}
