/**
 * The real `nnspec playground` command, as users start it: `node bin/nnspec.js playground --port 0`
 * prints the page's URL (`http://127.0.0.1:PORT/`) once it listens.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { repoRoot } from '../../support/repo-root.js';

const URL_LINE = /http:\/\/127\.0\.0\.1:\d+\//;

/** A running `nnspec playground`: the URL it printed, and how to stop it. */
export interface RunningPlayground {
  url: string;
  close(): Promise<void>;
}

/**
 * Starts `nnspec playground --port 0` from the built package and resolves with its URL; rejects
 * with everything the command printed if it exits or prints no URL within `timeoutMs`.
 */
export function startPlayground(timeoutMs = 60_000): Promise<RunningPlayground> {
  const child = spawn(process.execPath, [path.join(repoRoot, 'bin/nnspec.js'), 'playground', '--port', '0'], {
    cwd: repoRoot,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let printed = '';
  return new Promise<RunningPlayground>((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`nnspec playground --port 0 ${why}; it printed:\n${printed}`));
    };
    const timer = setTimeout(() => fail(`printed no URL within ${timeoutMs} ms`), timeoutMs);
    // 'close', not 'exit': it comes after the output is read, so the error can quote it.
    child.once('close', (code) => fail(`exited with code ${code}`));
    child.stderr.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    const readUrl = (chunk: Buffer) => {
      printed += chunk.toString();
      const url = URL_LINE.exec(printed)?.[0];
      if (url === undefined) return;
      clearTimeout(timer);
      child.removeAllListeners('close');
      // Whatever it prints from now on is drained, not kept: a pipe left full would block it.
      child.stdout.off('data', readUrl).resume();
      child.stderr.removeAllListeners('data').resume();
      resolve({ url, close: () => stopChild(child) });
    };
    child.stdout.on('data', readUrl);
  });
}

/** Ends the server (SIGTERM, as Ctrl-C would) and waits for it to exit. */
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  return exited;
}
