/**
 * The playground's service worker (dist/playground/sw.js): it precaches every file of the build on
 * install, so a reload without network still has the page, its worker, TF.js's .wasm files and the
 * bundled data sets; it answers same-origin GETs cache-first and deletes earlier builds' caches
 * when it activates. Bundled as a classic script: module service workers are less widely supported.
 */
import { cacheNameFor, fetchStrategy, isOutdatedCache } from './cache-policy.js';

// Written in by scripts/build-playground.mjs (esbuild `define`), after every other output exists.
declare const __PRECACHE_URLS__: string[];
declare const __BUILD_HASH__: string;

/** The parts of an install/activate event used here (the DOM lib has no service-worker types). */
interface LifecycleEvent extends Event {
  waitUntil(work: Promise<unknown>): void;
}

/** The parts of a fetch event used here. */
interface ServiceWorkerFetchEvent extends Event {
  readonly request: Request;
  respondWith(response: Promise<Response>): void;
}

/** The parts of the service worker's global scope used here. */
interface ServiceWorkerScope {
  readonly location: Location;
  readonly clients: { claim(): Promise<void> };
  skipWaiting(): Promise<void>;
  addEventListener(type: 'install' | 'activate', listener: (event: LifecycleEvent) => void): void;
  addEventListener(type: 'fetch', listener: (event: ServiceWorkerFetchEvent) => void): void;
}

const scope = self as unknown as ServiceWorkerScope;
const cacheName = cacheNameFor(__BUILD_HASH__);

scope.addEventListener('install', (event) => {
  // A new build takes over at once rather than after every tab of the old one is closed: its files
  // are all in its own cache before it is installed, so nothing half-old is served.
  event.waitUntil(
    caches
      .open(cacheName)
      .then((cache) => cache.addAll(__PRECACHE_URLS__))
      .then(() => scope.skipWaiting()),
  );
});

scope.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) => Promise.all(names.filter((name) => isOutdatedCache(name, cacheName)).map((name) => caches.delete(name))))
      .then(() => scope.clients.claim()),
  );
});

scope.addEventListener('fetch', (event) => {
  if (fetchStrategy(event.request, scope.location.origin) === 'passthrough') return;
  const request = event.request;
  // ignoreSearch: a query string never changes a static file; the share link lives in the fragment,
  // which requests do not carry.
  event.respondWith(caches.open(cacheName).then(async (cache) => (await cache.match(request, { ignoreSearch: true })) ?? fetch(request)));
});
