import { accessSync, constants, statSync } from 'node:fs';
import path from 'node:path';
import { CliUsageError, type CliIo } from './io.js';

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

/**
 * The one line for a file-system failure while writing output: `cannot write \`FILE\`: why`.
 * Writers name the file they were writing (see `nameWriteTarget`); a failure from a call that
 * knows no path (a full disk during `write`) is still a failure to write output, said so.
 */
export function describeWriteFailure(error: NodeJS.ErrnoException): string {
  const what = error.path !== undefined ? `\`${error.path}\`` : 'an output file';
  return `cannot write ${what}: ${describeFsError(error)}`;
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
 * The folder that will receive it (the nearest existing one, as missing folders are created)
 * must be writable by this process (`access(W_OK)`: permissions, ACLs, a read-only mount).
 *
 * @throws CliUsageError naming the option, the path and the problem.
 */
export function checkOutputTarget(option: string, target: string, kind: 'file' | 'folder'): void {
  const existing = nearestExisting(target);
  if (!existing) return;
  if (existing.path === target) {
    if (kind === 'file' && existing.isDirectory) throw new CliUsageError(`${option}: \`${target}\` is a folder; give a file name`);
    if (kind === 'folder' && !existing.isDirectory) throw new CliUsageError(`${option}: \`${target}\` is a file; give a folder name`);
    // The new output is renamed into place beside the old one; a folder is also written into.
    checkWritableFolder(option, target, path.dirname(target));
    if (kind === 'folder') checkWritableFolder(option, target, target);
    return;
  }
  if (!existing.isDirectory) throw new CliUsageError(`${option}: cannot create \`${target}\`: \`${existing.path}\` is a file, not a folder`);
  checkWritableFolder(option, target, existing.path);
}

function checkWritableFolder(option: string, target: string, folder: string): void {
  try {
    // Writing a file or folder in `folder` needs write and search permission on it.
    accessSync(folder, constants.W_OK | constants.X_OK);
  } catch (error) {
    const why = describeFsError(error as NodeJS.ErrnoException);
    throw new CliUsageError(`${option}: cannot write \`${target}\`: the folder \`${folder}\` is not writable (${why})`);
  }
}

/** An output option's value as an absolute path (relative to the working folder); undefined when not given. */
export function resolveOutput(io: CliIo, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new CliUsageError('an output option needs a file or folder name');
  return path.resolve(io.cwd, value);
}

/** A path as the user would type it: relative to the working folder when inside it. */
export function displayPath(io: CliIo, file: string): string {
  const relative = path.relative(io.cwd, file);
  return relative === '' || relative.startsWith('..') || path.isAbsolute(relative) ? file : relative;
}
