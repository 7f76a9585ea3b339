import { CliUsageError } from './io.js';
import { defaultCatalogueView } from '../catalogue/catalogue.js';

/** `--backend`: wasm (the default) or cpu. */
export function parseBackendOption(value: unknown): 'wasm' | 'cpu' {
  if (value === undefined) return 'wasm';
  if (value === 'wasm' || value === 'cpu') return value;
  throw new CliUsageError(`--backend must be \`wasm\` or \`cpu\`, not \`${String(value)}\``);
}

/** `--threads`: a whole number >= 1, or `auto`. */
export function parseThreadsOption(value: unknown): number | 'auto' {
  if (value === undefined) return 1;
  if (value === 'auto') return 'auto';
  const threads = Number(value);
  if (!Number.isInteger(threads) || threads < 1 || threads > 64) {
    throw new CliUsageError(`--threads must be \`auto\` or a whole number from 1 to 64, not \`${String(value)}\``);
  }
  return threads;
}

/** `--epochs`: a whole number >= 1. */
export function parseEpochsOption(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const epochs = Number(value);
  if (!Number.isInteger(epochs) || epochs < 1) throw new CliUsageError(`--epochs must be a whole number >= 1, not \`${String(value)}\``);
  return epochs;
}

/** `--seed`: a whole number within the train block's `seed` bounds (from the catalogue). */
export function parseSeedOption(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const param = defaultCatalogueView().trainOptions.find((option) => option.name === 'seed');
  const min = param?.min ?? 0;
  const seed = Number(value);
  if (value === '' || !Number.isSafeInteger(seed) || seed < min) throw new CliUsageError(`--seed must be a whole number >= ${min}, not \`${String(value)}\``);
  return seed;
}

/** `--debounce`: milliseconds from the last edit to the analysis, a whole number from 0 to 10,000. */
export function parseDebounceOption(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const ms = Number(value);
  if (value === '' || !Number.isInteger(ms) || ms < 0 || ms > 10_000)
    throw new CliUsageError(`--debounce must be a whole number of milliseconds from 0 to 10000, not \`${String(value)}\``);
  return ms;
}

/** `--jobs`: trials at once, a whole number from 1 to 64 (default: the machine's cores). */
export function parseJobsOption(value: unknown): number | undefined {
  if (value === undefined) return undefined;
  const jobs = Number(value);
  if (value === '' || !Number.isInteger(jobs) || jobs < 1 || jobs > 64)
    throw new CliUsageError(`--jobs must be a whole number from 1 to 64, not \`${String(value)}\``);
  return jobs;
}
