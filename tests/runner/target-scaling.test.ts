import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLoss, exportModel, initBackend, scaleLossGradient, targetGradientScale } from '../../src/backend/index.js';
import { loadData } from '../../src/train/data/load-data.js';
import { runTraining } from '../../src/train/runner/index.js';
import { documentOf } from './helpers.js';

let dir: string;
beforeAll(async () => {
  await initBackend('cpu');
  dir = mkdtempSync(join(tmpdir(), 'nnspec-target-'));
  // A target in the thousands: y = 5000 + 800·x + a deterministic wiggle.
  const rows = Array.from({ length: 120 }, (_, i) => {
    const x = (i % 40) / 10 - 2;
    const room = i % 3;
    return `${x},${room},${5000 + 800 * x + 150 * Math.sin(i)}`;
  });
  writeFileSync(join(dir, 'houses.csv'), `x,room,price\n${rows.join('\n')}\n`);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const spec = (loss: string) => `data houses {
  source: csv(path: "houses.csv", label: "price")
  normalize: standard
  normalize_target: standard
  split: { train: 0.6, validation: 0.2, test: 0.2 }
}
model m {
  input(shape: [2])
  dense(16, activation: relu)
  dense(1)
}
train m on houses {
  loss: ${loss}
  metrics: [mae]
  optimizer: adam(learning_rate: 0.02)
  epochs: 15
  batch_size: 16
  seed: 4
}
`;

describe('normalize_target: standard', () => {
  it("reports losses in the target's units, and the saved model predicts them", async () => {
    const document = documentOf(spec('mse'));
    const run = await runTraining(document, { baseDir: dir });
    expect(run.diagnostics).toEqual([]);
    const { report, model } = run.value!;
    const target = report.data.preprocessing!.target;
    if (target.kind !== 'standard') throw new Error('expected a standardised target');

    // The fixed output layer: kernel std, bias mean, not trained.
    const last = model.layers[model.layers.length - 1];
    expect(last.name).toBe('target_scale');
    expect(last.trainable).toBe(false);
    const [kernel, bias] = last.getWeights().map((w) => Array.from(w.dataSync()));
    expect(kernel).toEqual([target.std]);
    expect(bias).toEqual([target.mean]);

    // The saved model, loaded by plain TF.js, against the raw test targets.
    const { modelJson, weights } = await exportModel(model);
    const loaded = await tf.loadLayersModel(
      tf.io.fromMemory({
        modelTopology: modelJson.modelTopology,
        weightSpecs: modelJson.weightsManifest[0].weights,
        weightData: weights,
        userDefinedMetadata: modelJson.userDefinedMetadata,
      }),
    );
    expect(loaded.getUserDefinedMetadata()).toEqual({ nnspecPreprocessing: report.data.preprocessing });
    const data = (await loadData(document.training!.data, { baseDir: dir, seed: document.training!.seed })).value!;
    const predictions = (loaded.predict(tf.tensor2d(data.test.features, [data.test.count, 2])) as tf.Tensor).dataSync();
    let squares = 0;
    let absolute = 0;
    data.test.labels.forEach((y, i) => {
      squares += (predictions[i] - y) ** 2;
      absolute += Math.abs(predictions[i] - y);
    });
    const mse = squares / data.test.count;
    expect(Math.abs(report.summary.test!.loss - mse) / mse).toBeLessThan(1e-4);
    expect(Math.abs(report.summary.test!.metrics.mae - absolute / data.test.count) / (absolute / data.test.count)).toBeLessThan(1e-4);
    // Original units: errors of a few hundred on a target in the thousands, not fractions of a std.
    expect(report.summary.test!.metrics.mae).toBeGreaterThan(10);
    expect(report.history.every((record) => record.valLoss! > 100)).toBe(true);
    model.dispose();
    loaded.dispose();
  });
});

describe('scaleLossGradient', () => {
  const mean = 5000;
  const std = 700;
  const standardised = (t: tf.Tensor) => tf.div(tf.sub(t, mean), std);

  for (const [name, params, standardParams] of [
    ['mean_squared_error', {}, {}],
    ['mean_absolute_error', {}, {}],
    ['huber', { delta: 150 }, { delta: 150 / std }],
  ] as const) {
    it(`${name}: the value is the loss in the target's units, the gradient that of the standardised loss`, () => {
      const yTrue = tf.tensor2d([[5100], [4300], [6200]]);
      const yPred = tf.tensor2d([[5000], [4500], [6000]]);
      const loss = createLoss({ type: name, params });
      const scaled = scaleLossGradient(loss, targetGradientScale({ type: name, params }, std));
      const value = scaled(yTrue, yPred).dataSync();
      expect(Array.from(value)).toEqual(Array.from(loss(yTrue, yPred).dataSync()));
      const gradient = tf
        .grad((p: tf.Tensor) => tf.mean(scaled(yTrue, p)))(yPred)
        .dataSync();
      // d/dp of L_std((y - m)/s, (p - m)/s), the loss a model with a standardised target minimises.
      const standardLoss = createLoss({ type: name, params: standardParams });
      const expected = tf
        .grad((p: tf.Tensor) => tf.mean(standardLoss(standardised(yTrue), standardised(p))))(yPred)
        .dataSync();
      Array.from(gradient).forEach((g, i) => expect(g).toBeCloseTo(expected[i], 9));
    });
  }
});

describe('normalize_target with worker threads', () => {
  it('trains the same in two replicas as in one: the workers scale the gradient too', async () => {
    const document = documentOf(spec('mae'));
    const one = (await runTraining(document, { baseDir: dir, threads: 1 })).value!;
    const two = (await runTraining(document, { baseDir: dir, threads: 2 })).value!;
    expect(two.report.training.threads).toBe(2);
    one.report.history.forEach((record, index) => {
      const other = two.report.history[index];
      expect(Math.abs(other.valLoss! - record.valLoss!) / record.valLoss!).toBeLessThan(1e-4);
    });
    one.model.dispose();
    two.model.dispose();
  });
});
