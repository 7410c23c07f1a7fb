// Issue #13, part 1, the writes: a village enumerator (`thon`, writing world.villageA1 of communeA) changes
// nothing of another village (world.h2 in villageA2 of the same commune), of another commune (world.h3) nor
// of the commune as a whole. Every POST/PATCH/PUT/DELETE route the server registers is called from the
// OpenAPI document (a route added later is called too), its path parameters and body filled from the
// world: once with every target another village's or commune's ("foreign"), once with the path on their own
// records and the body naming another village's ("mixed": moving their household into another village,
// merging another village's household into theirs, a round step on another village's household…). Each must
// be refused — 403 or 404; for a batch, every item of it; for an import, its rows outside the scope — and
// leave every table as it was. Then the same routes on their own village: what the role
// allows succeeds (and is audited), what it does not is refused.
/* eslint-disable @typescript-eslint/no-explicit-any -- the OpenAPI document and bodies are read as JSON. */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../src/db/index.ts';
import { loadProcedure } from '../../src/rules-loader/load-procedure.ts';
import { actorByUsername } from '../../src/services/actor.ts';
import { importOpeningList } from '../../src/services/opening-list.ts';
import { forEachDatabase } from '../support/databases.ts';
import { smallFile } from '../support/import-files.ts';
import { buildWorld, signedInAs, testServer, TODAY, type Client, type World } from '../support/server.ts';

type Method = 'POST' | 'PATCH' | 'PUT' | 'DELETE';
type Mode = 'foreign' | 'mixed' | 'own';

/**
 * Routes that act on no village's records, so a village user may call them: signing in and out, the pure
 * classifier, the finance allocation preview (a computation), and the user's own API tokens. The foreign
 * and mixed calls of these are still made; they must change no household, round or village.
 */
const NO_VILLAGE_TARGET: Record<string, string> = {
  'POST /api/auth/login': 'signs in (a session of its own)',
  'POST /api/auth/logout': 'signs out',
  'POST /api/classify': 'classifies answers, stores nothing',
  'POST /api/tokens': "the user's own token, scoped like the user",
};

/**
 * Tables a call may change without writing anyone's records: the sessions of signing in and out, and the
 * record of a background job (an import refused by its rows is a job that failed, kept for its owner).
 */
const SESSION_TABLES = new Set(['sessions', 'jobs']);

/**
 * What the own-village calls must give: 'ok' where the enumerator's role allows it on their village,
 * 'refused' (403, or 404 for a commune it does not read) for the commune's steps. Routes not named are called and reported, not judged.
 */
const OWN_EXPECTED: Record<string, 'ok' | 'refused'> = {
  'POST /api/households': 'ok',
  'PATCH /api/households/{householdId}': 'ok',
  'POST /api/households/{householdId}/members': 'ok',
  'PATCH /api/households/{householdId}/members/{memberNo}': 'ok',
  'POST /api/households/{householdId}/assessments': 'ok',
  'POST /api/households/{householdId}/members/{memberNo}/leave': 'ok',
  'POST /api/rounds/{roundId}/events survey': 'ok',
  'POST /api/rounds/{roundId}/surveys/from-recorded': 'ok',
  'POST /api/rounds/{roundId}/listing/auto': 'refused',
  'POST /api/rounds/{roundId}/events close_listing': 'refused',
  'POST /api/rounds/{roundId}/events recognise': 'refused',
  'POST /api/rounds/{roundId}/events reopen': 'refused',
  'POST /api/rounds/{roundId}/events report': 'refused',
  'POST /api/rounds/{roundId}/events account': 'refused',
  'POST /api/rounds': 'refused',
  'POST /api/villages': 'refused',
  'POST /api/communes/{communeCode}/opening-list': 'refused',
};

/** Every table's content, as a digest per table: a call that writes anything changes one. */
async function fingerprint(db: Database): Promise<Map<string, string>> {
  const tables = await db.query<{ name: string }>(
    `select tablename as name from pg_tables where schemaname = 'public' order by tablename`,
  );
  const out = new Map<string, string>();
  for (const { name } of tables) {
    if (SESSION_TABLES.has(name)) continue;
    const [row] = await db.query<{ n: number; digest: string | null }>(
      // A sum of each row's hash, in no order: any row added, removed or changed changes it (sorting and
      // hashing every table's text, twice per call, was most of this file's minute on PGlite).
      `select count(*)::int as n, sum(hashtextextended(t::text, 0))::text as digest from "${name}" t`,
    );
    out.set(name, `${row!.n}:${row!.digest ?? ''}`);
  }
  return out;
}

function changed(before: Map<string, string>, after: Map<string, string>): string[] {
  return [...new Set([...before.keys(), ...after.keys()])].filter((k) => before.get(k) !== after.get(k));
}

forEachDatabase(
  (getDb) => {
    let app: FastifyInstance;
    let world: World;
    let thon: Client;
    let xa: Client;
    let doc: any;
    let roundA = '';
    let roundB = '';
    let xaToken = '';
    let thonToken = '';

    beforeAll(async () => {
      world = await buildWorld(getDb());
      app = await testServer(getDb());
      await app.ready();
      doc = app.swagger();
      xa = await signedInAs(app, 'xa');
      const officer = (await actorByUsername(getDb(), 'xa'))!;
      const opening = await importOpeningList(
        getDb(),
        officer,
        {
          communeCode: world.communeA,
          decisionNumber: '140/QĐ-UBND',
          decisionDate: '2025-12-20',
          rows: [
            { row: 2, householdId: world.h1, class: 'poor' },
            { row: 3, householdId: world.h2, class: 'poor' },
          ],
        },
        { procedure: loadProcedure(), today: TODAY },
      );
      expect(opening.ok).toBe(true);
      // Both households of communeA have a Phiếu B of the round's year: "use the recorded forms" has work.
      for (const h of [world.h1, world.h2]) {
        const assessed = await xa.post(`/api/households/${h}/assessments`, {
          standard: 'ND07_2021',
          incomePerCapita: 1_000_000,
          deficits: ['water', 'sanitation', 'housing_area'],
        });
        expect(assessed.statusCode, assessed.body).toBeLessThan(300);
      }
      const opened = await xa.post('/api/rounds', {
        communeCode: world.communeA,
        kind: 'periodic',
        year: 2026,
      });
      expect(opened.statusCode, opened.body).toBe(201);
      roundA = opened.json().id;
      const closed = await xa.post(`/api/rounds/${roundA}/events`, {
        expectedCount: opened.json().eventCount,
        events: [{ type: 'close_listing', date: TODAY }],
      });
      expect(closed.statusCode, closed.body).toBe(200);
      // The commune officer's answers name both households: the round is not empty by accident.
      expect(closed.body).toContain('Triệu Văn Sơn');
      const xa2 = await signedInAs(app, 'xa2');
      const openedB = await xa2.post('/api/rounds', {
        communeCode: world.communeB,
        kind: 'periodic',
        year: 2026,
      });
      expect(openedB.statusCode, openedB.body).toBe(201);
      roundB = openedB.json().id;
      const token = await xa.post('/api/tokens', { name: 'Hệ thống tỉnh', access: 'read' });
      expect(token.statusCode, token.body).toBeLessThan(300);
      xaToken = token.json().tokenId ?? token.json().token?.tokenId;
      expect(xaToken).toBeTruthy();
      thon = await signedInAs(app, 'thon');
      const own = await thon.post('/api/tokens', { name: 'Điện thoại', access: 'read' });
      expect(own.statusCode, own.body).toBeLessThan(300);
      thonToken = own.json().tokenId ?? own.json().token?.tokenId;
    }, 180_000);
    afterAll(async () => app?.close());

    /** The values a target named `name` takes in each mode (path parameters and body fields alike). */
    function targets(name: string, mode: Mode): string[] | undefined {
      const own = mode === 'own';
      switch (name) {
        case 'householdId':
        case 'fromHouseholdId':
          return own ? [world.h1] : [world.h2, world.h3];
        case 'villageId':
        case 'toVillageId':
          return own ? [world.villageA1] : [world.villageA2, world.villageB1];
        case 'roundId':
          return own || mode === 'mixed' ? [roundA] : [roundB];
        case 'communeCode':
        case 'candidateCode':
          return own ? [world.communeA] : [world.communeA, world.communeB];
        case 'unit':
        case 'unitCode':
        case 'investorUnitCode':
          return [world.communeA, '19'];
        case 'userId':
          return own ? [world.userIds.thon!] : [world.userIds.xa!];
        case 'tokenId':
          return own ? [thonToken] : [xaToken];
        case 'memberNo':
          return own ? ['2'] : ['1'];
        default:
          return undefined;
      }
    }

    const resolve = (schema: any): any =>
      schema?.$ref ? resolve(doc.components.schemas[String(schema.$ref).split('/').pop()!]) : schema;

    /** A valid value for a body field, the targets taken from `pick`. */
    function value(name: string, raw: any, pick: (name: string) => string | undefined, ctx: Ctx): unknown {
      const schema = resolve(raw);
      const target = pick(name);
      if (target !== undefined) return name === 'memberNo' ? Number(target) : target;
      if (schema.allOf) return value(name, schema.allOf[0], pick, ctx);
      if (schema.anyOf || schema.oneOf) return value(name, (schema.anyOf ?? schema.oneOf)[0], pick, ctx);
      if (schema.enum) return schema.enum[0];
      switch (schema.type) {
        case 'object': {
          const out: Record<string, unknown> = {};
          for (const [k, s] of Object.entries<any>(schema.properties ?? {}))
            if ((schema.required ?? []).includes(k) || pick(k) !== undefined || EXTRA_FIELDS.has(k))
              out[k] = value(k, s, pick, ctx);
          return out;
        }
        case 'array':
          if (name === 'deficits') return ['water', 'sanitation', 'housing_area'];
          if (name === 'memberNos') return [2];
          // One item at least where an item names a target: an empty batch would try nothing.
          return Array.from({ length: Math.max(schema.minItems ?? 0, hasTarget(schema.items) ? 1 : 0) }, () =>
            value(name, schema.items, pick, ctx),
          );
        case 'integer':
        case 'number':
          if (name === 'version') return ctx.version;
          if (name === 'expectedCount') return ctx.eventCount;
          if (name === 'year' || name === 'reviewYear') return 2026;
          if (name === 'incomePerCapita') return 1_200_000;
          if (name === 'attendees') return 10;
          if (name === 'poorRate') return 12.5;
          if (name === 'agree') return 9;
          return Math.max(schema.minimum ?? 1, 1);
        case 'boolean':
          return true;
        case 'string': {
          if (schema.format === 'uuid') return randomUUID();
          if (schema.pattern === '^\\d{5}$' || schema.pattern === '^\\d{2,5}$') return world.communeA;
          if (schema.pattern === '^\\d{12}$') return '006080007777';
          if (schema.pattern === '^0\\d{9,10}$') return '0912345678';
          if (schema.pattern) return 'thon-kiem-tra';
          if (name === 'standard') return 'ND07_2021';
          // Figures and targets of units, as files: a row for the commune (the unit of the village).
          if (name === 'csv' && ctx.route.includes('/targets/'))
            return `unit,group,year_from,year_to,indicator,kind,lower,upper,source\n${world.communeA},all,2026,2030,poor_rate,reduction_pp,2,2.5,NQ HĐND\n`;
          if (name === 'csv')
            return `unit,year,standard,group,total_households,poor_households,near_poor_households,poor_rate,near_poor_rate,source\n${world.communeA},2026,ND07_2021,all,,,,24.71,,BC 01\n`;
          if (/date|Date|since|^at$|On$|effective|leftAt|start|end/.test(name)) return TODAY;
          return 'Kiểm tra phạm vi thôn';
        }
        default:
          return null;
      }
    }
    /** Optional fields filled too, so that a call does what it says (a change with something changed). */
    const EXTRA_FIELDS = new Set([
      'address',
      'fullName',
      'deficits',
      'incomePerCapita',
      'standard',
      'passed',
      'poorRate',
    ]);

    interface Ctx {
      route: string;
      version: number;
      eventCount: number;
    }
    interface Call {
      key: string;
      route: string;
      method: Method;
      url: string;
      body?: unknown;
      payload?: { data: Buffer | string; contentType: string };
    }

    function product(lists: [string, string[]][]): Record<string, string>[] {
      return lists.reduce<Record<string, string>[]>(
        (acc, [k, vs]) => acc.flatMap((a) => vs.map((v) => ({ ...a, [k]: v }))),
        [{}],
      );
    }

    /** The current version of a household and event count of a round a call names (0 if unreadable). */
    async function ctxOf(pp: Record<string, string>, route = ''): Promise<Ctx> {
      const hh = pp.householdId ? await xa.get(`/api/households/${pp.householdId}`) : undefined;
      const round = pp.roundId
        ? await (pp.roundId === roundB ? signedInAs(app, 'xa2') : Promise.resolve(xa)).then((c) =>
            c.get(`/api/rounds/${pp.roundId}`),
          )
        : undefined;
      return {
        route,
        version: hh?.statusCode === 200 ? (hh.json().version ?? hh.json().household?.version ?? 1) : 1,
        eventCount: round?.statusCode === 200 ? round.json().eventCount : 0,
      };
    }

    const hasTarget = (schema: any, seen = 0): boolean => {
      const s = resolve(schema);
      if (!s || seen > 6) return false;
      if (s.oneOf || s.anyOf || s.allOf)
        return (s.oneOf ?? s.anyOf ?? s.allOf).some((x: any) => hasTarget(x, seen + 1));
      if (s.type === 'array') return hasTarget(s.items, seen + 1);
      return Object.entries<any>(s.properties ?? {}).some(
        ([k, v]) => targets(k, 'foreign') !== undefined || hasTarget(v, seen + 1),
      );
    };

    /** Every write call of a mode: each route of the OpenAPI document with its targets filled. */
    async function calls(mode: Mode): Promise<Call[]> {
      const out: Call[] = [];
      for (const [path, ops] of Object.entries<any>(doc.paths))
        for (const [m, op] of Object.entries<any>(ops)) {
          const method = m.toUpperCase() as Method;
          if (!['POST', 'PATCH', 'PUT', 'DELETE'].includes(method)) continue;
          const route = `${method} ${path}`;
          const params: any[] = (op.parameters ?? []).filter((p: any) => p.in === 'path');
          const content = op.requestBody?.content ?? {};
          const schema = content['application/json']?.schema;
          // Mixed: their own records in the path, another village's in the body — only where the body names one.
          if (mode === 'mixed' && !(params.length > 0 && schema && hasTarget(schema))) continue;
          const pathMode = mode === 'mixed' ? 'own' : mode;
          const pathSets = product(
            params.map((p) => [p.name, targets(p.name, pathMode) ?? [randomUUID()]] as [string, string[]]),
          );
          for (const pp of pathSets) {
            const url = path.replace(/\{(\w+)\}/g, (_, k: string) => encodeURIComponent(pp[k]!));
            const query = (op.parameters ?? []).filter((p: any) => p.in === 'query' && p.required);
            const qs = query.length
              ? `?${new URLSearchParams(Object.fromEntries(query.map((p: any) => [p.name, 'kiem-tra.csv']))).toString()}`
              : '';
            const ctx = await ctxOf(pp, route);
            if (path === '/api/imports') {
              // The raw file: the small workbook's rows, one of them in Thôn Khuổi Trả (villageA2).
              const csv = smallFile()
                .members.map((r) => r.map((c) => (c instanceof Date ? '09/05/1978' : (c ?? ''))).join(','))
                .join('\n');
              if (mode !== 'own')
                out.push({
                  key: route,
                  route,
                  method,
                  url: `${url}${qs}`,
                  payload: { data: `\ufeff${csv}\n`, contentType: 'text/csv' },
                });
              continue;
            }
            if (content['multipart/form-data']) {
              const boundary = 'gn-test-boundary';
              const part = (name: string, v: string, file?: string) =>
                `--${boundary}\r\nContent-Disposition: form-data; name="${name}"${file ? `; filename="${file}"` : ''}\r\n${file ? 'Content-Type: text/csv\r\n' : ''}\r\n${v}\r\n`;
              const form =
                part('decisionNumber', '9/QĐ-UBND') +
                part('decisionDate', TODAY) +
                part('file', `Mã hộ,Phân loại\n${world.h2},poor\n`, 'danh-sach.csv') +
                `--${boundary}--\r\n`;
              out.push({
                key: route,
                route,
                method,
                url: `${url}${qs}`,
                payload: { data: form, contentType: `multipart/form-data; boundary=${boundary}` },
              });
              continue;
            }
            const pick = (name: string) =>
              mode === 'own' ? targets(name, 'own')?.[0] : targets(name, 'foreign')?.[0];
            const variants: { key: string; body: unknown }[] = [];
            const resolved = resolve(schema);
            const events = resolved?.properties?.events;
            if (events && resolve(events.items)?.oneOf) {
              // One call per kind of round step, so that every step is tried.
              for (const v of resolve(events.items).oneOf) {
                const kind = resolve(v).properties.type.enum[0] as string;
                variants.push({
                  key: `${route} ${kind}`,
                  body: {
                    ...(value('body', resolved, pick, ctx) as object),
                    events: [value('event', v, pick, ctx)],
                  },
                });
              }
            } else variants.push({ key: route, body: schema ? value('body', schema, pick, ctx) : undefined });
            // Foreign: also every combination of the body's targets (another commune's as well as the same
            // commune's other village).
            for (const v of variants)
              out.push({ key: v.key, route, method, url: `${url}${qs}`, body: v.body });
            if (mode === 'foreign' && schema)
              for (const v of variants) {
                const second = (name: string) => targets(name, 'foreign')?.at(-1);
                const body =
                  v.key === route
                    ? value('body', schema, second, ctx)
                    : {
                        ...(value('body', resolved, second, ctx) as object),
                        events: [
                          value(
                            'event',
                            resolve(events.items).oneOf.find(
                              (x: any) => resolve(x).properties.type.enum[0] === v.key.split(' ').pop(),
                            ),
                            second,
                            ctx,
                          ),
                        ],
                      };
                if (JSON.stringify(body) !== JSON.stringify(v.body))
                  out.push({ key: v.key, route, method, url: `${url}${qs}`, body });
              }
          }
        }
      return out;
    }

    async function send(c: Call) {
      // Signing in or out is tried in a session of its own, so that `thon` stays signed in.
      const who = c.url.startsWith('/api/auth/') ? await signedInAs(app, 'thon') : thon;
      if (c.payload)
        return who.request(c.method as 'POST', c.url, Buffer.from(c.payload.data), {
          'content-type': c.payload.contentType,
        });
      return who.request(c.method as 'POST', c.url, c.body);
    }

    /**
     * A batch (a device's sync) answers 200 with an outcome per item: refused when every item of it is
     * refused with 404 or 403.
     */
    function batchRefused(res: { statusCode: number; body: string }): boolean {
      if (res.statusCode !== 200) return false;
      let body: any;
      try {
        body = JSON.parse(res.body);
      } catch {
        return false;
      }
      const lists = Object.values<any>(body ?? {}).filter((v) => Array.isArray(v) && v.length > 0);
      return (
        lists.length > 0 &&
        lists.every((l: any[]) => l.every((o) => ['NOT_FOUND', 'FORBIDDEN'].includes(o?.error?.code)))
      );
    }

    /** An import answered 202 runs as a job: it must fail on the row out of scope. */
    async function jobOutcome(res: { statusCode: number; json(): any }) {
      if (res.statusCode !== 202) return null;
      const { jobId } = res.json();
      for (let i = 0; i < 600; i++) {
        const job = (await thon.get(`/api/imports/${jobId}`)).json();
        if (job.status === 'succeeded' || job.status === 'failed') return job;
        await new Promise((r) => setTimeout(r, 50));
      }
      throw new Error(`import job ${jobId} did not finish`);
    }

    it('refuses every write on another village or commune, and writes nothing', async () => {
      const table: string[] = [];
      const leaks: string[] = [];
      const tried = new Set<string>();
      for (const mode of ['foreign', 'mixed'] as const)
        for (const c of await calls(mode)) {
          tried.add(c.route);
          const before = await fingerprint(getDb());
          const res = await send(c);
          const job = await jobOutcome(res);
          const after = await fingerprint(getDb());
          const wrote = changed(before, after);
          const allowed = NO_VILLAGE_TARGET[c.route];
          // Refused: 403 or 404; a batch whose every item is; an import refused whole by its rows outside the scope (400 naming them, or a
          // job that fails on them).
          const refused =
            [403, 404].includes(res.statusCode) ||
            batchRefused(res) ||
            (res.statusCode === 400 && /outside your scope/.test(res.body)) ||
            (job !== null && job.status === 'failed' && JSON.stringify(job.errors).includes('scope'));
          const leak =
            (!refused && !allowed) ||
            (wrote.length > 0 && !(allowed && wrote.every((t) => ['audit_log', 'api_tokens'].includes(t))));
          const line = `${leak ? 'LEAK' : '    '} ${mode} ${res.statusCode}${job ? ` job ${job.status} ${JSON.stringify(job.failure ?? job.errors).slice(0, 200)}` : ''} ${c.method} ${c.url} ${c.body ? JSON.stringify(c.body).slice(0, 160) : ''}${wrote.length ? ` wrote ${wrote.join(', ')}` : ''}`;
          table.push(line);
          if (leak) leaks.push(`${line}\n      ${res.body.slice(0, 300)}`);
        }
      expect(leaks, `leaks:\n${leaks.join('\n')}\n\nall calls:\n${table.join('\n')}`).toEqual([]);
      // Every write route of the document was called.
      const routes = Object.entries<any>(doc.paths).flatMap(([p, ops]) =>
        Object.keys(ops)
          .filter((m) => m !== 'get')
          .map((m) => `${m.toUpperCase()} ${p}`),
      );
      expect(routes.filter((r) => !tried.has(r))).toEqual([]);
      // The import job failed on the row in another village, naming it.
      expect(table.some((l) => l.includes('/api/imports') && l.includes('job failed'))).toBe(true);
      // And the fingerprint does see a write: a household's address changed behind the server's back.
      const before = await fingerprint(getDb());
      await getDb().query(
        `update households set address = coalesce(address, '') || ' (sửa)' where household_id = $1`,
        [world.h1],
      );
      expect(changed(before, await fingerprint(getDb()))).toContain('households');
    }, 300_000);

    it('does on their own village what the role allows, audited, and is refused the commune steps', async () => {
      const results = new Map<string, number>();
      const table: string[] = [];
      const wrong: string[] = [];
      const own = await calls('own');
      // A household is created first; a member leaves, and households move, split and merge, last: the other
      // changes find what they change.
      const order = (c: Call) =>
        c.route === 'POST /api/households'
          ? 0
          : c.route.endsWith('/leave')
            ? 2
            : /\/(move|split|merge)$/.test(c.route)
              ? 3
              : c.method === 'DELETE'
                ? 4
                : 1;
      own.sort((a, b) => order(a) - order(b));
      for (const c of own) {
        // The version and event count as they are now (earlier calls changed them).
        const ctx = await ctxOf({
          ...(c.url.includes(world.h1) ? { householdId: world.h1 } : {}),
          ...(c.url.includes(roundA) ? { roundId: roundA } : {}),
        });
        const body =
          c.body && typeof c.body === 'object'
            ? {
                ...c.body,
                ...('version' in c.body ? { version: ctx.version } : {}),
                ...('expectedCount' in c.body ? { expectedCount: ctx.eventCount } : {}),
              }
            : c.body;
        const auditsBefore = (await xa.get(`/api/audit?householdId=${world.h1}`)).body;
        const res = await send({ ...c, body });
        results.set(c.key, res.statusCode);
        const expected = OWN_EXPECTED[c.key];
        const ok = res.statusCode >= 200 && res.statusCode < 300;
        const bad =
          res.statusCode >= 500 ||
          (expected === 'ok' && !ok) ||
          (expected === 'refused' && ![403, 404].includes(res.statusCode));
        const line = `${bad ? 'WRONG' : '     '} ${res.statusCode} ${c.key} ${c.url} ${body ? JSON.stringify(body).slice(0, 160) : ''}`;
        table.push(line);
        if (bad) wrong.push(`${line}\n      ${res.body.slice(0, 300)}`);
        // A change of their household is in its audit trail.
        if (ok && expected === 'ok' && c.url.includes(world.h1))
          expect((await xa.get(`/api/audit?householdId=${world.h1}`)).body).not.toBe(auditsBefore);
      }
      expect(wrong, `wrong:\n${wrong.join('\n')}\n\nall calls:\n${table.join('\n')}`).toEqual([]);
      for (const key of Object.keys(OWN_EXPECTED)) expect(results.has(key), key).toBe(true);
      // Their survey reached the round; the other village's household is untouched there.
      const round = (await xa.get(`/api/rounds/${roundA}`)).json();
      const stage = (id: string) => round.households.find((h: any) => h.householdId === id)?.stage;
      expect(stage(world.h1)).not.toBe('listed');
      expect(stage(world.h2)).toBe('listed');
    }, 300_000);
  },
  { cleanup: false },
);
