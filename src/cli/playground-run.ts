/** What `nnspec playground` does: serves the built playground on 127.0.0.1 until Ctrl-C. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { OptionValues } from './command.js';
import { CliUsageError, type CliIo } from './io.js';
import { findPackageRoot } from '../train/data/package-root-node.js';
import { PortUnavailableError, serveFolder } from '../node/static-server.js';

/** The port `nnspec playground` serves on without `--port`. */
export const DEFAULT_PLAYGROUND_PORT = 8765;

/** `--port`: a whole number from 0 (any free port) to 65535. */
export function parsePortOption(value: unknown): number {
  if (value === undefined) return DEFAULT_PLAYGROUND_PORT;
  const text = String(value);
  const port = Number(text);
  if (!/^\d+$/.test(text) || !Number.isInteger(port) || port > 65535) {
    throw new CliUsageError(`--port must be a whole number from 0 to 65535 (0: any free port), not \`${text}\``);
  }
  return port;
}

/** The package's built playground: `dist/playground/`. */
export function defaultPlaygroundFolder(): string {
  const root = findPackageRoot();
  if (root === undefined) throw new CliUsageError('the nnspec package folder was not found above the running code: reinstall nnspec');
  return path.join(root, 'dist', 'playground');
}

/**
 * Serves `folder` and prints its URL as the only line on stdout; resolves with 0 once Ctrl-C
 * (the io's interrupt) has closed the server.
 *
 * @throws CliUsageError for a bad `--port`, a port in use, or a folder without `index.html`.
 */
export async function runPlayground(values: OptionValues, io: CliIo, folder: string = defaultPlaygroundFolder()): Promise<number> {
  const port = parsePortOption(values.port);
  if (!existsSync(path.join(folder, 'index.html'))) {
    throw new CliUsageError(`the playground is not built (no ${path.join(folder, 'index.html')}): run \`npm run playground:build\` in the nnspec folder first`);
  }
  let server: Awaited<ReturnType<typeof serveFolder>>;
  try {
    server = await serveFolder(folder, { port });
  } catch (error) {
    if (error instanceof PortUnavailableError) {
      const why = error.reason === 'in use' ? 'is in use' : 'may not be used by this user';
      throw new CliUsageError(`port ${port} on 127.0.0.1 ${why}: pick another with --port N (--port 0 takes any free port)`);
    }
    throw error;
  }
  io.stdout(`${server.url}\n`);
  await new Promise<void>((resolve) => {
    const stopListening = io.onInterrupt?.(() => {
      stopListening?.();
      resolve();
    });
  });
  await server.close();
  return 0;
}
