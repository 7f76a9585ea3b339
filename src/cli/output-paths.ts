import { statSync } from 'node:fs';
import path from 'node:path';
import { CliUsageError } from './io.js';

/** Why a file-system call failed, in words, from its error code. */
export function describeFsError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    case 'EISDIR':
      return 'it is a folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'the file system is read-only';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'ENOENT':
      return 'no such file or folder';
    default:
      return error.message;
  }
}

/** The nearest existing ancestor of `target` (itself included), or undefined. */
function nearestExisting(target: string): { path: string; isDirectory: boolean } | undefined {
  let current = target;
  for (;;) {
    try {
      return { path: current, isDirectory: statSync(current).isDirectory() };
    } catch {
      const parent = path.dirname(current);
      if (parent === current) return undefined;
      current = parent;
    }
  }
}

/**
 * Checks, before any work, that `target` can be written as a file (`kind: 'file'`) or as a
 * folder of files (`kind: 'folder'`): a run must not train for minutes and then fail to save.
 *
 * @throws CliUsageError naming the option and the problem.
 */
export function checkOutputTarget(option: string, target: string, kind: 'file' | 'folder'): void {
  const existing = nearestExisting(target);
  if (!existing) return;
  if (existing.path === target) {
    if (kind === 'file' && existing.isDirectory) throw new CliUsageError(`${option}: \`${target}\` is a folder; give a file name`);
    if (kind === 'folder' && !existing.isDirectory) throw new CliUsageError(`${option}: \`${target}\` is a file; give a folder name`);
    return;
  }
  if (!existing.isDirectory) throw new CliUsageError(`${option}: cannot create \`${target}\`: \`${existing.path}\` is a file, not a folder`);
}
