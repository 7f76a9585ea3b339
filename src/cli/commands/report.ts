import type { Command } from '../command.js';

/** `nnspec report`: a saved training report, rendered again. */
export const reportCommand: Command = {
  name: 'report',
  summary: 'render a saved training report (JSON) in the terminal or as HTML',
  usage: [
    'Usage: nnspec report FILE [--html OUT] [--quiet] [--no-color]',
    '',
    'Reads a training report: the JSON `nnspec train --json FILE` writes, or the one an exported',
    'PyTorch project writes (`python3 train.py --json FILE`, docs/export.md), checked against the',
    'report schema (docs/report.md). Prints its summary and loss chart, as `nnspec train` does at',
    'the end of a run, and with --html writes the HTML report.',
    '',
    'Options:',
    '  --html OUT    also write the HTML report (atomically)',
    '  --quiet       no summary in the terminal (only the files)',
    '  --no-color    no ANSI colours',
    '',
    'Exit codes: 0 done, 1 the file is not a valid report, 2 usage or I/O error.',
    '',
  ].join('\n'),
  options: {
    html: { type: 'string' },
    quiet: { type: 'boolean' },
    'no-color': { type: 'boolean' },
  },
  async run(values, positionals, io) {
    const { runReport } = await import('../report-run.js');
    return runReport(values, positionals, io);
  },
};
