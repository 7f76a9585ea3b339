/**
 * `model.py`: the IR model as a PyTorch `nn.Module` (docs/export.md, "PyTorch"). Browser-safe.
 * CONTRACT STUB (issue 14): the model helper replaces the body.
 */
import type { StageResult } from '../diagnostics/diagnostic.js';
import type { IrModel } from '../ir/schema.js';

/** Options of {@link generateModelPy}. */
export interface ModelPyOptions {
  /** The spec's path as the user gave it, for the comments that point at its lines. */
  specPath: string;
  /** The spec's text, to turn the IR's `source` spans into line numbers; without it no line is given. */
  specText?: string;
  /** A standardised regression target (the bundle's `preprocessing.target`): the module ends with the fixed `y * std + mean`, as TF.js's `target_scale` layer. */
  targetScaling?: { mean: number; std: number };
}

/** The text of `model.py` for `model`, or NN5203 for a layer PyTorch cannot express. */
export function generateModelPy(model: IrModel, options: ModelPyOptions): StageResult<string | undefined> {
  void options;
  return { value: `# model ${model.name}: not generated yet\n`, diagnostics: [] };
}
