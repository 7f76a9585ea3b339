/**
 * The data files a run read, described for the report's resolved configuration: paths as the
 * spec's folder sees them, so that reports made on two machines compare equal. Node-only.
 */
import { isAbsolute, join, relative, sep } from 'node:path';
import type { DataFileFact } from '../../report/report-schema.js';
import { findPackageRoot } from './package-root-node.js';
import type { FileRead } from './read-file-node.js';

/**
 * One fact per file read by data block `data`, sorted by path (files read side by side, such as
 * IDX images and labels, finish in either order). A path inside `baseDir` becomes relative to it,
 * with `/` separators; a bundled data set's becomes `data/FILE` with `bundled: true`.
 */
export function describeFileReads(reads: readonly FileRead[], data: string, baseDir: string): DataFileFact[] {
  const bundledFolder = bundledDataFolder();
  return reads
    .map((read) => {
      const bundled = bundledFolder !== undefined && inside(read.path, bundledFolder);
      const path = bundled ? `data/${portable(relative(bundledFolder, read.path))}` : displayPath(read.path, baseDir);
      return { data, path, bundled, bytes: read.bytes, sha256: read.sha256 };
    })
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function bundledDataFolder(): string | undefined {
  const root = findPackageRoot();
  return root === undefined ? undefined : join(root, 'data');
}

function inside(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

function displayPath(path: string, baseDir: string): string {
  return inside(path, baseDir) ? portable(relative(baseDir, path)) : path;
}

function portable(path: string): string {
  return path.split(sep).join('/');
}
