/**
 * Naming the output a failed write was for. Node's errors name the path of the call that failed,
 * which is a temporary file for a rename or nothing at all for a write on an open file (a full
 * disk: ENOSPC with no path); the user needs the file they asked for. Node-only in use, but
 * imports nothing.
 */

/**
 * Sets a file-system error's `path` to `target`, the output the user asked for, and rethrows it;
 * anything else (a bug) is rethrown unchanged.
 */
export function rethrowNamingTarget(error: unknown, target: string): never {
  const fsError = error as NodeJS.ErrnoException;
  if (error instanceof Error && typeof fsError.code === 'string' && /^E[A-Z]+$/.test(fsError.code)) {
    fsError.path = target;
    if (typeof fsError.syscall !== 'string') fsError.syscall = 'write';
  }
  throw error;
}
