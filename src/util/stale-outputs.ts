/**
 * Removing what a killed run left behind in an output folder. Outputs are written beside their
 * final place and renamed into it (see `atomic-write.ts`, `node/model-files.ts`,
 * `node/write-compiled.ts`); a kill inside that window leaves the temporary file or folder. The
 * next write to the same folder removes those, and only those: names of exactly our patterns
 * whose process is gone. Node-only.
 */
import { lstat, readdir, rm } from 'node:fs/promises';
import path from 'node:path';

/** `.NAME.nnspec-PID-N.tmp`: a file being written by {@link writeFileAtomic}; made by {@link temporaryFilePath}. */
const TEMP_FILE = /^\..+\.nnspec-(\d+)-\d+\.tmp$/;
/** `NAME.nnspec-tmp-PID-TIME` and `NAME.nnspec-old-PID-TIME`: model folders being staged or replaced; made by {@link temporaryFolderPath}. */
const TEMP_FOLDER = /^.+\.nnspec-(?:tmp|old)-(\d+)-\d+$/;

/**
 * Where `target` is written before it is renamed into place: `.NAME.nnspec-PID-N.tmp` beside it.
 * The pid names the writer, so that a later run can tell a dead writer's leftovers from a live one's;
 * the name and {@link removeStaleOutputs}'s pattern are kept together here.
 */
export function temporaryFilePath(target: string, serial: number): string {
  return path.join(path.dirname(target), `.${path.basename(target)}.nnspec-${process.pid}-${serial}.tmp`);
}

/** A folder beside `base` (a path) for staging a new output (`tmp`) or holding the one it replaces (`old`): `BASE.nnspec-KIND-PID-TIME`. */
export function temporaryFolderPath(base: string, kind: 'tmp' | 'old'): string {
  return `${base}.nnspec-${kind}-${process.pid}-${Date.now()}`;
}

/** Options of {@link removeStaleOutputs}. */
export interface StaleOutputOptions {
  /**
   * The file about to be written: its temporary files as earlier versions named them,
   * `.NAME.PID.N.tmp`, are removed too. That pattern is too plain to match for any name.
   */
  target?: string;
  /** Whether process `pid` is running (tests inject their own); by default `process.kill(pid, 0)`. */
  isAlive?: (pid: number) => boolean;
}

/**
 * Removes the stale temporary outputs in `folder`: files and folders named as nnspec's writers
 * name them, of a process that no longer runs. A live process's (this one's included) are left
 * alone, as is anything of another type than its pattern says (a symbolic link, say). Best effort:
 * a folder that cannot be listed or an entry that cannot be removed is skipped. Returns the paths removed.
 */
export async function removeStaleOutputs(folder: string, options: StaleOutputOptions = {}): Promise<string[]> {
  const isAlive = options.isAlive ?? processIsAlive;
  const legacy = options.target !== undefined ? legacyTempPattern(options.target) : undefined;
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const fileMatch = TEMP_FILE.exec(name) ?? legacy?.exec(name);
    const folderMatch = fileMatch ? null : TEMP_FOLDER.exec(name);
    const pid = Number((fileMatch ?? folderMatch)?.[1]);
    if (!Number.isSafeInteger(pid) || pid <= 1 || isAlive(pid)) continue;
    const entry = path.join(folder, name);
    try {
      const info = await lstat(entry);
      if (fileMatch ? !info.isFile() : !info.isDirectory()) continue;
      await rm(entry, { recursive: true, force: true });
      removed.push(entry);
    } catch {
      // Gone already, or not ours to remove: the write that follows does not depend on it.
    }
  }
  return removed;
}

function legacyTempPattern(target: string): RegExp {
  const name = path.basename(target).replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`^\\.${name}\\.(\\d+)\\.\\d+\\.tmp$`);
}

/** Whether a process with this id runs: signal 0 checks without sending; ESRCH means none (EPERM: another user's, alive). */
export function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}
