import type { Command } from '../command.js';
import { CliUsageError } from '../io.js';
import { DIAGNOSTIC_CODES, describeCode } from '../../diagnostics/codes/index.js';

/** `nnspec explain CODE`: the long explanation of a diagnostic code, as in docs/errors/. */
export const explainCommand: Command = {
  name: 'explain',
  summary: 'explain a diagnostic code (e.g. `nnspec explain NN2001`)',
  usage: [
    'Usage: nnspec explain CODE',
    '       nnspec explain --list',
    '',
    'Prints the explanation of a diagnostic code: what it means, an example, how to fix it.',
    '',
    'Options:',
    '  --list  list every code with its title',
    '',
  ].join('\n'),
  options: { list: { type: 'boolean' } },
  async run(values, positionals, io) {
    if (values.list) {
      io.stdout(`${DIAGNOSTIC_CODES.map((info) => `${info.code}  ${info.severity.padEnd(7)}  ${info.title}`).join('\n')}\n`);
      return 0;
    }
    if (positionals.length !== 1) throw new CliUsageError('`nnspec explain` takes one code, e.g. `nnspec explain NN2001`');
    const info = describeCode(positionals[0]);
    if (!info) throw new CliUsageError(`no diagnostic code \`${positionals[0]}\` (see \`nnspec explain --list\`)`);
    io.stdout(`${info.code}: ${info.title} (${info.severity})\n\n${info.explanation.trim()}\n`);
    return 0;
  },
};
