/**
 * Writing a file so that readers only ever see the old content or the complete new one: the
 * data goes to a temporary file in the same folder (same file system), is flushed, then renamed
 * over the target. On failure the temporary file is removed and the target is untouched. Node-only.
 */
import { open, rename, rm, mkdir } from 'node:fs/promises';
import path from 'node:path';

let counter = 0;

/** Writes `data` to `target` atomically, creating its folder if needed. */
export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  const folder = path.dirname(target);
  await mkdir(folder, { recursive: true });
  counter += 1;
  const temporary = path.join(folder, `.${path.basename(target)}.${process.pid}.${counter}.tmp`);
  try {
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
    throw error;
  }
}
