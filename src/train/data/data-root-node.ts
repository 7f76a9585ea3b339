/**
 * Confining data paths to a folder, for hosts that run specs they did not write (`--data-root`,
 * API `dataRoot`). A path is inside when it stays inside the root after `..` is resolved AND after
 * every symbolic link on it is followed: a link inside the root that points outside is outside.
 *
 * The decision never depends on whether the named file exists: a path that is outside as
 * written is refused without touching the file system; one that is inside as written has its
 * links followed from the nearest existing ancestor, and a missing file under an outside link is
 * outside all the same. A link that points nowhere counts as outside. So a spec learns nothing
 * about files outside the root. Node-only.
 */
import { lstatSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Diagnostic } from '../../diagnostics/diagnostic.js';
import type { IrData } from '../../ir/schema.js';
import { badDataRootDiagnostic, outsideDataRootDiagnostic, type SourcePath } from './data-root.js';

/** A data root ready for {@link isInsideDataRoot}: the folder as given (absolute) and its real path. */
export interface DataRoot {
  /** The root as given, made absolute. */
  path: string;
  /** Its real path (symbolic links followed). */
  real: string;
}

/**
 * Opens the data root `root` (relative to `cwd`): its real path, or why it cannot be one
 * (`does not exist`, `is not a folder`).
 */
export function openDataRoot(root: string, cwd: string = process.cwd()): { root: DataRoot } | { error: string } {
  const path = resolve(cwd, root);
  try {
    if (!statSync(path).isDirectory()) return { error: 'is not a folder' };
    return { root: { path, real: realpathSync(path) } };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { error: code === 'ENOENT' || code === 'ENOTDIR' ? 'does not exist' : `cannot be opened (${code ?? 'error'})` };
  }
}

/** Whether the absolute path `file` lies inside the data root, `..` and symbolic links resolved. */
export function isInsideDataRoot(file: string, root: DataRoot): boolean {
  const lexical = resolve(file);
  // Outside as written: decided without asking the file system anything about `file`.
  if (!within(lexical, root.path) && !within(lexical, root.real)) return false;
  const real = realPathLoose(lexical);
  return real !== undefined && within(real, root.real);
}

function within(path: string, folder: string): boolean {
  const rel = relative(folder, path);
  return rel === '' || (!isAbsolute(rel) && rel !== '..' && !rel.startsWith(`..${sep}`));
}

/**
 * The real path of `path`: its nearest existing ancestor real-pathed, the missing rest appended.
 * Undefined when that ancestor cannot be resolved, a symbolic link that points nowhere (or in a
 * loop) included: the caller then refuses the path, which is safe whatever the link names.
 */
function realPathLoose(path: string): string | undefined {
  const missing: string[] = [];
  let current = path;
  for (;;) {
    try {
      lstatSync(current);
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') return undefined;
      const parent = dirname(current);
      if (parent === current) return undefined;
      missing.unshift(basename(current));
      current = parent;
      continue;
    }
    try {
      return join(realpathSync(current), ...missing);
    } catch {
      return undefined;
    }
  }
}

/**
 * The diagnostics that stop a source from reading `paths` under the data root `dataRoot`: NN4504
 * for each path outside it, or NN4505 when the root is not a folder. Empty without a root, or when
 * every path is inside. No file of `paths` is opened or examined beyond {@link isInsideDataRoot}.
 */
export function dataRootDiagnostics(data: IrData, paths: readonly SourcePath[], dataRoot: string | undefined, specText: string | undefined): Diagnostic[] {
  if (dataRoot === undefined) return [];
  const opened = openDataRoot(dataRoot);
  if ('error' in opened) return [badDataRootDiagnostic(data, dataRoot, opened.error, specText)];
  return paths.filter((path) => !isInsideDataRoot(path.file, opened.root)).map((path) => outsideDataRootDiagnostic(data, path.param, path.written, specText));
}
