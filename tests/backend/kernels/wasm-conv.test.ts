import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { convFusedMultiplyAdd, useConvFusedMultiplyAdd } from '../../../src/backend/kernels/wasm-conv.js';
import { compiledModule } from '../../../src/backend/wasm/load-module.js';
import { MODULE_BASE64 } from '../../../src/backend/wasm/conv-module.js';
import { MODULE_BASE64 as RELAXED_MODULE_BASE64 } from '../../../src/backend/wasm/conv-relaxed-module.js';
import { CONV_BUILDS, initBackends, maxAbsDiff, onBoth, onConvBuild, seededValues } from './helpers.js';

beforeAll(initBackends);

type Pad = 'same' | 'valid' | [[number, number], [number, number], [number, number], [number, number]];

/** One convolution: input [N, H, W, Cin], filter [KH, KW, Cin, Cout]. */
interface Shape {
  name: string;
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: [number, number];
  pad: Pad;
  dilations?: [number, number];
}

/** TF.js's explicit NHWC padding: `[top, bottom]` and `[left, right]`. */
function explicitPadding(rows: [number, number], columns: [number, number]): Pad {
  return [[0, 0], rows, columns, [0, 0]];
}

const shapes: Shape[] = [
  { name: "the benchmark's first layer (batch 64)", x: [64, 28, 28, 1], filter: [3, 3, 1, 16], strides: [1, 1], pad: 'valid' },
  { name: "the benchmark's second layer (batch 64)", x: [64, 13, 13, 16], filter: [3, 3, 16, 32], strides: [1, 1], pad: 'valid' },
  { name: 'batch 1, same padding', x: [1, 9, 9, 16], filter: [3, 3, 16, 32], strides: [1, 1], pad: 'same' },
  { name: 'channels not in fours or eights', x: [2, 7, 6, 3], filter: [3, 3, 3, 5], strides: [1, 1], pad: 'same' },
  { name: 'stride 2, valid', x: [3, 11, 10, 6], filter: [3, 3, 6, 12], strides: [2, 2], pad: 'valid' },
  { name: 'stride 2, same, odd sizes', x: [2, 9, 8, 3], filter: [3, 2, 3, 10], strides: [2, 2], pad: 'same' },
  { name: 'mixed strides, 1x1 filter', x: [2, 5, 7, 4], filter: [1, 1, 4, 9], strides: [1, 2], pad: 'same' },
  { name: 'dilation 2', x: [2, 10, 9, 4], filter: [3, 3, 4, 8], strides: [1, 1], pad: 'same', dilations: [2, 2] },
  { name: 'explicit padding', x: [2, 6, 7, 2], filter: [3, 3, 2, 8], strides: [1, 1], pad: explicitPadding([2, 1], [1, 3]) },
  { name: 'a conv1d as TF.js runs it (height 1)', x: [4, 1, 20, 7], filter: [1, 5, 7, 11], strides: [1, 1], pad: 'valid' },
];

const tensors = (s: Shape) => ({
  x: tf.tensor4d(
    seededValues(
      s.x.reduce((a, b) => a * b),
      1,
    ),
    s.x,
  ),
  filter: tf.tensor4d(
    seededValues(
      s.filter.reduce((a, b) => a * b),
      2,
    ),
    s.filter,
  ),
});
const forward = (s: Shape) => {
  const { x, filter } = tensors(s);
  return tf.conv2d(x, filter, s.strides, s.pad, 'NHWC', s.dilations ?? 1);
};
const outputGradient = (y: tf.Tensor) => tf.tensor(seededValues(y.size, 3), y.shape);

/** Largest difference relative to the result's scale (its largest magnitude). */
async function relativeError(compute: () => tf.Tensor): Promise<{ shape: number[]; error: number }> {
  const { cpu, wasm } = await onBoth(compute);
  expect(wasm.shape).toEqual(cpu.shape);
  const scale = cpu.values.reduce((largest, v) => Math.max(largest, Math.abs(v)), 1);
  return { shape: wasm.shape, error: maxAbsDiff(cpu.values, wasm.values) / scale };
}

describe.each(CONV_BUILDS)("nnspec's SIMD convolution kernels ($name) on wasm against the cpu backend", ({ fusedMultiplyAdd }) => {
  onConvBuild(fusedMultiplyAdd);

  it('run the build asked for (Node fuses on x86-64 with FMA3 and on arm64: every machine nnspec is tested on)', () => {
    expect(convFusedMultiplyAdd()).toBe(fusedMultiplyAdd);
  });

  for (const s of shapes) {
    it(`Conv2D: ${s.name}`, async () => {
      const { error } = await relativeError(() => forward(s));
      expect(error).toBeLessThanOrEqual(1e-5);
    });

    it(`Conv2DBackpropFilter: ${s.name}`, async () => {
      const { shape, error } = await relativeError(() => {
        const { x } = tensors(s);
        const dy = outputGradient(forward(s));
        return tf.grad((f: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x, f as tf.Tensor4D, s.strides, s.pad, 'NHWC', s.dilations ?? 1), dy)))(tf.zeros(s.filter));
      });
      expect(shape).toEqual(s.filter);
      expect(error).toBeLessThanOrEqual(1e-5);
    });

    it(`Conv2DBackpropInput: ${s.name}`, async () => {
      const { shape, error } = await relativeError(() => {
        const { filter } = tensors(s);
        const dy = outputGradient(forward(s));
        return tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(x as tf.Tensor4D, filter, s.strides, s.pad, 'NHWC', s.dilations ?? 1), dy)))(tf.zeros(s.x));
      });
      expect(shape).toEqual(s.x);
      expect(error).toBeLessThanOrEqual(1e-5);
    });
  }

  it('leaves no tensors or scratch data behind', async () => {
    await tf.setBackend('wasm');
    const s = shapes[5]!;
    const run = () =>
      tf.tidy(() => {
        const { x, filter } = tensors(s);
        const dy = outputGradient(forward(s));
        const loss = (a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.mul(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, s.strides, s.pad), dy));
        return tf
          .grads(loss)([x, filter])
          .map((g) => g.sum()) as unknown as tf.Tensor;
      });
    tf.dispose(run());
    const before = tf.memory();
    tf.dispose(run());
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numBytes).toBe(before.numBytes);
  });
});

describe.each(CONV_BUILDS)('the compiled module wasm/conv.c ($name)', ({ fusedMultiplyAdd }) => {
  const base64 = fusedMultiplyAdd ? RELAXED_MODULE_BASE64 : MODULE_BASE64;
  const floats = (memory: WebAssembly.Memory, at: number, length: number) => new Float32Array(memory.buffer, at, length);

  it('touches no memory outside the buffers it is given (no shadow stack, no data segments)', () => {
    const memory = new WebAssembly.Memory({ initial: 4 });
    new Uint8Array(memory.buffer).fill(0xab);
    const kernels = new WebAssembly.Instance(compiledModule(base64), { env: { memory } }).exports as Record<string, (...args: number[]) => void>;
    // x [1, 4, 4, 2] at 128 KiB, filter [3, 3, 2, 8] after it, y [1, 2, 2, 8] after that.
    const [xAt, filterAt, yAt] = [131072, 131072 + 128, 131072 + 128 + 576];
    floats(memory, xAt, 32).set(seededValues(32, 4));
    floats(memory, filterAt, 144).set(seededValues(144, 5));
    const everywhere = [-(1 << 30), 1 << 30, -(1 << 30), 1 << 30];
    kernels.conv_forward!(xAt, 1, 32, 8, 2, 2, 2, 1, 1, 1, 1, 3, 3, filterAt, 8, 0, 0, yAt, ...everywhere);
    const bytes = new Uint8Array(memory.buffer);
    const outside = [...bytes.subarray(0, xAt), ...bytes.subarray(yAt + 128)];
    expect(outside.every((b) => b === 0xab)).toBe(true);
    // y[0, 0, 0, 0] = sum over the 3x3x2 window at (0, 0) of x times filter[..., 0].
    const [x, f] = [floats(memory, xAt, 32), floats(memory, filterAt, 144)];
    let expected = 0;
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) for (let c = 0; c < 2; c++) expected += x[(i * 4 + j) * 2 + c]! * f[((i * 3 + j) * 2 + c) * 8]!;
    expect(floats(memory, yAt, 1)[0]).toBeCloseTo(expected, 5);
  });

  it.each([
    [1, 1, 1, 1],
    [2, 1, 1, 1],
    [1, 2, 2, 1],
    [2, 2, 1, 2],
  ])('skips the taps that read only padding, with the same bits (stride %i x %i, dilation %i x %i)', (sh, sw, dh, dw) => {
    // An input gradient's layout: 3 x 4 pixels of data (9 channels, so blocks and edges) spread by
    // the stride inside a zero border as wide as the 3 x 3 filter reaches; output 1 image, all pixels.
    const [kh, kw, c, cout] = [3, 3, 9, 10];
    const [reachH, reachW] = [(kh - 1) * dh, (kw - 1) * dw];
    const [rows, cols] = [3, 4];
    const [hd, wd] = [reachH * 2 + (rows - 1) * sh + 1, reachW * 2 + (cols - 1) * sw + 1];
    const [oh, ow] = [hd - reachH, wd - reachW];
    const memory = new WebAssembly.Memory({ initial: 8 });
    const kernels = new WebAssembly.Instance(compiledModule(base64), { env: { memory } }).exports as Record<string, (...args: number[]) => void>;
    const [xAt, filterAt, yAt, y2At] = [131072, 196608, 262144, 327680];
    const x = floats(memory, xAt, hd * wd * c);
    x.fill(0);
    const data = seededValues(rows * cols * c, 8);
    for (let p = 0; p < rows; p++)
      for (let q = 0; q < cols; q++) x.set(data.subarray((p * cols + q) * c, (p * cols + q + 1) * c), ((reachH + p * sh) * wd + reachW + q * sw) * c);
    floats(memory, filterAt, kh * kw * c * cout).set(seededValues(kh * kw * c * cout, 9));
    const geometry = [xAt, 1, hd * wd * c, wd * c, c, oh, ow, 1, 1, dh, dw, kh, kw, filterAt, cout, 0, 0];
    kernels.conv_forward!(...geometry, yAt, -(1 << 30), 1 << 30, -(1 << 30), 1 << 30);
    kernels.conv_forward!(...geometry, y2At, reachH, reachH + (rows - 1) * sh + 1, reachW, reachW + (cols - 1) * sw + 1);
    const [all, skipped] = [floats(memory, yAt, oh * ow * cout), floats(memory, y2At, oh * ow * cout)];
    expect(all.some((v) => v !== 0)).toBe(true);
    expect(Buffer.from(skipped.slice().buffer).equals(Buffer.from(all.slice().buffer))).toBe(true);
  });
});

describe('the relaxed and plain builds of the conv kernels', () => {
  // Each output sums 1 x -(1 + 2^-11), then (1 + 2^-12)^2 = 1 + 2^-11 + 2^-24: rounded once
  // (fused) the sum is 2^-24; with the product rounded first (to 1 + 2^-11, the tie going to even)
  // it is 0. Five pixels and nine channels reach both the 4 x 8 blocks and the edges of each kernel.
  const [one, a, b] = [1, 1 + 2 ** -12, -(1 + 2 ** -11)];
  /** `count` rows of `[first, then]` pairs, laid out as `[count, 2]` or, transposed, `[2, count]`. */
  const pairs = (count: number, first: number, then: number, transposed: boolean) =>
    transposed ? [...new Array(count).fill(first), ...new Array(count).fill(then)] : new Array(count).fill([first, then]).flat();
  afterAll(() => {
    useConvFusedMultiplyAdd(true);
  });
  const sum = (y: tf.Tensor, dy: tf.Tensor) => tf.sum(tf.mul(y, dy));
  const kernels = {
    // y[p, co] = x[p, 0] f[0, co] + x[p, 1] f[1, co]
    Conv2D: () => tf.conv2d(tf.tensor4d(pairs(5, one, a, false), [1, 1, 5, 2]), tf.tensor4d(pairs(9, b, a, true), [1, 1, 2, 9]), 1, 'valid'),
    // dw[ci, co] = x[0, ci] dy[0, co] + x[1, ci] dy[1, co]
    Conv2DBackpropFilter: () => {
      const [x, dy] = [tf.tensor4d(pairs(5, one, a, true), [1, 1, 2, 5]), tf.tensor4d(pairs(9, b, a, true), [1, 1, 2, 9])];
      return tf.grad((f: tf.Tensor) => sum(tf.conv2d(x, f as tf.Tensor4D, 1, 'valid'), dy))(tf.zeros([1, 1, 5, 9]));
    },
    // dx[p, ci] = dy[p, 0] f[ci, 0] + dy[p, 1] f[ci, 1]
    Conv2DBackpropInput: () => {
      const [filter, dy] = [tf.tensor4d(pairs(9, b, a, false), [1, 1, 9, 2]), tf.tensor4d(pairs(5, one, a, false), [1, 1, 5, 2])];
      return tf.grad((x: tf.Tensor) => sum(tf.conv2d(x as tf.Tensor4D, filter, 1, 'valid'), dy))(tf.zeros([1, 1, 5, 9]));
    },
  };
  const computed = async (fusedMultiplyAdd: boolean, compute: () => tf.Tensor) => {
    useConvFusedMultiplyAdd(fusedMultiplyAdd);
    await tf.setBackend('wasm');
    const y = tf.tidy(compute);
    const values = [...(await y.data())];
    y.dispose();
    return { values, fused: convFusedMultiplyAdd() };
  };

  for (const [name, compute] of Object.entries(kernels)) {
    it(`${name}: the plain build rounds every product before adding it, in blocks and at edges`, async () => {
      const { values, fused } = await computed(false, compute);
      expect(fused).toBe(false);
      expect(values).toEqual(new Array(45).fill(0));
    });

    it(`${name}: the relaxed build computes as its probe says: 2^-24 everywhere when it fuses`, async () => {
      const { values, fused } = await computed(true, compute);
      expect(values).toEqual(new Array(45).fill(fused ? 2 ** -24 : 0));
      // Node's V8 fuses on x86-64 with FMA3 and on arm64: every machine nnspec is tested on.
      expect(fused).toBe(true);
    });
  }
});
