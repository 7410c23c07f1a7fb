// A round document rendered for a direct download (GET /api/rounds/{id}/documents/…). pdfmake lays out and
// writes a whole document in one synchronous run on the thread that calls it: 5.000 certificates held the
// server's only thread for about a minute, every other user's request waiting behind it, on either database.
// A large document is therefore rendered on a render thread (the export jobs' one) into a private temporary
// file, then streamed from there; a small one, where starting a thread would cost more than it saves, is
// rendered in the request as before.
import { createReadStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { makeUploadDir } from '../jobs/upload-dirs.ts';
import type { OfficialDocument } from '../reports/documents/official.ts';
import type { ReportDocument } from '../reports/model.ts';
import { renderOfficialPdf } from '../reports/render/official-pdf.ts';
import { renderXlsxStream } from '../reports/render/xlsx.ts';
import { renderOnThread } from './export-jobs.ts';

export type RenderableDocument =
  { format: 'pdf'; doc: OfficialDocument } | { format: 'xlsx'; doc: ReportDocument };

/**
 * Pages and table rows from which a document is rendered on a thread: pdfmake renders ≈ 150 certificates a
 * second on this project's 2-core machine, and a thread takes ≈ 0,3–0,5 s to start (it loads the renderer).
 */
export const RENDER_ON_THREAD_FROM = 300;
/** Direct downloads rendered on threads at once; more wait their turn (each thread is a core's work). */
const DOWNLOAD_THREADS = 2;

/** A document's size as its rendering sees it: its pages and the rows of its tables. */
export function renderSize(d: RenderableDocument): number {
  if (d.format === 'xlsx') return d.doc.sections.reduce((n, s) => n + (s.table?.rows.length ?? 0), 0);
  return d.doc.pages.reduce((n, p) => n + 1 + (p.table ? p.table.rows.length : 0), 0);
}

let running = 0;
const waiting: (() => void)[] = [];
/** Renders of direct downloads under way on threads now (for the tests, which hold it to DOWNLOAD_THREADS). */
export const downloadRendersRunning = (): number => running;
async function turn(): Promise<() => void> {
  if (running >= DOWNLOAD_THREADS) await new Promise<void>((resolve) => waiting.push(resolve));
  else running++;
  // Handed on to the next in line (who then holds the place this one held), or given back.
  return () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
}

/**
 * The document as a stream to send; `done` removes what the rendering left (call it once the answer is
 * sent or abandoned). A full disk while rendering on a thread is DISK_FULL, before anything is sent.
 */
export async function renderForDownload(
  d: RenderableDocument,
): Promise<{ body: Readable; done: () => Promise<void> }> {
  if (renderSize(d) < RENDER_ON_THREAD_FROM)
    return {
      body: d.format === 'pdf' ? renderOfficialPdf(d.doc) : renderXlsxStream(d.doc, 'vi'),
      done: async () => undefined,
    };
  const dir = await makeUploadDir('giamngheo-download-');
  const done = () => rm(dir, { recursive: true, force: true });
  try {
    const release = await turn();
    const file = join(dir, `document.${d.format}`);
    try {
      await renderOnThread({ ...d, out: file, households: 0 }, () => undefined);
    } finally {
      release();
    }
    return { body: createReadStream(file), done };
  } catch (e) {
    await done();
    throw e;
  }
}
