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
);
