import type { ParseArgsConfig } from 'node:util';
import type { CliIo } from './io.js';

/** The parsed options of one command line. */
export type OptionValues = Record<string, string | boolean | string[] | boolean[] | undefined>;

/** One `nnspec` sub-command: its help text, its options, and what it does. */
export interface Command {
  name: string;
  /** One line for `nnspec --help`. */
  summary: string;
  /** The full `nnspec NAME --help` text. */
  usage: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** Runs the command and returns the exit code: 0 clean, 1 problems in a spec, 2 usage or I/O error. */
  run: (values: OptionValues, positionals: string[], io: CliIo) => Promise<number>;
}
