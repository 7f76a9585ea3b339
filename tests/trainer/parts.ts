/** The loss and metrics for worker replicas in the trainer tests (imported by each worker). */
import { createMetrics } from '../../src/backend/metrics.js';
import type { IrCall } from '../../src/ir/schema.js';
import { accuracy, crossEntropy } from './helpers.js';

export function makeParts(_arg: unknown) {
  return { loss: crossEntropy, metrics: { accuracy } };
}

/** nnspec's own metrics (accumulators included) for `arg.metrics`, as the runner's workers build them. */
export function makeMetricParts(arg: { loss: IrCall; metrics: string[]; outputUnits: number }) {
  return { loss: crossEntropy, metrics: createMetrics(arg.metrics, arg.loss, { outputUnits: arg.outputUnits, params: { top_k_accuracy: { k: 2 } } }) };
}
