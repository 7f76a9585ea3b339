/**
 * Registers the playground's service worker (sw.js, next to index.html), which keeps the page
 * working offline once it has been loaded.
 */

/**
 * Registers `sw.js` when the browser can: it has service workers and the page is a secure context
 * (https, or http on localhost/127.0.0.1). Elsewhere, and under vitest, it does nothing. A failed
 * registration is logged once with console.warn: the page works without it, only not offline.
 */
export function registerServiceWorker(): void {
  if (typeof process !== 'undefined' && process.env?.VITEST !== undefined) return;
  if (typeof navigator === 'undefined' || !('serviceWorker' in navigator) || !globalThis.isSecureContext) return;
  navigator.serviceWorker.register('sw.js').catch((error: unknown) => {
    console.warn(`nnspec playground: offline use is unavailable, the service worker did not register (${String(error)})`);
  });
}
