/**
 * Launching a PyTorch program as N distributed ranks on this machine, as `torchrun
 * --nproc_per_node=N` would: one process per rank with the environment variables torchrun sets
 * (env:// rendezvous). Debian's torch 1.13 `torchrun` crashes at start, so the tests do this themselves.
 */
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { PYTHON, type PythonRun } from './python.js';

/** A TCP port nothing listens on now, for the rendezvous. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Runs `PYTHON args` as `worldSize` ranks in `cwd`; resolves with each rank's output once all exit 0, rejects with all outputs otherwise. */
export async function runRanks(args: string[], options: { cwd: string; worldSize: number; env?: Record<string, string> }): Promise<PythonRun[]> {
  const port = await freePort();
  const ranks = Array.from({ length: options.worldSize }, (_, rank) => {
    const child = spawn(PYTHON, args, {
      cwd: options.cwd,
      env: {
        ...process.env,
        OMP_NUM_THREADS: '1',
        PYTHONDONTWRITEBYTECODE: '1',
        RANK: String(rank),
        LOCAL_RANK: String(rank),
        WORLD_SIZE: String(options.worldSize),
        LOCAL_WORLD_SIZE: String(options.worldSize),
        MASTER_ADDR: '127.0.0.1',
        MASTER_PORT: String(port),
        ...options.env,
      },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString('utf8');
    });
    return new Promise<PythonRun & { code: number | null }>((resolve) => {
      child.on('close', (code) => resolve({ stdout, stderr, code }));
    });
  });
  const results = await Promise.all(ranks);
  const failed = results.findIndex((result) => result.code !== 0);
  if (failed >= 0) {
    const outputs = results.map((result, rank) => `--- rank ${rank} (exit ${result.code})\n${result.stdout}\n${result.stderr}`).join('\n');
    throw new Error(`${PYTHON} ${args.join(' ')} failed on rank ${failed}:\n${outputs}`);
  }
  return results.map(({ stdout, stderr }) => ({ stdout, stderr }));
}
