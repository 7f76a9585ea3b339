/**
 * Node's `parseArgs` errors in nnspec's words: which option, for which command, and what to
 * type instead. Its own messages advise `--` tricks that only confuse a typo.
 */
import type { ParseArgsConfig } from 'node:util';
import { suggest } from '../catalogue/catalogue.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** The option names a user can type for `options`, long (`--epochs`) and short (`-h`). */
function spellings(options: Options): string[] {
  return Object.entries(options).flatMap(([name, option]) => (option.short ? [`--${name}`, `-${option.short}`] : [`--${name}`]));
}

/**
 * One line for a `parseArgs` error (its `code` starts with `ERR_PARSE_ARGS`) of `nnspec <command>`.
 * Unknown options get the closest known one; a value-taking option without its value says so.
 */
export function describeArgumentError(error: Error & { code?: string }, command: string, options: Options): string {
  const see = `(see \`nnspec ${command} --help\`)`;
  const quoted = /'([^']+)'/.exec(error.message)?.[1];
  if (error.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' && quoted !== undefined) {
    const written = quoted.split('=')[0]!;
    const closest = suggest(written, spellings(options));
    return `unknown option \`${written}\` for \`nnspec ${command}\`${closest ? `; did you mean \`${closest}\`?` : ''} ${see}`;
  }
  if (error.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && quoted !== undefined) {
    const name = quoted.split(' ')[0]!;
    if (/argument missing/.test(error.message)) return `\`${name}\` needs a value, e.g. \`${name} <value>\` ${see}`;
    if (/does not take an argument/.test(error.message)) return `\`${name}\` is a switch and takes no value ${see}`;
    // `--seed -4`: parseArgs will not take a dash-led word as a value, in case it is an option.
    if (/argument is ambiguous/.test(error.message)) return `the value after \`${name}\` starts with \`-\`; write it as \`${name}=VALUE\` ${see}`;
  }
  return `${error.message.split('\n')[0]} ${see}`;
}
