import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.js';
import { runTraining } from '../../src/train/runner/index.js';
import { createEarlyStopping } from '../../src/train/early-stopping.js';
import { trainingReportSchema } from '../../src/report/report-schema.js';
import { blobsSpec, documentOf } from './helpers.js';

beforeAll(async () => {
  // The rules under test do not depend on the backend; cpu starts faster for these tiny models.
  await initBackend('cpu');
});

async function run(text: string, options: Parameters<typeof runTraining>[1] = { baseDir: '.' }) {
  const result = await runTraining(documentOf(text), options);
  const value = result.value!;
  const report = value.report;
  return { result, report, model: value.model };
}

describe('runTraining', () => {
  it("stops where Keras's rule says, restores the best epoch's weights and evaluates the restored model", async () => {
    const spec = blobsSpec(
      'optimizer: adam(learning_rate: 0.05)\n  epochs: 60\n  early_stopping: { monitor: val_loss, patience: 3, min_delta: 0.001, restore_best_weights: true }',
    );
    const { report, model } = await run(spec);
    expect(trainingReportSchema.parse(report)).toEqual(report);
    const rule = createEarlyStopping(documentOf(spec).training!.earlyStopping!);
    let stoppedAt: number | null = null;
    for (const record of report.history) {
      if (rule.update(record.epoch, { val_loss: record.valLoss ?? undefined }).stop) {
        stoppedAt = record.epoch;
        break;
      }
    }
    expect(report.summary.stopReason).toBe('patience');
    expect(report.summary.stopEpoch).toBe(stoppedAt);
    expect(report.summary.bestEpoch).toBe(rule.bestEpoch);
    expect(report.summary.restoredBestWeights).toBe(true);
    const best = report.history[report.summary.bestEpoch! - 1]!;
    // The restored weights are the best epoch's, whose evaluations on these splits are reused as they were.
    expect(report.summary.validation).toEqual({ loss: best.valLoss, metrics: best.valMetrics });
    expect(report.summary.train).toEqual({ loss: best.cleanTrainLoss, metrics: best.cleanTrainMetrics });
    expect(report.summary.stopEpoch).toBeGreaterThan(report.summary.bestEpoch!);
    expect(report.summary.stopMessage).toBe(`val_loss did not improve by more than 0.001 for 3 epochs after epoch ${rule.bestEpoch}`);
    expect(report.summary.testMinusTrainGap).toBeCloseTo(report.summary.test!.loss - report.summary.train!.loss, 10);
    expect(report.data.sizes).toEqual({ train: 120, validation: 60, test: 60 });
    for (const record of report.history) expect(record.gap).toBeCloseTo(record.valLoss! - record.cleanTrainLoss!, 10);
    expect(report.model.trainingOnly).toEqual(['dropout']);
    model.dispose();
  });

  it("without a restore, the final training and validation figures are the last epoch's", async () => {
    const { report, model } = await run(blobsSpec('optimizer: adam(learning_rate: 0.05)\n  epochs: 4'));
    const last = report.history.at(-1)!;
    expect(report.summary.restoredBestWeights).toBe(false);
    expect(report.summary.train).toEqual({ loss: last.cleanTrainLoss, metrics: last.cleanTrainMetrics });
    expect(report.summary.validation).toEqual({ loss: last.valLoss, metrics: last.valMetrics });
    expect(report.summary.testMinusTrainGap).toBe(report.summary.test!.loss - last.cleanTrainLoss!);
    model.dispose();
  });

  it('records that a model without dropout or noise computes the same in training and inference', async () => {
    const { report, model } = await run(blobsSpec('optimizer: adam(learning_rate: 0.01)\n  epochs: 1', 'dense(16, activation: relu)'));
    expect(report.model.trainingOnly).toEqual([]);
    model.dispose();
  });

  it('says "did not improve" without "by more than 0" when min_delta is 0', async () => {
    const { report, model } = await run(blobsSpec('optimizer: adam(learning_rate: 0.05)\n  epochs: 60\n  early_stopping: { monitor: val_loss, patience: 2 }'));
    expect(report.summary.stopReason).toBe('patience');
    expect(report.summary.stopMessage).toBe(`val_loss did not improve for 2 epochs after epoch ${report.summary.bestEpoch}`);
    model.dispose();
  });

  it('gives the same history twice for the same seed and leaves no tensors behind', async () => {
    const spec = blobsSpec('optimizer: adam(learning_rate: 0.01)\n  epochs: 4');
    const before = tf.memory().numTensors;
    const first = await run(spec);
    first.model.dispose();
    expect(tf.memory().numTensors).toBe(before);
    const second = await run(spec);
    second.model.dispose();
    const losses = (report: typeof first.report) => report.history.map((record) => [record.trainLoss, record.cleanTrainLoss, record.valLoss]);
    expect(losses(second.report)).toEqual(losses(first.report));
    expect(first.report.summary.stopReason).toBe('epochs');
    expect(first.report.summary.stopMessage).toBe('all 4 epochs ran');
  });

  it("applies the schedule per epoch and records each epoch's rate", async () => {
    const { report, model } = await run(blobsSpec('optimizer: sgd(learning_rate: 0.08)\n  schedule: step_decay(drop: 0.5, every: 2)\n  epochs: 5'));
    expect(report.history.map((record) => record.learningRate)).toEqual([0.08, 0.08, 0.04, 0.04, 0.02]);
    model.dispose();
  });

  it('stops at once when the loss diverges, names the epoch and batch, and still reports', async () => {
    const spec = `data s { source: synthetic.sine(samples: 200, seed: 1), split: { train: 0.6, validation: 0.2, test: 0.2 } }
model m {
  input(shape: [1])
  dense(32, activation: relu)
  dense(1)
}
train m on s { loss: mean_squared_error, optimizer: sgd(learning_rate: 1e6), epochs: 20, batch_size: 8, seed: 2 }
`;
    const { result, report, model } = await run(spec);
    const diagnostic = result.diagnostics.find((d) => d.code === 'NN4901')!;
    expect(diagnostic.message).toMatch(/^training diverged: the loss became (NaN|infinite) at epoch 1, batch \d+ of 15$/);
    expect(diagnostic.help).toContain('lower the learning rate (it was 1000000; try 100000)');
    expect(report.summary.stopReason).toBe('diverged');
    expect(report.summary.stopEpoch).toBe(1);
    expect(report.history).toEqual([]);
    model.dispose();
  });

  it('stops after the current batch when asked (Ctrl-C) and still reports the run', async () => {
    let epochs = 0;
    let checks = 0;
    const { report, model } = await run(blobsSpec('optimizer: adam(learning_rate: 0.01)\n  epochs: 50'), {
      baseDir: '.',
      onEpoch: () => {
        epochs += 1;
      },
      // The first check after epoch 2 is the runner's own end-of-epoch one; the next comes between batches of epoch 3.
      shouldStop: () => epochs >= 2 && ++checks > 1,
    });
    expect(report.summary.stopReason).toBe('interrupted');
    expect(report.summary.stopEpoch).toBe(3);
    expect(report.history).toHaveLength(3);
    expect(report.summary.stopMessage).toBe('interrupted during epoch 3 (Ctrl-C) after 1 of 8 batches; that epoch was evaluated and counted as it stood');
    expect(report.history[2]!.partial).toEqual({ batchesRun: 1, batches: 8 });
    expect(report.history.slice(0, 2).every((record) => record.partial === undefined)).toBe(true);
    expect(report.summary.test).not.toBeNull();
    model.dispose();
  });

  it('counts an epoch cut short mid-way: early stopping sees it, it can be the best, and its weights are restored', async () => {
    let batchesOfEpoch3 = 0;
    const { report, model } = await run(
      blobsSpec('optimizer: adam(learning_rate: 0.01)\n  epochs: 50\n  early_stopping: { monitor: val_loss, patience: 5, restore_best_weights: true }'),
      {
        baseDir: '.',
        onBatch: (tick) => {
          if (tick.epoch === 3) batchesOfEpoch3 = tick.batch;
        },
        shouldStop: () => batchesOfEpoch3 >= 5,
      },
    );
    const last = report.history[2]!;
    expect(report.history).toHaveLength(3);
    expect(last.partial).toEqual({ batchesRun: 5, batches: 8 });
    // Validation loss still falls this early, so the partial epoch is the best one...
    expect(last.valLoss!).toBeLessThan(report.history[1]!.valLoss!);
    expect(report.summary.bestEpoch).toBe(3);
    expect(report.summary.bestValue).toBe(last.valLoss);
    // ...and the restored weights are the ones it evaluated, not epoch 2's.
    expect(report.summary.restoredBestWeights).toBe(true);
    expect(report.summary.validation!.loss).toBeCloseTo(last.valLoss!, 5);
    expect(trainingReportSchema.parse(report)).toEqual(report);
    model.dispose();
  });

  it('returns data errors as diagnostics without training', async () => {
    const spec = `data d { source: csv("missing.csv", label: "y"), split: { train: 0.8, validation: 0.2 } }
model m {
  input(shape: [2])
  dense(2, activation: softmax)
}
train m on d { loss: categorical_crossentropy, optimizer: adam(), epochs: 2 }
`;
    const result = await runTraining(documentOf(spec), { baseDir: '/nonexistent-folder' });
    expect(result.value).toBeUndefined();
    expect(result.diagnostics.map((d) => d.code)).toEqual(['NN4501']);
  });

  it('trains on the wasm backend too', async () => {
    await initBackend('wasm');
    try {
      const { report, model } = await run(blobsSpec('optimizer: adam(learning_rate: 0.05)\n  epochs: 3'), { baseDir: '.', backend: 'wasm' });
      expect(report.training.backend).toBe('wasm');
      expect(report.history[2]!.cleanTrainLoss!).toBeLessThan(report.history[0]!.cleanTrainLoss!);
      model.dispose();
    } finally {
      await initBackend('cpu');
    }
  });
});
