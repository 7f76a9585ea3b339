/** How the interop tests run Python: Debian's interpreter, which has `python3-torch` (the `python3` on PATH may be another). */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

/** Debian's Python, where `apt-get install python3-torch` puts PyTorch. */
export const PYTHON = '/usr/bin/python3';

const run = promisify(execFile);

/** What a Python run printed. */
export interface PythonRun {
  stdout: string;
  stderr: string;
}

/**
 * Runs `PYTHON args` in `cwd` with one intra-op thread (PyTorch on two threads is slower on these
 * two-core machines) and extra environment; rejects with both outputs when it exits non-zero.
 */
export async function runPython(args: string[], options: { cwd: string; env?: Record<string, string>; timeoutMs?: number }): Promise<PythonRun> {
  try {
    return await run(PYTHON, args, {
      cwd: options.cwd,
      env: { ...process.env, OMP_NUM_THREADS: '1', PYTHONDONTWRITEBYTECODE: '1', ...options.env },
      timeout: options.timeoutMs ?? 600_000,
      maxBuffer: 64 * 1024 * 1024,
    });
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string; message: string };
    throw new Error(
      `${PYTHON} ${args.join(' ')} failed in ${options.cwd}: ${failed.message}\n--- stdout\n${failed.stdout ?? ''}\n--- stderr\n${failed.stderr ?? ''}`,
    );
  }
}
