// Is this server ready for traffic? The database answers and holds exactly the migrations of this release:
// what a load balancer or an orchestrator asks (/readyz) before sending users here, and after an upgrade.
import { pendingMigrations, type Database } from '../db/index.ts';

export interface Readiness {
  ready: boolean;
  /** Migrations of this release missing from the database (or recorded with other contents). */
  pendingMigrations: string[];
  problem: { vi: string; en: string } | null;
}

export async function readiness(db: Database): Promise<Readiness> {
  let pending: string[];
  try {
    pending = await pendingMigrations(db);
  } catch {
    return {
      ready: false,
      pendingMigrations: [],
      problem: { vi: 'Không kết nối được cơ sở dữ liệu', en: 'The database cannot be reached' },
    };
  }
  return pending.length
    ? {
        ready: false,
        pendingMigrations: pending,
        problem: {
          vi: 'Cơ sở dữ liệu chưa được nâng cấp cho phiên bản này',
          en: 'The database has not been migrated for this release',
        },
      }
    : { ready: true, pendingMigrations: [], problem: null };
}
