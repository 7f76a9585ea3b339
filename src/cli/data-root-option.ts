import { CliUsageError, type CliIo } from './io.js';
import { openDataRoot } from '../train/data/data-root-node.js';

/**
 * `--data-root DIR`: the folder data files must lie in (absolute), or undefined without the
 * option. A root that is not an existing folder is a usage error before anything is read.
 */
export function parseDataRootOption(value: unknown, io: CliIo): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new CliUsageError('--data-root needs a folder name');
  const opened = openDataRoot(value, io.cwd);
  if ('error' in opened) throw new CliUsageError(`--data-root: \`${value}\` ${opened.error}; give an existing folder`);
  return opened.root.path;
}
