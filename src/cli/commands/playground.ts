import type { Command } from '../command.js';
import { CliUsageError } from '../io.js';
import { DEFAULT_PLAYGROUND_PORT, runPlayground } from '../playground-run.js';

/** `nnspec playground`: serves the browser playground (dist/playground/) on 127.0.0.1. */
export const playgroundCommand: Command = {
  name: 'playground',
  summary: 'serve the browser playground (edit, check and train specs in a page) on 127.0.0.1',
  usage: [
    'Usage: nnspec playground [--port N]',
    '',
    'Serves the playground, a page that edits and checks a spec as you type and trains it on the',
    "WASM backend in your browser, from the package's dist/playground/ folder on 127.0.0.1 (this",
    'machine only). Prints its URL as the only line on standard output and serves until Ctrl-C.',
    'See docs/playground.md.',
    '',
    'Options:',
    `  --port N    the port (default ${DEFAULT_PLAYGROUND_PORT}; 0 takes any free port)`,
    '',
    'Exit codes: 0 after Ctrl-C, 2 a bad --port, a port in use, or a playground not built',
    '(run `npm run playground:build`).',
    '',
  ].join('\n'),
  options: { port: { type: 'string' } },
  async run(values, positionals, io) {
    if (positionals.length > 0) throw new CliUsageError('`nnspec playground` takes no file: open a spec in the page (its examples menu, or paste it)');
    return runPlayground(values, io);
  },
};
