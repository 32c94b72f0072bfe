// Emits sw.js, the offline service worker (src/offline/service-worker.js), with the precache
// manifest of this build written into it. It runs after every other plugin has emitted its
// files (the pages, the hashed chunks, the WASM core), so the list is the whole site.
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';
import { precacheManifest } from './precache-manifest';

export const SERVICE_WORKER_FILE = 'sw.js';
/** The token in the worker's source that the manifest replaces. */
const MANIFEST_TOKEN = 'self.__DESCENT_PRECACHE__';

export function descentServiceWorker(source: string): Plugin {
  return {
    name: 'descent-service-worker',
    apply: 'build',
    enforce: 'post',
    generateBundle: {
      order: 'post',
      handler(_options, bundle) {
        const files = Object.values(bundle).map((item) => ({
          name: item.fileName,
          content: item.type === 'chunk' ? item.code : item.source,
        }));
        const manifest = precacheManifest(files, (name) => name.startsWith('assets/'));
        const template = readFileSync(resolve(source), 'utf8');
        if (!template.includes(MANIFEST_TOKEN)) {
          this.error(`${source} has no ${MANIFEST_TOKEN} for the precache manifest`);
        }
        this.emitFile({
          type: 'asset',
          fileName: SERVICE_WORKER_FILE,
          source: template.replace(MANIFEST_TOKEN, JSON.stringify(manifest)),
        });
      },
    },
  };
}
