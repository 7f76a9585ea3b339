/**
 * nnspec_torch's runtime on its own: Keras's initializer distributions (fans in TF.js's layout,
 * truncated normals), dropout only in train mode, batch norm's Keras momentum, and loading errors
 * that name the weight.
 */
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runPython } from './python.js';

const REPO = path.resolve(import.meta.dirname, '../..');

interface Stats {
  mean: number;
  std: number;
  min: number;
  max: number;
  shape: number[];
}

let folder: string;
let out: Record<string, unknown>;

beforeAll(async () => {
  folder = await mkdtemp(path.join(tmpdir(), 'nnspec-torch-runtime-'));
  await cp(path.join(REPO, 'python/nnspec_torch'), path.join(folder, 'nnspec_torch'), { recursive: true });
  await cp(path.join(REPO, 'tests/interop/runtime_checks.py'), path.join(folder, 'runtime_checks.py'));
  const run = await runPython(['runtime_checks.py', folder], { cwd: folder });
  out = JSON.parse(run.stdout) as Record<string, unknown>;
});

afterAll(async () => {
  if (folder) await rm(folder, { recursive: true, force: true });
});

const stats = (name: string): Stats => out[name] as Stats;
/** Within 3% of the expected standard deviation (240,000 draws). */
const expectStd = (name: string, expected: number): void => {
  expect(Math.abs(stats(name).std - expected) / expected, `${name} std ${stats(name).std} vs ${expected}`).toBeLessThan(0.03);
};

describe('initializers, with Keras fans of a [400, 600] kernel', () => {
  it('draws the uniform ones within their limit', () => {
    for (const [name, limit] of [
      ['glorot_uniform', Math.sqrt(6 / 1000)],
      ['he_uniform', Math.sqrt(6 / 400)],
      ['lecun_uniform', Math.sqrt(3 / 400)],
    ] as const) {
      expect(stats(name).max).toBeLessThanOrEqual(limit);
      expect(stats(name).min).toBeGreaterThanOrEqual(-limit);
      expectStd(name, limit / Math.sqrt(3));
    }
    expect(stats('random_uniform').min).toBeGreaterThanOrEqual(-0.3);
    expect(stats('random_uniform').max).toBeLessThan(0.1);
  });

  it('draws the normal ones truncated at two standard deviations, with the variance Keras intends', () => {
    for (const [name, variance] of [
      ['glorot_normal', 1 / 500],
      ['he_normal', 2 / 400],
      ['lecun_normal', 1 / 400],
    ] as const) {
      expectStd(name, Math.sqrt(variance));
      expect(stats(name).max).toBeLessThanOrEqual((2 * Math.sqrt(variance)) / 0.87962566103423978);
    }
    expect(stats('truncated_normal').min).toBeGreaterThanOrEqual(0);
    expect(stats('truncated_normal').max).toBeLessThanOrEqual(2);
    expectStd('truncated_normal', 0.5 * 0.87962566103423978);
    expectStd('random_normal', 0.2);
    expect(stats('random_normal').mean).toBeCloseTo(0.5, 2);
  });

  it('counts a convolution kernel’s receptive field in its fans, and makes orthogonal matrices', () => {
    expect(stats('conv_he_uniform').max).toBeLessThanOrEqual(Math.sqrt(6 / 36));
    expect(stats('conv_he_uniform').shape).toEqual([3, 3, 4, 8]);
    expect((out.orthogonal as { gram_error: number }).gram_error).toBeLessThan(1e-5);
    expect(stats('constant')).toMatchObject({ min: Math.fround(0.7), max: Math.fround(0.7) });
    expect(stats('zeros')).toMatchObject({ min: 0, max: 0 });
    expect(stats('ones')).toMatchObject({ min: 1, max: 1 });
  });

  it("stores a dense kernel transposed, drawn with the TF.js layout's fans", () => {
    const dense = out.dense as { weight: Stats; bias: Stats };
    expect(dense.weight.shape).toEqual([600, 400]);
    expect(dense.weight.max).toBeLessThanOrEqual(Math.sqrt(6 / 1000));
    expect(dense.bias).toMatchObject({ min: 0.5, max: 0.5, shape: [600] });
  });
});

describe('train-mode layers', () => {
  it('drops only in train mode, scaling the kept values', () => {
    const dropout = out.dropout as { train_zero_share: number; train_mean: number; eval_equal: boolean };
    expect(dropout.train_zero_share).toBeGreaterThan(0.27);
    expect(dropout.train_zero_share).toBeLessThan(0.33);
    expect(dropout.train_mean).toBeCloseTo(1, 1);
    expect(dropout.eval_equal).toBe(true);
    expect((out.spatial_dropout2d as { whole_channels: boolean }).whole_channels).toBe(true);
  });

  it("updates batch norm's moving statistics with Keras's momentum and the biased variance", () => {
    const bn = out.batch_norm as Record<string, number[]> & { train_output_mean: number };
    for (let i = 0; i < 3; i++) {
      expect(bn.running_mean[i]).toBeCloseTo(bn.expected_mean[i]!, 4);
      expect(bn.running_var[i]).toBeCloseTo(bn.expected_var[i]!, 3);
    }
    expect(Math.abs(bn.train_output_mean)).toBeLessThan(1e-4);
  });
});

describe('load_tfjs_weights', () => {
  it('names the weight that is missing or of another shape', () => {
    const errors = out.errors as Record<string, string | null>;
    expect(errors.missing).toMatch(/^weight dense_1\/bias is missing from .*missing\/model\.json$/);
    expect(errors.shape).toMatch(/^weight dense_1\/kernel: .* has shape \[4, 3\], the model's dense_1\.weight takes \[3, 3\]$/);
  });
});
