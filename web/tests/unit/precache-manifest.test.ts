// The service worker's precache manifest (build/precache-manifest.ts): its version is what
// makes a new build replace the old cache, so it must change with any file's content, and
// only then.
import { describe, expect, it } from 'vitest';
import { precacheManifest } from '../../build/precache-manifest';

const isImmutable = (name: string) => name.startsWith('assets/');
const site = [
  { name: 'index.html', content: '<!doctype html><title>Descent</title>' },
  { name: 'assets/index-AbCd1234.js', content: 'console.log(1)' },
  { name: 'wasm/descent.wasm', content: new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]) },
];

describe('precacheManifest', () => {
  it('lists every file once, sorted, with hashed assets marked immutable', () => {
    const manifest = precacheManifest(site, isImmutable);
    expect(manifest.files.map((f) => [f.url, f.immutable])).toEqual([
      ['assets/index-AbCd1234.js', true],
      ['index.html', false],
      ['wasm/descent.wasm', false],
    ]);
    expect(manifest.version).toMatch(/^[0-9a-f]{16}$/);
  });

  it('keeps its version when nothing changed, whatever the order', () => {
    const a = precacheManifest(site, isImmutable);
    const b = precacheManifest([...site].reverse(), isImmutable);
    expect(b).toEqual(a);
  });

  it('changes its version when one byte of one file changes', () => {
    const before = precacheManifest(site, isImmutable).version;
    const wasm = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 1]);
    const changed = site.map((f) => (f.name === 'wasm/descent.wasm' ? { ...f, content: wasm } : f));
    expect(precacheManifest(changed, isImmutable).version).not.toBe(before);
  });

  it('changes its version when a file is added or renamed', () => {
    const before = precacheManifest(site, isImmutable).version;
    const added = [...site, { name: 'lesson.html', content: '<p>lesson</p>' }];
    expect(precacheManifest(added, isImmutable).version).not.toBe(before);
    const renamed = site.map((f) => (f.name === 'index.html' ? { ...f, name: 'start.html' } : f));
    expect(precacheManifest(renamed, isImmutable).version).not.toBe(before);
  });
});
