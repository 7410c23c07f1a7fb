// Builds the web client: `vite build web` (root web/, output web/dist, served by src/server/app.ts).
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  // Everything is bundled: the app runs where there is no network beyond its own server.
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 2500, sourcemap: false },
  // `npm run dev` (scripts/dev.ts) says where its server listens; `vite web` alone expects it on port 3000.
  server: { proxy: { '/api': process.env.GIAMNGHEO_API ?? 'http://127.0.0.1:3000' } },
});
