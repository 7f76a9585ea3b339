import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackends, seededValues } from './helpers.js';
import {
  SeededAlphaDropout,
  SeededDropout,
  SeededGaussianDropout,
  SeededGaussianNoise,
  SeededSpatialDropout1D,
  seededDropoutFunction,
} from '../../../src/backend/seeded-noise.js';

beforeAll(async () => {
  await initBackends();
  await tf.setBackend('wasm');
});

const L = tf.layers;
const N = 16;
let seed = 1;
const init = () => tf.initializers.glorotUniform({ seed: seed++ });

interface LayerCase {
  /** Input shape without the batch axis; `int` marks token ids in [0, 10). */
  input: number[] | { int: number };
  layers: () => tf.layers.Layer[];
}

// One tiny model per catalogue layer type (and per configuration that takes a different gradient path).
// Noise layers are nnspec's seeded ones, as compiled specs use: with Math.random masks the loss after
// 12 steps varied run to run, and one CI run fell short of the 10% drop.
const layerCases: Record<string, LayerCase> = {
  dense: { input: [6], layers: () => [L.dense({ units: 5, activation: 'relu', kernelInitializer: init() })] },
  conv1d: { input: [10, 3], layers: () => [L.conv1d({ filters: 4, kernelSize: 3, kernelInitializer: init() })] },
  'conv1d strides 2 same': { input: [10, 3], layers: () => [L.conv1d({ filters: 4, kernelSize: 3, strides: 2, padding: 'same', kernelInitializer: init() })] },
  'conv1d dilation 2': { input: [10, 3], layers: () => [L.conv1d({ filters: 4, kernelSize: 3, dilationRate: 2, kernelInitializer: init() })] },
  conv2d: { input: [6, 6, 2], layers: () => [L.conv2d({ filters: 3, kernelSize: 3, kernelInitializer: init() })] },
  'conv2d strides 2 same': {
    input: [6, 6, 2],
    layers: () => [L.conv2d({ filters: 3, kernelSize: 3, strides: 2, padding: 'same', kernelInitializer: init() })],
  },
  // Two layers, so the second's input gradient flows through nnspec's fused conv + bias + relu kernel.
  'conv2d relu twice, strides 2 same': {
    input: [7, 7, 3],
    layers: () => [
      L.conv2d({ filters: 5, kernelSize: 3, activation: 'relu', kernelInitializer: init() }),
      L.conv2d({ filters: 6, kernelSize: 2, strides: 2, padding: 'same', activation: 'relu', kernelInitializer: init() }),
    ],
  },
  'conv2d dilation 2': { input: [7, 7, 2], layers: () => [L.conv2d({ filters: 3, kernelSize: 3, dilationRate: 2, kernelInitializer: init() })] },
  'conv2d dilation 2 same relu': {
    input: [6, 6, 2],
    layers: () => [L.conv2d({ filters: 3, kernelSize: 3, dilationRate: [2, 1], padding: 'same', activation: 'relu', kernelInitializer: init() })],
  },
  'depthwise conv2d': { input: [6, 6, 2], layers: () => [L.depthwiseConv2d({ kernelSize: 3, depthMultiplier: 2, depthwiseInitializer: init() })] },
  'separable conv2d dilation 2': {
    input: [7, 7, 2],
    layers: () => [L.separableConv2d({ filters: 3, kernelSize: 3, dilationRate: 2, depthwiseInitializer: init(), pointwiseInitializer: init() })],
  },
  max_pool1d: { input: [8, 2], layers: () => [L.conv1d({ filters: 3, kernelSize: 1, kernelInitializer: init() }), L.maxPooling1d({ poolSize: 2 })] },
  avg_pool1d: {
    input: [8, 2],
    layers: () => [L.conv1d({ filters: 3, kernelSize: 1, kernelInitializer: init() }), L.averagePooling1d({ poolSize: 3, strides: 2, padding: 'same' })],
  },
  max_pool2d: {
    input: [6, 6, 2],
    layers: () => [L.conv2d({ filters: 3, kernelSize: 1, kernelInitializer: init() }), L.maxPooling2d({ poolSize: 3, strides: 2, padding: 'same' })],
  },
  avg_pool2d: { input: [6, 6, 2], layers: () => [L.conv2d({ filters: 3, kernelSize: 1, kernelInitializer: init() }), L.averagePooling2d({ poolSize: 2 })] },
  global_max_pool1d: { input: [8, 2], layers: () => [L.conv1d({ filters: 3, kernelSize: 2, kernelInitializer: init() }), L.globalMaxPooling1d()] },
  global_avg_pool1d: { input: [8, 2], layers: () => [L.conv1d({ filters: 3, kernelSize: 2, kernelInitializer: init() }), L.globalAveragePooling1d()] },
  global_max_pool2d: { input: [5, 5, 2], layers: () => [L.conv2d({ filters: 3, kernelSize: 2, kernelInitializer: init() }), L.globalMaxPooling2d({})] },
  global_avg_pool2d: { input: [5, 5, 2], layers: () => [L.conv2d({ filters: 3, kernelSize: 2, kernelInitializer: init() }), L.globalAveragePooling2d({})] },
  embedding: {
    input: { int: 5 },
    layers: () => [
      L.embedding({ inputDim: 10, outputDim: 3, embeddingsInitializer: tf.initializers.randomUniform({ minval: -0.5, maxval: 0.5, seed: seed++ }) }),
    ],
  },
  simple_rnn: { input: [5, 3], layers: () => [L.simpleRNN({ units: 4, kernelInitializer: init(), recurrentInitializer: init() })] },
  'simple_rnn sequences': {
    input: [5, 3],
    layers: () => [L.simpleRNN({ units: 4, returnSequences: true, kernelInitializer: init(), recurrentInitializer: init() })],
  },
  lstm: { input: [5, 3], layers: () => [L.lstm({ units: 4, kernelInitializer: init(), recurrentInitializer: init() })] },
  gru: { input: [5, 3], layers: () => [L.gru({ units: 4, kernelInitializer: init(), recurrentInitializer: init() })] },
  batch_norm: { input: [6], layers: () => [L.dense({ units: 5, kernelInitializer: init() }), L.batchNormalization()] },
  'batch_norm conv': {
    input: [5, 5, 2],
    layers: () => [L.conv2d({ filters: 3, kernelSize: 2, kernelInitializer: init() }), L.batchNormalization({ axis: -1 })],
  },
  layer_norm: { input: [6], layers: () => [L.dense({ units: 5, kernelInitializer: init() }), L.layerNormalization()] },
  dropout: { input: [6], layers: () => [L.dense({ units: 8, kernelInitializer: init() }), new SeededDropout({ rate: 0.3, seed: 3 })] },
  gaussian_dropout: { input: [6], layers: () => [L.dense({ units: 8, kernelInitializer: init() }), new SeededGaussianDropout({ rate: 0.3, seed: 4 })] },
  alpha_dropout: {
    input: [6],
    layers: () => [L.dense({ units: 8, activation: 'selu', kernelInitializer: init() }), new SeededAlphaDropout({ rate: 0.2, seed: 5 })],
  },
  gaussian_noise: { input: [6], layers: () => [L.dense({ units: 8, kernelInitializer: init() }), new SeededGaussianNoise({ rate: 0.1, seed: 6 })] },
  spatial_dropout1d: {
    input: [5, 3],
    layers: () => [L.conv1d({ filters: 4, kernelSize: 1, kernelInitializer: init() }), new SeededSpatialDropout1D({ rate: 0.3, seed: 7 })],
  },
  'flatten reshape': { input: [6], layers: () => [L.reshape({ targetShape: [2, 3] }), L.flatten()] },
  leaky_relu: { input: [6], layers: () => [L.dense({ units: 5, kernelInitializer: init() }), L.leakyReLU({ alpha: 0.2 })] },
  prelu: { input: [6], layers: () => [L.dense({ units: 5, kernelInitializer: init() }), L.prelu()] },
  'elu layer': { input: [6], layers: () => [L.dense({ units: 5, kernelInitializer: init() }), L.elu()] },
  'activation layer': { input: [6], layers: () => [L.dense({ units: 5, kernelInitializer: init() }), L.activation({ activation: 'tanh' })] },
  'simple_rnn dropout': {
    input: [5, 3],
    layers: () => [
      L.simpleRNN({
        units: 4,
        dropout: 0.2,
        recurrentDropout: 0.2,
        dropoutFunc: seededDropoutFunction(8),
        kernelInitializer: init(),
        recurrentInitializer: init(),
      }),
    ],
  },
  'lstm dropout sequences': {
    input: [5, 3],
    layers: () => [
      L.lstm({
        units: 4,
        dropout: 0.2,
        recurrentDropout: 0.2,
        dropoutFunc: seededDropoutFunction(9),
        returnSequences: true,
        recurrentActivation: 'hardSigmoid',
        kernelInitializer: init(),
        recurrentInitializer: init(),
      }),
    ],
  },
  'gru dropout': {
    input: [5, 3],
    layers: () => [
      L.gru({ units: 4, dropout: 0.2, recurrentDropout: 0.2, dropoutFunc: seededDropoutFunction(10), kernelInitializer: init(), recurrentInitializer: init() }),
    ],
  },
  'lstm orthogonal': {
    input: [5, 3],
    layers: () => [L.lstm({ units: 4, kernelInitializer: init(), recurrentInitializer: tf.initializers.orthogonal({ gain: 1, seed: seed++ }) })],
  },
  'batch_norm no center/scale': {
    input: [6],
    layers: () => [L.dense({ units: 5, kernelInitializer: init() }), L.batchNormalization({ center: false, scale: false, momentum: 0.9 })],
  },
  'layer_norm no center/scale': {
    input: [6],
    layers: () => [L.dense({ units: 5, kernelInitializer: init() }), L.layerNormalization({ center: false, scale: false })],
  },
  'dense l1l2 regularised': {
    input: [6],
    layers: () => [
      L.dense({
        units: 5,
        kernelInitializer: init(),
        kernelRegularizer: tf.regularizers.l1l2({ l1: 0.001, l2: 0.001 }),
        biasRegularizer: tf.regularizers.l1({ l1: 0.001 }),
      }),
    ],
  },
  'conv2d l2 regularised': {
    input: [5, 5, 2],
    layers: () => [L.conv2d({ filters: 3, kernelSize: 2, kernelInitializer: init(), kernelRegularizer: tf.regularizers.l2({ l2: 0.001 }) })],
  },
  'embedding l2 regularised': {
    input: { int: 5 },
    layers: () => [
      L.embedding({
        inputDim: 10,
        outputDim: 3,
        embeddingsRegularizer: tf.regularizers.l2({ l2: 0.001 }),
        embeddingsInitializer: tf.initializers.randomNormal({ stddev: 0.3, seed: seed++ }),
      }),
    ],
  },
  'conv1d dilation 2 same': {
    input: [10, 3],
    layers: () => [L.conv1d({ filters: 4, kernelSize: 3, dilationRate: 2, padding: 'same', kernelInitializer: init() })],
  },
  'conv2d dilation 2 channels first': {
    input: [2, 7, 7],
    layers: () => [L.conv2d({ filters: 3, kernelSize: 3, dilationRate: 2, dataFormat: 'channelsFirst', kernelInitializer: init() })],
  },
  'relu max 6 layer': { input: [6], layers: () => [L.dense({ units: 5, kernelInitializer: init() }), L.reLU({ maxValue: 6 })] },
};
for (const activation of [
  'elu',
  'hardSigmoid',
  'linear',
  'relu',
  'relu6',
  'selu',
  'sigmoid',
  'softmax',
  'softplus',
  'softsign',
  'tanh',
  'swish',
  'mish',
  'gelu',
  'gelu_new',
] as const) {
  layerCases[`activation ${activation}`] = { input: [6], layers: () => [L.dense({ units: 5, activation, kernelInitializer: init() })] };
}

function inputs(spec: LayerCase['input'], dataSeed: number): tf.Tensor {
  if (Array.isArray(spec)) return tf.tensor(seededValues(N * spec.reduce((a, b) => a * b, 1), dataSeed), [N, ...spec]);
  return tf.tensor(
    Int32Array.from(seededValues(N * spec.int, dataSeed), (v) => Math.floor((v + 1) * 5)),
    [N, spec.int],
    'int32',
  );
}

/** The model's loss on (x, y) in inference mode (no dropout or noise), so it is comparable across steps. */
async function evaluate(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor): Promise<number> {
  const out = model.evaluate(x, y, { batchSize: N });
  const all = Array.isArray(out) ? out : [out];
  const value = (await all[0]!.data())[0]!;
  tf.dispose(all);
  return value;
}

/**
 * Fits `model` for `steps` full-batch steps on wasm; returns the per-step training losses, the
 * inference-mode loss before and after, and the live-tensor count after each step.
 */
async function train(
  model: tf.LayersModel,
  x: tf.Tensor,
  y: tf.Tensor,
  steps: number,
): Promise<{ losses: number[]; tensors: number[]; before: number; after: number }> {
  const before = await evaluate(model, x, y);
  const tensors: number[] = [];
  const history = await model.fit(x, y, {
    epochs: steps,
    batchSize: N,
    shuffle: false,
    verbose: 0,
    callbacks: { onEpochEnd: async () => void tensors.push(tf.memory().numTensors) },
  });
  return { losses: history.history.loss as number[], tensors, before, after: await evaluate(model, x, y) };
}

describe('every catalogue layer trains on wasm', () => {
  it.each(Object.keys(layerCases))('%s: loss falls, tensor count stays flat', async (name) => {
    expect(tf.getBackend()).toBe('wasm');
    const c = layerCases[name]!;
    const model = tf.sequential();
    const first = c.layers();
    model.add(L.inputLayer({ inputShape: Array.isArray(c.input) ? c.input : [c.input.int], dtype: Array.isArray(c.input) ? 'float32' : 'int32' }));
    for (const layer of first) model.add(layer);
    if (model.outputs[0]!.shape.length > 2) model.add(L.flatten());
    model.add(L.dense({ units: 3, activation: 'softmax', kernelInitializer: init() }));
    model.compile({ optimizer: tf.train.adam(0.05), loss: 'categoricalCrossentropy' });
    const x = inputs(c.input, 11);
    const y = tf.oneHot(
      tf.tensor1d(
        Int32Array.from(seededValues(N, 12), (v) => Math.floor((v + 1) * 1.5)),
        'int32',
      ),
      3,
    );
    const { losses, tensors, before, after } = await train(model, x, y, 12);
    expect(losses.every(Number.isFinite)).toBe(true);
    // Judged in inference mode: with dropout or noise the training loss of one step is noisy.
    expect(after).toBeLessThan(before * 0.9);
    // After the first step (which creates the optimizer's slots) nothing may accumulate.
    expect(new Set(tensors.slice(1)).size).toBe(1);
    model.dispose();
    tf.dispose([x, y]);
  });
});

describe('losses and optimizers train on wasm', () => {
  const x = () => tf.tensor2d(seededValues(N * 4, 21), [N, 4]);
  const target = () =>
    tf.tensor2d(
      seededValues(N * 3, 22).map((v) => (v + 1) / 2),
      [N, 3],
    );
  const lossCases: Record<string, tf.LayersModel['loss'] | ((yTrue: tf.Tensor, yPred: tf.Tensor) => tf.Tensor)> = {
    meanSquaredError: 'meanSquaredError',
    meanAbsoluteError: 'meanAbsoluteError',
    binaryCrossentropy: 'binaryCrossentropy',
    categoricalCrossentropy: 'categoricalCrossentropy',
    logcosh: 'logcosh',
    hinge: 'hinge',
    kullbackLeiblerDivergence: 'kullbackLeiblerDivergence',
    poisson: 'poisson',
    huber: (t, p) => tf.losses.huberLoss(t, p, undefined, 0.5),
    sigmoidCrossEntropy: (t, p) => tf.losses.sigmoidCrossEntropy(t, p, undefined, 0.1),
    softmaxCrossEntropy: (t, p) => tf.losses.softmaxCrossEntropy(t, p, undefined, 0.1),
  };
  it('loss sparseCategoricalCrossentropy falls', async () => {
    const model = tf.sequential({ layers: [L.dense({ units: 3, inputShape: [4], activation: 'softmax', kernelInitializer: init() })] });
    model.compile({ optimizer: tf.train.adam(0.05), loss: 'sparseCategoricalCrossentropy', metrics: ['accuracy'] });
    const xs = x();
    const labels = tf.tensor2d(
      Float32Array.from(seededValues(N, 23), (v) => Math.floor((v + 1) * 1.5)),
      [N, 1],
    );
    const { losses, tensors } = await train(model, xs, labels, 10);
    expect(losses[losses.length - 1]!).toBeLessThan(losses[0]!);
    expect(new Set(tensors.slice(1)).size).toBe(1);
    model.dispose();
    tf.dispose([xs, labels]);
  });

  it.each(Object.keys(lossCases))('loss %s falls', async (name) => {
    const model = tf.sequential({ layers: [L.dense({ units: 3, inputShape: [4], activation: 'sigmoid', kernelInitializer: init() })] });
    model.compile({ optimizer: tf.train.adam(0.05), loss: lossCases[name] as never });
    const [xs, ys] = [x(), target()];
    const { losses } = await train(model, xs, ys, 10);
    expect(losses[losses.length - 1]!).toBeLessThan(losses[0]!);
    model.dispose();
    tf.dispose([xs, ys]);
  });

  const optimizers: Record<string, () => tf.Optimizer> = {
    sgd: () => tf.train.sgd(0.5),
    momentum: () => tf.train.momentum(0.2, 0.9),
    nesterov: () => tf.train.momentum(0.2, 0.9, true),
    adam: () => tf.train.adam(0.05),
    adamax: () => tf.train.adamax(0.05),
    adagrad: () => tf.train.adagrad(0.2),
    adadelta: () => tf.train.adadelta(1),
    rmsprop: () => tf.train.rmsprop(0.02),
    'rmsprop centered momentum': () => tf.train.rmsprop(0.02, 0.9, 0.5, 1e-7, true),
  };
  it.each(Object.keys(optimizers))('optimizer %s lowers the loss without leaking', async (name) => {
    const model = tf.sequential({ layers: [L.dense({ units: 3, inputShape: [4], kernelInitializer: init() })] });
    model.compile({ optimizer: optimizers[name]!(), loss: 'meanSquaredError' });
    const [xs, ys] = [x(), target()];
    const { losses, tensors } = await train(model, xs, ys, 10);
    expect(losses[losses.length - 1]!).toBeLessThan(losses[0]!);
    expect(new Set(tensors.slice(1)).size).toBe(1);
    model.dispose();
    tf.dispose([xs, ys]);
  });
});
