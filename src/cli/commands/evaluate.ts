import type { Command } from '../command.js';

/** `nnspec evaluate`: a trained bundle measured on labelled data, or on a split of its own run. */
export const evaluateCommand: Command = {
  name: 'evaluate',
  summary: "measure a trained model on labelled data or on its run's own split",
  usage: [
    'Usage: nnspec evaluate DIR DATA [--labels FILE] [--json FILE] [--backend wasm|cpu] [--no-color]',
    '       nnspec evaluate DIR --split train|validation|test [--json FILE]',
    '',
    'Evaluates the model saved in DIR (by `nnspec train SPEC --save DIR`): the loss and the',
    'metrics of its training, and for a classification the confusion matrix (rows: true class)',
    'with per-class precision, recall and F1; for a regression MSE, MAE and R².',
    '',
    "DATA is labelled input as `nnspec predict` takes it, with the training data's label column",
    '(CSV or JSON lines), or IDX images with `--labels FILE`. `--split NAME` instead reloads the',
    "run's own data (its data files must be unchanged: their SHA-256 is checked against the",
    "bundle's manifest) and evaluates that split: `--split test` gives the report's test numbers.",
    '',
    'Options:',
    "  --split NAME         evaluate the run's train, validation or test split (no DATA)",
    '  --labels FILE        the IDX labels of IDX images given as DATA',
    '  --json FILE          also write the evaluation as JSON (atomically)',
    '  --backend wasm|cpu   TF.js backend (default: wasm)',
    '  --no-color           no ANSI colours in messages',
    '',
    'Docs: docs/predict.md. Exit codes: 0 done, 1 errors in the data or the bundle, 2 usage or I/O error.',
    '',
  ].join('\n'),
  options: {
    split: { type: 'string' },
    labels: { type: 'string' },
    json: { type: 'string' },
    backend: { type: 'string' },
    'no-color': { type: 'boolean' },
  },
  async run(values, positionals, io) {
    const { runEvaluate } = await import('../evaluate-run.js');
    return runEvaluate(values, positionals, io);
  },
};
