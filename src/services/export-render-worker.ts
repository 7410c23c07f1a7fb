// An export's file rendered on a thread of its own (src/services/export-jobs.ts starts it): pdfmake lays out
// and writes a whole document in one synchronous run — tens of seconds for a large commune's certificates —
// which on the server's thread would stall every other request meanwhile. Here it stalls only this thread,
// and the households rendered are posted back as pdfmake reports its pages, for the job's progress.
// The file is written whole or not at all (writeExportFile); a full disk is told apart from other failures.
import { createRequire } from 'node:module';
import { parentPort, workerData } from 'node:worker_threads';
import type { OfficialDocument } from '../reports/documents/official.ts';
import type { ReportDocument } from '../reports/model.ts';
import { renderOfficialPdf } from '../reports/render/official-pdf.ts';
import { renderXlsxStream } from '../reports/render/xlsx.ts';
import { AppError } from './errors.ts';
import { writeExportFile } from './export-file.ts';

export type RenderRequest = { out: string; households: number } & (
  { format: 'pdf'; doc: OfficialDocument } | { format: 'xlsx'; doc: ReportDocument }
);

export type RenderMessage =
  | { type: 'progress'; done: number }
  | { type: 'done' }
  | { type: 'failed'; diskFull: boolean; message: string };

/** Progress is posted at most this often (the job records it at most once a second). */
const POST_EVERY_MS = 250;

const port = parentPort!;
const request = workerData as RenderRequest;
const post = (m: RenderMessage) => port.postMessage(m);

try {
  if (request.format === 'pdf') {
    // pdfmake's progress (the share of the laid-out items written) for this thread's one document.
    const pdfmake = createRequire(import.meta.url)('pdfmake') as {
      setProgressCallback(callback: (share: number) => void): void;
    };
    let last = 0;
    let posted = -1;
    pdfmake.setProgressCallback((share) => {
      const done = Math.floor(share * request.households);
      const now = Date.now();
      if (done !== posted && (now - last >= POST_EVERY_MS || done === request.households)) {
        last = now;
        posted = done;
        post({ type: 'progress', done });
      }
    });
    await writeExportFile(renderOfficialPdf(request.doc), request.out);
  } else await writeExportFile(renderXlsxStream(request.doc, 'vi'), request.out);
  post({ type: 'done' });
} catch (e) {
  post({
    type: 'failed',
    diskFull: e instanceof AppError && e.code === 'DISK_FULL',
    message: (e as Error)?.message ?? String(e),
  });
}
