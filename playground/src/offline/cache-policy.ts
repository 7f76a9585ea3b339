/**
 * The offline cache's rules, free of any browser global so Node tests can check them: which cache a
 * build owns, which caches are stale, and which requests the service worker answers from its cache.
 */

/** Every cache the playground's service worker makes starts with this, and no other cache does. */
export const CACHE_PREFIX = 'nnspec-playground-';

/**
 * The cache of one build: the build's content hash makes the name, so a new build (any file
 * changed) gets a new cache and the old one is deleted when the new service worker activates.
 */
export function cacheNameFor(buildHash: string): string {
  return `${CACHE_PREFIX}${buildHash}`;
}

/**
 * Whether `name` is an earlier build's cache, to delete on activate. Caches of other apps on the
 * same origin (another prefix) are left alone.
 */
export function isOutdatedCache(name: string, current: string): boolean {
  return name.startsWith(CACHE_PREFIX) && name !== current;
}

/** How the service worker treats a request. */
export type FetchStrategy = 'cache-first' | 'passthrough';

/**
 * Same-origin GETs are answered from the cache, falling back to the network; anything else (POST,
 * another origin, which the page never asks for) goes to the network untouched, as if there were no
 * service worker.
 */
export function fetchStrategy(request: { method: string; url: string }, origin: string): FetchStrategy {
  if (request.method !== 'GET') return 'passthrough';
  return new URL(request.url).origin === origin ? 'cache-first' : 'passthrough';
}
