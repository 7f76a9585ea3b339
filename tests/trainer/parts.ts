/** The loss and metrics for worker replicas in the trainer tests (imported by each worker; registers SeededDropout). */
import { accuracy, crossEntropy } from './helpers.js';

export function makeParts(_arg: unknown) {
  return { loss: crossEntropy, metrics: { accuracy } };
}
