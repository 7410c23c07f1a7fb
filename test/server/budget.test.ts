// The kinds of request and their statement timeouts (src/server/budget.ts), and the slow-query log line.
import { describe, expect, it } from 'vitest';
import { budgetsFromEnv, DEFAULT_BUDGETS, requestKind } from '../../src/server/budget.ts';
import { slowQueryEntry } from '../../src/server/app.ts';

describe('request kinds', () => {
  it.each([
    ['GET', '/api/auth/me', 'read'],
    ['GET', '/api/households/:householdId', 'read'],
    ['GET', '/api/households', 'search'],
    ['GET', '/api/audit', 'search'],
    ['GET', '/api/figures/children', 'search'],
    ['POST', '/api/households', 'write'],
    ['PATCH', '/api/users/:userId', 'write'],
    ['GET', '/api/reports/:id', 'report'],
    ['GET', '/api/rounds/:roundId/documents/certificates.pdf', 'report'],
    ['POST', '/api/imports', 'transfer'],
    ['GET', '/api/imports/:jobId/errors.xlsx', 'transfer'],
    ['POST', '/api/rounds/:roundId/odk-submissions', 'transfer'],
    ['GET', '/api/figures/csv', 'transfer'],
    ['POST', '/api/field/sync', 'transfer'],
    ['GET', '', 'read'],
  ])('%s %s is a %s', (method, route, kind) => {
    expect(requestKind(method, route)).toBe(kind);
  });

  it('reads STATEMENT_TIMEOUT_<KIND>_MS and refuses what is not a whole number', () => {
    expect(budgetsFromEnv({})).toEqual(DEFAULT_BUDGETS);
    expect(budgetsFromEnv({ STATEMENT_TIMEOUT_SEARCH_MS: '20000' }).search).toBe(20_000);
    expect(() => budgetsFromEnv({ STATEMENT_TIMEOUT_READ_MS: '5s' })).toThrow(/STATEMENT_TIMEOUT_READ_MS/);
  });
});

describe('slow-query log line', () => {
  it('holds the statement on one line, its duration and kind; a long text is cut', () => {
    const entry = slowQueryEntry(
      { sql: 'select *\n  from households\n where name = $1', durationMs: 812 },
      'search',
    );
    expect(entry).toEqual({
      slowQuery: { sql: 'select * from households where name = $1', durationMs: 812, kind: 'search' },
    });
    const long = slowQueryEntry({ sql: 'x'.repeat(5000), durationMs: 1, failed: '57014' }, 'read');
    expect(long.slowQuery.sql).toHaveLength(2001);
    expect(long.slowQuery.failed).toBe('57014');
  });
});
