/**
 * Finds the installed nnspec package's folder, so bundled data is found the same way from
 * `src/` (tsx, vitest) and from `dist/` (the tsup build, chunks one level below the root).
 * Node-only.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/** Walks up from `start` to the first folder whose package.json is named "nnspec". */
export function findPackageRoot(start?: string): string | undefined {
  // Only the search from this module's own folder is cached: another start may find another package.
  const fromHere = start === undefined;
  if (cached !== undefined && fromHere) return cached;
  let folder = start ?? dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const manifest = join(folder, 'package.json');
    if (existsSync(manifest)) {
      try {
        const parsed = JSON.parse(readFileSync(manifest, 'utf8')) as { name?: unknown };
        if (parsed.name === 'nnspec') {
          if (fromHere) cached = folder;
          return folder;
        }
      } catch {
        // An unreadable package.json on the way up is not ours; keep walking.
      }
    }
    const parent = dirname(folder);
    if (parent === folder) return undefined;
    folder = parent;
  }
}
