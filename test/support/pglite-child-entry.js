// Starts test/support/pglite-child.ts exactly as bin/giamngheo.js starts the CLI: tsx's register().
import { register } from 'tsx/esm/api';

register();
await import('./pglite-child.ts');
