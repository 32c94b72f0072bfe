// Registers the offline service worker (dist/sw.js, see src/offline/service-worker.js) in
// production builds, where the browser supports it and the page is a secure context
// (https or localhost). The dev server has no sw.js: nothing is registered there. A refusal
// (private windows, storage disabled, a host that does not serve sw.js) leaves the page
// working online, so it is only logged.
export const SERVICE_WORKER_URL = './sw.js';

export function registerServiceWorker(): void {
  if (!import.meta.env.PROD) return;
  if (!('serviceWorker' in navigator) || !window.isSecureContext) return;
  navigator.serviceWorker
    .register(SERVICE_WORKER_URL, { scope: './' })
    .catch((error: unknown) => console.warn('Descent: offline use is not available:', error));
}
