/**
 * `train.py` and the project's `README.md`: the spec's training as a PyTorch program, one process
 * or DDP ranks (docs/export.md, "PyTorch"). Browser-safe.
 * CONTRACT STUB (issue 14): the training helper replaces the bodies.
 */
import type { IrTrainingDocument } from './project.js';

/** Options of {@link generateTrainPy} and {@link generatePytorchReadme}. */
export interface TrainPyOptions {
  /** The spec's path as the user gave it, for comments and the README. */
  specPath: string;
  /** True when the project starts from a bundle's weights (`initial/`). */
  hasInitialWeights: boolean;
}

/** The text of `train.py`. */
export function generateTrainPy(document: IrTrainingDocument, options: TrainPyOptions): string {
  void options;
  return `# training of ${document.model.name}: not generated yet\n`;
}

/** The text of the project's `README.md`. */
export function generatePytorchReadme(document: IrTrainingDocument, options: TrainPyOptions): string {
  void options;
  return `# ${document.model.name}\n`;
}
