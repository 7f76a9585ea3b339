import { describe, expect, it } from 'vitest';
import { applyNormalization } from '../../src/train/data/normalize.js';
import { normalizationFromRecord, type Preprocessing } from '../../src/train/data/preprocessing.js';
import { exportOnnx } from '../../src/onnx/index.js';
import { checkAgainstTfjs, modelOf, randomInputs } from './onnx-harness.js';

const ROWS = 5;

/** Training's own normalisation of raw rows (src/train/data/normalize.ts). */
function normalized(record: Preprocessing['normalization'], raw: Float32Array, featureShape: number[]): Float32Array {
  const dataset = { features: raw, featureShape, labels: new Float32Array(ROWS), task: 'regression' as const, classNames: null, count: ROWS };
  return applyNormalization(normalizationFromRecord(record), dataset).features;
}

describe('the normalization is folded in as the first nodes', () => {
  // Feature 2 is constant in training (divisor 0): training maps it to 0, whatever the raw value.
  const records: Preprocessing['normalization'][] = [
    { kind: 'minmax', min: [-1, 10, 3, 0.5], max: [2, 30, 3, 0.75] },
    { kind: 'standard', mean: [0.25, 20, 3, -4], std: [1.5, 8, 0, 0.125] },
  ];
  it.each(records)('$kind, with a constant feature', async (record) => {
    const ir = modelOf('dense(5, activation: tanh)\n  dense(3)', [4]);
    const raw = randomInputs(ROWS * 4, 3, 25);
    const tfjsInput = normalized(record, raw, [4]);
    expect(Array.from({ length: ROWS }, (_, row) => tfjsInput[row * 4 + 2])).toEqual([0, 0, 0, 0, 0]);
    await checkAgainstTfjs(ir, { x: raw, tfjsInput, extra: { normalization: record }, randomize: true });
  });

  it('on an image input, feature by feature in row-major order', async () => {
    const ir = modelOf('conv2d(2, 2)\n  flatten()\n  dense(2)', [3, 3, 2]);
    const width = 18;
    const record: Preprocessing['normalization'] = {
      kind: 'minmax',
      min: Array.from({ length: width }, (_, j) => j / 4),
      max: Array.from({ length: width }, (_, j) => (j === 5 ? j / 4 : j + 1)),
    };
    const raw = randomInputs(ROWS * width, 9, 10);
    await checkAgainstTfjs(ir, { x: raw, tfjsInput: normalized(record, raw, [3, 3, 2]), extra: { normalization: record }, randomize: true });
  });

  it('a normalization of another width is NN5202, naming both sizes', () => {
    const ir = modelOf('dense(2)', [4]);
    const weights = new Map([
      [
        'dense_1',
        [
          { shape: [4, 2], values: new Float32Array(8) },
          { shape: [2], values: new Float32Array(2) },
        ],
      ],
    ]);
    const result = exportOnnx({ model: ir, weights, normalization: { kind: 'standard', mean: [0, 0, 0], std: [1, 1, 1] } });
    expect(result.value).toBeUndefined();
    expect(result.diagnostics.map((d) => [d.code, d.message])).toEqual([['NN5202', "the normalization has 3 features, but the model's input has 4"]]);
  });
});

describe('target scaling', () => {
  it("y * std + mean after the output, as TF.js's target_scale layer", async () => {
    const ir = modelOf('dense(4, activation: relu)\n  dense(1)', [3]);
    const target = { mean: 123.5, std: 17.25 };
    await checkAgainstTfjs(ir, { targetScaling: target, extra: { target: { kind: 'standard', ...target } }, randomize: true });
  });

  it('with the normalization, on a two-output regression', async () => {
    const ir = modelOf('dense(4, activation: relu)\n  dense(2)', [2]);
    const record: Preprocessing['normalization'] = { kind: 'standard', mean: [5, -5], std: [2, 0.5] };
    const raw = randomInputs(ROWS * 2, 4, 10);
    const target = { mean: -3, std: 0.5 };
    await checkAgainstTfjs(ir, {
      x: raw,
      tfjsInput: normalized(record, raw, [2]),
      targetScaling: target,
      extra: { normalization: record, target: { kind: 'standard', ...target } },
      randomize: true,
    });
  });
});
