/**
 * Writing a file so that readers only ever see the old content or the complete new one: the
 * data goes to a temporary file in the same folder (same file system), is flushed, then renamed
 * over the target. On failure the temporary file is removed and the target is untouched; the
 * error names the target. A temporary file left by a killed process is removed by the next write
 * to the folder ({@link removeStaleOutputs}). Node-only.
 */
import { open, rename, rm, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { removeStaleOutputs, temporaryFilePath } from './stale-outputs.js';
import { rethrowNamingTarget } from './write-target.js';

let counter = 0;

/**
 * Writes `data` to `target` atomically, creating its folder if needed.
 *
 * @throws the file-system error, its `path` set to `target` (a full disk included).
 */
export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  const folder = path.dirname(target);
  counter += 1;
  const temporary = temporaryFilePath(target, counter);
  try {
    await mkdir(folder, { recursive: true });
    await removeStaleOutputs(folder, { target });
    const handle = await open(temporary, 'w');
    try {
      await handle.writeFile(data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, target);
  } catch (error) {
    await rm(temporary, { force: true });
    rethrowNamingTarget(error, target);
  }
}
