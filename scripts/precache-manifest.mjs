// The service worker's precache list and the build's content hash, made from the built folder
// (dist/playground) once every other output is in it. See playground/src/offline/service-worker.ts.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** The service worker's own file: the browser fetches and updates it itself, it is never precached. */
export const SERVICE_WORKER_FILE = 'sw.js';

/**
 * Every file under `folder` except source maps (only developer tools ask for them) and the service
 * worker itself, as URLs relative to the folder in sorted order, with `./` first (the page's address
 * as people open it); and a hash of their paths and contents, which names the cache.
 * @param {string} folder
 * @returns {{ urls: string[]; hash: string }}
 */
export function precacheManifest(folder) {
  const files = readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) =>
      path
        .relative(folder, path.join(entry.parentPath ?? entry.path, entry.name))
        .split(path.sep)
        .join('/'),
    )
    .filter((file) => !file.endsWith('.map') && file !== SERVICE_WORKER_FILE)
    .sort();
  const hash = createHash('sha256');
  for (const file of files)
    hash
      .update(file)
      .update('\0')
      .update(readFileSync(path.join(folder, file)))
      .update('\0');
  return { urls: ['./', ...files], hash: hash.digest('hex').slice(0, 16) };
}
