import type { Command } from '../command.js';

/** `nnspec predict`: a trained bundle applied to new data, optionally with Monte Carlo dropout. */
export const predictCommand: Command = {
  name: 'predict',
  summary: 'apply a trained model (a `train --save` folder) to new data; --mc for MC dropout',
  usage: [
    'Usage: nnspec predict DIR INPUT [-o FILE] [--format csv|json] [--mc N] [--seed S]',
    '                      [--backend wasm|cpu] [--no-color]',
    '',
    'Applies the model saved in DIR (by `nnspec train SPEC --save DIR`) to INPUT, with the',
    'preprocessing fitted at training (column encoding, normalisation), and writes one result per',
    'example, in order: the predicted class and each class probability, or the regression value.',
    '',
    'INPUT is a CSV file (columns matched by name; the label and other columns are ignored),',
    'a JSON-lines file (.jsonl: one object {"column": value} or array of numbers a line), IDX',
    'images (gzip allowed), or `-` for JSON lines (or CSV) on standard input.',
    '',
    'Options:',
    '  -o, --output FILE    write the predictions to FILE (atomically) instead of standard output',
    '  --format csv|json    output format (default: csv, or json when FILE ends in .json)',
    '  --mc N               Monte Carlo dropout: N passes with the dropout layers on; prints each',
    "                       output's mean and standard deviation, and the predictive entropy",
    "  --seed S             seed of the MC dropout masks (default: the bundle's seed)",
    '  --backend wasm|cpu   TF.js backend (default: wasm)',
    '  --no-color           no ANSI colours in messages',
    '',
    'Docs: docs/predict.md. Exit codes: 0 done, 1 errors in the input or the bundle, 2 usage or I/O error.',
    '',
  ].join('\n'),
  options: {
    output: { type: 'string', short: 'o' },
    format: { type: 'string' },
    mc: { type: 'string' },
    seed: { type: 'string' },
    backend: { type: 'string' },
    'no-color': { type: 'boolean' },
  },
  async run(values, positionals, io) {
    const { runPredict } = await import('../predict-run.js');
    return runPredict(values, positionals, io);
  },
};
