import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ADAM_STEP_KERNEL, FusedAdamOptimizer, registerAdamStepKernels } from '../../../src/backend/kernels/fused-adam.js';
import { simdAdamFor } from '../../../src/backend/kernels/simd-adam.js';
import { initBackends, seededValues, wasmBackendMemory } from './helpers.js';

beforeAll(initBackends);

/** Values of two variables after `steps` Adam steps with seeded gradients, and the live tensor counts after each step. */
async function train(optimizer: tf.Optimizer, steps: number, prefix: string): Promise<{ values: number[][]; counts: number[] }> {
  // 1,027 values: 256 groups of four for the SIMD loop and 3 left for the JavaScript one.
  const a = tf.variable(tf.tensor2d(seededValues(1027, 1), [13, 79]), true, `${prefix}_a`);
  const b = tf.variable(tf.tensor1d(seededValues(4, 2)), true, `${prefix}_b`);
  const counts: number[] = [];
  for (let step = 0; step < steps; step++) {
    tf.tidy(() => {
      // Gradients of several magnitudes, some exactly zero, as real training has.
      const ga = tf.mul(tf.tensor2d(seededValues(1027, 10 + step), [13, 79]), step % 2 === 0 ? 1 : 1e-3);
      const gb = tf.tensor1d([0, ...Array.from(seededValues(3, 20 + step))]);
      optimizer.applyGradients([
        { name: a.name, tensor: ga },
        { name: b.name, tensor: gb },
      ]);
    });
    counts.push(tf.memory().numTensors);
  }
  const values = [Array.from(await a.data()), Array.from(await b.data())];
  a.dispose();
  b.dispose();
  return { values, counts };
}

/** Within 5e-6: float32 rounding of a different but equivalent order of operations, over 8 steps of 0.01. */
function expectClose(actual: number[][], expected: number[][]): void {
  actual.flat().forEach((value, index) => expect(value).toBeCloseTo(expected.flat()[index]!, 5));
}

describe('fused Adam', () => {
  it.each(['cpu', 'wasm'])('on %s: takes the same steps as TF.js Adam, in one kernel per variable, without growing tensors', async (backend) => {
    await tf.setBackend(backend);
    const reference = tf.train.adam(0.01, 0.9, 0.999, 1e-7);
    const fused = new FusedAdamOptimizer(0.01, 0.9, 0.999, 1e-7);
    const expected = await train(reference, 8, `ref_${backend}`);
    const actual = await train(fused, 8, `fused_${backend}`);
    expectClose(actual.values, expected.values);
    expect(new Set(actual.counts.slice(1)).size).toBe(1);
    const probe = new FusedAdamOptimizer(0.01, 0.9, 0.999, 1e-7);
    const profile = await tf.profile(async () => void (await train(probe, 1, `probe_${backend}`)));
    expect(profile.kernels.filter((k) => k.name === ADAM_STEP_KERNEL)).toHaveLength(2);
    expect(profile.kernels.map((k) => k.name)).not.toContain('Sqrt');
    probe.dispose();
    reference.dispose();
    fused.dispose();
  });

  it('runs on wasm through the SIMD module bound to the backend memory', async () => {
    const memory = await wasmBackendMemory();
    expect(memory).toBeInstanceOf(WebAssembly.Memory);
    const adam = simdAdamFor(memory);
    expect(typeof adam).toBe('function');
    expect(simdAdamFor(memory)).toBe(adam);
  });

  it('saves TF.js slots and iterations: a restored optimizer continues where the first was', async () => {
    await tf.setBackend('wasm');
    const first = new FusedAdamOptimizer(0.02, 0.9, 0.999, 1e-7);
    const v = tf.variable(tf.tensor1d([1, -2, 3]), true, 'fused_adam_restore');
    const step = (optimizer: tf.Optimizer) => optimizer.minimize(() => tf.sum(tf.square(tf.sub(v, 0.5))) as tf.Scalar, false, [v]);
    for (let i = 0; i < 3; i++) step(first);
    const saved = await first.getWeights();
    expect(saved.map((w) => w.name)).toEqual(['iter', 'fused_adam_restore/m', 'fused_adam_restore/v']);
    const second = new FusedAdamOptimizer(0.02, 0.9, 0.999, 1e-7);
    await second.setWeights(saved.map((w) => ({ name: w.name, tensor: tf.clone(w.tensor) })));
    const start = Array.from(await v.data());
    step(first);
    const byFirst = Array.from(await v.data());
    v.assign(tf.tensor1d(start));
    step(second);
    expect(Array.from(await v.data())).toEqual(byFirst);
    first.dispose();
    second.dispose();
    v.dispose();
  });

  it('serialises as NnspecAdam and is rebuilt from its config, as a training worker does', () => {
    const optimizer = new FusedAdamOptimizer(0.005, 0.8, 0.99, 1e-6);
    expect(optimizer.getClassName()).toBe('NnspecAdam');
    const map = tf.serialization.SerializationMap.getMap().classNameMap as Record<
      string,
      [tf.serialization.SerializableConstructor<tf.serialization.Serializable>, tf.serialization.FromConfigMethod<tf.serialization.Serializable>]
    >;
    const [cls, fromConfig] = map.NnspecAdam!;
    const rebuilt = fromConfig(cls, optimizer.getConfig());
    expect(rebuilt).toBeInstanceOf(FusedAdamOptimizer);
    expect(rebuilt.getConfig()).toEqual({ learningRate: 0.005, beta1: 0.8, beta2: 0.99, epsilon: 1e-6 });
    optimizer.dispose();
    (rebuilt as tf.Optimizer).dispose();
  });

  it("runs TF.js's own Adam where the kernel is not registered, continuing the same sequence", async () => {
    await tf.setBackend('cpu');
    const expected = await train(tf.train.adam(0.01, 0.9, 0.999, 1e-7), 4, 'fallback_ref');
    const optimizer = new FusedAdamOptimizer(0.01, 0.9, 0.999, 1e-7);
    const a = tf.variable(tf.tensor2d(seededValues(1027, 1), [13, 79]), true, 'fallback_a');
    const b = tf.variable(tf.tensor1d(seededValues(4, 2)), true, 'fallback_b');
    const stepOnce = (step: number) =>
      tf.tidy(() =>
        optimizer.applyGradients([
          { name: a.name, tensor: tf.mul(tf.tensor2d(seededValues(1027, 10 + step), [13, 79]), step % 2 === 0 ? 1 : 1e-3) },
          { name: b.name, tensor: tf.tensor1d([0, ...Array.from(seededValues(3, 20 + step))]) },
        ]),
      );
    stepOnce(0);
    stepOnce(1);
    // Two steps fused, then two on TF.js's code (as if the backend had changed mid-training).
    tf.unregisterKernel(ADAM_STEP_KERNEL, 'cpu');
    try {
      stepOnce(2);
      stepOnce(3);
    } finally {
      registerAdamStepKernels();
    }
    expectClose([Array.from(await a.data()), Array.from(await b.data())], expected.values);
    a.dispose();
    b.dispose();
    optimizer.dispose();
  });
});
