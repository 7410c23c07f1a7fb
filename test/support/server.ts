// A server on a test database with a small world: two communes of Thái Nguyên with villages, one user per
// role, three households — and a client that keeps its session cookie and CSRF token like a browser.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { households, units, users, villages, type Database } from '../../src/db/index.ts';
import type { Role } from '../../src/domain/access/roles.ts';
import { hashPassword } from '../../src/services/passwords.ts';
import { buildServer } from '../../src/server/app.ts';
import { ensureReferenceData } from '../../src/services/reference-data.ts';
import { book } from './rules.ts';

export const TODAY = '2026-11-22';
export const PASSWORD = 'mat-khau-thu-nghiem';

export interface World {
  communeA: string;
  communeB: string;
  villageA1: string;
  villageA2: string;
  villageB1: string;
  h1: string;
  h2: string;
  h3: string;
  userIds: Record<string, string>;
}

export async function buildWorld(db: Database): Promise<World> {
  await ensureReferenceData(db);
  const communeA = '01864';
  const communeB = (await units.children(db, '19', TODAY)).find((c) => c.code !== communeA)!.code;
  const village = (commune: string, name: string) =>
    villages.createVillage(db, { communeCode: commune, name, kind: 'thon', date: TODAY });
  const [a1, a2, b1] = [
    await village(communeA, 'Thôn Nà Phầy'),
    await village(communeA, 'Thôn Khuổi Trả'),
    await village(communeB, 'Thôn Bản Chang'),
  ];
  const hash = await hashPassword(PASSWORD);
  const province = { unitCode: '19', unitValidFrom: '2025-07-01' };
  const specs: [
    string,
    Role,
    { access: 'read' | 'write'; unitCode?: string; unitValidFrom?: string; villageId?: string }[],
  ][] = [
    ['admin', 'system_admin', []],
    ['tinh', 'province_officer', [{ access: 'write', ...province }]],
    ['xa', 'commune_officer', [{ access: 'write', unitCode: communeA, unitValidFrom: '2025-07-01' }]],
    ['xa2', 'commune_officer', [{ access: 'write', unitCode: communeB, unitValidFrom: '2025-07-01' }]],
    ['thon', 'village_enumerator', [{ access: 'write', villageId: a1!.id }]],
    ['xem', 'viewer', [{ access: 'read', ...province }]],
    ['kiemtoan', 'auditor', [{ access: 'read', ...province }]],
  ];
  const userIds: Record<string, string> = {};
  for (const [username, role, scopes] of specs) {
    const u = await users.createUser(db, {
      username,
      displayName: `Người dùng ${username}`,
      passwordHash: hash,
      role,
      scopes,
    });
    userIds[username] = u.userId;
  }
  const member = (fullName: string, nationalId: string | null, dateOfBirth: string) => ({
    fullName,
    nationalId,
    dateOfBirth,
    sex: 'male' as const,
    phone: '0912345678',
    facts: {},
  });
  const h1 = await households.createHousehold(db, {
    villageId: a1!.id,
    headName: 'Hoàng Văn Đức',
    since: '2026-01-01',
    isEthnicMinority: true,
    ethnicity: 'Tày',
    members: [
      member('Hoàng Văn Đức', '006080001234', '1980-03-12'),
      member('Nông Thị Mai', '006180005678', '1984-07-02'),
    ],
  });
  const h2 = await households.createHousehold(db, {
    villageId: a2!.id,
    headName: 'Triệu Văn Sơn',
    since: '2026-01-01',
    members: [member('Triệu Văn Sơn', '006080009999', '1975-01-01')],
  });
  const h3 = await households.createHousehold(db, {
    villageId: b1!.id,
    headName: 'Lý Thị Hoa',
    since: '2026-01-01',
    members: [member('Lý Thị Hoa', '006180004444', '1990-05-05')],
  });
  return {
    communeA,
    communeB,
    villageA1: a1!.id,
    villageA2: a2!.id,
    villageB1: b1!.id,
    h1: h1.householdId,
    h2: h2.householdId,
    h3: h3.householdId,
    userIds,
  };
}

export function testServer(db: Database, logStream?: NodeJS.WritableStream): Promise<FastifyInstance> {
  return buildServer({
    db,
    book,
    today: () => TODAY,
    sessionSecret: 'x'.repeat(40),
    webDir: null,
    ...(logStream ? { logger: true, logStream } : {}),
  });
}

/** A browser-like client: keeps the session cookie, fetches and sends the CSRF token. */
export class Client {
  private cookie = '';
  csrf = '';
  constructor(private readonly app: FastifyInstance) {}

  private remember(res: LightMyRequestResponse) {
    const set = res.headers['set-cookie'];
    const list = Array.isArray(set) ? set : set ? [set] : [];
    for (const c of list) if (c.startsWith('gn_session=')) this.cookie = c.split(';')[0]!;
    return res;
  }

  async request(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) {
    if (method !== 'GET' && !this.csrf) await this.fetchCsrf();
    const res = await this.app.inject({
      method,
      url,
      headers: {
        ...(this.cookie ? { cookie: this.cookie } : {}),
        ...(method !== 'GET' ? { 'x-csrf-token': this.csrf } : {}),
        ...(body !== undefined && typeof body !== 'string' && !Buffer.isBuffer(body)
          ? { 'content-type': 'application/json' }
          : {}),
        ...headers,
      },
      ...(body !== undefined
        ? { payload: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body) }
        : {}),
    });
    return this.remember(res);
  }

  async fetchCsrf() {
    const res = this.remember(
      await this.app.inject({
        method: 'GET',
        url: '/api/auth/csrf',
        headers: this.cookie ? { cookie: this.cookie } : {},
      }),
    );
    this.csrf = res.json<{ csrfToken: string }>().csrfToken;
  }

  async login(username: string, password = PASSWORD) {
    await this.fetchCsrf();
    const res = await this.request('POST', '/api/auth/login', { username, password });
    if (res.statusCode === 200) this.csrf = res.json<{ csrfToken: string }>().csrfToken;
    return res;
  }

  get = (url: string) => this.request('GET', url);
  post = (url: string, body?: unknown) => this.request('POST', url, body ?? {});
  patch = (url: string, body: unknown) => this.request('PATCH', url, body);
}

export async function signedInAs(app: FastifyInstance, username: string): Promise<Client> {
  const c = new Client(app);
  const res = await c.login(username);
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  return c;
}
