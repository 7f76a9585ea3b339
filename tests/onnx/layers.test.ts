import { describe, expect, it } from 'vitest';
import { LAYERS as CATALOGUE } from '../../src/catalogue/index.js';
import { checkAgainstTfjs, modelOf } from './onnx-harness.js';

/** Every catalogue layer kind (with its options that change the ONNX graph), input shape. */
const LAYERS: ReadonlyArray<readonly [string, number[]]> = [
  ['dense(6)', [5]],
  ['dense(4, use_bias: false)', [5]],
  ['dense(3, activation: relu)', [5]],
  ['activation(tanh)', [6]],
  ['flatten()', [3, 4, 2]],
  ['reshape([4, 6])', [24]],
  ['dropout(0.5)', [6]],
  ['gaussian_dropout(0.2)', [6]],
  ['alpha_dropout(0.1)', [6]],
  ['gaussian_noise(0.1)', [6]],
  ['spatial_dropout1d(0.2)', [5, 4]],
  ['spatial_dropout2d(0.2)', [4, 4, 3]],
  ['batch_norm()', [6]],
  ['batch_norm(center: false, scale: false)', [4, 3]],
  ['batch_norm(center: false)', [6]],
  ['layer_norm()', [6]],
  ['layer_norm(center: false, scale: false)', [3, 6]],
  ['conv1d(4, 3)', [9, 3]],
  ['conv1d(4, 3, strides: 2, padding: same)', [9, 3]],
  ['conv1d(4, 3, dilation_rate: 2, padding: same, use_bias: false)', [10, 2]],
  ['conv2d(4, 3)', [7, 6, 2]],
  ['conv2d(3, [3, 2], strides: [2, 2], padding: same, activation: relu)', [7, 6, 2]],
  ['conv2d(3, 3, dilation_rate: [2, 2], padding: same)', [8, 8, 2]],
  ['max_pool1d(2)', [9, 3]],
  ['max_pool1d(3, strides: 2, padding: same)', [8, 3]],
  ['avg_pool1d(2)', [9, 3]],
  ['avg_pool1d(3, strides: 2, padding: same)', [8, 3]],
  ['max_pool2d(2)', [6, 5, 2]],
  ['max_pool2d([3, 3], strides: [2, 2], padding: same)', [7, 6, 2]],
  ['avg_pool2d(2)', [6, 5, 2]],
  ['avg_pool2d([3, 3], strides: [2, 2], padding: same)', [7, 6, 2]],
  ['global_avg_pool1d()', [5, 3]],
  ['global_average_pool1d()', [5, 3]],
  ['global_max_pool1d()', [5, 3]],
  ['global_avg_pool2d()', [4, 3, 2]],
  ['global_average_pool2d()', [4, 3, 2]],
  ['global_max_pool2d()', [4, 3, 2]],
  ['embedding(11, 4)', [6]],
  ['simple_rnn(4)', [5, 3]],
  ['simple_rnn(4, return_sequences: true, use_bias: false)', [5, 3]],
  ['lstm(4)', [5, 3]],
  ['lstm(4, return_sequences: true)', [5, 3]],
  ['gru(4)', [5, 3]],
  ['gru(4, return_sequences: true)', [5, 3]],
];

describe('every catalogue layer exports to ONNX and matches TF.js', () => {
  it('the list below has every layer of the catalogue and every alias (merges: graphs.test.ts)', () => {
    const tested = new Set(LAYERS.map(([call]) => call.slice(0, call.indexOf('('))));
    const catalogue = [...CATALOGUE.values()].filter((layer) => layer.name !== 'input' && layer.merge === undefined);
    expect(catalogue.length).toBeGreaterThan(25);
    for (const layer of catalogue) for (const name of [layer.name, ...(layer.aliases ?? [])]) expect(tested, name).toContain(name);
  });

  it.each(LAYERS)('%s on %j', async (call, shape) => {
    await checkAgainstTfjs(modelOf(call, shape), { randomize: true, what: call });
  });
});
