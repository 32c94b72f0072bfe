// Loads the Emscripten ES-module factory at run time from wasm/ beside the page. The URL is
// resolved against the page (not bundled), so the same dist/ works at any sub-path, and the
// same loader serves the main thread and the workers.
import type { DescentModule } from './descent-module';

/** The subset of Emscripten's module options used here. */
interface FactoryOptions {
  locateFile?: (path: string) => string;
  /** Emscripten's hook: instantiate with these imports, hand the result to `receive`. */
  instantiateWasm?: (
    imports: WebAssembly.Imports,
    receive: (instance: WebAssembly.Instance, module: WebAssembly.Module) => void,
  ) => object;
}

type Factory = (options?: FactoryOptions) => Promise<DescentModule>;

/** Where the module lives, relative to a base URL (the page, or the worker's page). */
export function moduleUrl(base: string): string {
  return new URL('wasm/descent.mjs', base).href;
}

/** The compiled code beside the module factory at `url` (what Emscripten's glue fetches). */
export function wasmUrl(url: string): string {
  return new URL('descent.wasm', url).href;
}

/**
 * Compiles the core's WebAssembly once, streaming while it downloads, so that the page and
 * every training worker instantiate the same `WebAssembly.Module` (a module is passed to a
 * worker by postMessage) instead of each fetching and compiling 1.7 MB.
 */
export async function compileCore(url: string): Promise<WebAssembly.Module> {
  const response = await fetch(wasmUrl(url), { credentials: 'same-origin' });
  if (!response.ok)
    throw new Error(`could not fetch the core (${response.url}): ${response.status}`);
  try {
    return await WebAssembly.compileStreaming(response.clone());
  } catch {
    // A server that does not send application/wasm: compile from the bytes instead.
    return WebAssembly.compile(await response.arrayBuffer());
  }
}

/**
 * An instance of the core. With `compiled` (from compileCore, possibly compiled on another
 * thread) it is instantiated from that module, with no request; without, the glue fetches
 * and compiles the .wasm itself.
 */
export async function loadDescentModule(
  url: string,
  compiled?: WebAssembly.Module,
): Promise<DescentModule> {
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
  const options: FactoryOptions = { locateFile: (path) => new URL(path, url).href };
  if (!compiled) return factory(options);
  // The glue's promise never settles when instantiation fails inside this hook: race it.
  let fail: (error: unknown) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  options.instantiateWasm = (imports, receive) => {
    WebAssembly.instantiate(compiled, imports).then(
      (instance) => receive(instance, compiled),
      (error: unknown) =>
        fail(new Error(`could not instantiate the core: ${errorText(error)}`, { cause: error })),
    );
    return {};
  };
  return Promise.race([factory(options), failed]);
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
