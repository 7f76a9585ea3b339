import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { initBackends, maxAbsDiff, onBoth, seededValues } from './helpers.js';

beforeAll(initBackends);

function seededIds(size: number, seed: number, low: number, high: number): Int32Array {
  const u = seededValues(size, seed);
  return Int32Array.from(u, (v) => low + Math.floor(((v + 1) / 2) * (high - low)));
}

describe('UnsortedSegmentSum on wasm', () => {
  const grid: { xShape: number[]; idShape: [number]; segments: number }[] = [
    { xShape: [6], idShape: [6], segments: 3 },
    { xShape: [10, 4], idShape: [10], segments: 5 },
    { xShape: [12, 2, 3], idShape: [12], segments: 20 },
    { xShape: [4, 3, 5], idShape: [4], segments: 7 },
    { xShape: [40, 8], idShape: [40], segments: 2 },
  ];

  it.each(grid.map((c, i) => [i, c] as const))('case %i matches cpu to 1e-4', async (i, c) => {
    const xv = seededValues(tf.util.sizeFromShape(c.xShape), 30 + i);
    const ids = seededIds(tf.util.sizeFromShape(c.idShape), 60 + i, 0, c.segments);
    const { cpu, wasm } = await onBoth(() => tf.unsortedSegmentSum(tf.tensor(xv, c.xShape), tf.tensor1d(ids, 'int32'), c.segments));
    expect(wasm.shape).toEqual([c.segments, ...c.xShape.slice(c.idShape.length)]);
    expect(cpu.shape).toEqual(wasm.shape);
    expect(maxAbsDiff(cpu.values, wasm.values)).toBeLessThan(1e-4);
  });

  it('adds repeated ids and drops out-of-range ones', async () => {
    await tf.setBackend('wasm');
    const out = tf.unsortedSegmentSum(tf.tensor1d([1, 2, 4, 8, 16]), tf.tensor1d([1, 1, -1, 3, 0], 'int32'), 3);
    expect(Array.from(await out.data())).toEqual([16, 3, 0]);
    out.dispose();
  });

  it('sums int32 data exactly', async () => {
    const { cpu, wasm } = await onBoth(() => tf.unsortedSegmentSum(tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32'), tf.tensor1d([1, 0, 1], 'int32'), 2));
    expect(Array.from(wasm.values)).toEqual([3, 4, 6, 8]);
    expect(Array.from(cpu.values)).toEqual([3, 4, 6, 8]);
  });

  it('gives the gather (embedding) gradient the cpu backend gives', async () => {
    const table = seededValues(9 * 3, 5);
    const idx = seededIds(14, 6, 0, 9);
    const { cpu, wasm } = await onBoth(() =>
      tf.grad((t: tf.Tensor) => tf.sum(tf.square(tf.gather(t, tf.tensor(idx, [2, 7], 'int32')))))(tf.tensor2d(table, [9, 3])),
    );
    expect(maxAbsDiff(cpu.values, wasm.values)).toBeLessThan(1e-4);
  });
});
