import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkSource } from '../../src/check/index.js';
import { lower } from '../../src/lower/index.js';
import type { IrDocument } from '../../src/ir/schema.js';
import { buildModel, createLoss, createMetrics, createOptimizer, exportModel, initBackend, SeededDropout } from '../../src/backend/index.js';
import { createTrainer } from '../../src/train/trainer/index.js';
import { repoRoot } from '../support/repo-root.js';

function documentsOf(text: string): IrDocument[] {
  const checked = checkSource(text);
  expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return lower(checked.value).value;
}

const specsDir = path.join(repoRoot, 'specs');
const specDocuments = readdirSync(specsDir)
  .filter((file) => file.endsWith('.nn'))
  .flatMap((file) => documentsOf(readFileSync(path.join(specsDir, file), 'utf8')).map((document) => [file, document] as const));

const TINY = `
data d { source: synthetic.blobs(samples: 60, classes: 3, features: 4, seed: 1), split: { train: 0.8, validation: 0.2 } }
model m {
  input(shape: [4])
  dense(16, activation: relu)
  dropout(0.5)
  dense(3, activation: softmax)
}
train m on d { loss: categorical_crossentropy, metrics: [accuracy], optimizer: adam(learning_rate: 0.01), epochs: 3, batch_size: 8, seed: 7 }
`;

beforeAll(async () => {
  await initBackend('wasm');
});

describe('buildModel', () => {
  it.each(specDocuments)('%s: TF.js counts the same parameters as the checker, layer by layer', (_file, document) => {
    const model = buildModel(document.model, { seed: 1 });
    try {
      const byName = new Map(model.layers.map((layer) => [layer.name, layer]));
      for (const layer of document.model.nodes) {
        if (layer.type === 'input') continue;
        const built = byName.get(layer.name);
        expect(built, layer.name).toBeDefined();
        expect(built!.countParams(), layer.name).toBe(layer.trainableParams + layer.nonTrainableParams);
        expect(built!.outputShape.slice(1), layer.name).toEqual(layer.outputShape);
      }
      expect(model.countParams()).toBe(document.model.trainableParams + document.model.nonTrainableParams);
    } finally {
      model.dispose();
    }
  });

  it('starts from the same weights for the same seed and from others for another seed', () => {
    const [document] = documentsOf(TINY);
    const weightsOf = (seed: number): number[][] => {
      const model = buildModel(document!.model, { seed });
      const values = model.getWeights().map((weight) => Array.from(weight.dataSync()));
      model.dispose();
      return values;
    };
    const first = weightsOf(42);
    expect(weightsOf(42)).toEqual(first);
    expect(weightsOf(43)[0]).not.toEqual(first[0]);
  });
});

describe('seeded dropout', () => {
  it('draws a new mask at every step, the same sequence for the same seed, and is the identity at inference', () => {
    const masks = (seed: number): number[][] => {
      const layer = new SeededDropout({ rate: 0.5, seed });
      const x = tf.ones([1, 32]);
      const out = [1, 2, 3].map(() => {
        const y = layer.apply(x, { training: true }) as tf.Tensor;
        const values = Array.from(y.dataSync());
        y.dispose();
        return values;
      });
      const inference = layer.apply(x, { training: false }) as tf.Tensor;
      expect(Array.from(inference.dataSync())).toEqual(new Array(32).fill(1));
      inference.dispose();
      x.dispose();
      return out;
    };
    const run = masks(5);
    expect(run[0]).not.toEqual(run[1]);
    expect(run[1]).not.toEqual(run[2]);
    expect(masks(5)).toEqual(run);
    for (const mask of run) for (const value of mask) expect([0, 2]).toContain(value);
  });
});

describe('seeded recurrent dropout', () => {
  const RECURRENT = 'model r { input(shape: [5, 3]) gru(6, dropout: 0.3, recurrent_dropout: 0.3) dense(3, activation: softmax) }';
  const irModel = () => lower(checkSource(RECURRENT).value).value[0]!.model;

  /** Three training-mode outputs of `model` on one input: each call draws new input and state masks. */
  function trainingOutputs(model: tf.LayersModel): number[][] {
    const x = tf.ones([2, 5, 3]);
    const out = [1, 2, 3].map(() => {
      const y = model.apply(x, { training: true }) as tf.Tensor;
      const values = Array.from(y.dataSync());
      y.dispose();
      return values;
    });
    x.dispose();
    return out;
  }

  it('draws new masks at every call, the same sequence for the same seed', () => {
    const outputsFor = (seed: number): number[][] => {
      const model = buildModel(irModel(), { seed });
      const out = trainingOutputs(model);
      model.dispose();
      return out;
    };
    const run = outputsFor(11);
    expect(run[0]).not.toEqual(run[1]);
    expect(run[1]).not.toEqual(run[2]);
    expect(outputsFor(11)).toEqual(run);
    expect(outputsFor(12)).not.toEqual(run);
  });

  it('gives a model built again from the IR (as a training worker does) the same masks', () => {
    // Workers build their replicas from the IR, so recurrent dropout is seeded there too.
    const first = buildModel(irModel(), { seed: 11 });
    const second = buildModel(irModel(), { seed: 11 });
    second.setWeights(first.getWeights());
    expect(trainingOutputs(second)).toEqual(trainingOutputs(first));
    for (const model of [first, second]) model.dispose();
  });
});

describe('determinism and tensor hygiene on wasm', () => {
  async function trainTwice(): Promise<number[]> {
    const [document] = documentsOf(TINY);
    const training = document!.training!;
    const model = buildModel(document!.model, { seed: training.seed });
    const trainer = createTrainer({
      model,
      optimizer: createOptimizer(training.optimizer),
      loss: createLoss(training.loss),
      metrics: createMetrics(training.metrics, training.loss),
      batchSize: 8,
      seed: training.seed,
    });
    const x = tf.randomNormal([48, 4], 0, 1, 'float32', 3);
    const y = tf.oneHot(
      tf.tensor1d(
        Array.from({ length: 48 }, (_, i) => i % 3),
        'int32',
      ),
      3,
    );
    const losses: number[] = [];
    const counts: number[] = [];
    for (let epoch = 0; epoch < 4; epoch++) {
      losses.push((await trainer.trainEpoch(x, y)).loss);
      counts.push(tf.memory().numTensors);
    }
    expect(new Set(counts.slice(1)).size).toBe(1);
    trainer.dispose();
    model.dispose();
    x.dispose();
    y.dispose();
    return losses;
  }

  it('gives the same loss history to the last digit for the same seed, without growing tensors', async () => {
    const first = await trainTwice();
    expect(await trainTwice()).toEqual(first);
    expect(first[3]!).toBeLessThan(first[0]!);
  });
});

describe('exportModel', () => {
  it('writes standard TF.js classes that tf.loadLayersModel loads back with the same predictions', async () => {
    const [document] = documentsOf(TINY);
    const model = buildModel(document!.model, { seed: 9 });
    const { modelJson, weights } = await exportModel(model);
    const topology = JSON.stringify(modelJson.modelTopology);
    expect(topology).toContain('"class_name":"Dropout"');
    expect(topology).not.toContain('Nnspec');
    expect(modelJson.weightsManifest[0]!.paths).toEqual(['weights.bin']);
    const loaded = await tf.loadLayersModel(
      tf.io.fromMemory({ modelTopology: modelJson.modelTopology, weightSpecs: modelJson.weightsManifest[0]!.weights, weightData: weights }),
    );
    const x = tf.randomNormal([5, 4], 0, 1, 'float32', 11);
    const expected = (model.predict(x) as tf.Tensor).arraySync();
    const actual = (loaded.predict(x) as tf.Tensor).arraySync();
    expect(actual).toEqual(expected);
    model.dispose();
    loaded.dispose();
    x.dispose();
  });
});
