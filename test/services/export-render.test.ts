// An export's file is rendered on a thread of its own (src/services/export-render-worker.ts): the pdf whole,
// one certificate a page, with the households rendered reported as it goes — and the server's own thread
// free meanwhile (pdfmake lays a document out in one synchronous run, which on the main thread stalls every
// request for the whole render). A render that cannot write its file fails and leaves nothing behind.
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { renderOnThread } from '../../src/services/export-jobs.ts';
import { certificatesOf } from '../support/certificates.ts';
import { withLongestStall } from '../support/stalls.ts';

const HOUSEHOLDS = 120;
let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'export-render-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

const doc = certificatesOf(HOUSEHOLDS);

it('renders the pdf on its own thread, reporting the households rendered, the main thread free', async () => {
  const out = join(dir, 'export.pdf');
  const progress: number[] = [];
  const { longest, took } = await withLongestStall(() =>
    renderOnThread({ format: 'pdf', doc, out, households: HOUSEHOLDS }, (done) => progress.push(done)),
  );
  expect(longest, `longest stall ${longest.toFixed(0)} ms of ${took.toFixed(0)} ms`).toBeLessThan(
    Math.max(took / 2, 200),
  );
  expect(progress.length).toBeGreaterThan(0);
  expect(progress).toEqual([...progress].sort((a, b) => a - b));
  expect(progress.at(-1)).toBe(HOUSEHOLDS);

  const data = await readFile(out);
  const pdf = await getDocument({ data: new Uint8Array(data), useSystemFonts: false, isEvalSupported: false })
    .promise;
  expect(pdf.numPages).toBe(HOUSEHOLDS);
  const last_ = (await (await pdf.getPage(HOUSEHOLDS)).getTextContent()).items
    .map((i) => ('str' in i ? i.str : ''))
    .join('');
  await pdf.destroy();
  expect(last_).toContain(`Nguyễn Văn Hộ ${HOUSEHOLDS}`);
  expect(await readdir(dir)).toEqual(['export.pdf']);
}, 120_000);

it('fails when the file cannot be written, leaving nothing', async () => {
  const out = join(dir, 'missing', 'export.pdf');
  const small = { ...doc, pages: doc.pages.slice(0, 2) };
  await expect(renderOnThread({ format: 'pdf', doc: small, out, households: 2 }, () => {})).rejects.toThrow(
    /export render failed/,
  );
  expect(existsSync(join(dir, 'missing'))).toBe(false);
}, 120_000);
