// Three test projects, so the quick ones need neither a database nor a build of the web client:
//   unit     pure code (rules, domain, formats, parsing of the official lists, renderers, static checks);
//   db       anything that reaches a database (PGlite, and PostgreSQL when TEST_DATABASE_URL is set), the
//            server through inject, and the CLI run as a process;
//   db-serial the database tests that measure time or drive the machine hard (kill -9 faults, bursts, the
//            event loop's lag, the concurrency script): run alone, one file at a time, after the others;
//   browser  test/browser/*, the built client in Chromium: the only project that builds web/ first.
// `npm test` runs them all; `npm run test:unit|test:db|test:browser` (or `vitest --project NAME`) some.
//
// The machine has 2 cores and a test file mostly keeps one busy (node, or node and PostgreSQL by turns), so
// unit and db files run two at a time; the timing-sensitive files and the browser then run one at a time,
// each project in its own group (sequence.groupOrder) so nothing else competes with them.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const ROOT = fileURLToPath(new URL('.', import.meta.url));
const TESTS = 'test';
const BROWSER = 'test/browser/**/*.test.ts';
/** Database tests that assert timings or load the machine: alone, one file at a time (see above). */
const SERIAL = [
  `${TESTS}/faults/**/*.test.ts`,
  `${TESTS}/server/bursts.test.ts`,
  `${TESTS}/server/concurrency.test.ts`,
  `${TESTS}/db/event-loop.test.ts`,
];

/**
 * A test file is a database test when it imports (or runs) the way in: the database, server or CLI helpers
 * of test/support, a module under src/db or src/services, or the `giamngheo` bin — a quoted path, so a
 * test that only mentions src/db in its text stays where it is. Read from the files rather than listed, so
 * a new test lands in the right project without touching this file.
 */
const REACHES_DATABASE =
  /['"][^'"\n]*(\/support\/(databases|server|cli|empty-reports)\.ts|\/src\/(db|services)\/[^'"\n]*|bin\/giamngheo\.js)['"]/;

function testFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return path === join(ROOT, TESTS, 'browser') ? [] : testFiles(path);
    return e.name.endsWith('.test.ts') ? [path] : [];
  });
}

const dbTests = testFiles(join(ROOT, TESTS))
  .filter((f) => REACHES_DATABASE.test(readFileSync(f, 'utf8')))
  .map((f) => relative(ROOT, f).split('\\').join('/'));

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: [`${TESTS}/**/*.test.ts`],
          exclude: [BROWSER, ...dbTests],
          maxWorkers: 2,
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: { name: 'db', include: dbTests, exclude: SERIAL, maxWorkers: 2, sequence: { groupOrder: 0 } },
      },
      {
        extends: true,
        test: { name: 'db-serial', include: SERIAL, maxWorkers: 1, sequence: { groupOrder: 1 } },
      },
      {
        extends: true,
        test: {
          name: 'browser',
          maxWorkers: 1,
          sequence: { groupOrder: 2 },
          include: [BROWSER],
          // The browser tests drive the built client: build it once, before any of them, when it is stale.
          globalSetup: ['test/support/web-build.ts'],
        },
      },
    ],
  },
});
