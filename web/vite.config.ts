import { defineConfig } from 'vitest/config';
import { descentWasm } from './build/descent-wasm-plugin';
import { descentServiceWorker } from './build/service-worker-plugin';

export default defineConfig({
  // Relative URLs everywhere: dist/ works from any static host at any sub-path.
  base: './',
  // DESCENT_WASM_DIR: build against another core build (e.g. a private one for testing).
  // descentServiceWorker: dist/sw.js, which caches this build's files for offline use.
  plugins: [
    descentWasm(process.env.DESCENT_WASM_DIR ?? '../build-wasm'),
    descentServiceWorker('src/offline/service-worker.js'),
  ],
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    // The app is one page; chart.js is the bulk and is tree-shaken.
    chunkSizeWarningLimit: 400,
    // lesson.html: an example host page that embeds demos and drives one by postMessage.
    // descent-demo.js: the <descent-demo> element for lessons, slides and notebooks, at a
    // fixed name (no hash) so that pages can load it from the site by a stable URL.
    rollupOptions: {
      input: {
        main: 'index.html',
        lesson: 'lesson.html',
        'descent-demo': 'src/embed/descent-demo.ts',
      },
      output: {
        entryFileNames: (chunk) =>
          chunk.name === 'descent-demo' ? 'descent-demo.js' : 'assets/[name]-[hash].js',
      },
    },
  },
  test: {
    include: ['tests/unit/**/*.test.ts'],
    environment: 'node',
  },
});
