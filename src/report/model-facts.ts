/** The report's `model` facts, from the IR: one definition for a TF.js run's report and an exported PyTorch project's. Browser-safe. */
import { trainingOnlyEffects } from '../catalogue/layers.js';
import type { IrModel } from '../ir/schema.js';
import type { TrainingReport } from './report-schema.js';

/** The name, the parameter counts and what the layers do only while training. */
export function reportModelFacts(model: IrModel): TrainingReport['model'] {
  return {
    name: model.name,
    trainableParams: model.trainableParams,
    nonTrainableParams: model.nonTrainableParams,
    trainingOnly: trainingOnlyEffects(model.nodes),
  };
}
