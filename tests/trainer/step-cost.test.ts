import { beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../../src/backend/index.js';
import { checkSource } from '../../src/check/index.js';
import { lower } from '../../src/lower/index.js';
import { parallelPays, stepCost } from '../../src/train/trainer/step-cost.js';
import { initWasm } from './helpers.js';

beforeAll(initWasm);

const modelOf = (text: string) => buildModel(lower(checkSource(text).value).value[0]!.model, { seed: 1 });

describe('step cost and the thread choice of --threads auto', () => {
  it('counts multiply-adds per example: dense once per weight, convolutions once per output pixel', () => {
    const mlp = modelOf(
      'model m { input(shape: [784]) dense(256, activation: relu) dropout(0.5) dense(128, activation: relu) dense(10, activation: softmax) }',
    );
    expect(stepCost(mlp)).toEqual({ macsPerExample: 235_146, weights: 235_146 });
    const conv = modelOf(
      'model c { input(shape: [28, 28, 1]) conv2d(16, 3, activation: relu) max_pool2d(2) conv2d(32, 3, activation: relu) flatten() dense(10, activation: softmax) }',
    );
    // conv1: 160 weights x 26x26 pixels; conv2: 4,640 x 11x11; dense: 38,730 once.
    expect(stepCost(conv)).toEqual({ macsPerExample: 160 * 676 + 4640 * 121 + 38_730, weights: 160 + 4640 + 38_730 });
    const rnn = modelOf('model r { input(shape: [20, 3]) lstm(8) dense(2, activation: softmax) }');
    // The LSTM's 384 weights run at each of 20 time steps.
    expect(stepCost(rnn)).toEqual({ macsPerExample: 384 * 20 + 18, weights: 384 + 18 });
    for (const model of [mlp, conv, rnn]) model.dispose();
  });

  it('picks a second worker for the conv net and not for the MLPs, as measured', () => {
    const conv = modelOf(
      'model c { input(shape: [28, 28, 1]) conv2d(16, 3, activation: relu) max_pool2d(2) conv2d(32, 3, activation: relu) flatten() dense(10, activation: softmax) }',
    );
    const mlp = modelOf('model m { input(shape: [784]) dense(256, activation: relu) dense(128, activation: relu) dense(10, activation: softmax) }');
    const tiny = modelOf('model t { input(shape: [2]) dense(64, activation: relu) dense(64, activation: relu) dense(3, activation: softmax) }');
    expect(parallelPays(conv, 64)).toBe(true);
    expect(parallelPays(mlp, 64)).toBe(false);
    expect(parallelPays(tiny, 32)).toBe(false);
    // The same conv net on 2 examples per step is too little work for a second core.
    expect(parallelPays(conv, 2)).toBe(false);
    for (const model of [conv, mlp, tiny]) model.dispose();
  });
});
