// Entry of the PGlite worker thread: makes the thread able to load TypeScript, then loads the worker.
// Loader hooks registered on the main thread (tsx's register() in bin/giamngheo.js, or vitest's
// transform) do not reach worker threads, so this plain .js file registers tsx for its own thread.
import { register } from 'tsx/esm/api';

register();
await import('./pglite-worker.ts');
