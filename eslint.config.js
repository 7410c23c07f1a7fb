// Lint rules: typescript-eslint's recommended set over the TypeScript sources; React hooks rules in web/.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

// The web client runs in a browser: its globals are defined there.
const browserGlobals = Object.fromEntries(
  (
    'window document navigator localStorage sessionStorage location history fetch Request Response Headers ' +
    'URL URLSearchParams AbortController FormData Blob console setTimeout clearTimeout setInterval ' +
    'clearInterval requestAnimationFrame HTMLElement Event KeyboardEvent MouseEvent Intl'
  )
    .split(' ')
    .map((name) => [name, 'readonly']),
);

// Boundaries (docs/adr/0008-sql-style.md; test/quality/boundaries.test.ts checks the same from the sources).
// Flat config does not merge one rule's options across objects, so every file gets its whole list from
// exactly one of the objects below.

/** Only src/db (and the test support and the database's own tests) reaches the database drivers. */
const DATABASE_OWNERS = ['src/db/**', 'test/support/**', 'test/db/**'];
const DATABASE_MESSAGE = 'SQL and database drivers belong in src/db: call a query module (src/db/queries/*).';
const databasePaths = [
  { name: 'pg', message: DATABASE_MESSAGE },
  { name: '@electric-sql/pglite', message: DATABASE_MESSAGE },
  { name: 'drizzle-orm', importNames: ['sql'], message: DATABASE_MESSAGE },
];
const databasePatterns = [{ group: ['@electric-sql/pglite/*'], message: DATABASE_MESSAGE }];

/** The start of a relative import that climbs at least `n` folders. */
const climbing = (n) => `^(\\.\\./){${n}}`;

// src/domain is pure: nothing outside it, and no input or output (dates and data are passed in).
const DOMAIN_MESSAGE = 'src/domain is pure and imports only src/domain (DESIGN.md: adapters call in).';
const domainIo = ['node:fs', 'node:fs/promises', 'node:child_process', 'node:net', 'node:http', 'node:https'];
const domainBoundaries = [0, 1, 2].map((depth) => ({
  files: [`src/domain/${'*/'.repeat(depth)}*.ts`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        paths: [...databasePaths, ...domainIo.map((name) => ({ name, message: DOMAIN_MESSAGE }))],
        patterns: [
          ...databasePatterns,
          { regex: `${climbing(depth + 1)}(?!domain/)`, message: DOMAIN_MESSAGE },
        ],
      },
    ],
  },
}));

// The web client takes from src/ only these pure modules (bundled by Vite); everything else goes through the API.
// The rule book's builder and the assessment run on an offline device too (issue #13): the same code, never a copy.
const WEB_SHARED = [
  'domain/access/roles.ts',
  'domain/audit/vocabulary.ts',
  'domain/field/changes.ts',
  'domain/field/merge.ts',
  'domain/standards/assessment.ts',
  'domain/standards/build-rule-book.ts',
  'domain/standards/types.ts',
  'domain/finance/money.ts',
  'domain/format/numbers.ts',
  'domain/geography/text.ts',
  'domain/registry/relations.ts',
  'reports/model.ts',
  'reports/render/layout.ts',
];
const WEB_MESSAGE = `web/ reads the server through the API; from src/ it imports only ${WEB_SHARED.join(', ')}.`;
const escaped = (path) => path.replace(/[.]/g, '\\.');
const webBoundaries = [0, 1, 2].map((depth) => ({
  files: [`web/src/${'*/'.repeat(depth)}*.{ts,tsx}`],
  rules: {
    'no-restricted-imports': [
      'error',
      {
        paths: databasePaths,
        patterns: [
          ...databasePatterns,
          {
            regex: `${climbing(depth + 2)}src/(?!(${WEB_SHARED.map(escaped).join('|')})$)`,
            message: WEB_MESSAGE,
          },
        ],
      },
    ],
  },
}));

export default tseslint.config(
  { ignores: ['node_modules', 'data', 'dist', 'web/dist', 'coverage'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    // Plain .js entry points run on Node: its globals are defined.
    files: ['**/*.js'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', setTimeout: 'readonly' },
    },
  },
  {
    files: ['web/**'],
    languageOptions: { globals: browserGlobals },
  },
  { files: ['web/**/*.{ts,tsx}'], ...reactHooks.configs.flat['recommended-latest'] },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Everything else: no database driver outside src/db.
    ignores: [...DATABASE_OWNERS, 'src/domain/**', 'web/src/**'],
    rules: {
      'no-restricted-imports': ['error', { paths: databasePaths, patterns: databasePatterns }],
    },
  },
  {
    // Outside src/db the application runs no SQL: it calls a query module's function.
    files: ['src/**/*.ts'],
    ignores: ['src/db/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.type='MemberExpression'][callee.property.name=/^(query|queryArrays)$/]",
          message: DATABASE_MESSAGE,
        },
        { selector: "MemberExpression[property.name='drizzle']", message: DATABASE_MESSAGE },
        { selector: "TaggedTemplateExpression[tag.name='sql']", message: DATABASE_MESSAGE },
      ],
    },
  },
  ...domainBoundaries,
  ...webBoundaries,
);
