import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackend } from '../../src/backend/index.js';
import { runTraining } from '../../src/train/runner/index.js';
import { blobsSpec, documentOf } from './helpers.js';

beforeAll(async () => {
  await initBackend('cpu');
});

const SPEC = blobsSpec('optimizer: adam(learning_rate: 0.01)\n  epochs: 4');
const POINT = tf.tensor2d([[0.5, -0.25, 1, 0]]);

describe('runTraining: the onEpochModel hook', () => {
  it('shows the model after every epoch, and predicting there leaves the run exactly as without the hook', async () => {
    const plain = await runTraining(documentOf(SPEC), { baseDir: '.' });
    const seen: { epoch: number; probabilities: number[] }[] = [];
    const watched = await runTraining(documentOf(SPEC), {
      baseDir: '.',
      onEpochModel: (model, record) => {
        const output = model.predict(POINT) as tf.Tensor;
        seen.push({ epoch: record.epoch, probabilities: Array.from(output.dataSync()) });
        output.dispose();
      },
    });
    expect(seen.map((entry) => entry.epoch)).toEqual([1, 2, 3, 4]);
    // The weights move between epochs: the model shown is the one being trained, not a copy made once.
    expect(seen[0]!.probabilities).not.toEqual(seen[3]!.probabilities);
    for (const entry of seen) expect(entry.probabilities.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 5);
    expect(watched.value!.report.history).toEqual(
      plain.value!.report.history.map((record, index) => ({ ...record, seconds: watched.value!.report.history[index]!.seconds })),
    );
    expect(watched.value!.report.summary.test).toEqual(plain.value!.report.summary.test);
    plain.value!.model.dispose();
    watched.value!.model.dispose();
  });

  it("evaluates the test split on request, every epoch, and the run's history and results stay those of a run that never looks", async () => {
    const spec = blobsSpec('optimizer: adam(learning_rate: 0.01)\n  epochs: 3');
    const plain = await runTraining(documentOf(spec), { baseDir: '.' });
    const testLosses: (number | null)[] = [];
    const watched = await runTraining(documentOf(spec), {
      baseDir: '.',
      onEpochModel: (_model, _record, look) => testLosses.push(look.testEvaluation()?.loss ?? null),
    });
    expect(testLosses).toHaveLength(3);
    for (const loss of testLosses) expect(loss).toBeGreaterThan(0);
    // Without early stopping, the last epoch's weights are the final ones: the last look is the report's test loss.
    expect(testLosses[2]).toBe(watched.value!.report.summary.test!.loss);
    expect(watched.value!.report.history.map((record) => record.valLoss)).toEqual(plain.value!.report.history.map((record) => record.valLoss));
    expect(watched.value!.report.summary.test).toEqual(plain.value!.report.summary.test);
    plain.value!.model.dispose();
    watched.value!.model.dispose();
  });
});
