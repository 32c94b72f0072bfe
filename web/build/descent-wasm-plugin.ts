// Brings the core's WebAssembly build (../build-wasm/descent.{mjs,wasm}) into the app.
// Build: the two files are emitted as assets under wasm/ (next to index.html, so any
// static host at any sub-path works). Dev: they are served from the build folder directly,
// so rebuilding the core needs no copy step. A missing build fails `vite build` loudly:
// a page without its core can only show an error.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Plugin } from 'vite';

export const WASM_FILES = ['descent.mjs', 'descent.wasm'] as const;

export function descentWasm(buildDir: string): Plugin {
  const dir = resolve(buildDir);
  const missing = () => WASM_FILES.filter((f) => !existsSync(resolve(dir, f)));
  const explain = (files: string[]) =>
    `Descent: the WebAssembly core is missing (${files.join(', ')} not found in ${dir}). ` +
    `Build it first (see wasm-build/), then run the web build again.`;

  let isBuild = false;
  return {
    name: 'descent-wasm',
    configResolved(config) {
      isBuild = config.command === 'build';
    },
    buildStart() {
      // Only a production build must have the core; dev and unit tests can run without it.
      if (!isBuild || this.meta.watchMode) return;
      const absent = missing();
      if (absent.length > 0) this.error(explain(absent));
    },
    generateBundle() {
      if (!isBuild) return;
      for (const file of WASM_FILES) {
        this.emitFile({
          type: 'asset',
          fileName: `wasm/${file}`,
          source: readFileSync(resolve(dir, file)),
        });
      }
    },
    configureServer(server) {
      const absent = missing();
      if (absent.length > 0) server.config.logger.warn(explain(absent));
      server.middlewares.use((req, res, next) => {
        const match = /\/wasm\/(descent\.(?:mjs|wasm))(?:\?.*)?$/.exec(req.url ?? '');
        const file = match?.[1];
        if (!file || !existsSync(resolve(dir, file))) return next();
        res.setHeader(
          'Content-Type',
          file.endsWith('.wasm') ? 'application/wasm' : 'text/javascript',
        );
        res.setHeader('Cache-Control', 'no-cache');
        res.end(readFileSync(resolve(dir, file)));
      });
    },
  };
}
