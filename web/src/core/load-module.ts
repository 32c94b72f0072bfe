// Loads the Emscripten ES-module factory at run time from wasm/ beside the page. The URL is
// resolved against the page (not bundled), so the same dist/ works at any sub-path, and the
// same loader serves the main thread and the workers.
import type { DescentModule } from './descent-module';

type Factory = (options?: { locateFile?: (path: string) => string }) => Promise<DescentModule>;

/** Where the module lives, relative to a base URL (the page, or the worker's page). */
export function moduleUrl(base: string): string {
  return new URL('wasm/descent.mjs', base).href;
}

export async function loadDescentModule(url: string): Promise<DescentModule> {
  let imported: { default?: unknown };
  try {
    imported = (await import(/* @vite-ignore */ url)) as { default?: unknown };
  } catch (error) {
    throw new Error(`could not load the core (${url}): ${errorText(error)}`, { cause: error });
  }
  if (typeof imported.default !== 'function') {
    throw new Error(`${url} does not export a module factory`);
  }
  const factory = imported.default as Factory;
  // The .wasm sits next to the .mjs, whatever path the page is served from.
  return factory({ locateFile: (path) => new URL(path, url).href });
}

export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'string') return error;
  if (typeof error === 'number') return `core error code ${error}`;
  try {
    return JSON.stringify(error);
  } catch {
    return String(error);
  }
}
