import type { Command } from '../command.js';

/** `nnspec export`: a trained bundle, or a spec's untrained model, as an ONNX file. */
export const exportCommand: Command = {
  name: 'export',
  summary: 'export a trained bundle as ONNX, or a spec as a PyTorch project',
  usage: [
    'Usage: nnspec export DIR --to onnx -o FILE',
    '       nnspec export SPEC --to onnx -o FILE [--model NAME] [--seed N]',
    '       nnspec export SPEC --to pytorch -o DIR [--weights BUNDLE] [--model NAME] [--seed N]',
    '',
    'Writes the model as ONNX (opset 17) for ONNX Runtime and other tools: input `input`,',
    'output `output`, a dynamic batch axis (docs/export.md).',
    '',
    'DIR, a folder `nnspec train --save` wrote, exports the trained model with its fitted',
    'normalization folded in (the ONNX model takes raw features, as `nnspec predict` does) and',
    "regression outputs in the target's units.",
    'SPEC, a .nn file, exports its model untrained, with the initial weights of its seed (nothing',
    'is fitted, so there is no normalization to fold in).',
    '',
    '--to pytorch writes SPEC as a PyTorch project in DIR (atomically): model.py, data.py with',
    "nnspec's split and fitted statistics, train.py (one process or DistributedDataParallel ranks",
    "under torchrun) writing nnspec's report JSON and a bundle nnspec loads, and a README.",
    '',
    'Options:',
    '  --to FORMAT          onnx or pytorch',
    '  -o, --output PATH    the ONNX file, or the PyTorch project folder, to write (atomically)',
    '  --weights BUNDLE     pytorch only: start from the weights of this trained bundle',
    '  --data-root DIR      pytorch only: data files must lie in DIR (as for `train`)',
    "  --model NAME         SPEC only: which train declaration's model (by model name); default: the first",
    "  --seed N             SPEC only: override the spec's seed (initial weights; for pytorch the split too)",
    '  --no-color           no ANSI colours',
    '',
    'Exit codes: 0 written, 1 errors in the spec, the bundle or the export, 2 usage or I/O error.',
    '',
  ].join('\n'),
  options: {
    to: { type: 'string' },
    output: { type: 'string', short: 'o' },
    weights: { type: 'string' },
    'data-root': { type: 'string' },
    model: { type: 'string' },
    seed: { type: 'string' },
    'no-color': { type: 'boolean' },
  },
  async run(values, positionals, io) {
    // TF.js loads only for the commands that need it, so `check`, `fmt` and `lsp` start fast.
    const { runExport } = await import('../export-run.js');
    return runExport(values, positionals, io);
  },
};
