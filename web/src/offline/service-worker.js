// Descent's offline service worker (built to dist/sw.js by build/service-worker-plugin.ts,
// which writes this build's file list and version where the token below stands). It caches
// every built file when installed, so a reload or a new tab works without a network.
//
// - The cache is named after the build's version (a hash of every file's content): a new build
//   is a new sw.js, which the browser installs beside the old one; on activation it deletes
//   the caches of older builds.
// - Content-hashed files (Vite's assets/) are served from the cache first: their URL never
//   names other content. The pages and the WASM core keep fixed names, so they are fetched
//   from the network first (a new build is seen at once when online) and from the cache when
//   the network fails.
// - Only GET requests for this build's own files are answered; everything else passes through
//   untouched. The worker makes no request outside the page's origin.
const MANIFEST = self.__DESCENT_PRECACHE__;
const CACHE_PREFIX = 'descent-';
const CACHE = `${CACHE_PREFIX}${MANIFEST.version}`;
const scope = self.registration.scope;

/** Absolute URL (without query or fragment) -> manifest entry. */
const entries = new Map(MANIFEST.files.map((f) => [new URL(f.url, scope).href, f]));

/** The entry a request is for: a folder ("…/") means its index.html; the query is ignored. */
function entryFor(request) {
  if (request.method !== 'GET') return undefined;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return undefined;
  url.search = '';
  url.hash = '';
  if (url.pathname.endsWith('/')) url.pathname += 'index.html';
  const entry = entries.get(url.href);
  return entry ? { entry, key: url.href } : undefined;
}

self.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      // cache: 'reload' skips the HTTP cache, so the stored bytes are this build's.
      await cache.addAll([...entries.keys()].map((url) => new Request(url, { cache: 'reload' })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names
          .filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE)
          .map((name) => caches.delete(name)),
      );
      await self.clients.claim();
    })(),
  );
});

async function cacheFirst(request, key) {
  const cached = await caches.match(key, { cacheName: CACHE });
  return cached ?? fetch(request);
}

async function networkFirst(request, key) {
  try {
    return await fetch(request);
  } catch (error) {
    const cached = await caches.match(key, { cacheName: CACHE });
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener('fetch', (event) => {
  const found = entryFor(event.request);
  if (!found) return;
  event.respondWith(
    found.entry.immutable
      ? cacheFirst(event.request, found.key)
      : networkFirst(event.request, found.key),
  );
});
