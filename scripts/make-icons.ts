// Draws the app's PNG icons (web/public/icon-192.png, icon-512.png) from the same shapes as favicon.svg — a
// blue rounded square with a white falling line — for the web app manifest (phones want PNG icons to
// install an app). Run once after changing the logo: `npx tsx scripts/make-icons.ts`.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const BLUE = [0x1d, 0x5f, 0xa8];
// favicon.svg's 32×32 drawing; a maskable icon keeps its drawing in the central 80 %, so it is scaled down.
const LINE: [number, number][] = [
  [8, 22],
  [14, 14],
  [18, 18],
  [24, 10],
];

function distanceToSegment(px: number, py: number, [ax, ay]: [number, number], [bx, by]: [number, number]) {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

function crc32(buf: Buffer): number {
  let c = ~0;
  for (const b of buf) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return ~c >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

function icon(size: number): Buffer {
  const raw = Buffer.alloc((size * 4 + 1) * size);
  const scale = 32 / size;
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0;
    for (let x = 0; x < size; x++) {
      // Sample the drawing at the pixel's centre, shrunk to 80 % around the middle.
      const u = 16 + ((x + 0.5) * scale - 16) / 0.8;
      const v = 16 + ((y + 0.5) * scale - 16) / 0.8;
      const near = Math.min(...LINE.slice(1).map((p, i) => distanceToSegment(u, v, LINE[i]!, p)));
      const white = near <= 1.5;
      const at = y * (size * 4 + 1) + 1 + x * 4;
      const [r, g, b] = white ? [255, 255, 255] : BLUE;
      raw.set([r!, g!, b!, 255], at);
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

for (const size of [192, 512])
  writeFileSync(new URL(`../web/public/icon-${size}.png`, import.meta.url), icon(size));
