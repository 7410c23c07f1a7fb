// Entry of an export's render thread: makes the thread able to load TypeScript, then loads the renderer.
// Loader hooks registered on the main thread (tsx's register() in bin/giamngheo.js, or vitest's transform)
// do not reach worker threads, so this plain .js file registers tsx for its own thread (as the PGlite
// worker's entry does).
import { register } from 'tsx/esm/api';

register();
await import('./export-render-worker.ts');
