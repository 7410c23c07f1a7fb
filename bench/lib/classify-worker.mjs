// The worker threads' entry: tsx's loader registered in this thread, then the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./classify-worker.ts');
