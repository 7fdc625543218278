import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The web workspace: built into dist/apps/web and served by the api at `/`. */
export default defineConfig({
  root: here('.'),
  plugins: [react()],
  resolve: { alias: { '@roundtable/contracts': here('../../libs/contracts/src/index.ts') } },
  // React, React Aria and keycloak-js make one ~170 kB (gzip) bundle; fine for a workspace, so no warning.
  build: { outDir: here('../../dist/apps/web'), emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 800 },
  server: { port: 5173, proxy: { '/api': { target: 'http://localhost:3000', ws: true } } },
});
