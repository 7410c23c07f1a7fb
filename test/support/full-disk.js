// A disk that fills up, for a real `giamngheo` process: preloaded with NODE_OPTIONS=--import=<this file>
// (test/support/cli.ts's fullDiskEnv), it makes every file stream opened under TEST_FULL_DISK_DIR take
// TEST_FULL_DISK_BYTES bytes, write what fits of the next chunk and then fail with ENOSPC, as a full disk
// does — the file really exists meanwhile, so the test sees that the command removes it. Only
// fs.createWriteStream is changed (the ESM bindings too, through syncBuiltinESMExports), so the command's own
// code runs unchanged down to the stream.
import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { resolve, sep } from 'node:path';

const dir = process.env.TEST_FULL_DISK_DIR ? resolve(process.env.TEST_FULL_DISK_DIR) : undefined;
const room = Number(process.env.TEST_FULL_DISK_BYTES ?? 0);

if (dir) {
  const createWriteStream = fs.createWriteStream;
  let left = room;
  const full = () =>
    Object.assign(new Error('ENOSPC: no space left on device, write'), {
      errno: -28,
      code: 'ENOSPC',
      syscall: 'write',
    });
  fs.createWriteStream = function (path, options) {
    const stream = createWriteStream.call(this, path, options);
    if (typeof path !== 'string' || !resolve(path).startsWith(dir + sep)) return stream;
    const write = stream._write;
    // One chunk at a time through the _write below (no writev around it).
    stream._writev = undefined;
    stream._write = function (chunk, encoding, done) {
      if (chunk.length <= left) {
        left -= chunk.length;
        return write.call(this, chunk, encoding, done);
      }
      const fits = chunk.subarray(0, left);
      left = 0;
      if (fits.length === 0) return done(full());
      return write.call(this, fits, encoding, (error) => done(error ?? full()));
    };
    return stream;
  };
  syncBuiltinESMExports();
}
