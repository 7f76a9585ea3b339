import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkSource } from '../../src/check/index.js';
import { lower } from '../../src/lower/index.js';
import { buildModel } from '../../src/backend/index.js';

/** One small model per catalogue layer kind (and its main options), with the shape it needs. */
const MODELS: Record<string, string> = {
  dense: 'input(shape: [5])\n dense(7, use_bias: false)\n dense(3)',
  activation_flatten_reshape: 'input(shape: [6])\n reshape([2, 3])\n flatten()\n activation(relu)\n dense(2)',
  noise: 'input(shape: [4])\n dropout(0.5)\n gaussian_dropout(0.1)\n alpha_dropout(0.1)\n gaussian_noise(0.2)\n dense(2)',
  norms: 'input(shape: [6])\n batch_norm()\n layer_norm(center: false)\n batch_norm(scale: false)\n dense(2)',
  conv1d:
    'input(shape: [10, 3])\n conv1d(4, 3, padding: same)\n spatial_dropout1d(0.1)\n max_pool1d(2)\n avg_pool1d(2, strides: 1)\n conv1d(2, 2, dilation_rate: 2)\n global_max_pool1d()\n dense(2)',
  conv2d: 'input(shape: [9, 9, 2])\n conv2d(4, [3, 2], strides: 2)\n max_pool2d(2, padding: same)\n avg_pool2d(1)\n global_avg_pool2d()\n dense(2)',
  global1d: 'input(shape: [5, 3])\n global_avg_pool1d()\n dense(2)',
  global2d: 'input(shape: [4, 4, 3])\n global_max_pool2d()\n dense(2)',
  embedding: 'input(shape: [6])\n embedding(20, 4)\n simple_rnn(5, return_sequences: true)\n lstm(3, return_sequences: true)\n gru(4)\n dense(2)',
};

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('parameter counts equal what TF.js counts', () => {
  it.each(Object.entries(MODELS))('%s', (_name, body) => {
    const checked = checkSource(`model m {\n ${body}\n}\n`);
    expect(checked.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const [document] = lower(checked.value).value;
    const model = buildModel(document.model, { seed: 1 });
    try {
      for (const layer of document.model.nodes) {
        if (layer.type === 'input') continue;
        const built = model.getLayer(layer.name);
        expect(built.countParams(), layer.name).toBe(layer.trainableParams + layer.nonTrainableParams);
        expect(built.outputShape, layer.name).toEqual([null, ...layer.outputShape]);
      }
      expect(model.countParams()).toBe(document.model.trainableParams + document.model.nonTrainableParams);
    } finally {
      model.dispose();
    }
  });
});
