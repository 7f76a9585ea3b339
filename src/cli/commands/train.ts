import type { Command } from '../command.js';

/** `nnspec train`: the main job: data in, training with early stopping, the generalization-gap report out. */
export const trainCommand: Command = {
  name: 'train',
  summary: 'train a spec and report the generalization gap (default: the bundled digits spec)',
  usage: [
    'Usage: nnspec train [SPEC] [--json FILE] [--html FILE] [--save DIR] [--model NAME]',
    '                    [--backend wasm|cpu] [--threads N|auto] [--epochs N] [--seed N]',
    '                    [--data-root DIR] [--quiet] [--no-color]',
    '',
    "Checks SPEC, loads its data (paths resolve against the spec's folder), trains with early",
    'stopping on the WASM backend, then prints the summary, the evaluation on the test split and',
    'a chart of training vs validation loss. Without SPEC it trains the bundled specs/digits.nn.',
    '',
    'Options:',
    '  --json FILE          write the whole report as JSON (schema: docs/report.md)',
    '  --html FILE          write a self-contained HTML report with the curves',
    '  --save DIR           write the trained model as a bundle: TF.js files (best weights) and',
    '                       nnspec.json (preprocessing, class names, metrics; docs/bundle.md)',
    '  --model NAME         which train declaration to run (by model name); default: the first',
    '  --backend wasm|cpu   TF.js backend (default: wasm)',
    '  --threads N|auto     data-parallel training across N worker threads (default: 1)',
    "  --epochs N           override the spec's epoch count",
    "  --seed N             override the spec's seed (split, initial weights, dropout, shuffling)",
    '  --data-root DIR      read data files only inside DIR, after `..` and symbolic links (for',
    '                       specs from others; see docs/running-untrusted-specs.md)',
    '  --quiet              print only the summary',
    '  --no-color           no ANSI colours',
    '',
    'Ctrl-C stops after the current batch; the report and the best weights are still written.',
    'Exit codes: 0 trained, 1 errors in the spec or a failed run, 2 usage or I/O error, 130 interrupted.',
    '',
  ].join('\n'),
  options: {
    json: { type: 'string' },
    html: { type: 'string' },
    save: { type: 'string' },
    model: { type: 'string' },
    backend: { type: 'string' },
    threads: { type: 'string' },
    epochs: { type: 'string' },
    seed: { type: 'string' },
    'data-root': { type: 'string' },
    quiet: { type: 'boolean' },
    'no-color': { type: 'boolean' },
  },
  async run(values, positionals, io) {
    // TF.js loads only for the commands that need it, so `check`, `fmt` and `lsp` start fast.
    const { runTrain } = await import('../train-run.js');
    return runTrain(values, positionals, io);
  },
};
