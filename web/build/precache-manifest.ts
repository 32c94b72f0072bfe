// The list of built files the service worker caches, and a version that changes whenever any
// of them changes (a hash of every file's name and content hash). A new build therefore ships a
// different sw.js, the browser installs it, and it replaces the previous build's cache.
import { createHash } from 'node:crypto';

export interface BuiltFile {
  /** Path relative to the site's root, as Vite writes it (e.g. "assets/index-3f2a.js"). */
  name: string;
  content: string | Uint8Array;
}

export interface PrecacheEntry {
  url: string;
  /** A prefix of the content's SHA-256: what the version is computed from. */
  hash: string;
  /** Content-hashed name (Vite's assets/): the URL never names other content, so cache first. */
  immutable: boolean;
}

export interface PrecacheManifest {
  version: string;
  files: PrecacheEntry[];
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** The manifest of `files`, sorted by name (the version does not depend on their order). */
export function precacheManifest(
  files: readonly BuiltFile[],
  isImmutable: (name: string) => boolean,
): PrecacheManifest {
  const entries = files
    .map((f) => ({
      url: f.name,
      hash: sha256(f.content).slice(0, 16),
      immutable: isImmutable(f.name),
    }))
    .sort((a, b) => (a.url < b.url ? -1 : a.url > b.url ? 1 : 0));
  const version = sha256(entries.map((e) => `${e.url} ${e.hash}`).join('\n')).slice(0, 16);
  return { version, files: entries };
}
