/**
 * The offline cache's pure parts: the precache list and hash the build makes (from the built
 * dist/playground, as `npm run build` leaves it), the cache names, and the service worker's fetch
 * decision.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CACHE_PREFIX, cacheNameFor, fetchStrategy, isOutdatedCache } from '../../playground/src/offline/cache-policy.js';
import { precacheManifest } from '../../scripts/precache-manifest.mjs';
import { repoRoot } from '../support/repo-root.js';

const BUILT = path.join(repoRoot, 'dist/playground');
const ORIGIN = 'http://127.0.0.1:8765';

describe('the precache list of the built playground', () => {
  const { urls, hash } = precacheManifest(BUILT);

  it('holds the page address, the page, its scripts, every .wasm, data set and style sheet', () => {
    expect(urls[0]).toBe('./');
    for (const file of [
      'index.html',
      'app.js',
      'worker.js',
      'data/digits.csv',
      'data/iris.csv',
      'styles/base.css',
      'styles/editor.css',
      'styles/training.css',
    ]) {
      expect(urls).toContain(file);
    }
    expect(urls.filter((url) => url.startsWith('wasm/'))).toEqual([
      'wasm/tfjs-backend-wasm-simd.wasm',
      'wasm/tfjs-backend-wasm-threaded-simd.wasm',
      'wasm/tfjs-backend-wasm.wasm',
    ]);
  });

  it('leaves out source maps and the service worker itself', () => {
    expect(urls.filter((url) => url.endsWith('.map') || url === 'sw.js')).toEqual([]);
  });

  it('is the one written into sw.js, with the cache name of its hash', () => {
    const serviceWorker = readFileSync(path.join(BUILT, 'sw.js'), 'utf8');
    expect(serviceWorker).toContain(JSON.stringify(urls));
    expect(serviceWorker).toContain(JSON.stringify(hash));
    expect(hash).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe('the build hash', () => {
  const scratch = mkdtempSync(path.join(tmpdir(), 'nnspec-precache-'));
  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('changes when one file changes, and not when only a source map or sw.js does', () => {
    const copy = path.join(scratch, 'playground');
    cpSync(BUILT, copy, { recursive: true });
    const before = precacheManifest(copy).hash;
    expect(precacheManifest(copy).hash).toBe(before);
    writeFileSync(path.join(copy, 'app.js.map'), '{}');
    writeFileSync(path.join(copy, 'sw.js'), '// another');
    expect(precacheManifest(copy).hash).toBe(before);
    writeFileSync(path.join(copy, 'data/iris.csv'), `${readFileSync(path.join(copy, 'data/iris.csv'), 'utf8')}\n`);
    expect(precacheManifest(copy).hash).not.toBe(before);
  });
});

describe('cache names', () => {
  it('name a build by its hash under the nnspec prefix', () => {
    expect(cacheNameFor('d05c6ac841bdd4ab')).toBe('nnspec-playground-d05c6ac841bdd4ab');
    expect(CACHE_PREFIX).toBe('nnspec-playground-');
  });

  it('mark earlier builds as outdated, and neither the current one nor other apps', () => {
    const current = cacheNameFor('bbbb');
    expect(isOutdatedCache(cacheNameFor('aaaa'), current)).toBe(true);
    expect(isOutdatedCache(current, current)).toBe(false);
    expect(isOutdatedCache('another-app-v1', current)).toBe(false);
  });
});

describe('the fetch decision', () => {
  it('answers same-origin GETs from the cache first', () => {
    expect(fetchStrategy({ method: 'GET', url: `${ORIGIN}/data/digits.csv` }, ORIGIN)).toBe('cache-first');
    expect(fetchStrategy({ method: 'GET', url: `${ORIGIN}/?x=1` }, ORIGIN)).toBe('cache-first');
  });

  it('passes other methods and other origins through', () => {
    expect(fetchStrategy({ method: 'POST', url: `${ORIGIN}/data/digits.csv` }, ORIGIN)).toBe('passthrough');
    expect(fetchStrategy({ method: 'GET', url: 'https://cdn.example.com/app.js' }, ORIGIN)).toBe('passthrough');
    expect(fetchStrategy({ method: 'GET', url: 'http://127.0.0.1:9999/app.js' }, ORIGIN)).toBe('passthrough');
  });
});
