// Builds the web client: `vite build web` (root web/, output web/dist, served by src/server/app.ts).
import react from '@vitejs/plugin-react';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { defineConfig, type Plugin } from 'vite';

/** Kinds of file worth compressing (fonts in woff/woff2 and images are compressed already). */
const COMPRESSIBLE = new Set(['.js', '.css', '.html', '.svg', '.json', '.txt']);

/**
 * Writes `name.br` and `name.gz` next to every compressible built file, at the strongest settings, once per
 * build: the server sends them as they are (@fastify/static `preCompressed`) instead of compressing per request.
 */
function precompress(): Plugin {
  let outDir = '';
  return {
    name: 'giamngheo-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = join(config.root, config.build.outDir);
    },
    closeBundle() {
      const walk = (dir: string): string[] =>
        readdirSync(dir).flatMap((name) => {
          const path = join(dir, name);
          return statSync(path).isDirectory() ? walk(path) : [path];
        });
      for (const file of walk(outDir)) {
        if (!COMPRESSIBLE.has(extname(file))) continue;
        const raw = readFileSync(file);
        if (raw.length < 1024) continue;
        const br = brotliCompressSync(raw, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
          },
        });
        const gz = gzipSync(raw, { level: 9 });
        if (br.length < raw.length) writeFileSync(`${file}.br`, br);
        if (gz.length < raw.length) writeFileSync(`${file}.gz`, gz);
      }
    },
  };
}

/** Every file under `dir`, as paths relative to it with forward slashes. */
function filesUnder(dir: string, prefix = ''): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path, `${prefix}${name}/`) : [`${prefix}${name}`];
  });
}

/**
 * Writes `sw.js` (from web/service-worker.js) with the list of every built file to keep on the device and a
 * version that changes whenever any of them does, so the app starts offline and a new release replaces the
 * old one. Runs before `precompress`, so sw.js gets its .br and .gz too.
 */
function serviceWorker(): Plugin {
  let outDir = '';
  return {
    name: 'giamngheo-service-worker',
    apply: 'build',
    configResolved(config) {
      outDir = join(config.root, config.build.outDir);
    },
    closeBundle() {
      const files = filesUnder(outDir)
        .filter((f) => !f.endsWith('.br') && !f.endsWith('.gz') && f !== 'sw.js')
        .sort();
      const version = createHash('sha256');
      for (const f of files) version.update(f).update(readFileSync(join(outDir, f)));
      const template = readFileSync(new URL('./service-worker.js', import.meta.url), 'utf8');
      const code = template
        .replace('__VERSION__', version.digest('hex').slice(0, 16))
        .replace(`['__PRECACHE__']`, JSON.stringify(files.map((f) => `/${f}`)));
      writeFileSync(join(outDir, 'sw.js'), code);
    },
  };
}

export default defineConfig({
  plugins: [react(), serviceWorker(), precompress()],
  // Everything is bundled: the app runs where there is no network beyond its own server.
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 2500,
    sourcemap: false,
    rolldownOptions: {
      output: {
        // Libraries in chunks of their own, which change less often than the app's code (a new release keeps
        // them cached); ECharts only with the screens that draw charts, never in the first load.
        codeSplitting: {
          groups: [
            {
              name: 'echarts',
              test: /[\\/]node_modules[\\/](echarts|zrender|echarts-for-react)[\\/]/,
              priority: 3,
            },
            {
              name: 'react',
              test: /[\\/]node_modules[\\/](react|react-dom|scheduler|react-router)[\\/]/,
              priority: 2,
            },
            {
              name: 'antd',
              test: /[\\/]node_modules[\\/](antd|@ant-design|@rc-component|rc-[^\\/]+)[\\/]/,
              priority: 1,
            },
          ],
        },
      },
    },
  },
  // `npm run dev` (scripts/dev.ts) says where its server listens; `vite web` alone expects it on port 3000.
  server: { proxy: { '/api': process.env.GIAMNGHEO_API ?? 'http://127.0.0.1:3000' } },
});
