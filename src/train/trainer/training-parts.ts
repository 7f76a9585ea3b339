/**
 * The loss and metrics for worker replicas of the data-parallel trainer: functions cannot be
 * posted to a worker, so each worker imports this module and rebuilds them from plain data.
 * (The worker's backend, kernels and layer classes are set up by `initBackend` and the backend
 * imports, not by this module.) A tsup entry of its own: workers import it by file name.
 */
import type { IrCall } from '../../ir/schema.js';
import type { LossFn, Metric } from '../../backend/training-types.js';
import { createLoss, scaleLossGradient } from '../../backend/losses.js';
import { createMetrics, type MetricSetup } from '../../backend/metrics.js';

/** What a worker needs to rebuild the loss and metrics. */
export interface TrainingPartsArg {
  loss: IrCall;
  metrics: string[];
  /** Metric parameters and the model's output units (plain data). */
  metricSetup?: MetricSetup;
  /** The loss's gradient factor for a standardised target (`scaleLossGradient`); 1 without. */
  gradientScale?: number;
}

/** Called in each worker by the parallel trainer (see `trainingPartsSpec`). */
export function makeTrainingParts(arg: TrainingPartsArg): { loss: LossFn; metrics: Record<string, Metric> } {
  return { loss: scaleLossGradient(createLoss(arg.loss), arg.gradientScale ?? 1), metrics: createMetrics(arg.metrics, arg.loss, arg.metricSetup) };
}
