// A direct download of a round document (GET …/documents/…) renders a large one on a render thread into a
// private temporary file and streams it from there — the server's own thread free meanwhile, at most two such
// renders at once — and a small one in the request, as a stream; what a render leaves on disk goes when the
// answer is done.
import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import type { Readable } from 'node:stream';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { expect, it } from 'vitest';
import {
  downloadRendersRunning,
  renderForDownload,
  renderSize,
  RENDER_ON_THREAD_FROM,
  type RenderableDocument,
} from '../../src/services/download-render.ts';
import { certificatesOf } from '../support/certificates.ts';
import { withLongestStall } from '../support/stalls.ts';

const certificates = (households: number): RenderableDocument => ({
  format: 'pdf',
  doc: certificatesOf(households),
});

async function bytes(body: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of body) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
async function pages(data: Buffer): Promise<number> {
  const pdf = await getDocument({ data: new Uint8Array(data), useSystemFonts: false, isEvalSupported: false })
    .promise;
  const n = pdf.numPages;
  await pdf.destroy();
  return n;
}
const downloadDirs = async () =>
  (await readdir(tmpdir())).filter((n) => n.startsWith(`giamngheo-download-pid${process.pid}-`));

it('renders a large document on a thread, the main thread free, and removes its file when done', async () => {
  const big = certificates(RENDER_ON_THREAD_FROM + 20);
  expect(renderSize(big)).toBeGreaterThanOrEqual(RENDER_ON_THREAD_FROM);
  const { result: file, longest, took } = await withLongestStall(() => renderForDownload(big));
  // Rendered in the request, the whole render would be one stall.
  expect(longest, `longest stall ${longest.toFixed(0)} ms of ${took.toFixed(0)} ms`).toBeLessThan(
    Math.max(took / 2, 200),
  );
  const [dir] = await downloadDirs();
  expect(dir).toBeDefined();
  expect(await pages(await bytes(file.body))).toBe(RENDER_ON_THREAD_FROM + 20);
  await file.done();
  expect(existsSync(`${tmpdir()}/${dir}`)).toBe(false);
}, 120_000);

it('renders a small document in the request, as a stream, leaving nothing on disk', async () => {
  const small = certificates(3);
  const before = await downloadDirs();
  const file = await renderForDownload(small);
  expect(await downloadDirs()).toEqual(before);
  expect(await pages(await bytes(file.body))).toBe(3);
  await file.done();
});

it('renders at most two large documents at once; the others wait their turn and all arrive', async () => {
  const big = certificates(RENDER_ON_THREAD_FROM);
  let most = 0;
  const watch = setInterval(() => {
    most = Math.max(most, downloadRendersRunning());
  }, 5);
  const files = await Promise.all([1, 2, 3].map(() => renderForDownload(big)));
  clearInterval(watch);
  expect(most).toBe(2);
  expect(downloadRendersRunning()).toBe(0);
  for (const f of files) {
    expect(await pages(await bytes(f.body))).toBe(RENDER_ON_THREAD_FROM);
    await f.done();
  }
  expect(await downloadDirs()).toEqual([]);
}, 180_000);
