import { describe, expect, it } from 'vitest';
import { run } from './helpers.js';

describe('parameter counts (exact)', () => {
  it.each([
    ['dense 64 -> 256', 'dense', [64], { units: 256 }, 16_640, 0],
    ['dense without bias', 'dense', [64], { units: 256, use_bias: false }, 16_384, 0],
    ['conv2d(16, 3) on [8, 8, 1]', 'conv2d', [8, 8, 1], { filters: 16, kernel_size: [3, 3] }, 160, 0],
    ['conv1d(8, 5) on [30, 4]', 'conv1d', [30, 4], { filters: 8, kernel_size: [5] }, 168, 0],
    ['lstm(32) on [10, 8]', 'lstm', [10, 8], { units: 32 }, 5_248, 0],
    ['gru(32) on [10, 8] (TF.js: no reset_after bias)', 'gru', [10, 8], { units: 32 }, 3_936, 0],
    ['simple_rnn(16) on [5, 4]', 'simple_rnn', [5, 4], { units: 16 }, 336, 0],
    ['batch_norm on [10]: 4n, 2n not trained', 'batch_norm', [10], {}, 20, 20],
    ['batch_norm without center or scale', 'batch_norm', [10], { center: false, scale: false }, 0, 20],
    ['layer_norm on [4, 10]', 'layer_norm', [4, 10], {}, 20, 0],
    ['embedding(1000, 16)', 'embedding', [20], { input_dim: 1000, output_dim: 16 }, 16_000, 0],
    ['max_pool2d has none', 'max_pool2d', [8, 8, 3], {}, 0, 0],
  ] as const)('%s', (_label, name, input, params, trainable, nonTrainable) => {
    expect(run(name, [...input], params).counts).toEqual({ trainable, nonTrainable });
  });
});

describe('output shapes', () => {
  it.each([
    ['conv2d valid', 'conv2d', [8, 8, 1], { filters: 16, kernel_size: [3, 3] }, [6, 6, 16]],
    ['conv2d same, stride 2 rounds up', 'conv2d', [7, 7, 1], { filters: 4, kernel_size: [3, 3], strides: [2, 2], padding: 'same' }, [4, 4, 4]],
    ['conv1d dilated: effective window 5', 'conv1d', [10, 2], { filters: 3, kernel_size: [3], dilation_rate: [2] }, [6, 3]],
    ['pool strides default to the pool size', 'max_pool2d', [28, 28, 8], { pool_size: [2, 2] }, [14, 14, 8]],
    ['pool with odd size floors', 'avg_pool1d', [9, 4], { pool_size: [2] }, [4, 4]],
    ['global pooling keeps channels', 'global_avg_pool2d', [7, 7, 64], {}, [64]],
    ['embedding', 'embedding', [20], { input_dim: 100, output_dim: 8 }, [20, 8]],
    ['lstm last step', 'lstm', [10, 8], { units: 32 }, [32]],
    ['gru every step', 'gru', [10, 8], { units: 32, return_sequences: true }, [10, 32]],
    ['recurrent with unknown steps', 'simple_rnn', [null, 3], { units: 4, return_sequences: true }, [null, 4]],
    ['flatten', 'flatten', [8, 8, 3], {}, [192]],
    ['reshape', 'reshape', [64], { target_shape: [8, 8, 1] }, [8, 8, 1]],
  ] as const)('%s', (_label, name, input, params, shape) => {
    expect(run(name, [...input], params).result).toEqual({ shape });
  });
});

describe('shape errors say what is wrong, which parameter, and how to fix it', () => {
  it('dense on a rank-3 tensor: insert flatten()', () => {
    expect(run('dense', [8, 8, 3], { units: 10 }).result).toEqual({
      error: '`dense` expects a vector, got shape [8, 8, 3] (rank 3)',
      problem: 'rank',
      help: 'insert `flatten()` before this layer',
    });
  });

  it('conv2d on a vector', () => {
    expect(run('conv2d', [64], { filters: 4, kernel_size: [3, 3] }).result).toEqual({
      error: '`conv2d` expects an image [height, width, channels] (rank 3), got shape [64] (rank 1)',
      problem: 'rank',
      help: 'give it an image [height, width, channels], e.g. with `reshape(...)` before this layer',
    });
  });

  it('conv1d on an image', () => {
    const result = run('conv1d', [8, 8, 1], { filters: 4, kernel_size: [3] }).result;
    expect(result).toMatchObject({ problem: 'rank', help: 'insert `flatten()` or `reshape(...)` before this layer' });
  });

  it('a kernel larger than its input, counting dilation', () => {
    expect(run('conv2d', [4, 4, 1], { filters: 2, kernel_size: [3, 3], dilation_rate: [2, 2] }).result).toEqual({
      error: "`conv2d` kernel of 5 is larger than the input's 4 along axis 1 (input [4, 4, 1])",
      problem: 'window',
      param: 'kernel_size',
      help: 'use a smaller window, `padding: same`, or a larger input',
    });
  });

  it('a pool window larger than its input; same padding is fine', () => {
    expect(run('max_pool2d', [5, 1, 2], { pool_size: [2, 2] }).result).toMatchObject({
      problem: 'window',
      param: 'pool_size',
      error: expect.stringContaining('axis 2'),
    });
    expect(run('max_pool2d', [5, 1, 2], { pool_size: [2, 2], padding: 'same' }).result).toEqual({ shape: [3, 1, 2] });
  });

  it('reshape with a different element count', () => {
    expect(run('reshape', [64], { target_shape: [8, 9] }).result).toEqual({
      error: 'cannot reshape [64] (64 values) into [8, 9] (72 values)',
      problem: 'reshape',
      param: 'target_shape',
      help: 'the product of `target_shape` must equal the number of values of the input',
    });
  });

  it('recurrent layer without a time axis', () => {
    expect(run('lstm', [32], { units: 8 }).result).toEqual({
      error: '`lstm` needs a sequence [steps, features], got shape [32]',
      problem: 'time-axis',
      help: 'give the previous recurrent layer `return_sequences: true`, or an input of shape `[steps, features]`',
    });
  });

  it('embedding needs token indices [steps]', () => {
    expect(run('embedding', [4, 4], { input_dim: 10, output_dim: 2 }).result).toMatchObject({ problem: 'rank' });
  });

  it('global pooling and spatial dropout check their rank', () => {
    expect(run('global_max_pool1d', [8, 8, 3]).result).toMatchObject({ problem: 'rank' });
    expect(run('spatial_dropout1d', [8], { rate: 0.1 }).result).toMatchObject({ problem: 'rank' });
  });
});

describe('flatten', () => {
  it('refuses a vector, which TF.js cannot flatten', () => {
    expect(run('flatten', [64]).result).toEqual({
      error: '`flatten` expects at least two axes, got shape [64] (rank 1), which is already flat',
      problem: 'rank',
      help: 'remove this `flatten()`',
    });
  });
});
