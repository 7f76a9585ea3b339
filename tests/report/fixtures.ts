import { REPORT_VERSION } from '../../src/report/report-schema.js';
import type { EpochRecord, TrainingReport } from '../../src/report/report-schema.js';
import { blobsSpec, documentOf } from '../runner/helpers.js';

/** A scripted report: validation loss bottoms out at epoch 4, training goes on falling. */
export function scriptedReport(): TrainingReport {
  const clean = [1.0, 0.7, 0.5, 0.4, 0.3, 0.2];
  const validation = [1.1, 0.8, 0.6, 0.5, 0.55, 0.6];
  const history: EpochRecord[] = clean.map((loss, index) => ({
    epoch: index + 1,
    trainLoss: loss + 0.1,
    trainMetrics: { accuracy: 0.5 + index * 0.05 },
    cleanTrainLoss: loss,
    cleanTrainMetrics: { accuracy: 0.55 + index * 0.05 },
    valLoss: validation[index]!,
    valMetrics: { accuracy: 0.5 + index * 0.04 },
    gap: validation[index]! - loss,
    learningRate: 0.001,
    seconds: 0.25,
  }));
  return {
    format: 'nnspec-report',
    version: REPORT_VERSION,
    spec: 'specs/<demo>.nn',
    model: { name: 'mlp', trainableParams: 1000, nonTrainableParams: 0, trainingOnly: ['dropout'] },
    data: { name: 'digits', featureShape: [64], task: 'classification', classNames: ['0', '1', '2'], sizes: { train: 60, validation: 20, test: 20 } },
    training: { backend: 'wasm', threads: 1, seed: 1, epochs: 10, batchSize: 16, optimizer: 'adam', loss: 'categorical_crossentropy', metrics: ['accuracy'] },
    config: { specSha256: null, overrides: { epochs: null, seed: null }, ir: documentOf(blobsSpec('optimizer: adam()\n  epochs: 10')), dataFiles: [] },
    history,
    summary: {
      monitor: 'val_loss',
      mode: 'min',
      bestEpoch: 4,
      bestValue: 0.5,
      epochsRun: 6,
      stopEpoch: 6,
      stopReason: 'patience',
      stopMessage: 'val_loss did not improve by more than 0 for 2 epochs after epoch 4',
      restoredBestWeights: true,
      overfittingOnset: 4,
      train: { loss: 0.4, metrics: { accuracy: 0.7 } },
      validation: { loss: 0.5, metrics: { accuracy: 0.62 } },
      test: { loss: 0.52, metrics: { accuracy: 0.6 } },
      testMinusTrainGap: 0.12,
      seconds: 1.5,
    },
  };
}
