/**
 * Writing a folder so that readers only ever see the old folder or the complete new one: the
 * files go into a staging folder beside the target (same file system), which is then renamed
 * into place; the old folder is moved aside first and removed last. Staging and old folders a
 * killed process left beside it are removed first ({@link removeStaleOutputs}). Node-only.
 */
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { removeStaleOutputs, temporaryFolderPath } from './stale-outputs.js';
import { rethrowNamingTarget } from './write-target.js';

/** One file of a folder: its path inside the folder (`/`-separated, subfolders made as needed) and its content. */
export interface FolderFile {
  path: string;
  content: string | Uint8Array;
}

/**
 * Writes `files` as the folder `dir`, replacing what was there as one step.
 *
 * @throws the file-system error, its `path` set to `dir`.
 */
export async function writeFolderAtomic(dir: string, files: readonly FolderFile[]): Promise<void> {
  const staging = temporaryFolderPath(dir, 'tmp');
  try {
    await mkdir(path.dirname(dir), { recursive: true });
    await removeStaleOutputs(path.dirname(dir));
    await mkdir(staging, { recursive: true });
  } catch (error) {
    rethrowNamingTarget(error, dir);
  }
  try {
    for (const file of files) {
      const target = path.join(staging, ...file.path.split('/'));
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, file.content);
    }
    const old = temporaryFolderPath(dir, 'old');
    await rename(dir, old).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'ENOENT') throw error;
    });
    await rename(staging, dir);
    await rm(old, { recursive: true, force: true });
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    rethrowNamingTarget(error, dir);
  }
}
