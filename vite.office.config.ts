import { resolve } from 'node:path';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

/** The office console: its own page and bundle (out/office), served by the central API at /office/, never shipped in the kiosk. */
export default defineConfig({
  root: resolve(__dirname, 'renderer/office'),
  base: '/office/',
  plugins: [react()],
  build: {
    outDir: resolve(__dirname, 'out/office'),
    emptyOutDir: true,
    rolldownOptions: { input: { index: resolve(__dirname, 'renderer/office/index.html') } },
  },
});
