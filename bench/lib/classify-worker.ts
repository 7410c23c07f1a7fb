// A worker thread of bench/lib/classify-file.ts: classifies the byte range it is sent, answers the counts.
import { parentPort } from 'node:worker_threads';
import { loadRuleBook } from '../../src/rules-loader/load-rule-book.ts';
import { classifyRange } from './classify-file.ts';

const book = loadRuleBook();
parentPort!.postMessage('ready');
parentPort!.on('message', (m: { path: string; start: number; end: number }) => {
  classifyRange(book, m.path, m.start, m.end).then(
    (r) => parentPort!.postMessage(r),
    (e: unknown) => {
      throw e;
    },
  );
});
